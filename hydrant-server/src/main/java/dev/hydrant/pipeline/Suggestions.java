package dev.hydrant.pipeline;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean ...?" for misspelt keys and names. */
final class Suggestions {
    private Suggestions() {}

    /**
     * The candidate that {@code written} most likely misspells: equal ignoring case, within two edits, or within one
     * edit of the start of a candidate ({@code bufer} → {@code buffering}). Empty when nothing is close.
     */
    static Optional<String> closest(String written, Collection<String> candidates) {
        String lowerWritten = written.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            String lowerCandidate = candidate.toLowerCase(Locale.ROOT);
            int distance = editDistance(lowerWritten, lowerCandidate);
            boolean close = distance <= Math.min(2, lowerWritten.length() / 3 + 1)
                    || (lowerWritten.length() >= 4 && prefixDistance(lowerWritten, lowerCandidate) <= 1);
            if (close && distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The Levenshtein distance between two strings. */
    static int editDistance(String left, String right) {
        int[] previous = new int[right.length() + 1];
        int[] current = new int[right.length() + 1];
        for (int column = 0; column <= right.length(); column++) {
            previous[column] = column;
        }
        for (int row = 1; row <= left.length(); row++) {
            current[0] = row;
            for (int column = 1; column <= right.length(); column++) {
                int substitution = previous[column - 1] + (left.charAt(row - 1) == right.charAt(column - 1) ? 0 : 1);
                current[column] = Math.min(substitution, Math.min(previous[column], current[column - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[right.length()];
    }

    /** The smallest edit distance between {@code written} and any start of {@code candidate}. */
    private static int prefixDistance(String written, String candidate) {
        int smallest = Integer.MAX_VALUE;
        for (int end = 1; end <= candidate.length(); end++) {
            smallest = Math.min(smallest, editDistance(written, candidate.substring(0, end)));
        }
        return smallest;
    }
}
