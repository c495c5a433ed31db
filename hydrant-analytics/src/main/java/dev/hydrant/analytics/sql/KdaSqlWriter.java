package dev.hydrant.analytics.sql;

/** Joins pieces of Flink SQL with single spaces, except after {@code (} and {@code .} and before {@code )}, {@code ,} and {@code .}. */
final class KdaSqlWriter {
    private final StringBuilder sql = new StringBuilder();

    KdaSqlWriter append(String piece) {
        if (piece.isEmpty()) {
            return this;
        }
        if (sql.length() > 0) {
            char last = sql.charAt(sql.length() - 1);
            char first = piece.charAt(0);
            boolean glue = last == '(' || last == '.' || last == ' ' || first == ')' || first == ',' || first == '.';
            if (!glue) {
                sql.append(' ');
            }
        }
        sql.append(piece);
        return this;
    }

    boolean isEmpty() {
        return sql.length() == 0;
    }

    @Override
    public String toString() {
        return sql.toString();
    }

    /** A back-quoted Flink identifier. */
    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    /** A Flink string literal. */
    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
