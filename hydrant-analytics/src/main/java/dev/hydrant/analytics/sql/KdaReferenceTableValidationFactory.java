package dev.hydrant.analytics.sql;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.LookupTableSource;
import org.apache.flink.table.connector.source.lookup.LookupFunctionProvider;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.Factory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.functions.LookupFunction;

/**
 * Lets {@link KdaSqlValidator} plan lookup joins against reference tables without their data: an empty lookup table
 * ({@code 'connector' = 'hydrant-kda-reference-validation'}), offered to Flink's factory discovery through
 * {@link #classLoader(ClassLoader)} so that no service file is needed. Nothing is ever read from it.
 */
public final class KdaReferenceTableValidationFactory implements DynamicTableSourceFactory {
    static final String IDENTIFIER = "hydrant-kda-reference-validation";
    private static final String SERVICES = "META-INF/services/" + Factory.class.getName();

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of();
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        FactoryUtil.createTableFactoryHelper(this, context).validate();
        return new EmptyLookupTable();
    }

    /** A class loader that also lists this factory among Flink's table factories. */
    static ClassLoader classLoader(ClassLoader parent) {
        URL services;
        try {
            services = new URL(null, "hydrant-services:" + SERVICES, new URLStreamHandler() {
                @Override
                protected URLConnection openConnection(URL url) {
                    return new URLConnection(url) {
                        @Override
                        public void connect() {}

                        @Override
                        public InputStream getInputStream() {
                            return new ByteArrayInputStream((KdaReferenceTableValidationFactory.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
                        }
                    };
                }
            });
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new ClassLoader(parent) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                if (!name.equals(SERVICES)) {
                    return super.getResources(name);
                }
                List<URL> urls = new ArrayList<>(Collections.list(super.getResources(name)));
                urls.add(services);
                return Collections.enumeration(urls);
            }
        };
    }

    private static final class EmptyLookupTable implements LookupTableSource {
        @Override
        public LookupRuntimeProvider getLookupRuntimeProvider(LookupContext context) {
            return LookupFunctionProvider.of(new NoRows());
        }

        @Override
        public DynamicTableSource copy() {
            return new EmptyLookupTable();
        }

        @Override
        public String asSummaryString() {
            return IDENTIFIER;
        }
    }

    /** Finds nothing; validation never runs it. */
    public static final class NoRows extends LookupFunction {
        @Override
        public Collection<RowData> lookup(RowData keyRow) {
            return List.of();
        }
    }
}
