package dev.hydrant.pipeline;

import static java.util.Objects.requireNonNull;

import dev.hydrant.spi.SqlApplication.Column;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks the {@code applications:} of a {@link PipelineSpec} against KDA's rules (the limits CreateApplication
 * enforces) and against the rest of the file: every delivery stream an application reads or writes, and every bucket
 * of a reference table, must be declared in the pipeline. The code is checked by the server's engine on apply.
 */
final class ApplicationSpecValidator {
    static final Pattern APPLICATION_NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,128}");
    static final int MAX_CODE_LENGTH = 102_400;
    static final int MAX_DESCRIPTION_LENGTH = 1024;
    static final int MAX_IN_APP_NAME_LENGTH = 32;
    static final int MAX_COLUMNS = 1000;
    static final int MAX_OUTPUTS = 3;
    static final List<String> FORMATS = List.of("JSON", "CSV");
    static final List<String> STARTING_POSITIONS = List.of("NOW", "TRIM_HORIZON", "LAST_STOPPED_POINT");

    private ApplicationSpecValidator() {}

    static List<PipelineProblem> validate(PipelineSpec spec) {
        requireNonNull(spec, "spec is null");
        List<PipelineProblem> problems = new ArrayList<>();
        for (ApplicationSpec application : spec.applications()) {
            String path = PipelineReader.APPLICATIONS + "." + application.name();
            Reporter report = (field, message) -> problems.add(new PipelineProblem(field, message, spec.locate(field)));
            if (!APPLICATION_NAME.matcher(application.name()).matches()) {
                report.add(path, "application name '" + application.name() + "' must be 1..128 characters matching [a-zA-Z0-9_.-]");
            }
            if (application.description().length() > MAX_DESCRIPTION_LENGTH) {
                report.add(path + ".description", "must be at most " + MAX_DESCRIPTION_LENGTH + " characters");
            }
            if (application.code().length() > MAX_CODE_LENGTH) {
                report.add(path + ".code", "must be at most " + MAX_CODE_LENGTH + " characters, not " + application.code().length());
            }
            if (!STARTING_POSITIONS.contains(application.startingPosition())) {
                report.add(path + ".startingPosition", "must be one of " + String.join(", ", STARTING_POSITIONS) + ", not '" + application.startingPosition() + "'");
            }
            if (application.inputs().size() > 1) {
                report.add(path + ".inputs", "an application can have only one input, not " + application.inputs().size());
            }
            if (application.autoStart() && application.inputs().isEmpty()) {
                report.add(path + ".autoStart", "an application needs an input to start; add one under inputs");
            }
            for (int index = 0; index < application.inputs().size(); index++) {
                ApplicationSpec.InputSpec input = application.inputs().get(index);
                String inputPath = path + ".inputs[" + index + "]";
                checkInAppName(input.namePrefix(), inputPath + ".namePrefix", report);
                checkDeliveryStream(spec, input.deliveryStream(), inputPath + ".deliveryStream", report);
                if (input.parallelism() < 1 || input.parallelism() > 64) {
                    report.add(inputPath + ".parallelism", "must be 1..64, not " + input.parallelism());
                }
                checkFormat(input.format(), inputPath + ".format", report);
                checkColumns(input.columns(), input.format(), inputPath + ".columns", report);
            }
            if (application.outputs().size() > MAX_OUTPUTS) {
                report.add(path + ".outputs", "an application can have at most " + MAX_OUTPUTS + " outputs, not " + application.outputs().size());
            }
            for (int index = 0; index < application.outputs().size(); index++) {
                ApplicationSpec.OutputSpec output = application.outputs().get(index);
                String outputPath = path + ".outputs[" + index + "]";
                checkInAppName(output.name(), outputPath + ".name", report);
                checkDeliveryStream(spec, output.deliveryStream(), outputPath + ".deliveryStream", report);
                checkFormat(output.format(), outputPath + ".format", report);
            }
            if (application.referenceTables().size() > 1) {
                report.add(path + ".referenceTables", "an application can have only one reference table, not " + application.referenceTables().size());
            }
            for (int index = 0; index < application.referenceTables().size(); index++) {
                ApplicationSpec.ReferenceTableSpec table = application.referenceTables().get(index);
                String tablePath = path + ".referenceTables[" + index + "]";
                checkInAppName(table.tableName(), tablePath + ".tableName", report);
                if (!spec.declaresBucket(table.bucket())) {
                    report.add(tablePath + ".bucket", "bucket '" + table.bucket() + "' is not declared under buckets");
                }
                checkFormat(table.format(), tablePath + ".format", report);
                checkColumns(table.columns(), table.format(), tablePath + ".columns", report);
            }
        }
        return problems;
    }

    @FunctionalInterface
    private interface Reporter {
        void add(String path, String message);
    }

    private static void checkInAppName(String name, String path, Reporter report) {
        if (name.isEmpty() || name.length() > MAX_IN_APP_NAME_LENGTH) {
            report.add(path, "must be 1.." + MAX_IN_APP_NAME_LENGTH + " characters, not " + name.length());
        }
    }

    private static void checkDeliveryStream(PipelineSpec spec, String name, String path, Reporter report) {
        if (spec.deliveryStream(name).isPresent()) {
            return;
        }
        String hint = Suggestions.closest(name, spec.deliveryStreams().stream().map(DeliveryStreamSpec::name).toList())
                .map(closest -> "; did you mean '" + closest + "'?")
                .orElse("; declare it under deliveryStreams");
        report.add(path, "delivery stream '" + name + "' is not declared under deliveryStreams" + hint);
    }

    private static void checkFormat(String format, String path, Reporter report) {
        if (!FORMATS.contains(format)) {
            report.add(path, "must be JSON or CSV, not '" + format + "'");
        }
    }

    private static void checkColumns(List<Column> columns, String format, String path, Reporter report) {
        if (columns.isEmpty() || columns.size() > MAX_COLUMNS) {
            report.add(path, "must list 1.." + MAX_COLUMNS + " columns, not " + columns.size());
        }
        if (format.equals("JSON")) {
            for (int index = 0; index < columns.size(); index++) {
                if (columns.get(index).mapping() == null) {
                    report.add(path + "[" + index + "].mapping", "is required with format JSON: a JSONPath such as $." + columns.get(index).name());
                }
            }
        }
    }
}
