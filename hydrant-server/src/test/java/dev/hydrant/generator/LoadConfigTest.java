package dev.hydrant.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.HydrantException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoadConfigTest {
    @Test
    void defaults() {
        LoadConfig config = LoadConfig.builder("telemetry").build();

        assertThat(config).isEqualTo(new LoadConfig(URI.create("http://127.0.0.1:4573"), "telemetry", IngestRoute.FIREHOSE,
                LoadLimit.records(1_000), 0, 500, 4, Optional.empty(), 10, Duration.ofMillis(50), Duration.ofSeconds(30),
                Duration.ofSeconds(1)));
        assertThat(config.usesPutRecordBatch()).isTrue();
        assertThat(config.requestUri()).isEqualTo(URI.create("http://127.0.0.1:4573/"));
    }

    @Test
    void explicitMapping() {
        LoadConfig config = LoadConfig.builder("sg12-kinesis-firehose-extended-s3-stream")
                .endpoint(URI.create("https://gateway.example.com/SG12-Serverless-processing-event-production-stage/"))
                .route(IngestRoute.STREAMS)
                .limit(LoadLimit.duration(Duration.ofSeconds(30)))
                .recordsPerSecond(1)
                .batchSize(1)
                .concurrency(16)
                .saveFile(Path.of("sent.ndjson"))
                .maxAttempts(3)
                .retryBaseDelay(Duration.ofMillis(5))
                .requestTimeout(Duration.ofSeconds(2))
                .progressInterval(Duration.ofMillis(250))
                .build();

        assertThat(config).isEqualTo(new LoadConfig(
                URI.create("https://gateway.example.com/SG12-Serverless-processing-event-production-stage/"),
                "sg12-kinesis-firehose-extended-s3-stream", IngestRoute.STREAMS, LoadLimit.duration(Duration.ofSeconds(30)), 1,
                1, 16, Optional.of(Path.of("sent.ndjson")), 3, Duration.ofMillis(5), Duration.ofSeconds(2),
                Duration.ofMillis(250)));
        assertThat(config.usesPutRecordBatch()).isFalse();
        assertThat(config.requestUri())
                .isEqualTo(URI.create("https://gateway.example.com/SG12-Serverless-processing-event-production-stage/streams"));
    }

    @Test
    void sendsPutRecordWhenBatchSizeIsOne() {
        LoadConfig config = LoadConfig.builder("telemetry").batchSize(1).build();

        assertThat(config.usesPutRecordBatch()).isFalse();
        assertThat(config.requestUri()).isEqualTo(URI.create("http://127.0.0.1:4573/"));
    }

    @Test
    void reportsEveryInvalidSettingAtOnce() {
        LoadConfig.Builder builder = LoadConfig.builder("no spaces allowed")
                .endpoint(URI.create("ftp://127.0.0.1/"))
                .limit(LoadLimit.records(0))
                .recordsPerSecond(-1)
                .batchSize(501)
                .concurrency(0)
                .maxAttempts(0)
                .retryBaseDelay(Duration.ofMillis(-1))
                .requestTimeout(Duration.ZERO)
                .progressInterval(Duration.ZERO);

        assertThatThrownBy(builder::build)
                .isInstanceOfSatisfying(HydrantException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContainingAll("endpoint:", "deliveryStreamName:", "limit.records:", "recordsPerSecond:",
                        "batchSize: must be 1..500", "concurrency:", "maxAttempts:", "retryBaseDelay:", "requestTimeout:",
                        "progressInterval:");
    }

    @Test
    void rejectsDurationThatIsNotPositive() {
        assertThatThrownBy(() -> LoadConfig.builder("telemetry").limit(LoadLimit.duration(Duration.ZERO)).build())
                .hasMessageContaining("limit.duration: must be positive");
    }
}
