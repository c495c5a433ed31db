package dev.hydrant.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.hydrant.gateway.PutRecordRequest;
import dev.hydrant.generator.TelemetryGenerator;
import dev.hydrant.spi.RecordBatch;
import java.io.IOException;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parsing a full PutRecordBatch body (500 records of about 1 KiB of F1 telemetry, base64 in JSON) into a
 * {@link RecordBatch}, in records per second.
 *
 * <p>{@link #hydrantParser} is the gateway's path, {@link PutRecordRequest#parsePutRecordBatch}, including its
 * validation of Firehose's limits. The two baselines parse the same body with Jackson's streaming parser into the same
 * kind of {@link RecordBatch}, and differ only in how they decode {@code Data}: {@link #jacksonWithJdkBase64} takes
 * the string with {@code getText()} and decodes it with {@link java.util.Base64}, {@link #jacksonBinaryValue} uses
 * Jackson's own decoder, {@code getBinaryValue()}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(PutRecordBatchParsingBenchmark.RECORDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class PutRecordBatchParsingBenchmark {
    static final int RECORDS = 500;
    private static final JsonFactory JSON = new JsonFactory();

    private byte[] body;

    @Setup(Level.Trial)
    public void createBody() throws IOException {
        TelemetryGenerator generator = new TelemetryGenerator(42L);
        Base64.Encoder encoder = Base64.getEncoder();
        StringBuilder json = new StringBuilder(RECORDS * 1_400).append("{\"DeliveryStreamName\":\"bench\",\"Records\":[");
        for (int i = 0; i < RECORDS; i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"Data\":\"").append(encoder.encodeToString(generator.next())).append("\"}");
        }
        body = json.append("]}").toString().getBytes(UTF_8);

        // Every variant must produce the same 500 records, or the comparison means nothing.
        RecordBatch expected = PutRecordRequest.parsePutRecordBatch(body).records();
        checkSame(expected, parseWithJdkBase64(body), "jacksonWithJdkBase64");
        checkSame(expected, parseWithBinaryValue(body), "jacksonBinaryValue");
        if (expected.count() != RECORDS) {
            throw new IllegalStateException("hydrantParser read " + expected.count() + " records, expected " + RECORDS);
        }
    }

    @Benchmark
    public void hydrantParser(Blackhole blackhole) {
        PutRecordRequest request = PutRecordRequest.parsePutRecordBatch(body);
        blackhole.consume(request.deliveryStreamName());
        blackhole.consume(request.records());
    }

    @Benchmark
    public void jacksonWithJdkBase64(Blackhole blackhole) throws IOException {
        blackhole.consume(parseWithJdkBase64(body));
    }

    @Benchmark
    public void jacksonBinaryValue(Blackhole blackhole) throws IOException {
        blackhole.consume(parseWithBinaryValue(body));
    }

    private static Parsed parseWithJdkBase64(byte[] body) throws IOException {
        return parseWithJackson(body, false);
    }

    private static Parsed parseWithBinaryValue(byte[] body) throws IOException {
        return parseWithJackson(body, true);
    }

    /** Reads {@code DeliveryStreamName} and every {@code Records[].Data}, decoding with Jackson or with the JDK. */
    private static Parsed parseWithJackson(byte[] body, boolean binaryValue) throws IOException {
        String deliveryStreamName = null;
        RecordBatch records = new RecordBatch(RECORDS, body.length);
        Base64.Decoder decoder = Base64.getDecoder();
        try (JsonParser parser = JSON.createParser(body)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("DeliveryStreamName".equals(field)) {
                    expect(value, JsonToken.VALUE_STRING);
                    deliveryStreamName = parser.getText();
                }
                else if ("Records".equals(field)) {
                    expect(value, JsonToken.START_ARRAY);
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        while (parser.nextToken() == JsonToken.FIELD_NAME) {
                            String recordField = parser.currentName();
                            JsonToken recordValue = parser.nextToken();
                            if ("Data".equals(recordField)) {
                                expect(recordValue, JsonToken.VALUE_STRING);
                                records.add(binaryValue ? parser.getBinaryValue() : decoder.decode(parser.getText()));
                            }
                            else {
                                parser.skipChildren();
                            }
                        }
                    }
                }
                else {
                    parser.skipChildren();
                }
            }
        }
        return new Parsed(deliveryStreamName, records);
    }

    private static void expect(JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw new IllegalStateException("Expected " + expected + " but found " + actual);
        }
    }

    private static void checkSame(RecordBatch expected, Parsed actual, String variant) {
        RecordBatch records = actual.records();
        boolean same = "bench".equals(actual.deliveryStreamName())
                && records.count() == expected.count()
                && records.dataBytes() == expected.dataBytes()
                && java.util.Arrays.equals(records.array(), 0, (int) records.dataBytes(), expected.array(), 0, (int) expected.dataBytes());
        if (!same) {
            throw new IllegalStateException(variant + " does not produce the records that hydrantParser produces");
        }
    }

    private record Parsed(String deliveryStreamName, RecordBatch records) {}
}
