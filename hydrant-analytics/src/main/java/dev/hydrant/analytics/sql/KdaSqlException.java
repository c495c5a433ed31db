package dev.hydrant.analytics.sql;

/** A problem in application code at a 1-based line and column; the translator turns it into a CodeProblem. */
final class KdaSqlException extends RuntimeException {
    private final int line;
    private final int column;

    KdaSqlException(int line, int column, String message) {
        super(message);
        this.line = line;
        this.column = column;
    }

    KdaSqlException(KdaSqlToken token, String message) {
        this(token.line(), token.column(), message);
    }

    int line() {
        return line;
    }

    int column() {
        return column;
    }
}
