package dev.hydrant.analytics.sql;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which column names an application's Flink SQL can read, so that input columns it never names need not be
 * converted: every back-quoted identifier and every bare word of the translation's statements and output queries, the
 * SQL Flink actually runs, except the error queries (their DATA_ROW shows every column of a pump's input, and is
 * not a reason to convert the columns nothing else reads: they are empty there). A superset by construction (a keyword or an alias counts too). Unknown, meaning every
 * column, when the SQL selects {@code *} (plain or qualified), joins by NATURAL or USING, or passes a whole table to a
 * table function ({@code TABLE `t`}), all of which read columns without naming them.
 */
public final class ReadColumns {
    private ReadColumns() {}

    /** The names the translation's SQL mentions, or empty when it may read every column. */
    public static Optional<Set<String>> of(Translation translation) {
        requireNonNull(translation, "translation is null");
        List<String> sql = new ArrayList<>(translation.statements());
        sql.addAll(translation.outputQueries().values());
        Set<String> names = new HashSet<>();
        for (String text : sql) {
            if (!collect(text, names)) {
                return Optional.empty();
            }
        }
        return Optional.of(Set.copyOf(names));
    }

    /** Adds the names of {@code sql} to {@code names}; false when it may read columns it does not name. */
    private static boolean collect(String sql, Set<String> names) {
        String previous = "";
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'') {
                i = sql.indexOf('\'', i + 1) < 0 ? sql.length() : endOfString(sql, i);
                previous = "'";
            } else if (c == '`') {
                if (previous.equals("TABLE")) {
                    return false; // a whole table passed to a table function, which may read any of its columns
                }
                int end = sql.indexOf('`', i + 1);
                while (end >= 0 && end + 1 < sql.length() && sql.charAt(end + 1) == '`') {
                    end = sql.indexOf('`', end + 2); // `` inside a quoted identifier
                }
                end = end < 0 ? sql.length() : end;
                names.add(sql.substring(i + 1, end).replace("``", "`"));
                previous = "`";
                i = end + 1;
            } else if (Character.isLetter(c) || c == '_') {
                int end = i;
                while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_' || sql.charAt(end) == '$')) {
                    end++;
                }
                String word = sql.substring(i, end);
                String upper = word.toUpperCase(Locale.ROOT);
                if (upper.equals("NATURAL") || upper.equals("USING") || previous.equals("TABLE")) {
                    return false;
                }
                names.add(word);
                previous = upper;
                i = end;
            } else {
                if (c == '*' && selectsAll(previous)) {
                    return false;
                }
                previous = String.valueOf(c);
                i++;
            }
        }
        return true;
    }

    private static int endOfString(String sql, int start) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == '\'') {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
                    i += 2; // '' inside a string
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    /** A {@code *} after these is a select-all; after an operand it multiplies, after {@code (} it is COUNT(*). */
    private static boolean selectsAll(String previous) {
        return previous.isEmpty() || previous.equals(",") || previous.equals(".")
                || previous.equals("SELECT") || previous.equals("DISTINCT") || previous.equals("ALL");
    }
}
