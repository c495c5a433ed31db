package dev.hydrant.firehose;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.HydrantException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Collects every problem of one Firehose request, sorted by the error it becomes, and throws one exception for them
 * all. Like the AWS service, the kinds take precedence in request-processing order: JSON of the wrong type
 * ({@code SerializationException}), then model constraints ({@code ValidationException}, in AWS's
 * {@code "N validation errors detected: Value 'X' at 'member.path' failed to satisfy constraint: ..."} format), then
 * semantic problems ({@code InvalidArgumentException}).
 */
final class RequestProblems {
    private final List<String> wrongTypes = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final List<String> invalidArguments = new ArrayList<>();

    void wrongType(String path, String expected, JsonNode actual) {
        wrongTypes.add("Expected " + expected + " at '" + path + "' but found " + describe(actual));
    }

    void missing(String path) {
        violations.add("Value null at '" + path + "' failed to satisfy constraint: Member must not be null");
    }

    void violation(Object value, String path, String constraint) {
        violations.add("Value '" + value + "' at '" + path + "' failed to satisfy constraint: " + constraint);
    }

    void addViolations(List<String> messages) {
        violations.addAll(messages);
    }

    void invalidArgument(String message) {
        invalidArguments.add(requireNonNull(message, "message is null"));
    }

    void checkLength(String value, String path, int minimum, int maximum) {
        if (value.length() < minimum) {
            violation(value, path, "Member must have length greater than or equal to " + minimum);
        }
        if (value.length() > maximum) {
            violation(value, path, "Member must have length less than or equal to " + maximum);
        }
    }

    void checkPattern(String value, String path, Pattern pattern) {
        if (!pattern.matcher(value).matches()) {
            violation(value, path, "Member must satisfy regular expression pattern: " + pattern.pattern());
        }
    }

    void checkRange(int value, String path, int minimum, int maximum) {
        if (value < minimum) {
            violation(value, path, "Member must have value greater than or equal to " + minimum);
        }
        if (value > maximum) {
            violation(value, path, "Member must have value less than or equal to " + maximum);
        }
    }

    /** Returns whether {@code value} is one of {@code allowed}, reporting a violation when it is not. */
    boolean checkEnum(String value, String path, List<String> allowed) {
        if (allowed.contains(value)) {
            return true;
        }
        violation(value, path, "Member must satisfy enum value set: " + allowed);
        return false;
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    void throwIfAny() {
        if (!wrongTypes.isEmpty()) {
            throw new HydrantException(ErrorCode.SERIALIZATION, String.join("; ", wrongTypes));
        }
        if (!violations.isEmpty()) {
            String count = violations.size() == 1 ? "1 validation error" : violations.size() + " validation errors";
            throw new HydrantException(ErrorCode.VALIDATION, count + " detected: " + String.join("; ", violations));
        }
        if (!invalidArguments.isEmpty()) {
            throw new HydrantException(ErrorCode.INVALID_ARGUMENT, String.join("; ", invalidArguments));
        }
    }

    private static String describe(JsonNode node) {
        if (node.isNumber()) {
            return "the number " + node.asText();
        }
        switch (node.getNodeType()) {
            case STRING:
                return "a string";
            case BOOLEAN:
                return "a boolean";
            case ARRAY:
                return "an array";
            case OBJECT:
                return "an object";
            default:
                return node.getNodeType().name().toLowerCase(Locale.ROOT);
        }
    }
}
