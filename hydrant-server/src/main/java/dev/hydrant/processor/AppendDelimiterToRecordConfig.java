package dev.hydrant.processor;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.hydrant.control.ProcessingConfiguration.Processor;
import java.util.List;

/**
 * AppendDelimiterToRecord settings. AWS documents the processor as taking no parameters (a newline is appended);
 * the {@code Delimiter} parameter it also accepts is written in infrastructure code as an escaped string
 * ({@code "\\n"}), so Hydrant reads it with the escapes {@code \n \r \t \0 \\ \\uXXXX} and takes every other character
 * literally. Unlike RecordDeAggregation's {@code Delimiter}, it is not base64.
 *
 * @param delimiter the unescaped delimiter, never empty
 */
public record AppendDelimiterToRecordConfig(String delimiter) {
    public static final String DEFAULT_DELIMITER = "\n";

    public AppendDelimiterToRecordConfig {
        requireNonNull(delimiter, "delimiter is null");
        if (delimiter.isEmpty()) {
            throw new IllegalArgumentException("delimiter is empty");
        }
    }

    public static AppendDelimiterToRecordConfig defaults() {
        return new AppendDelimiterToRecordConfig(DEFAULT_DELIMITER);
    }

    public byte[] delimiterBytes() {
        return delimiter.getBytes(UTF_8);
    }

    static AppendDelimiterToRecordConfig from(Processor processor, String path, List<String> problems) {
        ProcessorParameters parameters = new ProcessorParameters(processor, ProcessorType.APPEND_DELIMITER_TO_RECORD, path);
        String escaped = parameters.optional("Delimiter", null);
        String delimiter = DEFAULT_DELIMITER;
        if (escaped != null) {
            try {
                delimiter = unescape(escaped);
            }
            catch (IllegalArgumentException e) {
                parameters.problem("Delimiter", e.getMessage());
            }
        }
        problems.addAll(parameters.problems());
        return parameters.hasProblems() ? null : new AppendDelimiterToRecordConfig(delimiter);
    }

    static String unescape(String escaped) {
        StringBuilder result = new StringBuilder(escaped.length());
        for (int index = 0; index < escaped.length(); index++) {
            char character = escaped.charAt(index);
            if (character != '\\') {
                result.append(character);
                continue;
            }
            if (index + 1 == escaped.length()) {
                throw new IllegalArgumentException("ends with an unfinished escape '\\'");
            }
            char escape = escaped.charAt(++index);
            switch (escape) {
                case 'n' -> result.append('\n');
                case 'r' -> result.append('\r');
                case 't' -> result.append('\t');
                case '0' -> result.append('\0');
                case '\\' -> result.append('\\');
                case 'u' -> {
                    if (index + 4 >= escaped.length()) {
                        throw new IllegalArgumentException("has an incomplete \\u escape; use \\uXXXX with four hex digits");
                    }
                    String hex = escaped.substring(index + 1, index + 5);
                    try {
                        result.append((char) Integer.parseInt(hex, 16));
                    }
                    catch (NumberFormatException e) {
                        throw new IllegalArgumentException("has an invalid \\u escape '\\u" + hex + "'; use \\uXXXX with four hex digits");
                    }
                    index += 4;
                }
                default -> throw new IllegalArgumentException("has an unknown escape '\\" + escape + "'; use \\n, \\r, \\t, \\0, \\\\ or \\uXXXX");
            }
        }
        return result.toString();
    }
}
