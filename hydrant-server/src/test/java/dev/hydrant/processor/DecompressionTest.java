package dev.hydrant.processor;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hydrant.control.ProcessingConfiguration.Processor;
import dev.hydrant.spi.ProcessingResult;
import dev.hydrant.spi.ProcessorRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class DecompressionTest {
    private static final String SUBSCRIPTION_MESSAGE = "{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"123456789012\",\"logGroup\":\"/aws/lambda/f\","
            + "\"logStream\":\"2024/01/01/[$LATEST]abc\",\"subscriptionFilters\":[\"to-firehose\"],"
            + "\"logEvents\":[{\"id\":\"3719\",\"timestamp\":1704067200000,\"message\":\"START RequestId: 1\"}]}";

    @Test
    void gunzipsCloudWatchLogsPayload() {
        ProcessorRecord record = new ProcessorRecord(gzip(SUBSCRIPTION_MESSAGE.getBytes(UTF_8)), 12, Map.of(), Map.of());

        ProcessingResult result = decompression().process(List.of(record)).join().get(0);

        assertThat(result).isInstanceOf(ProcessingResult.Ok.class);
        ProcessorRecord out = ((ProcessingResult.Ok) result).records().get(0);
        assertThat(new String(out.data(), UTF_8)).isEqualTo(SUBSCRIPTION_MESSAGE);
        assertThat(out.arrivalTimestamp()).isEqualTo(12);
    }

    @Test
    void gunzipsConcatenatedMembers() {
        byte[] first = gzip("part one, ".getBytes(UTF_8));
        byte[] second = gzip("part two".getBytes(UTF_8));
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);

        ProcessingResult result = decompression().process(List.of(ProcessorRecord.of(both, 1))).join().get(0);

        assertThat(new String(((ProcessingResult.Ok) result).records().get(0).data(), UTF_8)).isEqualTo("part one, part two");
    }

    @Test
    void failsRecordsThatAreNotGzipOrTruncated() {
        byte[] compressed = gzip(SUBSCRIPTION_MESSAGE.getBytes(UTF_8));

        List<ProcessingResult> results = decompression().process(List.of(
                ProcessorRecord.of(SUBSCRIPTION_MESSAGE.getBytes(UTF_8), 1),
                ProcessorRecord.of(Arrays.copyOf(compressed, compressed.length / 2), 2))).join();

        assertThat(results).allSatisfy(result -> {
            assertThat(result).isInstanceOf(ProcessingResult.ProcessingFailed.class);
            assertThat(((ProcessingResult.ProcessingFailed) result).errorCode()).isEqualTo("Decompression.Failed");
        });
    }

    @Test
    void failsRecordThatInflatesPastTheLimit() {
        Decompression processor = new Decompression(new DecompressionConfig("GZIP", 1000));

        List<ProcessingResult> results = processor.process(List.of(
                ProcessorRecord.of(gzip(new byte[1000]), 1),
                ProcessorRecord.of(gzip(new byte[1001]), 2))).join();

        assertThat(results.get(0)).isInstanceOf(ProcessingResult.Ok.class);
        assertThat(results.get(1)).isInstanceOf(ProcessingResult.ProcessingFailed.class);
        assertThat(((ProcessingResult.ProcessingFailed) results.get(1)).errorMessage()).contains("exceeds 1000 bytes");
    }

    @Test
    void acceptsOnlyGzip() {
        List<String> problems = new ArrayList<>();

        assertThat(DecompressionConfig.from(new Processor("Decompression", Map.of()), "Processors[0]", problems)).isEqualTo(DecompressionConfig.gzip());
        assertThat(DecompressionConfig.from(new Processor("Decompression", Map.of("CompressionFormat", "ZIP")), "Processors[0]", problems)).isNull();
        assertThat(problems).containsExactly("Processors[0].Parameters.CompressionFormat: must be GZIP, was 'ZIP'");
    }

    private static Decompression decompression() {
        List<String> problems = new ArrayList<>();
        DecompressionConfig config = DecompressionConfig.from(new Processor("Decompression", Map.of("CompressionFormat", "GZIP")), "Processors[0]", problems);
        assertThat(problems).isEmpty();
        return new Decompression(config);
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(output)) {
            gzip.write(data);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return output.toByteArray();
    }
}
