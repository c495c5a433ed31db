package dev.hydrant.pipeline;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonToken;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A node of a YAML document that remembers where it was written. Read by {@link YamlTreeReader}. */
sealed interface YamlNode permits YamlNode.Mapping, YamlNode.Sequence, YamlNode.Scalar {
    SourceLocation location();

    /** What the node is, for messages like {@code must be a mapping, not a list}. */
    String kind();

    /** A mapping; keys keep their order. */
    record Mapping(Map<String, Entry> entries, SourceLocation location) implements YamlNode {
        public Mapping {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(entries, "entries is null")));
            requireNonNull(location, "location is null");
        }

        @Override
        public String kind() {
            return "a mapping";
        }
    }

    /** One key of a mapping, where the key was written, and its value. */
    record Entry(String key, SourceLocation keyLocation, YamlNode value) {
        public Entry {
            requireNonNull(key, "key is null");
            requireNonNull(keyLocation, "keyLocation is null");
            requireNonNull(value, "value is null");
        }
    }

    record Sequence(List<YamlNode> items, SourceLocation location) implements YamlNode {
        public Sequence {
            items = List.copyOf(requireNonNull(items, "items is null"));
            requireNonNull(location, "location is null");
        }

        @Override
        public String kind() {
            return "a list";
        }
    }

    /**
     * A scalar; {@code token} tells how YAML typed it ({@link JsonToken#VALUE_STRING}, {@link JsonToken#VALUE_NUMBER_INT},
     * {@link JsonToken#VALUE_NULL}, ...). The text of a null is empty.
     */
    record Scalar(JsonToken token, String text, SourceLocation location) implements YamlNode {
        public Scalar {
            requireNonNull(token, "token is null");
            requireNonNull(text, "text is null");
            requireNonNull(location, "location is null");
        }

        public boolean isNull() {
            return token == JsonToken.VALUE_NULL;
        }

        @Override
        public String kind() {
            if (token == JsonToken.VALUE_NULL) {
                return "empty";
            }
            if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                return "a number";
            }
            if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
                return "a boolean";
            }
            return "text";
        }
    }
}
