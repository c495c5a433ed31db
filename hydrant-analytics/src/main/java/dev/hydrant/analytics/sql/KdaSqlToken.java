package dev.hydrant.analytics.sql;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * A token of KDA SQL. {@code text} is the word as written ({@link Kind#WORD}), the identifier without quotes
 * ({@link Kind#QUOTED}), the string value with escapes resolved ({@link Kind#STRING}), or the symbol.
 */
record KdaSqlToken(Kind kind, String text, int line, int column) {
    enum Kind { WORD, QUOTED, STRING, NUMBER, SYMBOL, END }

    KdaSqlToken {
        requireNonNull(kind, "kind is null");
        requireNonNull(text, "text is null");
    }

    boolean isWord(String word) {
        return kind == Kind.WORD && text.equalsIgnoreCase(word);
    }

    boolean isSymbol(String symbol) {
        return kind == Kind.SYMBOL && text.equals(symbol);
    }

    boolean isIdentifier() {
        return kind == Kind.QUOTED || (kind == Kind.WORD && !KdaSqlLexer.isReserved(text));
    }

    /** The identifier after folding: unquoted upper-cased, quoted verbatim. */
    String identifier() {
        return kind == Kind.QUOTED ? text : text.toUpperCase(Locale.ROOT);
    }

    String upper() {
        return text.toUpperCase(Locale.ROOT);
    }
}
