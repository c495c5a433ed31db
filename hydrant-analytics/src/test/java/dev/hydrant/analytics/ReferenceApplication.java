package dev.hydrant.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hydrant.analytics.sql.Translation;
import dev.hydrant.spi.SqlApplication;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The reference pipeline's KDA application (31 JSONPath-mapped columns) and a hand-written Flink translation. */
final class ReferenceApplication {
    static final String INPUT_STREAM = "sg12-kinesis-firehose-extended-s3-stream";
    static final String OUTPUT_STREAM = "sg12-kinesis-firehose-processed-s3-stream";
    static final String CODE = """
            CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" ("speed" DOUBLE, "rpm" INTEGER, "gear" INTEGER, "throttle" DOUBLE);
            CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
            SELECT STREAM "speed", "rpm", "gear", "throttle"
            FROM "sg12_prefix_001"
            WHERE "speed" >= 200;
            """;

    private ReferenceApplication() {}

    static SqlApplication application(String name, int parallelism, List<SqlApplication.Output> extraOutputs) {
        List<SqlApplication.Output> outputs = new ArrayList<>();
        outputs.add(new SqlApplication.Output("1.1", "DESTINATION_SQL_STREAM", OUTPUT_STREAM, "CSV"));
        outputs.addAll(extraOutputs);
        return new SqlApplication(name, "arn:aws:kinesisanalytics:us-east-1:000000000000:application/" + name, 1, CODE,
                List.of(new SqlApplication.Input("1.1", "sg12_prefix", INPUT_STREAM, parallelism,
                        new SqlApplication.RecordFormat("JSON", "$", null, null), columns(), null)),
                outputs, List.of());
    }

    static List<SqlApplication.Column> columns() {
        try (InputStream in = ReferenceApplication.class.getResourceAsStream("/reference/kda-input.json")) {
            JsonNode input = new ObjectMapper().readTree(in);
            List<SqlApplication.Column> columns = new ArrayList<>();
            for (JsonNode column : input.path("InputSchema").path("RecordColumns")) {
                columns.add(new SqlApplication.Column(column.get("Name").asText(), column.get("SqlType").asText(), column.get("Mapping").asText()));
            }
            return columns;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the translator will produce for {@link #CODE}, written by hand. */
    static Translation translation(SqlApplication application) {
        return new Translation(List.of(), List.of(), List.of(),
                Map.of("DESTINATION_SQL_STREAM", "SELECT `speed`, `rpm`, `gear`, `throttle` FROM `sg12_prefix_001` WHERE `speed` >= 200"),
                Map.of(), List.of());
    }

    /** A telemetry record as the generator (after the transform Lambda) produces it. */
    static byte[] telemetry(double speed, int rpm, int gear, double throttle) {
        String json = String.format(Locale.ROOT, "{\"speed\": %s, \"rpm\": %d, \"gear\": %d, \"throttle\": %s, \"brakes\": 0.43357872501086275, "
                + "\"steering_angle\": -0.45486734518890914, \"suspension\": {\"ride_height\": 35.9599644358097, \"damper_settings\": "
                + "{\"front_left\": 7.408169579100961, \"front_right\": 10.944175941334308, \"rear_left\": 4.2780159746757676, "
                + "\"rear_right\": 4.756502872556679}}, \"temperatures\": {\"engine\": 98.87748639033923, \"brakes\": {\"front_left\": "
                + "243.94481990558253, \"front_right\": 232.11554644093226, \"rear_left\": 202.704610220406, \"rear_right\": "
                + "217.1034676852164}, \"tires\": {\"front_left\": 93.27847514872009, \"front_right\": 92.64261929429316, \"rear_left\": "
                + "83.32364209856682, \"rear_right\": 110.3259619126771}}, \"pressures\": {\"engine\": 4.2, \"brakes\": {\"front_left\": 18, "
                + "\"front_right\": 17, \"rear_left\": 16, \"rear_right\": 15}, \"tires\": {\"front_left\": 1.7, \"front_right\": 1.8, "
                + "\"rear_left\": 1.9, \"rear_right\": 1.8}}, \"fuel_consumption\": 2.4, \"lap_time\": 75.6, \"EXTRA2\": 181.43999999999997}",
                Double.toString(speed), rpm, gear, Double.toString(throttle));
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
