package dev.hydrant.application;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hydrant.application.InputSchemaDiscovery.DiscoveredSchema;
import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.HydrantException;
import dev.hydrant.spi.SqlApplication.Column;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputSchemaDiscoveryTest {
    /** The record of the reference deployment, as it lands in the raw bucket. */
    private static final String TELEMETRY = """
            {"speed": 190.4740611874923, "rpm": 15251, "gear": 2, "throttle": 0.9408792285559685, "brakes": 0.43357872501086275, "steering_angle": -0.45486734518890914, "suspension": {"ride_height": 35.9599644358097, "damper_settings": {"front_left": 7.408169579100961, "front_right": 10.944175941334308, "rear_left": 4.2780159746757676, "rear_right": 4.756502872556679}}, "temperatures": {"engine": 98.87748639033923, "brakes": {"front_left": 243.94481990558253, "front_right": 232.11554644093226, "rear_left": 202.704610220406, "rear_right": 217.1034676852164}, "tires": {"front_left": 93.27847514872009, "front_right": 92.64261929429316, "rear_left": 83.32364209856682, "rear_right": 110.3259619126771}}, "pressures": {"engine": 4.2, "brakes": {"front_left": 18, "front_right": 17, "rear_left": 16, "rear_right": 15}, "tires": {"front_left": 1.7, "front_right": 1.8, "rear_left": 1.9, "rear_right": 1.8}}, "fuel_consumption": 2.4, "lap_time": 75.6}""";

    private static List<byte[]> records(String... texts) {
        return java.util.Arrays.stream(texts).map(text -> text.getBytes(UTF_8)).toList();
    }

    @Test
    void discoversTheReferenceInputSchemaFromATelemetryRecord() {
        DiscoveredSchema discovered = InputSchemaDiscovery.discover(records(TELEMETRY));
        List<Column> columns = discovered.schema().recordColumns();
        assertThat(discovered.schema().recordFormat().type()).isEqualTo("JSON");
        assertThat(columns).hasSize(31);
        assertThat(columns).extracting(Column::name).startsWith("speed", "rpm", "gear", "throttle", "brakes", "steering_angle", "ride_height", "front_left")
                .contains("front_left0", "front_left1", "front_left2", "front_left3", "engine0", "rear_right3", "lap_time");
        assertThat(columns.get(0)).isEqualTo(new Column("speed", "DOUBLE", "$.speed"));
        assertThat(columns.get(1)).isEqualTo(new Column("rpm", "INTEGER", "$.rpm"));
        assertThat(columns).contains(
                new Column("engine0", "DECIMAL", "$.pressures.engine"),
                new Column("front_left2", "INTEGER", "$.pressures.brakes.front_left"),
                new Column("front_left3", "DECIMAL", "$.pressures.tires.front_left"),
                new Column("fuel_consumption", "DECIMAL", "$.fuel_consumption"));
        assertThat(discovered.rawInputRecords()).containsExactly(TELEMETRY);
        assertThat(discovered.parsedInputRecords().get(0)).hasSize(31).startsWith("190.4740611874923", "15251", "2");
    }

    @Test
    void infersTypesAcrossSamples() {
        DiscoveredSchema discovered = InputSchemaDiscovery.discover(records(
                "{\"a\": 1, \"b\": 1.5, \"c\": \"AMZN\", \"d\": true, \"e\": \"2024-01-31 12:00:00.000\", \"f\": null, \"g\": 1, \"h\": [1, 2]}",
                "{\"a\": 2, \"b\": 2.123456, \"c\": \"TECHNOLOGY\", \"d\": false, \"e\": \"2024-02-01T00:00:00Z\", \"f\": null, \"g\": 5000000000, \"h\": []}{\"a\": 3}"));
        assertThat(discovered.schema().recordColumns()).extracting(column -> column.name() + " " + column.sqlType())
                .containsExactly("a INTEGER", "b DOUBLE", "c VARCHAR(16)", "d BOOLEAN", "e TIMESTAMP", "f VARCHAR(1)", "g BIGINT", "h VARCHAR(8)");
        assertThat(discovered.rawInputRecords()).hasSize(3);
    }

    @Test
    void fallsBackToCsvColumns() {
        DiscoveredSchema discovered = InputSchemaDiscovery.discover(records("AMZN,TECH,12.5,100\nAAPL,TECH,170.25,200\n"));
        assertThat(discovered.schema().recordFormat().type()).isEqualTo("CSV");
        assertThat(discovered.schema().recordFormat().recordRowDelimiter()).isEqualTo("\n");
        assertThat(discovered.schema().recordColumns()).containsExactly(
                new Column("COL_1", "VARCHAR(4)", null),
                new Column("COL_2", "VARCHAR(4)", null),
                new Column("COL_3", "DECIMAL", null),
                new Column("COL_4", "INTEGER", null));
        assertThat(discovered.parsedInputRecords()).containsExactly(List.of("AMZN", "TECH", "12.5", "100"), List.of("AAPL", "TECH", "170.25", "200"));
    }

    @Test
    void cannotDetectASchemaWithoutRecords() {
        assertThatThrownBy(() -> InputSchemaDiscovery.discover(records("", "  ")))
                .isInstanceOfSatisfying(HydrantException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNABLE_TO_DETECT_SCHEMA));
    }
}
