package dev.hydrant.gateway;

import static java.util.Objects.requireNonNull;

import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.HydrantException;
import dev.hydrant.spi.RecordBatch;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The REST routes that an API Gateway puts in front of Firehose in the reference deployment, with or without a
 * stage prefix: {@code GET /streams} (ListDeliveryStreams), {@code PUT|POST /streams} (PutRecord with the Firehose
 * JSON body passed through), and Hydrant's {@code POST /streams/{name}/records} taking NDJSON, one record per line.
 */
public final class StreamsHandler {
    private final FirehoseHandler firehose;

    public StreamsHandler(FirehoseHandler firehose) {
        this.firehose = requireNonNull(firehose, "firehose is null");
    }

    public void list(RoutingContext context) {
        try {
            FirehoseHandler.respond(context.response(), firehose.listDeliveryStreams(bodyOf(context)));
        }
        catch (RuntimeException e) {
            AwsErrors.send(context.response(), e);
        }
    }

    public void putRecord(RoutingContext context) {
        try {
            RequestBody body = RequestBody.of(context);
            firehose.putRecord(PutRecordRequest.parse(body.array(), body.offset(), body.length(), false), context.response());
        }
        catch (RuntimeException e) {
            AwsErrors.send(context.response(), e);
        }
    }

    /**
     * NDJSON: each line is one record. The line terminator ({@code \n} or {@code \r\n}) is kept as part of the
     * record, so objects in the bucket stay newline-delimited; a last line without a terminator is stored as sent.
     * Empty lines are skipped. Answers like PutRecordBatch, without the 500-record limit (4 MiB per request still).
     */
    public void putNdjson(RoutingContext context) {
        try {
            String name = context.pathParam("name");
            byte[] body = bodyOf(context);
            List<byte[]> records = splitLines(body);
            if (records.isEmpty()) {
                throw new HydrantException(ErrorCode.VALIDATION, "1 validation error detected: the request body holds no records (one JSON document per line expected)");
            }
            if (body.length > PutRecordRequest.MAX_BATCH_BYTES) {
                throw new HydrantException(ErrorCode.INVALID_ARGUMENT, "Records size exceeds " + PutRecordRequest.MAX_BATCH_BYTES + " bytes limit");
            }
            for (byte[] record : records) {
                if (record.length > PutRecordRequest.MAX_RECORD_BYTES) {
                    throw new HydrantException(ErrorCode.VALIDATION,
                            "1 validation error detected: a line is longer than " + PutRecordRequest.MAX_RECORD_BYTES + " bytes");
                }
            }
            firehose.putRecords(new PutRecordRequest(name, RecordBatch.of(records)), context.response());
        }
        catch (RuntimeException e) {
            AwsErrors.send(context.response(), e);
        }
    }

    static List<byte[]> splitLines(byte[] body) {
        List<byte[]> records = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '\n') {
                int end = i == body.length ? i : i + 1;
                if (!isBlank(body, start, end)) {
                    byte[] record = new byte[end - start];
                    System.arraycopy(body, start, record, 0, record.length);
                    records.add(record);
                }
                start = i + 1;
            }
        }
        return records;
    }

    private static boolean isBlank(byte[] body, int start, int end) {
        for (int i = start; i < end; i++) {
            if (body[i] != '\n' && body[i] != '\r' && body[i] != ' ' && body[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    private static byte[] bodyOf(RoutingContext context) {
        return context.body() == null || context.body().buffer() == null ? new byte[0] : context.body().buffer().getBytes();
    }
}
