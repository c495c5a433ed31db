package dev.hydrant.generator;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes Firehose PutRecord and PutRecordBatch request bodies straight into bytes, from records that are already
 * base64-encoded. The delivery stream name is validated by {@link LoadConfig} to need no JSON escaping.
 *
 * <pre>
 * PutRecord       {"DeliveryStreamName":"NAME","Record":{"Data":"BASE64"}}
 * PutRecordBatch  {"DeliveryStreamName":"NAME","Records":[{"Data":"BASE64"},{"Data":"BASE64"}]}
 * </pre>
 */
final class FirehoseRequestBodies {
    private static final byte[] RECORD_OPEN = ascii("\"Record\":");
    private static final byte[] RECORDS_OPEN = ascii("\"Records\":[");
    private static final byte[] DATA_OPEN = ascii("{\"Data\":\"");
    private static final byte[] DATA_CLOSE = ascii("\"}");

    private final byte[] nameMember;

    /** Bodies for the delivery stream {@code deliveryStreamName}. */
    FirehoseRequestBodies(String deliveryStreamName) {
        this.nameMember = ascii("{\"DeliveryStreamName\":\"" + deliveryStreamName + "\",");
    }

    /** A PutRecord body carrying one base64-encoded record. */
    byte[] putRecord(byte[] encodedRecord) {
        byte[] body = new byte[nameMember.length + RECORD_OPEN.length + DATA_OPEN.length + encodedRecord.length
                + DATA_CLOSE.length + 1];
        int position = put(body, 0, nameMember);
        position = put(body, position, RECORD_OPEN);
        position = putData(body, position, encodedRecord);
        body[position] = '}';
        return body;
    }

    /** A PutRecordBatch body carrying the base64-encoded records in order. */
    byte[] putRecordBatch(List<byte[]> encodedRecords) {
        int length = nameMember.length + RECORDS_OPEN.length + 2;
        for (byte[] encodedRecord : encodedRecords) {
            length += DATA_OPEN.length + encodedRecord.length + DATA_CLOSE.length + 1;
        }
        byte[] body = new byte[length - (encodedRecords.isEmpty() ? 0 : 1)];
        int position = put(body, 0, nameMember);
        position = put(body, position, RECORDS_OPEN);
        for (int index = 0; index < encodedRecords.size(); index++) {
            if (index > 0) {
                body[position++] = ',';
            }
            position = putData(body, position, encodedRecords.get(index));
        }
        body[position++] = ']';
        body[position] = '}';
        return body;
    }

    private static int putData(byte[] body, int position, byte[] encodedRecord) {
        position = put(body, position, DATA_OPEN);
        position = put(body, position, encodedRecord);
        return put(body, position, DATA_CLOSE);
    }

    private static int put(byte[] body, int position, byte[] bytes) {
        System.arraycopy(bytes, 0, body, position, bytes.length);
        return position + bytes.length;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
