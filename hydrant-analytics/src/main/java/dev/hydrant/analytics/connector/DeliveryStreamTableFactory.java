package dev.hydrant.analytics.connector;

import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.table.api.TableDescriptor;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.FactoryUtil;

/**
 * Connector {@value #IDENTIFIER}: an application output, found by Flink's factory discovery
 * ({@code META-INF/services/org.apache.flink.table.factories.Factory}). The engine inserts each output's query into
 * {@link #descriptor} through one statement set, so that Flink plans all outputs together and shares what they have in
 * common: a stateful operator with a fixed uid (a process table function such as RANDOM_CUT_FOREST) must appear once in
 * the job even when several outputs read the stream it feeds. The rows go to a {@link DeliveryStreamSink}.
 */
public final class DeliveryStreamTableFactory implements DynamicTableSinkFactory {
    public static final String IDENTIFIER = "hydrant-delivery-stream";
    public static final ConfigOption<String> CONTEXT_KEY = ConfigOptions.key("context-key").stringType().noDefaultValue()
            .withDescription("The application run's key in ApplicationContexts.");
    public static final ConfigOption<String> OUTPUT_ID = ConfigOptions.key("output-id").stringType().noDefaultValue()
            .withDescription("The output's id (its sink keeps uid output-<id> and its commit marker).");
    public static final ConfigOption<String> OUTPUT_NAME = ConfigOptions.key("output-name").stringType().noDefaultValue()
            .withDescription("The in-application stream the output reads, for the operator name.");
    public static final ConfigOption<String> DELIVERY_STREAM = ConfigOptions.key("delivery-stream").stringType().noDefaultValue()
            .withDescription("The delivery stream the rows are appended to.");
    public static final ConfigOption<String> RECORD_FORMAT_TYPE = ConfigOptions.key("record-format-type").stringType().noDefaultValue()
            .withDescription("The output's RecordFormatType, CSV or JSON.");

    /** The sink of one output. */
    public static TableDescriptor descriptor(String contextKey, String outputId, String outputName, String deliveryStream, String recordFormatType) {
        return TableDescriptor.forConnector(IDENTIFIER)
                .option(CONTEXT_KEY, contextKey)
                .option(OUTPUT_ID, outputId)
                .option(OUTPUT_NAME, outputName)
                .option(DELIVERY_STREAM, deliveryStream)
                .option(RECORD_FORMAT_TYPE, recordFormatType)
                .build();
    }

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(CONTEXT_KEY, OUTPUT_ID, OUTPUT_NAME, DELIVERY_STREAM, RECORD_FORMAT_TYPE);
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
        return new DeliveryStreamTableSink(options.get(CONTEXT_KEY), options.get(OUTPUT_ID), options.get(OUTPUT_NAME), options.get(DELIVERY_STREAM),
                options.get(RECORD_FORMAT_TYPE), context.getCatalogTable().getResolvedSchema().toPhysicalRowDataType());
    }
}
