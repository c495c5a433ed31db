package dev.hydrant.analytics.connector;

import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.table.api.TableDescriptor;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.FactoryUtil;

/**
 * Connector {@value #IDENTIFIER}: the live tail of an in-application stream that is neither an input nor an output.
 * The engine inserts such a stream into {@link #descriptor} through the statement set of the outputs, so the stream's
 * operators are shared with the outputs that read it; its {@link StreamTapTableSink} offers sampled rows to
 * {@link StreamTaps} and discards them.
 */
public final class StreamTapTableFactory implements DynamicTableSinkFactory {
    public static final String IDENTIFIER = "hydrant-stream-tap";
    public static final ConfigOption<String> TAP_KEY = ConfigOptions.key("tap-key").stringType().noDefaultValue()
            .withDescription("The stream's key in StreamTaps.");
    public static final ConfigOption<String> STREAM_NAME = ConfigOptions.key("stream-name").stringType().noDefaultValue()
            .withDescription("The in-application stream, for the operator names.");

    /** The tap of one in-application stream of a run. */
    public static TableDescriptor descriptor(String contextKey, String stream) {
        return TableDescriptor.forConnector(IDENTIFIER)
                .option(TAP_KEY, StreamTaps.key(contextKey, stream))
                .option(STREAM_NAME, stream)
                .build();
    }

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(TAP_KEY, STREAM_NAME);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of();
    }

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        helper.validate();
        var options = helper.getOptions();
        return new StreamTapTableSink(options.get(TAP_KEY), options.get(STREAM_NAME), context.getCatalogTable().getResolvedSchema().toPhysicalRowDataType());
    }
}
