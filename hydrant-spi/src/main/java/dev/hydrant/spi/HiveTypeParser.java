package dev.hydrant.spi;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Recursive-descent parser for Hive type names:
 * <pre>
 * type    := primitive | 'decimal' [ '(' int [ ',' int ] ')' ] | 'array' '&lt;' type '&gt;'
 *          | 'map' '&lt;' type ',' type '&gt;' | 'struct' '&lt;' field { ',' field } '&gt;'
 * field   := name ':' type          (name: letters, digits, '_', or anything between backquotes)
 * </pre>
 * Keywords are case-insensitive, whitespace is ignored, {@code integer} is an alias of {@code int}.
 */
final class HiveTypeParser {
    private final String text;
    private int position;

    HiveTypeParser(String text) {
        this.text = requireNonNull(text, "text is null");
    }

    HiveType parse() {
        HiveType type = type();
        skipWhitespace();
        if (position != text.length()) {
            throw problem("unexpected '" + text.charAt(position) + "'");
        }
        return type;
    }

    private HiveType type() {
        int start = position;
        String word = word().toLowerCase(Locale.ROOT);
        switch (word) {
            case "decimal":
                return decimal(start);
            case "array": {
                expect('<');
                HiveType element = type();
                expect('>');
                return new HiveType.ArrayType(element);
            }
            case "map": {
                expect('<');
                HiveType key = type();
                expect(',');
                HiveType value = type();
                expect('>');
                try {
                    return new HiveType.MapType(key, value);
                }
                catch (IllegalArgumentException e) {
                    throw problemAt(start, e.getMessage());
                }
            }
            case "struct": {
                expect('<');
                List<HiveType.Field> fields = new ArrayList<>();
                do {
                    String name = fieldName();
                    expect(':');
                    fields.add(new HiveType.Field(name, type()));
                }
                while (accept(','));
                expect('>');
                try {
                    return new HiveType.StructType(fields);
                }
                catch (IllegalArgumentException e) {
                    throw problemAt(start, e.getMessage());
                }
            }
            case "integer":
                return new HiveType.Primitive(HiveType.PrimitiveKind.INT);
            default:
                for (HiveType.PrimitiveKind kind : HiveType.PrimitiveKind.values()) {
                    if (kind.name().toLowerCase(Locale.ROOT).equals(word)) {
                        return new HiveType.Primitive(kind);
                    }
                }
                throw problemAt(start, word.isEmpty() ? "expected a type" : "unknown type '" + word + "'");
        }
    }

    private HiveType decimal(int start) {
        int precision = 10;
        int scale = 0;
        if (accept('(')) {
            precision = number();
            if (accept(',')) {
                scale = number();
            }
            expect(')');
        }
        try {
            return new HiveType.Decimal(precision, scale);
        }
        catch (IllegalArgumentException e) {
            throw problemAt(start, e.getMessage());
        }
    }

    private String fieldName() {
        skipWhitespace();
        if (position < text.length() && text.charAt(position) == '`') {
            int end = text.indexOf('`', position + 1);
            if (end < 0) {
                throw problem("unterminated `");
            }
            String name = text.substring(position + 1, end);
            position = end + 1;
            return name;
        }
        String name = word();
        if (name.isEmpty()) {
            throw problem("expected a field name");
        }
        return name;
    }

    private String word() {
        skipWhitespace();
        int start = position;
        while (position < text.length()
                && (Character.isLetterOrDigit(text.charAt(position)) || text.charAt(position) == '_')) {
            position++;
        }
        return text.substring(start, position);
    }

    private int number() {
        skipWhitespace();
        int start = position;
        while (position < text.length() && Character.isDigit(text.charAt(position))) {
            position++;
        }
        if (start == position || position - start > 3) {
            throw problemAt(start, "expected a small number");
        }
        return Integer.parseInt(text.substring(start, position));
    }

    private boolean accept(char expected) {
        skipWhitespace();
        if (position < text.length() && text.charAt(position) == expected) {
            position++;
            return true;
        }
        return false;
    }

    private void expect(char expected) {
        if (!accept(expected)) {
            throw problem("expected '" + expected + "'");
        }
    }

    private void skipWhitespace() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
    }

    private IllegalArgumentException problem(String message) {
        return problemAt(position, message);
    }

    private IllegalArgumentException problemAt(int at, String message) {
        return new IllegalArgumentException("invalid type '" + text + "' at " + at + ": " + message);
    }
}
