package dev.hydrant.gateway;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.hydrant.log.SegmentedLog;
import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.HydrantException;
import java.io.IOException;
import dev.hydrant.spi.RecordBatch;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A parsed PutRecord or PutRecordBatch body. Parsing streams over the bytes with Jackson's parser and decodes each
 * {@code Data} with {@link java.util.Base64} (much faster than Jackson's own decoder), and checks Firehose's limits:
 * 1,024,000 bytes per record, 1..500 records and 4 MiB per batch.
 */
public record PutRecordRequest(String deliveryStreamName, RecordBatch records) {
    public static final int MAX_RECORD_BYTES = 1_024_000;
    public static final int MAX_BATCH_RECORDS = 500;
    public static final long MAX_BATCH_BYTES = 4L * 1024 * 1024;
    private static final JsonFactory JSON = new JsonFactory();

    public PutRecordRequest {
        requireNonNull(deliveryStreamName, "deliveryStreamName is null");
        requireNonNull(records, "records is null");
    }

    /** Parses {@code {"DeliveryStreamName": ..., "Record": {"Data": ...}}}. */
    public static PutRecordRequest parsePutRecord(byte[] body) {
        return parse(body, 0, body.length, false);
    }

    /** Parses {@code {"DeliveryStreamName": ..., "Records": [{"Data": ...}, ...]}}. */
    public static PutRecordRequest parsePutRecordBatch(byte[] body) {
        return parse(body, 0, body.length, true);
    }

    /** Parses a PutRecord ({@code batch} false) or PutRecordBatch body found at {@code body[offset, offset + length)}. */
    public static PutRecordRequest parse(byte[] body, int offset, int length, boolean batch) {
        PutRecordFastParser.Parsed fast = PutRecordFastParser.parse(body, offset, length, batch);
        if (fast != null) {
            return validate(fast.deliveryStreamName(), fast.records(), batch);
        }
        return parseWithJackson(body, offset, length, batch);
    }

    public long totalBytes() {
        return records.dataBytes();
    }

    private static PutRecordRequest parseWithJackson(byte[] body, int offset, int length, boolean batch) {
        String name = null;
        RecordBatch records = null;
        try (JsonParser parser = JSON.createParser(body, offset, length)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT, "request body");
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("DeliveryStreamName".equals(field)) {
                    expect(value, JsonToken.VALUE_STRING, "DeliveryStreamName");
                    name = parser.getText();
                }
                else if (!batch && "Record".equals(field)) {
                    records = new RecordBatch(1, length, SegmentedLog.RECORD_HEADROOM);
                    records.add(parseRecord(parser, value, "record"));
                }
                else if (batch && "Records".equals(field)) {
                    expect(value, JsonToken.START_ARRAY, "Records");
                    records = new RecordBatch(500, length, SegmentedLog.RECORD_HEADROOM);
                    JsonToken element;
                    while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
                        records.add(parseRecord(parser, element, "records." + (records.count() + 1) + ".member"));
                    }
                }
                else {
                    parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw serialization("Request body is not a single JSON object");
            }
        }
        catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw serialization("Malformed JSON request body: " + e.getOriginalMessage());
        }
        catch (IOException e) {
            throw serialization("Unreadable request body: " + e.getMessage());
        }
        return validate(name, records, batch);
    }

    private static PutRecordRequest validate(String name, RecordBatch records, boolean batch) {
        List<String> violations = new ArrayList<>();
        if (name == null) {
            violations.add("Value null at 'deliveryStreamName' failed to satisfy constraint: Member must not be null");
        }
        else if (name.isEmpty() || name.length() > 64 || !name.chars().allMatch(PutRecordRequest::isNameCharacter)) {
            violations.add("Value '" + name + "' at 'deliveryStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+ and have length between 1 and 64");
        }
        if (records == null) {
            violations.add("Value null at '" + (batch ? "records" : "record") + "' failed to satisfy constraint: Member must not be null");
        }
        else {
            if (batch && records.count() == 0) {
                violations.add("Value '[]' at 'records' failed to satisfy constraint: Member must have length greater than or equal to 1");
            }
            if (batch && records.count() > MAX_BATCH_RECORDS) {
                violations.add("Value at 'records' failed to satisfy constraint: Member must have length less than or equal to " + MAX_BATCH_RECORDS);
            }
            for (int i = 0; i < records.count(); i++) {
                if (records.length(i) > MAX_RECORD_BYTES) {
                    String path = batch ? "records." + (i + 1) + ".member.data" : "record.data";
                    violations.add("Value at '" + path + "' failed to satisfy constraint: Member must have length less than or equal to " + MAX_RECORD_BYTES);
                }
            }
        }
        if (!violations.isEmpty()) {
            String count = violations.size() == 1 ? "1 validation error detected: " : violations.size() + " validation errors detected: ";
            throw new HydrantException(ErrorCode.VALIDATION, count + String.join("; ", violations));
        }
        if (batch && records.dataBytes() > MAX_BATCH_BYTES) {
            throw new HydrantException(ErrorCode.INVALID_ARGUMENT,
                    "Records size exceeds " + MAX_BATCH_BYTES + " bytes limit: the batch holds " + records.dataBytes() + " bytes of data");
        }
        return new PutRecordRequest(name, records);
    }

    private static byte[] parseRecord(JsonParser parser, JsonToken token, String path) throws IOException {
        expect(token, JsonToken.START_OBJECT, path);
        byte[] data = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("Data".equals(field)) {
                expect(value, JsonToken.VALUE_STRING, path + ".data");
                try {
                    data = Base64.getDecoder().decode(parser.getText());
                }
                catch (IllegalArgumentException e) {
                    throw serialization("Value at '" + path + ".data' is not valid base64: " + e.getMessage());
                }
            }
            else {
                parser.skipChildren();
            }
        }
        if (data == null) {
            throw new HydrantException(ErrorCode.VALIDATION, "1 validation error detected: Value null at '" + path + ".data' failed to satisfy constraint: Member must not be null");
        }
        return data;
    }

    private static void expect(JsonToken actual, JsonToken expected, String what) {
        if (actual != expected) {
            throw serialization("Expected " + describe(expected) + " for " + what + " but found " + describe(actual));
        }
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "end of input";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : "'" + token.asString() + "'";
        };
    }

    private static boolean isNameCharacter(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    }

    private static HydrantException serialization(String message) {
        return new HydrantException(ErrorCode.SERIALIZATION, message);
    }
}
