package dev.hydrant.pipeline;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonToken;
import dev.hydrant.control.BufferingHints;
import dev.hydrant.control.CloudWatchLoggingOptions;
import dev.hydrant.control.CompressionFormat;
import dev.hydrant.control.DataFormatConversion;
import dev.hydrant.control.DynamicPartitioningConfig;
import dev.hydrant.control.ProcessingConfiguration;
import java.nio.file.Path;
import dev.hydrant.control.S3DestinationConfig;
import dev.hydrant.spi.FormatConversionConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns the YAML of one or more pipeline files into a {@link PipelineSpec}. It checks the shape (known keys, types,
 * enum values) and fills in defaults; {@link PipelineValidator} checks the values. Files are merged in the order
 * they are read; a delivery stream declared twice is reported and its first declaration kept.
 */
final class PipelineReader {
    static final String BUCKETS = "buckets";
    static final String DELIVERY_STREAMS = "deliveryStreams";
    static final String FUNCTIONS = "functions";
    static final String APPLICATIONS = "applications";

    /** The log stream and the log group prefix the AWS console uses when logging is switched on without names. */
    static final String DEFAULT_LOG_GROUP_PREFIX = "/aws/kinesisfirehose/";
    static final String DEFAULT_LOG_STREAM = "DestinationDelivery";

    private static final List<String> TOP_LEVEL_KEYS = List.of(BUCKETS, DELIVERY_STREAMS, FUNCTIONS, APPLICATIONS);
    private static final List<String> STREAM_KEYS = List.of("destination", "tags");
    private static final List<String> DESTINATION_KEYS = List.of(
            "bucket", "prefix", "errorOutputPrefix", "buffering", "compression", "fileExtension", "timeZone", "logging",
            "processors", "backup", "dynamicPartitioning", "formatConversion");
    private static final List<String> PROCESSOR_KEYS = List.of("type", "function", "parameters");
    private static final List<String> BACKUP_KEYS = List.of("bucket", "prefix", "errorOutputPrefix", "buffering", "compression");
    private static final List<String> FUNCTION_KEYS = List.of("runtime", "handler", "code", "timeoutSeconds", "memoryMiB", "environment", "concurrency");
    private static final List<String> BUFFERING_KEYS = List.of("sizeMiB", "intervalSeconds");
    private static final List<String> LOGGING_KEYS = List.of("logGroup", "logStream");
    private static final List<String> APPLICATION_KEYS = List.of(
            "description", "code", "codeFile", "inputs", "outputs", "referenceTables", "autoStart", "startingPosition");
    private static final List<String> APPLICATION_INPUT_KEYS = List.of(
            "namePrefix", "deliveryStream", "parallelism", "format", "recordRowPath", "recordRowDelimiter", "recordColumnDelimiter", "columns");
    private static final List<String> APPLICATION_OUTPUT_KEYS = List.of("name", "deliveryStream", "format");
    private static final List<String> REFERENCE_TABLE_KEYS = List.of(
            "tableName", "bucket", "key", "format", "recordRowPath", "recordRowDelimiter", "recordColumnDelimiter", "columns");
    private static final List<String> APPLICATION_COLUMN_KEYS = List.of("name", "sqlType", "mapping");
    static final String FORMAT_CONVERSION = "formatConversion";
    private static final List<String> FORMAT_CONVERSION_KEYS = List.of(
            "enabled", "output", "compression", "schema", "input", "database", "table",
            "caseInsensitive", "convertDotsInJsonKeysToUnderscores", "columnToJsonKeyMappings", "timestampFormats");
    private static final List<String> OPENX_KEYS = List.of("caseInsensitive", "convertDotsInJsonKeysToUnderscores", "columnToJsonKeyMappings");
    private static final List<String> COLUMN_KEYS = List.of("name", "type");
    static final String INFERRED_SCHEMA = "inferred";
    /** The buffer a converting stream gets when the file gives no size: AWS's largest, which its console proposes. */
    static final int DEFAULT_CONVERSION_SIZE_IN_MBS = BufferingHints.MAX_SIZE_IN_MBS;

    /** AWS's names (lower-cased) for the keys pipeline files spell shorter, so a copied API field gets a pointed hint. */
    private static final Map<String, String> AWS_NAMES = Map.ofEntries(
            Map.entry("deliverystreams", DELIVERY_STREAMS),
            Map.entry("streams", DELIVERY_STREAMS),
            Map.entry("extendeds3destinationconfiguration", "destination"),
            Map.entry("s3destinationconfiguration", "destination"),
            Map.entry("bucketarn", "bucket"),
            Map.entry("bucketname", "bucket"),
            Map.entry("bufferinghints", "buffering"),
            Map.entry("sizeinmbs", "sizeMiB"),
            Map.entry("intervalinseconds", "intervalSeconds"),
            Map.entry("compressionformat", "compression"),
            Map.entry("customtimezone", "timeZone"),
            Map.entry("cloudwatchloggingoptions", "logging"),
            Map.entry("loggroupname", "logGroup"),
            Map.entry("logstreamname", "logStream"),
            Map.entry("dataformatconversionconfiguration", FORMAT_CONVERSION),
            Map.entry("outputformatconfiguration", "output"),
            Map.entry("inputformatconfiguration", "input"),
            Map.entry("schemaconfiguration", "schema"),
            Map.entry("databasename", "database"),
            Map.entry("tablename", "table"));

    private final List<BucketSpec> buckets = new ArrayList<>();
    private final List<DeliveryStreamSpec> deliveryStreams = new ArrayList<>();
    private final List<FunctionSpec> functions = new ArrayList<>();
    private final List<ApplicationSpec> applications = new ArrayList<>();
    private Path baseDirectory = Path.of(".");
    private final Map<String, SourceLocation> locations = new LinkedHashMap<>();
    private final List<PipelineProblem> problems = new ArrayList<>();

    /** Reads every document of one file's text into the pipeline. */
    void read(String text, String file) {
        Path parent = Path.of(file).toAbsolutePath().getParent();
        baseDirectory = parent == null ? Path.of(".").toAbsolutePath() : parent;
        YamlTreeReader.Result result = YamlTreeReader.read(text, file);
        problems.addAll(result.problems());
        for (YamlNode document : result.documents()) {
            readDocument(document);
        }
    }

    void addProblem(PipelineProblem problem) {
        problems.add(requireNonNull(problem, "problem is null"));
    }

    PipelineSpec spec() {
        return new PipelineSpec(buckets, deliveryStreams, functions, applications, locations);
    }

    /** The problems of shape found so far, in the order they were found. */
    List<PipelineProblem> problems() {
        return List.copyOf(problems);
    }

    private void readDocument(YamlNode document) {
        Fields top = fieldsOf(document, "", TOP_LEVEL_KEYS);
        top.node(BUCKETS).ifPresent(this::readBuckets);
        top.node(DELIVERY_STREAMS).ifPresent(this::readDeliveryStreams);
        top.node(FUNCTIONS).ifPresent(this::readFunctions);
        top.node(APPLICATIONS).ifPresent(this::readApplications);
    }

    private void readApplications(YamlNode node) {
        if (isNull(node)) {
            return;
        }
        if (!(node instanceof YamlNode.Mapping mapping)) {
            problem(APPLICATIONS, node.location(), "must be a mapping from application name to its settings, not " + node.kind());
            return;
        }
        for (YamlNode.Entry entry : mapping.entries().values()) {
            String name = entry.key();
            String path = APPLICATIONS + "." + name;
            SourceLocation earlier = locations.get(path);
            if (earlier != null) {
                problem(path, entry.keyLocation(), "application '" + name + "' is already declared at " + earlier);
                continue;
            }
            locations.put(path, entry.keyLocation());
            Fields application = fieldsOf(entry.value(), path, APPLICATION_KEYS);
            Optional<String> inlineCode = application.text("code");
            Optional<String> codeFile = application.text("codeFile");
            String code = inlineCode.orElse("");
            if (inlineCode.isPresent() && codeFile.isPresent()) {
                problem(application.path("codeFile"), locations.get(application.path("codeFile")), "give either code or codeFile, not both");
            } else if (codeFile.isPresent()) {
                Path file = baseDirectory.resolve(codeFile.get()).normalize();
                try {
                    code = java.nio.file.Files.readString(file);
                } catch (java.io.IOException | RuntimeException e) {
                    problem(application.path("codeFile"), locations.get(application.path("codeFile")), "cannot read " + file + " (" + e + ")");
                }
            }
            List<ApplicationSpec.InputSpec> inputs = new ArrayList<>();
            for (Fields input : items(application, "inputs", APPLICATION_INPUT_KEYS)) {
                Optional<String> namePrefix = required(input, "namePrefix");
                Optional<String> deliveryStream = required(input, "deliveryStream");
                List<dev.hydrant.spi.SqlApplication.Column> columns = columns(input);
                if (namePrefix.isPresent() && deliveryStream.isPresent()) {
                    inputs.add(new ApplicationSpec.InputSpec(namePrefix.get(), deliveryStream.get(), input.integer("parallelism").orElse(1),
                            input.text("format").map(text -> text.toUpperCase(Locale.ROOT)).orElse("JSON"),
                            input.text("recordRowPath").orElse(null), input.text("recordRowDelimiter").orElse(null),
                            input.text("recordColumnDelimiter").orElse(null), columns));
                }
            }
            List<ApplicationSpec.OutputSpec> outputs = new ArrayList<>();
            for (Fields output : items(application, "outputs", APPLICATION_OUTPUT_KEYS)) {
                Optional<String> outputName = required(output, "name");
                Optional<String> deliveryStream = required(output, "deliveryStream");
                if (outputName.isPresent() && deliveryStream.isPresent()) {
                    outputs.add(new ApplicationSpec.OutputSpec(outputName.get(), deliveryStream.get(),
                            output.text("format").map(text -> text.toUpperCase(Locale.ROOT)).orElse("JSON")));
                }
            }
            List<ApplicationSpec.ReferenceTableSpec> referenceTables = new ArrayList<>();
            for (Fields table : items(application, "referenceTables", REFERENCE_TABLE_KEYS)) {
                Optional<String> tableName = required(table, "tableName");
                Optional<String> bucket = required(table, "bucket");
                Optional<String> key = required(table, "key");
                List<dev.hydrant.spi.SqlApplication.Column> columns = columns(table);
                if (tableName.isPresent() && bucket.isPresent() && key.isPresent()) {
                    referenceTables.add(new ApplicationSpec.ReferenceTableSpec(tableName.get(), bucket.get(), key.get(),
                            table.text("format").map(text -> text.toUpperCase(Locale.ROOT)).orElse("CSV"),
                            table.text("recordRowPath").orElse(null), table.text("recordRowDelimiter").orElse(null),
                            table.text("recordColumnDelimiter").orElse(null), columns));
                }
            }
            boolean autoStart = false;
            Optional<String> autoStartText = application.text("autoStart");
            if (autoStartText.isPresent()) {
                if (autoStartText.get().equals("true") || autoStartText.get().equals("false")) {
                    autoStart = Boolean.parseBoolean(autoStartText.get());
                } else {
                    problem(application.path("autoStart"), locations.get(application.path("autoStart")), "must be true or false, not '" + autoStartText.get() + "'");
                }
            }
            applications.add(new ApplicationSpec(name, application.text("description").orElse(""), code, inputs, outputs, referenceTables, autoStart,
                    application.text("startingPosition").map(text -> text.toUpperCase(Locale.ROOT)).orElse(ApplicationSpec.DEFAULT_STARTING_POSITION)));
        }
    }

    /** The mappings of the list at {@code key}; empty when it is not written, reported when it is not a list. */
    private List<Fields> items(Fields parent, String key, List<String> known) {
        Optional<YamlNode> node = parent.node(key);
        if (node.isEmpty() || isNull(node.get())) {
            return List.of();
        }
        String path = parent.path(key);
        if (!(node.get() instanceof YamlNode.Sequence sequence)) {
            problem(path, node.get().location(), "must be a list, not " + node.get().kind());
            return List.of();
        }
        List<Fields> items = new ArrayList<>();
        for (int index = 0; index < sequence.items().size(); index++) {
            YamlNode item = sequence.items().get(index);
            String itemPath = path + "[" + index + "]";
            locations.putIfAbsent(itemPath, item.location());
            items.add(fieldsOf(item, itemPath, known));
        }
        return items;
    }

    private Optional<String> required(Fields fields, String key) {
        Optional<String> value = fields.text(key);
        if (value.isEmpty() && fields.node(key).isEmpty()) {
            problem(fields.path(key), locations.get(fields.path.isEmpty() ? key : fields.path), "is required");
        }
        return value;
    }

    /** RecordColumns: {@code columns: [{name, sqlType, mapping}]}. */
    private List<dev.hydrant.spi.SqlApplication.Column> columns(Fields parent) {
        List<dev.hydrant.spi.SqlApplication.Column> columns = new ArrayList<>();
        for (Fields column : items(parent, "columns", APPLICATION_COLUMN_KEYS)) {
            Optional<String> columnName = required(column, "name");
            Optional<String> sqlType = required(column, "sqlType");
            if (columnName.isPresent() && sqlType.isPresent()) {
                columns.add(new dev.hydrant.spi.SqlApplication.Column(columnName.get(), sqlType.get(), column.text("mapping").orElse(null)));
            }
        }
        return columns;
    }

    private void readBuckets(YamlNode node) {
        if (isNull(node)) {
            return;
        }
        if (!(node instanceof YamlNode.Sequence sequence)) {
            problem(BUCKETS, node.location(), "must be a list of bucket names, not " + node.kind() + " (for example: buckets: [telemetry-raw])");
            return;
        }
        for (YamlNode item : sequence.items()) {
            String path = BUCKETS + "[" + buckets.size() + "]";
            locations.putIfAbsent(path, item.location());
            if (item instanceof YamlNode.Scalar scalar && !scalar.isNull()) {
                buckets.add(new BucketSpec(scalar.text()));
            } else {
                problem(path, item.location(), "must be a bucket name, not " + item.kind());
            }
        }
    }

    private void readDeliveryStreams(YamlNode node) {
        if (isNull(node)) {
            return;
        }
        if (!(node instanceof YamlNode.Mapping mapping)) {
            problem(DELIVERY_STREAMS, node.location(), "must be a mapping from delivery stream name to its settings, not " + node.kind());
            return;
        }
        for (YamlNode.Entry entry : mapping.entries().values()) {
            String name = entry.key();
            String path = DELIVERY_STREAMS + "." + name;
            SourceLocation earlier = locations.get(path);
            if (earlier != null) {
                problem(path, entry.keyLocation(), "delivery stream '" + name + "' is already declared at " + earlier);
                continue;
            }
            locations.put(path, entry.keyLocation());
            deliveryStreams.add(readDeliveryStream(name, path, entry.value()));
        }
    }

    private void readFunctions(YamlNode node) {
        if (isNull(node)) {
            return;
        }
        if (!(node instanceof YamlNode.Mapping mapping)) {
            problem(FUNCTIONS, node.location(), "must be a mapping from function name to its settings, not " + node.kind());
            return;
        }
        for (YamlNode.Entry entry : mapping.entries().values()) {
            String name = entry.key();
            String path = FUNCTIONS + "." + name;
            SourceLocation earlier = locations.get(path);
            if (earlier != null) {
                problem(path, entry.keyLocation(), "function '" + name + "' is already declared at " + earlier);
                continue;
            }
            locations.put(path, entry.keyLocation());
            Fields function = fieldsOf(entry.value(), path, FUNCTION_KEYS);
            Optional<String> runtime = function.text("runtime");
            Optional<String> handler = function.text("handler");
            Optional<String> code = function.text("code");
            for (String required : List.of("runtime", "handler", "code")) {
                if (function.node(required).isEmpty()) {
                    problem(function.path(required), entry.keyLocation(), "is required");
                }
            }
            Map<String, String> environment = readStringMap(function, "environment");
            if (runtime.isPresent() && handler.isPresent() && code.isPresent()) {
                functions.add(new FunctionSpec(name, runtime.get(), handler.get(), baseDirectory.resolve(code.get()).normalize(),
                        function.integer("timeoutSeconds").orElse(FunctionSpec.DEFAULT_TIMEOUT_SECONDS),
                        function.integer("memoryMiB").orElse(FunctionSpec.DEFAULT_MEMORY_SIZE_MB),
                        environment,
                        function.integer("concurrency").orElse(FunctionSpec.DEFAULT_CONCURRENCY)));
            }
        }
    }

    /** Processors as AWS names them: {@code type}, {@code parameters} by ParameterName, and {@code function} for Lambda. */
    private ProcessingConfiguration readProcessors(Fields destination) {
        Optional<YamlNode> node = destination.node("processors");
        if (node.isEmpty() || isNull(node.get())) {
            return ProcessingConfiguration.disabled();
        }
        String path = destination.path("processors");
        if (!(node.get() instanceof YamlNode.Sequence sequence)) {
            problem(path, node.get().location(), "must be a list of processors (for example: - type: Lambda)");
            return ProcessingConfiguration.disabled();
        }
        List<ProcessingConfiguration.Processor> processors = new ArrayList<>();
        for (int index = 0; index < sequence.items().size(); index++) {
            YamlNode item = sequence.items().get(index);
            String processorPath = path + "[" + index + "]";
            locations.putIfAbsent(processorPath, item.location());
            Fields processor = fieldsOf(item, processorPath, PROCESSOR_KEYS);
            Optional<String> type = processor.text("type");
            if (type.isEmpty()) {
                problem(processor.path("type"), item.location(), "is required");
                continue;
            }
            Map<String, String> parameters = new LinkedHashMap<>(readStringMap(processor, "parameters"));
            processor.text("function").ifPresent(function -> parameters.put("LambdaArn",
                    function.startsWith("arn:") ? function : FunctionSpec.arnOf(function)));
            processors.add(new ProcessingConfiguration.Processor(type.get(), parameters));
        }
        return new ProcessingConfiguration(true, processors);
    }

    private Map<String, String> readStringMap(Fields parent, String key) {
        Optional<YamlNode> node = parent.node(key);
        if (node.isEmpty() || isNull(node.get())) {
            return Map.of();
        }
        String path = parent.path(key);
        if (!(node.get() instanceof YamlNode.Mapping mapping)) {
            problem(path, node.get().location(), "must be a mapping of names to values, not " + node.get().kind());
            return Map.of();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (YamlNode.Entry entry : mapping.entries().values()) {
            String entryPath = path + "." + entry.key();
            locations.put(entryPath, entry.keyLocation());
            if (entry.value() instanceof YamlNode.Scalar scalar && !scalar.isNull()) {
                values.put(entry.key(), scalar.text());
            } else {
                problem(entryPath, entry.keyLocation(), "must be a value (text), not " + entry.value().kind());
            }
        }
        return values;
    }

    private S3DestinationConfig readBackup(Fields destination) {
        Fields backup = destination.mapping("backup", BACKUP_KEYS);
        if (!backup.isPresent()) {
            return null;
        }
        Fields buffering = backup.mapping("buffering", BUFFERING_KEYS);
        return new S3DestinationConfig(
                S3DestinationConfig.DEFAULT_ROLE_ARN,
                S3DestinationConfig.bucketArnOf(backup.text("bucket").orElse("")),
                backup.text("prefix").orElse(null),
                backup.text("errorOutputPrefix").orElse(null),
                new BufferingHints(
                        buffering.integer("sizeMiB").orElse(BufferingHints.DEFAULT_SIZE_IN_MBS),
                        buffering.integer("intervalSeconds").orElse(BufferingHints.DEFAULT_INTERVAL_IN_SECONDS)),
                backup.text("compression").flatMap(text -> compressionFormat(text, backup.path("compression"))).orElse(CompressionFormat.UNCOMPRESSED),
                CloudWatchLoggingOptions.disabled(),
                ProcessingConfiguration.disabled(),
                null,
                null);
    }

    private DeliveryStreamSpec readDeliveryStream(String name, String path, YamlNode node) {
        Fields stream = fieldsOf(node, path, STREAM_KEYS);
        Fields destination = stream.mapping("destination", DESTINATION_KEYS);
        Fields buffering = destination.mapping("buffering", BUFFERING_KEYS);
        Fields logging = destination.mapping("logging", LOGGING_KEYS);

        DataFormatConversion conversion = readFormatConversion(destination);
        BufferingHints bufferingHints = new BufferingHints(
                buffering.integer("sizeMiB").orElse(conversion.enabled() ? DEFAULT_CONVERSION_SIZE_IN_MBS : BufferingHints.DEFAULT_SIZE_IN_MBS),
                buffering.integer("intervalSeconds").orElse(BufferingHints.DEFAULT_INTERVAL_IN_SECONDS));
        CompressionFormat compression = destination.text("compression")
                .flatMap(text -> compressionFormat(text, destination.path("compression")))
                .orElse(CompressionFormat.UNCOMPRESSED);
        CloudWatchLoggingOptions loggingOptions = logging.isPresent() ? loggingOptions(name, logging) : CloudWatchLoggingOptions.disabled();

        S3DestinationConfig config = new S3DestinationConfig(
                S3DestinationConfig.DEFAULT_ROLE_ARN,
                S3DestinationConfig.bucketArnOf(destination.text("bucket").orElse("")),
                destination.text("prefix").orElse(null),
                destination.text("errorOutputPrefix").orElse(null),
                bufferingHints,
                compression,
                loggingOptions,
                readProcessors(destination),
                destination.text("fileExtension").orElse(null),
                destination.text("timeZone").orElse(null),
                readBackup(destination),
                destination.text("dynamicPartitioning").map(Boolean::parseBoolean).orElse(false)
                        ? new DynamicPartitioningConfig(true, DynamicPartitioningConfig.DEFAULT_RETRY_DURATION_SECONDS)
                        : DynamicPartitioningConfig.disabled(),
                conversion);
        return new DeliveryStreamSpec(name, config, readTags(stream));
    }

    /**
     * {@code formatConversion}: Firehose's DataFormatConversionConfiguration, compact.
     *
     * <pre>
     * formatConversion:
     *   output: parquet                 # parquet or orc (required)
     *   compression: snappy             # parquet: uncompressed, gzip, snappy; orc: none, zlib, snappy (default snappy)
     *   schema:                         # the table's columns with Hive types, in file order, or: schema: inferred
     *     - { name: car, type: string }
     *     - { name: speed, type: double }
     *   input: openx                    # openx (default) or hive
     *   caseInsensitive: true           # openx only; also convertDotsInJsonKeysToUnderscores, columnToJsonKeyMappings
     *   timestampFormats: [millis]      # hive only
     *   database: racing                # optional: SchemaConfiguration DatabaseName and TableName
     *   table: laps
     * </pre>
     *
     * The schema may also be a mapping from column name to type ({@code schema: {car: string, speed: double}}).
     * Parquet and ORC sizing options keep AWS's defaults. Column types are checked by {@link PipelineValidator}.
     */
    private DataFormatConversion readFormatConversion(Fields destination) {
        Fields conversion = destination.mapping(FORMAT_CONVERSION, FORMAT_CONVERSION_KEYS);
        if (!conversion.isPresent()) {
            return DataFormatConversion.disabled();
        }
        boolean enabled = bool(conversion, "enabled").orElse(true);
        Optional<String> output = conversion.text("output").map(text -> text.toLowerCase(Locale.ROOT));
        Optional<String> compression = conversion.text("compression").map(text -> text.toUpperCase(Locale.ROOT));
        FormatConversionConfig.ParquetSerDe parquet = null;
        FormatConversionConfig.OrcSerDe orc = null;
        if (output.isEmpty()) {
            problem(conversion.path("output"), locations.get(destination.path(FORMAT_CONVERSION)), "is required: parquet or orc");
        } else if (output.get().equals("parquet")) {
            FormatConversionConfig.ParquetSerDe defaults = FormatConversionConfig.ParquetSerDe.defaults();
            FormatConversionConfig.ParquetCompression parquetCompression = compression
                    .flatMap(text -> enumValue(FormatConversionConfig.ParquetCompression.values(), text, conversion.path("compression")))
                    .orElse(defaults.compression());
            parquet = new FormatConversionConfig.ParquetSerDe(parquetCompression, defaults.blockSizeBytes(), defaults.pageSizeBytes(),
                    defaults.enableDictionaryCompression(), defaults.maxPaddingBytes(), defaults.writerVersion());
        } else if (output.get().equals("orc")) {
            FormatConversionConfig.OrcSerDe defaults = FormatConversionConfig.OrcSerDe.defaults();
            FormatConversionConfig.OrcCompression orcCompression = compression
                    .flatMap(text -> enumValue(FormatConversionConfig.OrcCompression.values(), text, conversion.path("compression")))
                    .orElse(defaults.compression());
            orc = new FormatConversionConfig.OrcSerDe(orcCompression, defaults.stripeSizeBytes(), defaults.blockSizeBytes(),
                    defaults.rowIndexStride(), defaults.enablePadding(), defaults.paddingTolerance(), defaults.bloomFilterColumns(),
                    defaults.bloomFilterFalsePositiveProbability(), defaults.dictionaryKeyThreshold(), defaults.formatVersion());
        } else {
            problem(conversion.path("output"), locations.get(conversion.path("output")), "must be parquet or orc, not '" + output.get() + "'");
        }

        String input = conversion.text("input").map(text -> text.toLowerCase(Locale.ROOT)).orElse("openx");
        FormatConversionConfig.OpenXJsonSerDe openX = null;
        FormatConversionConfig.HiveJsonSerDe hive = null;
        if (input.equals("openx")) {
            FormatConversionConfig.OpenXJsonSerDe defaults = FormatConversionConfig.OpenXJsonSerDe.defaults();
            openX = new FormatConversionConfig.OpenXJsonSerDe(
                    bool(conversion, "convertDotsInJsonKeysToUnderscores").orElse(defaults.convertDotsInJsonKeysToUnderscores()),
                    bool(conversion, "caseInsensitive").orElse(defaults.caseInsensitive()),
                    readStringMap(conversion, "columnToJsonKeyMappings"));
            if (conversion.node("timestampFormats").isPresent()) {
                problem(conversion.path("timestampFormats"), locations.get(conversion.path("timestampFormats")),
                        "applies to input: hive only; the openx input reads ISO-8601 and epoch timestamps");
            }
        } else if (input.equals("hive")) {
            hive = new FormatConversionConfig.HiveJsonSerDe(readStringList(conversion, "timestampFormats"));
            for (String key : OPENX_KEYS) {
                if (conversion.node(key).isPresent()) {
                    problem(conversion.path(key), locations.get(conversion.path(key)), "applies to input: openx only");
                }
            }
        } else {
            problem(conversion.path("input"), locations.get(conversion.path("input")), "must be openx or hive, not '" + input + "'");
        }

        List<DataFormatConversion.Column> columns = readColumns(conversion);
        DataFormatConversion.SchemaConfiguration schema = new DataFormatConversion.SchemaConfiguration(
                null, null, conversion.text("database").orElse(null), conversion.text("table").orElse(null), null, null);
        if (parquet == null && orc == null || openX == null && hive == null) {
            return new DataFormatConversion(false, schema, columns, openX, hive, parquet, orc);
        }
        return new DataFormatConversion(enabled, schema, columns, openX, hive, parquet, orc);
    }

    /** {@code schema}: a list of {@code {name, type}}, a mapping from name to type, or {@code inferred} (no columns). */
    private List<DataFormatConversion.Column> readColumns(Fields conversion) {
        String path = conversion.path("schema");
        Optional<YamlNode> node = conversion.node("schema");
        String expected = "a list of columns (- {name: speed, type: double}), a mapping from column name to type, or '" + INFERRED_SCHEMA + "'";
        if (node.isEmpty() || isNull(node.get())) {
            problem(path, locations.get(conversion.path("output")), "is required: " + expected);
            return List.of();
        }
        List<DataFormatConversion.Column> columns = new ArrayList<>();
        if (node.get() instanceof YamlNode.Scalar scalar) {
            if (!scalar.text().equals(INFERRED_SCHEMA)) {
                problem(path, scalar.location(), "must be " + expected + ", not '" + scalar.text() + "'");
            }
        } else if (node.get() instanceof YamlNode.Mapping mapping) {
            for (YamlNode.Entry entry : mapping.entries().values()) {
                String columnPath = path + "[" + columns.size() + "]";
                locations.put(columnPath, entry.keyLocation());
                if (entry.value() instanceof YamlNode.Scalar type && !type.isNull()) {
                    columns.add(new DataFormatConversion.Column(entry.key(), type.text()));
                } else {
                    problem(columnPath, entry.keyLocation(), "column '" + entry.key() + "' needs a type (text such as double), not " + entry.value().kind());
                }
            }
        } else if (node.get() instanceof YamlNode.Sequence sequence) {
            for (int index = 0; index < sequence.items().size(); index++) {
                YamlNode item = sequence.items().get(index);
                String columnPath = path + "[" + index + "]";
                locations.putIfAbsent(columnPath, item.location());
                Fields column = fieldsOf(item, columnPath, COLUMN_KEYS);
                Optional<String> name = column.text("name");
                Optional<String> type = column.text("type");
                if (name.isEmpty() || type.isEmpty()) {
                    problem(columnPath, item.location(), "a column needs a name and a type (for example {name: speed, type: double})");
                    continue;
                }
                columns.add(new DataFormatConversion.Column(name.get(), type.get()));
            }
        }
        return columns;
    }

    private <E extends Enum<E>> Optional<E> enumValue(E[] values, String text, String path) {
        for (E value : values) {
            if (value.name().equals(text)) {
                return Optional.of(value);
            }
        }
        problem(path, locations.get(path), "must be one of " + Arrays.stream(values).map(value -> value.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", ")) + ", not '" + text.toLowerCase(Locale.ROOT) + "'");
        return Optional.empty();
    }

    private Optional<Boolean> bool(Fields parent, String key) {
        Optional<YamlNode> node = parent.node(key);
        if (node.isEmpty() || isNull(node.get())) {
            return Optional.empty();
        }
        if (node.get() instanceof YamlNode.Scalar scalar
                && (scalar.token() == JsonToken.VALUE_TRUE || scalar.token() == JsonToken.VALUE_FALSE)) {
            return Optional.of(scalar.token() == JsonToken.VALUE_TRUE);
        }
        String found = node.get() instanceof YamlNode.Scalar scalar ? "'" + scalar.text() + "'" : node.get().kind();
        problem(parent.path(key), node.get().location(), "must be true or false, not " + found);
        return Optional.empty();
    }

    private List<String> readStringList(Fields parent, String key) {
        Optional<YamlNode> node = parent.node(key);
        if (node.isEmpty() || isNull(node.get())) {
            return List.of();
        }
        if (!(node.get() instanceof YamlNode.Sequence sequence)) {
            problem(parent.path(key), node.get().location(), "must be a list of text, not " + node.get().kind());
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (YamlNode item : sequence.items()) {
            if (item instanceof YamlNode.Scalar scalar && !scalar.isNull()) {
                values.add(scalar.text());
            } else {
                problem(parent.path(key), item.location(), "must be a list of text, not a list holding " + item.kind());
            }
        }
        return values;
    }

    /** Logging names given both, or neither for the AWS console's defaults; one alone is left for the validator to report. */
    private static CloudWatchLoggingOptions loggingOptions(String deliveryStreamName, Fields logging) {
        Optional<String> logGroup = logging.text("logGroup");
        Optional<String> logStream = logging.text("logStream");
        if (logGroup.isEmpty() && logStream.isEmpty()) {
            return new CloudWatchLoggingOptions(true, DEFAULT_LOG_GROUP_PREFIX + deliveryStreamName, DEFAULT_LOG_STREAM);
        }
        return new CloudWatchLoggingOptions(true, logGroup.orElse(null), logStream.orElse(null));
    }

    private Map<String, String> readTags(Fields stream) {
        Optional<YamlNode> node = stream.node("tags");
        if (node.isEmpty() || isNull(node.get())) {
            return Map.of();
        }
        String path = stream.path("tags");
        if (!(node.get() instanceof YamlNode.Mapping mapping)) {
            problem(path, node.get().location(), "must be a mapping from tag key to value, not " + node.get().kind());
            return Map.of();
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (YamlNode.Entry entry : mapping.entries().values()) {
            String tagPath = path + "." + entry.key();
            locations.put(tagPath, entry.keyLocation());
            if (entry.value() instanceof YamlNode.Scalar scalar) {
                tags.put(entry.key(), scalar.text());
            } else {
                problem(tagPath, entry.keyLocation(), "must be a tag value (text), not " + entry.value().kind());
            }
        }
        return tags;
    }

    private Optional<CompressionFormat> compressionFormat(String text, String path) {
        for (CompressionFormat format : CompressionFormat.values()) {
            if (format.wireName().equalsIgnoreCase(text) || format.name().equalsIgnoreCase(text)) {
                return Optional.of(format);
            }
        }
        problem(path, locations.get(path), "must be one of " + Arrays.stream(CompressionFormat.values())
                .map(CompressionFormat::wireName).collect(Collectors.joining(", ")) + ", not '" + text + "'");
        return Optional.empty();
    }

    /**
     * The keys of {@code node}, which may be the {@code known} ones; absent when the node is missing or empty, and
     * reported when it is not a mapping.
     */
    private Fields fieldsOf(YamlNode node, String path, List<String> known) {
        if (node == null || isNull(node)) {
            return new Fields(Optional.empty(), path, known);
        }
        if (node instanceof YamlNode.Mapping mapping) {
            return new Fields(Optional.of(mapping), path, known);
        }
        problem(path, node.location(), path.isEmpty()
                ? "a pipeline file must be a mapping with the keys " + String.join(", ", TOP_LEVEL_KEYS) + ", not " + node.kind()
                : "must be a mapping, not " + node.kind());
        return new Fields(Optional.empty(), path, known);
    }

    private String unknownKeyMessage(String key, List<String> known) {
        String message = "unknown field '" + key + "'";
        Optional<String> suggestion = Optional.ofNullable(AWS_NAMES.get(key.toLowerCase(Locale.ROOT)))
                .filter(known::contains)
                .or(() -> Suggestions.closest(key, known));
        return suggestion.map(name -> message + "; did you mean '" + name + "'?")
                .orElse(message + "; expected one of: " + String.join(", ", known));
    }

    private void problem(String path, SourceLocation location, String message) {
        problems.add(new PipelineProblem(path, message, Optional.ofNullable(location)));
    }

    private static boolean isNull(YamlNode node) {
        return node instanceof YamlNode.Scalar scalar && scalar.isNull();
    }

    /**
     * The keys of one mapping (or of none, when it was not written), checked against the keys allowed there:
     * unknown keys are reported with a suggestion, and known ones have their locations recorded.
     */
    private final class Fields {
        private final Optional<YamlNode.Mapping> mapping;
        private final String path;

        Fields(Optional<YamlNode.Mapping> mapping, String path, List<String> known) {
            this.mapping = requireNonNull(mapping, "mapping is null");
            this.path = requireNonNull(path, "path is null");
            for (YamlNode.Entry entry : mapping.map(YamlNode.Mapping::entries).orElse(Map.of()).values()) {
                String keyPath = path(entry.key());
                if (known.contains(entry.key())) {
                    locations.put(keyPath, entry.keyLocation());
                } else {
                    problem(keyPath, entry.keyLocation(), unknownKeyMessage(entry.key(), known));
                }
            }
        }

        boolean isPresent() {
            return mapping.isPresent();
        }

        String path(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        Optional<YamlNode.Entry> entry(String key) {
            return mapping.map(present -> present.entries().get(key));
        }

        Optional<YamlNode> node(String key) {
            return entry(key).map(YamlNode.Entry::value);
        }

        /** The nested mapping at {@code key}, with the keys it may have; absent when not written. */
        Fields mapping(String key, List<String> known) {
            return fieldsOf(node(key).orElse(null), path(key), known);
        }

        /** A scalar as text: YAML numbers and booleans count as text, so {@code prefix: 2024} needs no quotes. */
        Optional<String> text(String key) {
            Optional<YamlNode> node = node(key);
            if (node.isEmpty() || isNull(node.get())) {
                return Optional.empty();
            }
            if (node.get() instanceof YamlNode.Scalar scalar) {
                return Optional.of(scalar.text());
            }
            problem(path(key), node.get().location(), "must be text, not " + node.get().kind());
            return Optional.empty();
        }

        Optional<Integer> integer(String key) {
            Optional<YamlNode> node = node(key);
            if (node.isEmpty() || isNull(node.get())) {
                return Optional.empty();
            }
            if (node.get() instanceof YamlNode.Scalar scalar && scalar.token() == JsonToken.VALUE_NUMBER_INT) {
                try {
                    return Optional.of(Integer.parseInt(scalar.text()));
                } catch (NumberFormatException e) {
                    problem(path(key), scalar.location(), "must be a whole number, not " + scalar.text() + " (far too large)");
                    return Optional.empty();
                }
            }
            String found = node.get() instanceof YamlNode.Scalar scalar ? "'" + scalar.text() + "'" : node.get().kind();
            problem(path(key), node.get().location(), "must be a whole number, not " + found);
            return Optional.empty();
        }
    }
}
