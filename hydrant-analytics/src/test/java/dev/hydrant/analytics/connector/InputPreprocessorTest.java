package dev.hydrant.analytics.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hydrant.spi.FunctionResult;
import dev.hydrant.spi.LogRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputPreprocessorTest {
    private static final InputPreprocessor PREPROCESSOR = new InputPreprocessor("arn:aws:lambda:us-east-1:000000000000:function:f",
            "arn:aws:kinesisanalytics:us-east-1:000000000000:application/app", "arn:aws:firehose:us-east-1:000000000000:deliverystream/in");
    private static final List<LogRecord> RECORDS = List.of(new LogRecord(7, 1000, bytes("a")), new LogRecord(8, 1001, bytes("b")));

    @Test
    void eventCarriesKdaShapeWithIdsThatRepeatOnReplay() {
        String event = new String(PREPROCESSOR.event("id-1", 2, RECORDS), StandardCharsets.UTF_8);

        assertThat(event).isEqualTo("{\"invocationId\":\"id-1\",\"applicationArn\":\"arn:aws:kinesisanalytics:us-east-1:000000000000:application/app\","
                + "\"streamArn\":\"arn:aws:firehose:us-east-1:000000000000:deliverystream/in\",\"records\":["
                + "{\"recordId\":\"" + InputPreprocessor.recordId(2, 7) + "\",\"data\":\"YQ==\",\"kinesisFirehoseRecordMetadata\":{\"approximateArrivalTimestamp\":1000}},"
                + "{\"recordId\":\"" + InputPreprocessor.recordId(2, 8) + "\",\"data\":\"Yg==\",\"kinesisFirehoseRecordMetadata\":{\"approximateArrivalTimestamp\":1001}}]}");
        assertThat(InputPreprocessor.recordId(2, 7)).hasSize(56).isEqualTo("0000000000000000000000020000000000000000000000000000000" + "7");
        assertThat(InputPreprocessor.invocationId("c", 2, 7, 2)).isEqualTo(InputPreprocessor.invocationId("c", 2, 7, 2));
    }

    @Test
    void readsOkDroppedAndProcessingFailedInBatchOrder() throws Exception {
        String response = "{\"records\":[{\"recordId\":\"" + InputPreprocessor.recordId(2, 8) + "\",\"result\":\"ProcessingFailed\"},"
                + "{\"recordId\":\"" + InputPreprocessor.recordId(2, 7) + "\",\"result\":\"Ok\",\"data\":\"QQ==\"}]}";

        List<InputPreprocessor.Outcome> outcomes = PREPROCESSOR.outcomes(FunctionResult.success(bytes(response)), 2, RECORDS);

        assertThat(outcomes).extracting(InputPreprocessor.Outcome::result)
                .containsExactly(InputPreprocessor.Result.OK, InputPreprocessor.Result.PROCESSING_FAILED);
        assertThat(outcomes.get(0).data()).isEqualTo(bytes("A"));
    }

    @Test
    void aMissingRecordFailsTheWholeInvocation() {
        String response = "{\"records\":[{\"recordId\":\"" + InputPreprocessor.recordId(2, 7) + "\",\"result\":\"Dropped\"}]}";

        assertThatThrownBy(() -> PREPROCESSOR.outcomes(FunctionResult.success(bytes(response)), 2, RECORDS))
                .isInstanceOf(InputPreprocessor.InvocationFailure.class)
                .hasMessageContaining("did not return recordId " + InputPreprocessor.recordId(2, 8));
    }

    @Test
    void unknownResultOrFunctionErrorFailsTheWholeInvocation() {
        String unknown = "{\"records\":[{\"recordId\":\"" + InputPreprocessor.recordId(2, 7) + "\",\"result\":\"Maybe\"}]}";
        assertThatThrownBy(() -> PREPROCESSOR.outcomes(FunctionResult.success(bytes(unknown)), 2, RECORDS))
                .isInstanceOf(InputPreprocessor.InvocationFailure.class);
        assertThatThrownBy(() -> PREPROCESSOR.outcomes(new FunctionResult(bytes("{\"errorMessage\":\"x\",\"errorType\":\"E\"}"), FunctionResult.UNHANDLED), 2, RECORDS))
                .isInstanceOf(InputPreprocessor.InvocationFailure.class)
                .hasMessageEndingWith("failed (Unhandled): E: x");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
