package dev.hydrant.pipeline;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads YAML text into {@link YamlNode} trees, token by token, because Jackson's own tree model forgets where
 * values were written and silently keeps the last of two equal keys.
 */
final class YamlTreeReader {
    private static final YAMLFactory YAML = new YAMLFactory();

    private final JsonParser parser;
    private final String file;
    private final List<PipelineProblem> problems = new ArrayList<>();

    private YamlTreeReader(JsonParser parser, String file) {
        this.parser = requireNonNull(parser, "parser is null");
        this.file = requireNonNull(file, "file is null");
    }

    /** The documents of a YAML text ({@code ---} separates documents) and what was wrong with it. */
    record Result(List<YamlNode> documents, List<PipelineProblem> problems) {
        Result {
            documents = List.copyOf(requireNonNull(documents, "documents is null"));
            problems = List.copyOf(requireNonNull(problems, "problems is null"));
        }
    }

    /**
     * Reads every document of {@code text}. A syntax error ends reading and is reported with its location; a
     * repeated key is reported and its first value kept.
     */
    static Result read(String text, String file) {
        List<YamlNode> documents = new ArrayList<>();
        try (JsonParser parser = YAML.createParser(text)) {
            YamlTreeReader reader = new YamlTreeReader(parser, file);
            try {
                while (parser.nextToken() != null) {
                    documents.add(reader.readValue(""));
                }
            } catch (JsonProcessingException e) {
                reader.problems.add(new PipelineProblem("", "invalid YAML: " + e.getOriginalMessage(), Optional.of(reader.locationOf(e.getLocation()))));
                return new Result(List.of(), reader.problems);
            }
            return new Result(documents, reader.problems);
        } catch (IOException e) {
            return new Result(List.of(), List.of(new PipelineProblem("", "cannot read: " + e.getMessage(), Optional.of(new SourceLocation(file, 1, 1)))));
        }
    }

    /** Reads the value whose first token the parser stands on; {@code path} is its YAML path, for messages. */
    private YamlNode readValue(String path) throws IOException {
        SourceLocation location = locationOf(parser.currentTokenLocation());
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                SourceLocation keyLocation = locationOf(parser.currentTokenLocation());
                String keyPath = path.isEmpty() ? key : path + "." + key;
                parser.nextToken();
                YamlNode value = readValue(keyPath);
                YamlNode.Entry earlier = entries.get(key);
                if (earlier == null) {
                    entries.put(key, new YamlNode.Entry(key, keyLocation, value));
                } else {
                    problems.add(new PipelineProblem(keyPath, "is written twice (first at line " + earlier.keyLocation().line() + "); keep one", Optional.of(keyLocation)));
                }
            }
            return new YamlNode.Mapping(entries, location);
        }
        if (token == JsonToken.START_ARRAY) {
            List<YamlNode> items = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                items.add(readValue(path + "[" + items.size() + "]"));
            }
            return new YamlNode.Sequence(items, location);
        }
        String text = token == JsonToken.VALUE_NULL ? null : parser.getText();
        return new YamlNode.Scalar(token, text == null ? "" : text, location);
    }

    private SourceLocation locationOf(JsonLocation location) {
        if (location == null) {
            return new SourceLocation(file, 1, 1);
        }
        return new SourceLocation(file, Math.max(1, location.getLineNr()), Math.max(1, location.getColumnNr()));
    }
}
