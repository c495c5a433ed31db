package dev.hydrant.analytics.connector;

import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;

/**
 * Connector {@value #IDENTIFIER}: an application's reference table, found by Flink's factory discovery
 * ({@code META-INF/services/org.apache.flink.table.factories.Factory}). The engine declares each table as
 * {@code CREATE TEMPORARY TABLE `TableName` (<RecordColumns>) WITH ('connector' = 'hydrant-reference', 'key' = '<registry key>')};
 * the rows live in {@link ReferenceTables}.
 */
public final class ReferenceTableFactory implements DynamicTableSourceFactory {
    public static final String IDENTIFIER = "hydrant-reference";
    public static final ConfigOption<String> KEY = ConfigOptions.key("key").stringType().noDefaultValue()
            .withDescription("The registry key of the table's rows in ReferenceTables.");

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(KEY);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of();
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        helper.validate();
        return new ReferenceTableSource(helper.getOptions().get(KEY),
                context.getCatalogTable().getResolvedSchema().toPhysicalRowDataType());
    }
}
