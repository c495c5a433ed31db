package dev.hydrant.delivery;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hydrant.server.TestingHydrant;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Data format conversion end to end: a stream created over the Firehose API with a Parquet (or ORC) output and the
 * table's columns, JSON records put, the converted object read back with DuckDB, and the records that did not
 * convert found in the {@code format-conversion-failed} error output in AWS's document shape.
 */
class FormatConversionIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String BUCKET = "telemetry";
    private static final List<String> GOOD = List.of(
            "{\"car\":\"VER\",\"lap\":12,\"speed\":312.5,\"pit\":false,\"ts\":\"2024-05-01T14:03:07.250Z\",\"sectors\":[28123,31456]}",
            "{\"car\":\"HAM\",\"lap\":3,\"speed\":298.25,\"ts\":1714572187,\"extra\":\"ignored\"}",
            "{\"Car\":\"NOR\",\"SPEED\":-0.5}");
    private static final List<String> BAD = List.of("not json", "{\"car\":\"LEC\",\"lap\":\"three\"}");

    @Test
    void convertsJsonToParquetAndWritesFailedRecordsToTheErrorOutput() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start()) {
            HttpResponse<String> created = hydrant.firehose("CreateDeliveryStream", createRequest("laps", "ParquetSerDe"));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            JsonNode described = MAPPER.readTree(hydrant.firehose("DescribeDeliveryStream", "{\"DeliveryStreamName\":\"laps\"}").body());
            assertThat(described.at("/DeliveryStreamDescription/Destinations/0/ExtendedS3DestinationDescription/DataFormatConversionConfiguration/SchemaConfiguration/Columns/2/Type").asText())
                    .isEqualTo("double");

            List<String> records = new ArrayList<>();
            records.add(GOOD.get(0));
            records.add(BAD.get(0));
            records.add(GOOD.get(1));
            records.add(BAD.get(1));
            records.add(GOOD.get(2));
            HttpResponse<String> put = hydrant.firehose("PutRecordBatch", putRecordBatch("laps", records));
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

            List<String> keys = hydrant.awaitObjectKeys(BUCKET, found -> found.size() == 2);
            String dataKey = keys.stream().filter(key -> key.startsWith("laps/")).findFirst().orElseThrow();
            String errorKey = keys.stream().filter(key -> key.startsWith("errors/")).findFirst().orElseThrow();
            assertThat(dataKey).matches("laps/\\d{4}/\\d{2}/\\d{2}/\\d{2}/laps-1-\\d{4}(-\\d{2}){5}-[0-9a-f-]{36}\\.parquet");
            assertThat(errorKey).matches("errors/format-conversion-failed/\\d{4}/\\d{2}/\\d{2}/\\d{2}/laps-1-\\d{4}(-\\d{2}){5}-[0-9a-f-]{36}");

            assertThat(duckDbRows(hydrant.bucketDirectory(BUCKET).resolve(dataKey))).containsExactly(
                    "VER|12|312.5|false|2024-05-01 14:03:07.25|[28123, 31456]",
                    "HAM|3|298.25|NULL|2024-05-01 14:03:07|NULL",
                    "NOR|NULL|-0.5|NULL|NULL|NULL");

            List<JsonNode> documents = new ArrayList<>();
            for (String line : new String(TestingHydrant.readObject(hydrant.bucketDirectory(BUCKET).resolve(errorKey)), UTF_8).split("\n")) {
                documents.add(MAPPER.readTree(line));
            }
            assertThat(documents).hasSize(2);
            assertThat(documents).extracting(document -> new String(Base64.getDecoder().decode(document.get("rawData").asText()), UTF_8))
                    .containsExactly(BAD.get(0), BAD.get(1));
            assertThat(documents).extracting(document -> document.get("lastErrorCode").asText())
                    .containsExactly("DataFormatConversion.MalformedData", "DataFormatConversion.InvalidValue");
            assertThat(documents).extracting(document -> document.get("sequenceNumber").asText()).containsExactly("1", "3");
            JsonNode first = documents.get(0);
            assertThat(first.get("attemptsMade").asInt()).isEqualTo(1);
            assertThat(first.get("subSequenceNumber").asInt()).isZero();
            assertThat(first.get("arrivalTimestamp").isIntegralNumber()).isTrue();
            assertThat(first.get("attemptEndingTimestamp").asLong()).isGreaterThanOrEqualTo(first.get("arrivalTimestamp").asLong());
            assertThat(documents.get(1).get("lastErrorMessage").asText()).isEqualTo("lap: cannot convert \"three\" to smallint");
            JsonNode table = first.get("dataCatalogTable");
            assertThat(table.get("databaseName").asText()).isEqualTo("racing");
            assertThat(table.get("tableName").asText()).isEqualTo("laps");
            assertThat(table.get("versionId").asText()).isEqualTo("LATEST");
            assertThat(table.get("catalogArn").asText()).isEqualTo("arn:aws:glue:" + table.get("region").asText() + ":" + table.get("catalogId").asText() + ":catalog");

            await().atMost(TestingHydrant.WAIT).untilAsserted(() -> {
                String metrics = hydrant.metrics();
                assertThat(TestingHydrant.metricValue(metrics, "SucceedConversion_Records", "laps")).hasValue(3.0);
                assertThat(TestingHydrant.metricValue(metrics, "FailedConversion_Records", "laps")).hasValue(2.0);
                assertThat(TestingHydrant.metricValue(metrics, "FailedConversion_Bytes", "laps"))
                        .hasValue((double) (BAD.get(0).length() + BAD.get(1).length()));
                assertThat(TestingHydrant.metricValue(metrics, "DeliveryToS3_Records", "laps")).hasValue(3.0);
            });
        }
    }

    @Test
    void writesNoDataObjectWhenNoRecordConverts() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start()) {
            HttpResponse<String> created = hydrant.firehose("CreateDeliveryStream", createRequest("orc", "OrcSerDe"));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);

            assertThat(hydrant.firehose("PutRecordBatch", putRecordBatch("orc", BAD)).statusCode()).isEqualTo(200);
            assertThat(hydrant.firehose("PutRecordBatch", putRecordBatch("orc", List.of(GOOD.get(0)))).statusCode()).isEqualTo(200);

            List<String> keys = hydrant.awaitObjectKeys(BUCKET, found -> found.stream().anyMatch(key -> key.endsWith(".orc")));
            await().atMost(TestingHydrant.WAIT).untilAsserted(() ->
                    assertThat(TestingHydrant.metricValue(hydrant.metrics(), "FailedConversion_Records", "orc")).hasValue(2.0));
            keys = hydrant.objectKeys(BUCKET);
            assertThat(keys).filteredOn(key -> key.startsWith("orc/")).hasSize(1).allMatch(key -> key.endsWith(".orc"));
            assertThat(keys).filteredOn(key -> key.startsWith("errors/format-conversion-failed/")).hasSize(1);
        }
    }

    @Test
    void rejectsConversionWithASmallBuffer() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start()) {
            String request = createRequest("small", "ParquetSerDe").replace("\"SizeInMBs\":64", "\"SizeInMBs\":5");

            HttpResponse<String> response = hydrant.firehose("CreateDeliveryStream", request);

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("InvalidArgumentException")
                    .contains("BufferingHints.SizeInMBs must be at least 64 when DataFormatConversionConfiguration is enabled");
        }
    }

    @Test
    void convertsProcessedRecordsWithAnInferredSchema() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start()) {
            HttpResponse<String> created = hydrant.firehose("CreateDeliveryStream", """
                    {"DeliveryStreamName":"inferred","ExtendedS3DestinationConfiguration":{"RoleARN":"%s","BucketARN":"arn:aws:s3:::%s",
                       "Prefix":"inferred/","ErrorOutputPrefix":"errors/!{firehose:error-output-type}/",
                       "BufferingHints":{"SizeInMBs":64,"IntervalInSeconds":0},
                       "ProcessingConfiguration":{"Enabled":true,"Processors":[{"Type":"AppendDelimiterToRecord","Parameters":[]}]},
                       "DataFormatConversionConfiguration":{
                         "SchemaConfiguration":{"DatabaseName":"racing","TableName":"not-in-hydrant"},
                         "InputFormatConfiguration":{"Deserializer":{"OpenXJsonSerDe":{}}},
                         "OutputFormatConfiguration":{"Serializer":{"ParquetSerDe":{"Compression":"GZIP"}}}}}}"""
                    .formatted(TestingHydrant.ROLE_ARN, BUCKET));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);

            List<String> records = List.of("{\"car\":\"VER\",\"speed\":312.5}", "[1]", "{\"car\":\"HAM\",\"speed\":298}");
            assertThat(hydrant.firehose("PutRecordBatch", putRecordBatch("inferred", records)).statusCode()).isEqualTo(200);

            List<String> keys = hydrant.awaitObjectKeys(BUCKET, found -> found.size() == 2);
            String dataKey = keys.stream().filter(key -> key.startsWith("inferred/")).findFirst().orElseThrow();
            String errorKey = keys.stream().filter(key -> key.startsWith("errors/format-conversion-failed/")).findFirst().orElseThrow();
            assertThat(dataKey).endsWith(".parquet");
            assertThat(duckDbRows(hydrant.bucketDirectory(BUCKET).resolve(dataKey))).containsExactly("VER|312.5", "HAM|298.0");
            JsonNode document = MAPPER.readTree(new String(TestingHydrant.readObject(hydrant.bucketDirectory(BUCKET).resolve(errorKey)), UTF_8));
            assertThat(new String(Base64.getDecoder().decode(document.get("rawData").asText()), UTF_8)).isEqualTo("[1]\n");
            assertThat(document.get("sequenceNumber").asText()).isEqualTo("0");
            assertThat(document.get("subSequenceNumber").asInt()).isEqualTo(1);
            assertThat(document.get("dataCatalogTable").get("tableName").asText()).isEqualTo("not-in-hydrant");
        }
    }

    private static String createRequest(String name, String serializer) {
        return """
                {"DeliveryStreamName":"%s","DeliveryStreamType":"DirectPut",
                 "ExtendedS3DestinationConfiguration":{"RoleARN":"%s","BucketARN":"arn:aws:s3:::%s",
                   "Prefix":"%s/","ErrorOutputPrefix":"errors/!{firehose:error-output-type}/",
                   "BufferingHints":{"SizeInMBs":64,"IntervalInSeconds":0},
                   "DataFormatConversionConfiguration":{
                     "SchemaConfiguration":{"DatabaseName":"racing","TableName":"laps","Columns":[
                       {"Name":"car","Type":"string"},{"Name":"lap","Type":"smallint"},{"Name":"speed","Type":"double"},
                       {"Name":"pit","Type":"boolean"},{"Name":"ts","Type":"timestamp"},{"Name":"sectors","Type":"array<int>"}]},
                     "InputFormatConfiguration":{"Deserializer":{"OpenXJsonSerDe":{}}},
                     "OutputFormatConfiguration":{"Serializer":{"%s":{}}}}}}"""
                .formatted(name, TestingHydrant.ROLE_ARN, BUCKET, name, serializer);
    }

    private static String putRecordBatch(String stream, List<String> records) {
        ObjectNode request = MAPPER.createObjectNode().put("DeliveryStreamName", stream);
        ArrayNode array = request.putArray("Records");
        records.forEach(record -> array.addObject().put("Data", Base64.getEncoder().encodeToString(record.getBytes(UTF_8))));
        return request.toString();
    }

    /** Every row, its columns cast to text by DuckDB and joined by {@code |}. */
    private static List<String> duckDbRows(Path file) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            try (ResultSet result = statement.executeQuery("SELECT COLUMNS(*)::VARCHAR FROM read_parquet('" + file + "')")) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    List<String> values = new ArrayList<>();
                    for (int column = 1; column <= columns; column++) {
                        String value = result.getString(column);
                        values.add(value == null ? "NULL" : value);
                    }
                    rows.add(String.join("|", values));
                }
            }
        }
        return rows;
    }
}
