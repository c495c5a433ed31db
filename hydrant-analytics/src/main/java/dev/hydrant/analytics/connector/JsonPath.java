package dev.hydrant.analytics.connector;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSONPath subset KDA's mapping uses: {@code $}, {@code .name}, {@code ['name']}, {@code [index]}, and, in a
 * RecordRowPath, a final {@code [0:]} or {@code [*]} that explodes an array into rows. Names are case-sensitive.
 */
public record JsonPath(String text, List<Step> steps, boolean explodes) implements Serializable {
    public JsonPath {
        requireNonNull(text, "text is null");
        steps = List.copyOf(requireNonNull(steps, "steps is null"));
    }

    /** A step: a field name, or an array index when {@code name} is null. */
    public record Step(String name, int index) implements Serializable {}

    public static JsonPath parse(String text) {
        requireNonNull(text, "text is null");
        String path = text.trim();
        if (!path.startsWith("$")) {
            throw new IllegalArgumentException("JSONPath must start with $: " + text);
        }
        List<Step> steps = new ArrayList<>();
        boolean explodes = false;
        int position = 1;
        while (position < path.length()) {
            if (explodes) {
                throw new IllegalArgumentException("array wildcard must end the path: " + text);
            }
            char c = path.charAt(position);
            if (c == '.') {
                int end = position + 1;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                if (end == position + 1) {
                    throw new IllegalArgumentException("empty name in JSONPath: " + text);
                }
                steps.add(new Step(path.substring(position + 1, end), -1));
                position = end;
            } else if (c == '[') {
                int end = path.indexOf(']', position);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed [ in JSONPath: " + text);
                }
                String inner = path.substring(position + 1, end).trim();
                if ((inner.startsWith("'") && inner.endsWith("'") || inner.startsWith("\"") && inner.endsWith("\"")) && inner.length() >= 2) {
                    steps.add(new Step(inner.substring(1, inner.length() - 1), -1));
                } else if (inner.equals("*") || inner.equals("0:")) {
                    explodes = true;
                } else {
                    try {
                        steps.add(new Step(null, Integer.parseInt(inner)));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("unsupported JSONPath step [" + inner + "]: " + text);
                    }
                }
                position = end + 1;
            } else {
                throw new IllegalArgumentException("unexpected '" + c + "' in JSONPath: " + text);
            }
        }
        return new JsonPath(text, steps, explodes);
    }

    /** The node this path selects from {@code root} (ignoring a final wildcard), or a missing node. */
    public JsonNode select(JsonNode root) {
        return select(root, 0);
    }

    /** Selects from {@code node}, skipping the first {@code skip} steps (a mapping relative to a row of a row path). */
    public JsonNode select(JsonNode node, int skip) {
        JsonNode current = node;
        for (int i = skip; i < steps.size(); i++) {
            Step step = steps.get(i);
            if (current == null || current.isMissingNode()) {
                return MissingNode.getInstance();
            }
            current = step.name() != null ? (current.isObject() ? current.get(step.name()) : null)
                    : (current.isArray() ? current.get(step.index()) : null);
        }
        return current == null ? MissingNode.getInstance() : current;
    }
}
