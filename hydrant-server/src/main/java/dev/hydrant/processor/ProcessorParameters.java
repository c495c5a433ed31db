package dev.hydrant.processor;

import static java.util.Objects.requireNonNull;

import dev.hydrant.control.ProcessingConfiguration.Processor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads the parameters of one processor for its config record, collecting every problem with the path of its field
 * ({@code Processors[1].Parameters.SubRecordType: must be JSON or DELIMITED}). Unknown parameter names are reported
 * when it is created.
 */
final class ProcessorParameters {
    private final Map<String, String> values;
    private final String path;
    private final List<String> problems = new ArrayList<>();

    ProcessorParameters(Processor processor, ProcessorType type, String path) {
        requireNonNull(processor, "processor is null");
        requireNonNull(type, "type is null");
        this.values = processor.parameters();
        this.path = requireNonNull(path, "path is null");
        for (String name : new TreeSet<>(values.keySet())) {
            if (!type.parameterNames().contains(name)) {
                String allowed = type.parameterNames().isEmpty() ? "none" : String.join(", ", new TreeSet<>(type.parameterNames()));
                problems.add(path + ".Parameters." + name + ": is not a parameter of " + type.wireName() + " processors (allowed: " + allowed + ")");
            }
        }
    }

    /** The value of {@code name}, or null after reporting a problem when it is missing or blank. */
    String required(String name) {
        String value = values.get(name);
        if (value == null) {
            problem(name, "is required for this processor type");
            return null;
        }
        if (value.isBlank()) {
            problem(name, "must not be blank");
            return null;
        }
        return value;
    }

    /** The value of {@code name}, or {@code defaultValue} when it is not given; a blank value is a problem. */
    String optional(String name, String defaultValue) {
        String value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        if (value.isBlank()) {
            problem(name, "must not be blank");
            return null;
        }
        return value;
    }

    Integer integer(String name, int defaultValue, int minimum, int maximum) {
        String value = optional(name, Integer.toString(defaultValue));
        if (value == null) {
            return null;
        }
        try {
            int number = Integer.parseInt(value.trim());
            if (number < minimum || number > maximum) {
                problem(name, "must be " + minimum + ".." + maximum + ", was " + value);
                return null;
            }
            return number;
        }
        catch (NumberFormatException e) {
            problem(name, "must be a whole number " + minimum + ".." + maximum + ", was '" + value + "'");
            return null;
        }
    }

    /** Returns whether {@code value} is one of {@code allowed}, reporting a problem when it is not. */
    boolean checkOneOf(String name, String value, List<String> allowed) {
        if (allowed.contains(value)) {
            return true;
        }
        String choices = allowed.size() == 1
                ? allowed.get(0)
                : String.join(", ", allowed.subList(0, allowed.size() - 1)) + " or " + allowed.get(allowed.size() - 1);
        problem(name, "must be " + choices + ", was '" + value + "'");
        return false;
    }

    void problem(String name, String message) {
        problems.add(path + ".Parameters." + name + ": " + message);
    }

    boolean hasProblems() {
        return !problems.isEmpty();
    }

    List<String> problems() {
        return List.copyOf(problems);
    }
}
