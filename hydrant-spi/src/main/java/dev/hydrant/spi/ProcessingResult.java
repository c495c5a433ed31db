package dev.hydrant.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The outcome of processing one input record, in Firehose's words: {@code Ok} with the records it became (one for a
 * transform, several after de-aggregation), {@code Dropped}, or {@code ProcessingFailed} with the error code and
 * message that go into the record's {@code processing-failed} error document.
 */
public sealed interface ProcessingResult permits ProcessingResult.Ok, ProcessingResult.Dropped, ProcessingResult.ProcessingFailed {
    record Ok(List<ProcessorRecord> records) implements ProcessingResult {
        public Ok {
            records = List.copyOf(requireNonNull(records, "records is null"));
        }

        public static Ok of(ProcessorRecord record) {
            return new Ok(List.of(record));
        }
    }

    record Dropped() implements ProcessingResult {
    }

    /**
     * @param attemptsMade how many invocations were tried for this record (1 for built-in processors)
     * @param processorArn the Lambda ARN for Lambda processors, null for built-in ones
     */
    record ProcessingFailed(String errorCode, String errorMessage, int attemptsMade, String processorArn) implements ProcessingResult {
        public ProcessingFailed {
            requireNonNull(errorCode, "errorCode is null");
            requireNonNull(errorMessage, "errorMessage is null");
        }
    }
}
