package dev.hydrant.analytics.sql;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which names an application's code can read, so that input columns it never names need not be converted: every
 * identifier and word of the code, folded as KDA folds them. A superset by construction (a name that only appears in
 * a string literal's neighbourhood, as an alias or as a keyword still counts). Unknown, meaning every column, when the
 * code selects {@code *} (plain or qualified, as {@code SELECT *} or {@code s.*}) or joins by NATURAL or USING, which
 * name columns implicitly.
 */
public final class ReadColumns {
    private ReadColumns() {}

    /** The folded names {@code code} mentions, or empty when it may read every column. */
    public static Optional<Set<String>> of(String code) {
        requireNonNull(code, "code is null");
        List<KdaSqlToken> tokens;
        try {
            tokens = KdaSqlLexer.tokenize(code);
        } catch (KdaSqlException e) {
            return Optional.empty();
        }
        Set<String> names = new HashSet<>();
        KdaSqlToken previous = null;
        for (KdaSqlToken token : tokens) {
            if (token.isWord("NATURAL") || token.isWord("USING") || token.isSymbol("*") && selectsAll(previous)) {
                return Optional.empty();
            }
            if (token.kind() == KdaSqlToken.Kind.WORD || token.kind() == KdaSqlToken.Kind.QUOTED) {
                names.add(token.identifier());
            }
            previous = token;
        }
        return Optional.of(Set.copyOf(names));
    }

    /** A {@code *} after these is a select-all; after an operand it multiplies, after {@code (} it is COUNT(*). */
    private static boolean selectsAll(KdaSqlToken previous) {
        return previous == null || previous.isSymbol(",") || previous.isSymbol(".")
                || previous.isWord("SELECT") || previous.isWord("STREAM") || previous.isWord("DISTINCT") || previous.isWord("ALL");
    }
}
