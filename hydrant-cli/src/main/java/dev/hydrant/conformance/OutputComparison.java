package dev.hydrant.conformance;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compares the records an output's delivery stream received with those a case expects, byte for byte (a CSV record
 * includes the newline that ends it), in order or as a multiset, and describes the difference for a person: the
 * missing and the unexpected records, or the two orders when only the order differs.
 */
final class OutputComparison {
    private OutputComparison() {}

    /** Empty when {@code received} is what {@code expected} asks for; otherwise the difference, several lines. */
    static Optional<String> difference(String stream, ConformanceCase.ExpectedOutput expected, List<String> received) {
        requireNonNull(stream, "stream is null");
        requireNonNull(expected, "expected is null");
        requireNonNull(received, "received is null");
        boolean csv = expected.recordFormatType().equals("CSV");
        List<String> wanted = expected.records().stream().map(expected::recordText).toList();
        if (expected.ordered() ? wanted.equals(received) : counts(wanted).equals(counts(received))) {
            return Optional.empty();
        }
        StringBuilder text = new StringBuilder(stream).append(": expected ").append(count(wanted.size()))
                .append(", received ").append(count(received.size()));
        List<String> missing = without(wanted, received);
        List<String> unexpected = without(received, wanted);
        if (missing.isEmpty() && unexpected.isEmpty()) {
            text.append(", in another order");
            text.append("\n    expected order:");
            wanted.forEach(record -> text.append("\n      ").append(display(record, csv)));
            text.append("\n    received order:");
            received.forEach(record -> text.append("\n      ").append(display(record, csv)));
            return Optional.of(text.toString());
        }
        missing.forEach(record -> text.append("\n    missing:    ").append(display(record, csv)));
        unexpected.forEach(record -> text.append("\n    unexpected: ").append(display(record, csv)));
        return Optional.of(text.toString());
    }

    private static String count(int records) {
        return records + (records == 1 ? " record" : " records");
    }

    private static Map<String, Integer> counts(List<String> records) {
        Map<String, Integer> counts = new HashMap<>();
        records.forEach(record -> counts.merge(record, 1, Integer::sum));
        return counts;
    }

    /** The records of {@code from} left over after taking away one of each record of {@code taken}, in order. */
    private static List<String> without(List<String> from, List<String> taken) {
        Map<String, Integer> remaining = counts(taken);
        List<String> result = new ArrayList<>();
        for (String record : from) {
            Integer left = remaining.get(record);
            if (left != null && left > 0) {
                remaining.put(record, left - 1);
            } else {
                result.add(record);
            }
        }
        return result;
    }

    /**
     * A record as a case file would write it: a CSV record without the newline that ends it (flagged when it has
     * none), and control characters escaped so that stray whitespace shows.
     */
    static String display(String record, boolean csv) {
        String text = record;
        String note = "";
        if (csv) {
            if (text.endsWith("\n")) {
                text = text.substring(0, text.length() - 1);
            } else {
                note = "   (no newline at the end)";
            }
        }
        StringBuilder escaped = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n':
                    escaped.append("\\n");
                    break;
                case '\r':
                    escaped.append("\\r");
                    break;
                case '\t':
                    escaped.append("\\t");
                    break;
                default:
                    if (Character.isISOControl(c)) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
            }
        }
        if (escaped.length() == 0 || escaped.charAt(0) == ' ' || escaped.charAt(escaped.length() - 1) == ' ') {
            return "\"" + escaped + "\"" + note;
        }
        return escaped + note;
    }
}
