package dev.hydrant.conformance;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;

/** The outcome of one conformance case. */
public sealed interface CaseResult permits CaseResult.Passed, CaseResult.Failed {
    Path file();

    Duration elapsed();

    /** The outputs received exactly the expected records ({@code records} in all), or the code was rejected as expected. */
    record Passed(Path file, int records, Duration elapsed) implements CaseResult {
        public Passed {
            requireNonNull(file, "file is null");
            requireNonNull(elapsed, "elapsed is null");
        }
    }

    /** {@code reason} says what went wrong; its first line sums it up, the lines after it give the details. */
    record Failed(Path file, String reason, Duration elapsed) implements CaseResult {
        public Failed {
            requireNonNull(file, "file is null");
            requireNonNull(reason, "reason is null");
            requireNonNull(elapsed, "elapsed is null");
        }
    }
}
