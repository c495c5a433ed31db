package dev.hydrant.firehose;

import java.util.List;
import java.util.regex.Pattern;

/** The Firehose rules for a DeliveryStreamName: 1 to 64 characters of {@code [a-zA-Z0-9_.-]}. */
public final class DeliveryStreamNames {
    public static final Pattern PATTERN = Pattern.compile("[a-zA-Z0-9_.-]+");
    public static final int MIN_LENGTH = 1;
    public static final int MAX_LENGTH = 64;

    private DeliveryStreamNames() {}

    /**
     * Every rule {@code name} breaks, as AWS ValidationException clauses
     * ({@code Value 'a b' at 'deliveryStreamName' failed to satisfy constraint: ...}); empty when the name is valid.
     *
     * @param name the name to check; {@code null} breaks the "must not be null" rule
     * @param field the path of the name in its document, such as {@code deliveryStreamName}
     */
    public static List<String> violations(String name, String field) {
        RequestProblems problems = new RequestProblems();
        if (name == null) {
            problems.missing(field);
        }
        else {
            problems.checkPattern(name, field, PATTERN);
            problems.checkLength(name, field, MIN_LENGTH, MAX_LENGTH);
        }
        return problems.violations();
    }
}
