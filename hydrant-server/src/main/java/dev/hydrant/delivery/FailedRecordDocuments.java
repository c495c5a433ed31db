package dev.hydrant.delivery;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.hydrant.processor.ProcessingChain.FailedRecord;
import dev.hydrant.spi.ProcessingResult.ProcessingFailed;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Firehose's failed-record documents, as written under the ErrorOutputPrefix: one JSON object per record, each
 * followed by a newline.
 *
 * <pre>
 * {"attemptsMade":4,"arrivalTimestamp":1616775127000,"errorCode":"Lambda.FunctionError","errorMessage":"...",
 *  "attemptEndingTimestamp":1616775130000,"rawData":"&lt;base64&gt;","lambdaArn":"arn:aws:lambda:...:function:f"}
 * </pre>
 *
 * {@code lambdaArn} appears only for records a Lambda processor failed. {@code rawData} is the record as the failing
 * processor received it (the source record, unless an earlier processor such as de-aggregation changed it).
 */
public final class FailedRecordDocuments {
    private static final JsonFactory JSON = new JsonFactory();

    private FailedRecordDocuments() {}

    public static void write(FailedRecord failed, long attemptEndingTimestamp, OutputStream out) throws IOException {
        requireNonNull(failed, "failed is null");
        ProcessingFailed failure = failed.failure();
        JsonGenerator generator = JSON.createGenerator(out);
        generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        generator.writeStartObject();
        generator.writeNumberField("attemptsMade", Math.max(1, failure.attemptsMade()));
        generator.writeNumberField("arrivalTimestamp", failed.record().arrivalTimestamp());
        generator.writeStringField("errorCode", failure.errorCode());
        generator.writeStringField("errorMessage", failure.errorMessage());
        generator.writeNumberField("attemptEndingTimestamp", attemptEndingTimestamp);
        generator.writeFieldName("rawData");
        generator.writeBinary(failed.record().data());
        if (failure.processorArn() != null) {
            generator.writeStringField("lambdaArn", failure.processorArn());
        }
        generator.writeEndObject();
        generator.flush();
        out.write('\n');
    }
}
