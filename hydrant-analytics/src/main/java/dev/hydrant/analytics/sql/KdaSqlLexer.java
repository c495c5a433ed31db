package dev.hydrant.analytics.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits KDA SQL into tokens: words, {@code "quoted identifiers"} ({@code ""} escapes a quote), {@code 'strings'}
 * ({@code ''} escapes a quote), {@code U&'\0041'} Unicode strings, numbers and symbols; {@code --} and {@code /* *}{@code /}
 * comments are skipped. Lines and columns are 1-based; a tab counts as one column.
 */
final class KdaSqlLexer {
    /** Words that are never identifiers unless quoted (SQL reserved words KDA queries use). */
    private static final Set<String> RESERVED = Set.of(
            "ALL", "AND", "ANY", "AS", "ASC", "BETWEEN", "BOTH", "BY", "CASE", "CAST", "CREATE", "CROSS", "CURRENT",
            "CURRENT_DATE", "CURRENT_ROW_TIMESTAMP", "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURSOR", "DAY", "DESC", "DISTINCT", "ELSE", "END",
            "ESCAPE", "EXISTS", "EXTRACT", "FALSE", "FOLLOWING", "FOR", "FROM", "FULL", "GROUP", "HAVING", "HOUR", "IN",
            "INNER", "INSERT", "INTERVAL", "INTO", "IS", "JOIN", "LEADING", "LEFT", "LIKE", "LOCALTIME", "LOCALTIMESTAMP",
            "MINUTE", "MONTH", "NATURAL", "NOT", "NULL", "ON", "OR", "ORDER", "OUTER", "OVER", "PARTITION", "PLACING",
            "PRECEDING", "RANGE", "RIGHT", "ROW", "ROWS", "SECOND", "SELECT", "SIMILAR", "STREAM", "SYMMETRIC", "TABLE", "THEN",
            "TO", "TRAILING", "TRUE", "UNBOUNDED", "UNION", "UNKNOWN", "USING", "VALUES", "WHEN", "WHERE", "WINDOW", "WITH",
            "YEAR", "DATE", "TIME", "TIMESTAMP", "UESCAPE");

    private final String text;
    private int position;
    private int line = 1;
    private int column = 1;

    private KdaSqlLexer(String text) {
        this.text = text;
    }

    static boolean isReserved(String word) {
        return RESERVED.contains(word.toUpperCase(Locale.ROOT));
    }

    /** The tokens of {@code text}, ending with one {@link KdaSqlToken.Kind#END} token. */
    static List<KdaSqlToken> tokenize(String text) {
        return new KdaSqlLexer(text).run();
    }

    private List<KdaSqlToken> run() {
        List<KdaSqlToken> tokens = new ArrayList<>();
        while (true) {
            skipSpaceAndComments();
            if (position >= text.length()) {
                tokens.add(new KdaSqlToken(KdaSqlToken.Kind.END, "", line, column));
                return tokens;
            }
            int startLine = line;
            int startColumn = column;
            char c = text.charAt(position);
            if ((c == 'u' || c == 'U') && text.startsWith("&'", position + 1)) {
                advance(2);
                String raw = quoted('\'', startLine, startColumn, "string literal");
                tokens.add(new KdaSqlToken(KdaSqlToken.Kind.STRING, unicode(raw, startLine, startColumn), startLine, startColumn));
            }
            else if (Character.isLetter(c) || c == '_' || c == '$') {
                int start = position;
                while (position < text.length() && (Character.isLetterOrDigit(text.charAt(position)) || text.charAt(position) == '_' || text.charAt(position) == '$')) {
                    advance(1);
                }
                tokens.add(new KdaSqlToken(KdaSqlToken.Kind.WORD, text.substring(start, position), startLine, startColumn));
            }
            else if (c == '"') {
                String identifier = quoted('"', startLine, startColumn, "quoted identifier");
                if (identifier.isEmpty()) {
                    throw new KdaSqlException(startLine, startColumn, "Zero-length delimited identifier");
                }
                tokens.add(new KdaSqlToken(KdaSqlToken.Kind.QUOTED, identifier, startLine, startColumn));
            }
            else if (c == '\'') {
                tokens.add(new KdaSqlToken(KdaSqlToken.Kind.STRING, quoted('\'', startLine, startColumn, "string literal"), startLine, startColumn));
            }
            else if (Character.isDigit(c) || (c == '.' && position + 1 < text.length() && Character.isDigit(text.charAt(position + 1)))) {
                tokens.add(new KdaSqlToken(KdaSqlToken.Kind.NUMBER, number(), startLine, startColumn));
            }
            else {
                tokens.add(new KdaSqlToken(KdaSqlToken.Kind.SYMBOL, symbol(startLine, startColumn), startLine, startColumn));
            }
        }
    }

    private void skipSpaceAndComments() {
        while (position < text.length()) {
            char c = text.charAt(position);
            if (Character.isWhitespace(c)) {
                advance(1);
            }
            else if (text.startsWith("--", position)) {
                while (position < text.length() && text.charAt(position) != '\n') {
                    advance(1);
                }
            }
            else if (text.startsWith("/*", position)) {
                int startLine = line;
                int startColumn = column;
                int end = text.indexOf("*/", position + 2);
                if (end < 0) {
                    throw new KdaSqlException(startLine, startColumn, "Unterminated comment");
                }
                advance(end + 2 - position);
            }
            else {
                return;
            }
        }
    }

    private String quoted(char quote, int startLine, int startColumn, String what) {
        advance(1);
        StringBuilder value = new StringBuilder();
        while (true) {
            if (position >= text.length()) {
                throw new KdaSqlException(startLine, startColumn, "Unterminated " + what);
            }
            char c = text.charAt(position);
            if (c == quote) {
                if (position + 1 < text.length() && text.charAt(position + 1) == quote) {
                    value.append(quote);
                    advance(2);
                    continue;
                }
                advance(1);
                return value.toString();
            }
            value.append(c);
            advance(1);
        }
    }

    private static String unicode(String raw, int line, int column) {
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '\\') {
                value.append(c);
                continue;
            }
            if (i + 1 < raw.length() && raw.charAt(i + 1) == '\\') {
                value.append('\\');
                i++;
                continue;
            }
            int digits = i + 1 < raw.length() && raw.charAt(i + 1) == '+' ? 6 : 4;
            int start = digits == 6 ? i + 2 : i + 1;
            if (start + digits > raw.length()) {
                throw new KdaSqlException(line, column, "Unicode escape sequence is invalid: " + raw.substring(i));
            }
            try {
                value.appendCodePoint(Integer.parseInt(raw.substring(start, start + digits), 16));
            }
            catch (IllegalArgumentException e) {
                throw new KdaSqlException(line, column, "Unicode escape sequence is invalid: " + raw.substring(i, start + digits));
            }
            i = start + digits - 1;
        }
        return value.toString();
    }

    private String number() {
        int start = position;
        while (position < text.length() && Character.isDigit(text.charAt(position))) {
            advance(1);
        }
        if (position < text.length() && text.charAt(position) == '.') {
            advance(1);
            while (position < text.length() && Character.isDigit(text.charAt(position))) {
                advance(1);
            }
        }
        if (position < text.length() && (text.charAt(position) == 'e' || text.charAt(position) == 'E')) {
            int mark = position;
            advance(1);
            if (position < text.length() && (text.charAt(position) == '+' || text.charAt(position) == '-')) {
                advance(1);
            }
            if (position < text.length() && Character.isDigit(text.charAt(position))) {
                while (position < text.length() && Character.isDigit(text.charAt(position))) {
                    advance(1);
                }
            }
            else {
                column -= position - mark;
                position = mark;
            }
        }
        return text.substring(start, position);
    }

    private String symbol(int startLine, int startColumn) {
        for (String symbol : List.of("||", "<=", ">=", "<>", "!=")) {
            if (text.startsWith(symbol, position)) {
                advance(2);
                return symbol;
            }
        }
        char c = text.charAt(position);
        if ("(),;.+-*/<>=".indexOf(c) < 0) {
            throw new KdaSqlException(startLine, startColumn, "Lexical error: encountered \"" + c + "\"");
        }
        advance(1);
        return String.valueOf(c);
    }

    private void advance(int count) {
        for (int i = 0; i < count; i++) {
            if (text.charAt(position) == '\n') {
                line++;
                column = 1;
            }
            else {
                column++;
            }
            position++;
        }
    }
}
