package dev.hydrant.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parquet and ORC conversion from the shaded jar: hydrant-format, Parquet, ORC, the slimmed Hadoop classes and the
 * native libraries they need must all have made it into {@code hydrant.jar}, and be found by ServiceLoader.
 */
class FormatConversionJarIT {
    private static final String RECORDS = "{\"car\":\"VER\",\"speed\":312.5}{\"car\":\"HAM\",\"speed\":298.25}";

    @TempDir
    Path dataDirectory;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void convertsToParquetAndOrcFromTheShadedJar() throws Exception {
        int port = HydrantProcess.freePort();
        try (HydrantProcess server = HydrantProcess.start(port, "server", "--port", Integer.toString(port), "--data-dir", dataDirectory.toString())) {
            for (String serializer : List.of("ParquetSerDe", "OrcSerDe")) {
                String name = serializer.equals("ParquetSerDe") ? "parquet" : "orc";
                HttpResponse<String> created = server.firehose(client, "CreateDeliveryStream", """
                        {"DeliveryStreamName":"%s","ExtendedS3DestinationConfiguration":{
                          "RoleARN":"arn:aws:iam::000000000000:role/r","BucketARN":"arn:aws:s3:::converted","Prefix":"%s/",
                          "BufferingHints":{"SizeInMBs":64,"IntervalInSeconds":0},
                          "DataFormatConversionConfiguration":{
                            "SchemaConfiguration":{"Columns":[{"Name":"car","Type":"string"},{"Name":"speed","Type":"double"}]},
                            "InputFormatConfiguration":{"Deserializer":{"OpenXJsonSerDe":{}}},
                            "OutputFormatConfiguration":{"Serializer":{"%s":{}}}}}}""".formatted(name, name, serializer));
                assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
                HttpResponse<String> put = server.firehose(client, "PutRecord", "{\"DeliveryStreamName\":\"" + name
                        + "\",\"Record\":{\"Data\":\"" + Base64.getEncoder().encodeToString(RECORDS.getBytes(UTF_8)) + "\"}}");
                assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            }

            Path bucket = dataDirectory.resolve("buckets/converted");
            await().atMost(Duration.ofSeconds(60)).until(() -> object(bucket, "parquet/", ".parquet").isPresent()
                    && object(bucket, "orc/", ".orc").isPresent());

            assertThat(duckDbRows(object(bucket, "parquet/", ".parquet").orElseThrow())).containsExactly("VER|312.5", "HAM|298.25");
            byte[] orc = Files.readAllBytes(object(bucket, "orc/", ".orc").orElseThrow());
            assertThat(new String(orc, 0, 3, UTF_8)).isEqualTo("ORC");
            assertThat(server.output()).doesNotContain("cannot convert record formats").doesNotContain("ERROR");
        }
    }

    private static Optional<Path> object(Path bucket, String prefix, String extension) throws Exception {
        Path directory = bucket.resolve(prefix);
        if (!Files.isDirectory(directory)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).filter(file -> file.toString().endsWith(extension)).findFirst();
        }
    }

    private static List<String> duckDbRows(Path file) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT COLUMNS(*)::VARCHAR FROM read_parquet('" + file + "')")) {
            while (result.next()) {
                rows.add(result.getString(1) + "|" + result.getString(2));
            }
        }
        return rows;
    }
}
