package dev.hydrant.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.HydrantException;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PutRecordRequestTest {
    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(UTF_8));
    }

    private static byte[] batch(int count) {
        String records = IntStream.range(0, count).mapToObj(i -> "{\"Data\":\"" + b64("r" + i) + "\"}").collect(Collectors.joining(","));
        return ("{\"DeliveryStreamName\":\"s\",\"Records\":[" + records + "]}").getBytes(UTF_8);
    }

    private static List<String> records(PutRecordRequest request) {
        return IntStream.range(0, request.records().count()).mapToObj(i -> new String(request.records().record(i), UTF_8)).toList();
    }

    private static ErrorCode errorOf(Runnable parse) {
        try {
            parse.run();
        }
        catch (HydrantException e) {
            return e.errorCode();
        }
        throw new AssertionError("expected a HydrantException");
    }

    @Test
    void fastAndGeneralParsersAgreeOnTheSimpleForm() {
        byte[] body = batch(3);
        assertThat(PutRecordFastParser.parse(body, true)).isNotNull();
        PutRecordRequest request = PutRecordRequest.parsePutRecordBatch(body);
        assertThat(request.deliveryStreamName()).isEqualTo("s");
        assertThat(records(request)).containsExactly("r0", "r1", "r2");
        assertThat(request.totalBytes()).isEqualTo(6);
    }

    @Test
    void fallsBackToJacksonForEscapesWhitespaceAndExtraMembers() {
        String escaped = b64("a/b?>>>").replace("/", "\\/");
        byte[] body = ("{ \"Records\" : [ {\"Data\": \"" + escaped + "\", \"Extra\": 1} ],\n \"DeliveryStreamName\": \"s\" }").getBytes(UTF_8);
        assertThat(PutRecordFastParser.parse(body, true)).isNull();
        PutRecordRequest request = PutRecordRequest.parsePutRecordBatch(body);
        assertThat(records(request)).containsExactly("a/b?>>>");
    }

    @Test
    void fastParserFindsTheEndOfDataAtEveryAlignment() {
        for (int length = 0; length < 40; length++) {
            String record = "y".repeat(length);
            byte[] body = ("{\"DeliveryStreamName\":\"s\",\"Records\":[{\"Data\":\"" + b64(record) + "\"},{\"Data\":\"" + b64(record + "z") + "\"}]}").getBytes(UTF_8);
            PutRecordFastParser.Parsed parsed = PutRecordFastParser.parse(body, true);
            assertThat(parsed).as("length %d", length).isNotNull();
            assertThat(records(new PutRecordRequest("s", parsed.records()))).containsExactly(record, record + "z");
        }
    }

    @Test
    void fastParserGivesUpOnAnEscapeInsideData() {
        byte[] body = ("{\"DeliveryStreamName\":\"s\",\"Records\":[{\"Data\":\"" + "QUFB".repeat(5) + "\\/QUFB\"}]}").getBytes(UTF_8);
        assertThat(PutRecordFastParser.parse(body, true)).isNull();
    }

    @Test
    void decodesBase64LikeTheJdkDecoder() {
        java.util.Random random = new java.util.Random(7);
        for (int length = 0; length < 200; length++) {
            byte[] original = new byte[length];
            random.nextBytes(original);
            for (String encoded : List.of(Base64.getEncoder().encodeToString(original), Base64.getEncoder().withoutPadding().encodeToString(original))) {
                byte[] source = ("xx" + encoded + "yy").getBytes(UTF_8);
                byte[] target = new byte[length + 12];
                java.util.Arrays.fill(target, (byte) 0x5A);
                int written = Base64Decoding.decode(source, 2, source.length - 2, target, 3);
                assertThat(written).isEqualTo(length);
                assertThat(java.util.Arrays.copyOfRange(target, 3, 3 + length)).isEqualTo(original);
                // the bytes around the record's range are untouched
                for (int i = 0; i < target.length; i++) {
                    if (i < 3 || i >= 3 + length) {
                        assertThat(target[i]).as("byte %d of a %d-byte record", i, length).isEqualTo((byte) 0x5A);
                    }
                }
            }
        }
        String valid = Base64.getEncoder().encodeToString(new byte[30]);
        for (int position = 0; position < valid.length(); position++) {
            byte[] source = (valid.substring(0, position) + "*" + valid.substring(position + 1)).getBytes(UTF_8);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Base64Decoding.decode(source, 0, source.length, new byte[64], 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Illegal base64 character 2a");
        }
        for (String invalid : List.of("A", "AB=", "A===", "AB=C", "AB*D", "QUJD\n")) {
            byte[] source = invalid.getBytes(UTF_8);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Base64Decoding.decode(source, 0, source.length, new byte[16], 0))
                    .as(invalid).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void parsesPutRecord() {
        byte[] body = ("{\"DeliveryStreamName\":\"s\",\"Record\":{\"Data\":\"" + b64("hello\n") + "\"}}").getBytes(UTF_8);
        assertThat(records(PutRecordRequest.parsePutRecord(body))).containsExactly("hello\n");
    }

    @Test
    void rejectsBatchOverFiveHundredRecords() {
        assertThat(errorOf(() -> PutRecordRequest.parsePutRecordBatch(batch(501)))).isEqualTo(ErrorCode.VALIDATION);
        assertThat(PutRecordRequest.parsePutRecordBatch(batch(500)).records().count()).isEqualTo(500);
    }

    @Test
    void rejectsEmptyBatch() {
        assertThat(errorOf(() -> PutRecordRequest.parsePutRecordBatch(batch(0)))).isEqualTo(ErrorCode.VALIDATION);
    }

    @Test
    void rejectsRecordOverOneThousandKibibytes() {
        String big = Base64.getEncoder().encodeToString(new byte[1_024_001]);
        String exact = Base64.getEncoder().encodeToString(new byte[1_024_000]);
        assertThat(errorOf(() -> PutRecordRequest.parsePutRecord(("{\"DeliveryStreamName\":\"s\",\"Record\":{\"Data\":\"" + big + "\"}}").getBytes(UTF_8))))
                .isEqualTo(ErrorCode.VALIDATION);
        assertThat(PutRecordRequest.parsePutRecord(("{\"DeliveryStreamName\":\"s\",\"Record\":{\"Data\":\"" + exact + "\"}}").getBytes(UTF_8)).totalBytes())
                .isEqualTo(1_024_000);
    }

    @Test
    void rejectsBatchOverFourMebibytes() {
        String record = "{\"Data\":\"" + Base64.getEncoder().encodeToString(new byte[1_000_000]) + "\"}";
        byte[] body = ("{\"DeliveryStreamName\":\"s\",\"Records\":[" + String.join(",", List.of(record, record, record, record, record)) + "]}").getBytes(UTF_8);
        assertThat(errorOf(() -> PutRecordRequest.parsePutRecordBatch(body))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void rejectsBadBase64AndMalformedJsonAsSerializationErrors() {
        assertThat(errorOf(() -> PutRecordRequest.parsePutRecord("{\"DeliveryStreamName\":\"s\",\"Record\":{\"Data\":\"%%%\"}}".getBytes(UTF_8))))
                .isEqualTo(ErrorCode.SERIALIZATION);
        assertThat(errorOf(() -> PutRecordRequest.parsePutRecord("{\"DeliveryStreamName\":\"s\",\"Record\":".getBytes(UTF_8)))).isEqualTo(ErrorCode.SERIALIZATION);
        assertThat(errorOf(() -> PutRecordRequest.parsePutRecord(new byte[] {(byte) 0xff, 0x00, 0x13}))).isEqualTo(ErrorCode.SERIALIZATION);
        assertThat(errorOf(() -> PutRecordRequest.parsePutRecord(new byte[0]))).isEqualTo(ErrorCode.SERIALIZATION);
        assertThat(errorOf(() -> PutRecordRequest.parsePutRecord("[1,2]".getBytes(UTF_8)))).isEqualTo(ErrorCode.SERIALIZATION);
    }

    @Test
    void rejectsMissingOrInvalidStreamName() {
        assertThat(errorOf(() -> PutRecordRequest.parsePutRecord(("{\"Record\":{\"Data\":\"" + b64("x") + "\"}}").getBytes(UTF_8)))).isEqualTo(ErrorCode.VALIDATION);
        assertThat(errorOf(() -> PutRecordRequest.parsePutRecord(("{\"DeliveryStreamName\":\"bad name!\",\"Record\":{\"Data\":\"" + b64("x") + "\"}}").getBytes(UTF_8))))
                .isEqualTo(ErrorCode.VALIDATION);
    }

    @Test
    void splitsNdjsonKeepingTheNewline() {
        assertThat(StreamsHandler.splitLines("{\"a\":1}\n\n{\"a\":2}\r\n{\"a\":3}".getBytes(UTF_8)))
                .extracting(bytes -> new String(bytes, UTF_8))
                .containsExactly("{\"a\":1}\n", "{\"a\":2}\r\n", "{\"a\":3}");
    }
}
