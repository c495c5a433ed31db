package dev.hydrant.kinesisanalytics;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.HydrantException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Collects every problem of one Kinesis Analytics request and throws one exception for them all: JSON of the wrong
 * type as SerializationException; broken model constraints and unsupported members as InvalidArgumentException (the
 * KDA v1 model has no ValidationException), constraint messages in AWS's
 * {@code "Value 'X' at 'member.path' failed to satisfy constraint: ..."} format.
 */
final class ApplicationRequestProblems {
    private final List<String> wrongTypes = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    void wrongType(String path, String expected, JsonNode actual) {
        wrongTypes.add("Expected " + expected + " at '" + path + "' but found " + actual.getNodeType().name().toLowerCase(Locale.ROOT));
    }

    void missing(String path) {
        problems.add("Value null at '" + path + "' failed to satisfy constraint: Member must not be null");
    }

    void violation(Object value, String path, String constraint) {
        problems.add("Value '" + value + "' at '" + path + "' failed to satisfy constraint: " + constraint);
    }

    void invalidArgument(String message) {
        problems.add(requireNonNull(message, "message is null"));
    }

    void checkLength(String value, String path, int minimum, int maximum) {
        if (value.length() < minimum) {
            violation(value, path, "Member must have length greater than or equal to " + minimum);
        }
        if (value.length() > maximum) {
            violation(value.length() > 64 ? value.substring(0, 64) + "..." : value, path, "Member must have length less than or equal to " + maximum);
        }
    }

    void checkPattern(String value, String path, Pattern pattern) {
        if (!pattern.matcher(value).matches()) {
            violation(value, path, "Member must satisfy regular expression pattern: " + pattern.pattern());
        }
    }

    void checkRange(long value, String path, long minimum, long maximum) {
        if (value < minimum) {
            violation(value, path, "Member must have value greater than or equal to " + minimum);
        }
        if (value > maximum) {
            violation(value, path, "Member must have value less than or equal to " + maximum);
        }
    }

    boolean checkEnum(String value, String path, List<String> allowed) {
        if (allowed.contains(value)) {
            return true;
        }
        violation(value, path, "Member must satisfy enum value set: " + allowed);
        return false;
    }

    boolean isEmpty() {
        return wrongTypes.isEmpty() && problems.isEmpty();
    }

    void throwIfAny() {
        if (!wrongTypes.isEmpty()) {
            throw new HydrantException(ErrorCode.SERIALIZATION, String.join("; ", wrongTypes));
        }
        if (!problems.isEmpty()) {
            String count = problems.size() == 1 ? "1 validation error" : problems.size() + " validation errors";
            throw new HydrantException(ErrorCode.INVALID_ARGUMENT, count + " detected: " + String.join("; ", problems));
        }
    }
}
