package dev.hydrant.delivery;

import static java.util.Objects.requireNonNull;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Firehose custom prefix expressions {@code !{namespace:value}} in the S3 {@code Prefix} and {@code ErrorOutputPrefix}:
 * parsing and the validation rules AWS applies when a delivery stream is created or updated.
 */
public final class PrefixExpressions {
    /** The longest Prefix or ErrorOutputPrefix AWS accepts. */
    static final int MAX_PREFIX_LENGTH = 1024;
    /** The longest a prefix may be once its expressions are evaluated. */
    static final int MAX_EVALUATED_PREFIX_LENGTH = 512;

    static final String TIMESTAMP = "timestamp";
    static final String FIREHOSE = "firehose";
    static final String PARTITION_KEY_FROM_QUERY = "partitionKeyFromQuery";
    static final String PARTITION_KEY_FROM_LAMBDA = "partitionKeyFromLambda";
    static final String RANDOM_STRING = "random-string";
    static final String ERROR_OUTPUT_TYPE = "error-output-type";

    private static final String EXPRESSION_START = "!{";
    private static final char EXPRESSION_END = '}';
    private static final Set<String> NAMESPACES =
            Set.of(TIMESTAMP, FIREHOSE, PARTITION_KEY_FROM_QUERY, PARTITION_KEY_FROM_LAMBDA);

    private PrefixExpressions() {}

    /**
     * Checks a Prefix and ErrorOutputPrefix (either may be null) against Firehose's rules.
     *
     * @return every violation as a message naming the field; empty when both prefixes are valid
     */
    public static List<String> validate(String prefix, String errorOutputPrefix) {
        return validate(prefix, errorOutputPrefix, false);
    }

    /**
     * Checks a Prefix and ErrorOutputPrefix (either may be null) against Firehose's rules, for a stream with or
     * without dynamic partitioning: partition keys need it, and with it Prefix must use at least one partition key
     * and ErrorOutputPrefix must be set.
     *
     * @return every violation as a message naming the field; empty when both prefixes are valid
     */
    public static List<String> validate(String prefix, String errorOutputPrefix, boolean dynamicPartitioning) {
        List<String> violations = new ArrayList<>();
        ParsedPrefix parsedPrefix = parse("Prefix", prefix);
        ParsedPrefix parsedErrorOutputPrefix = parse("ErrorOutputPrefix", errorOutputPrefix);
        violations.addAll(parsedPrefix.violations());
        violations.addAll(parsedErrorOutputPrefix.violations());

        for (Expression expression : parsedPrefix.expressions()) {
            if (expression.is(FIREHOSE, ERROR_OUTPUT_TYPE)) {
                violations.add("Prefix: " + expression + " can only be used in ErrorOutputPrefix");
            }
            if (expression.isPartitionKey() && !dynamicPartitioning) {
                violations.add("Prefix: " + expression
                        + " needs DynamicPartitioningConfiguration with Enabled true");
            }
        }
        if (dynamicPartitioning) {
            if (parsedPrefix.expressions().stream().noneMatch(Expression::isPartitionKey)) {
                violations.add("Prefix: must use !{partitionKeyFromQuery:...} or !{partitionKeyFromLambda:...} when dynamic partitioning is enabled");
            }
            if (parsedErrorOutputPrefix.segments().isEmpty()) {
                violations.add("ErrorOutputPrefix: must be set when dynamic partitioning is enabled");
            }
        }
        for (Expression expression : parsedErrorOutputPrefix.expressions()) {
            if (expression.isPartitionKey()) {
                violations.add("ErrorOutputPrefix: " + expression
                        + " is not allowed; partition keys can only be used in Prefix");
            }
        }
        if (!parsedErrorOutputPrefix.expressions().isEmpty()
                && !parsedErrorOutputPrefix.contains(FIREHOSE, ERROR_OUTPUT_TYPE)) {
            violations.add("ErrorOutputPrefix: must contain !{firehose:error-output-type} when it uses expressions");
        }
        if (parsedErrorOutputPrefix.segments().isEmpty() && !parsedPrefix.expressions().isEmpty()) {
            violations.add("ErrorOutputPrefix: must be set when Prefix uses expressions");
        }
        return List.copyOf(violations);
    }

    /** Splits a prefix (null means empty) into literals and expressions, collecting what is wrong with it. */
    static ParsedPrefix parse(String field, String prefix) {
        requireNonNull(field, "field is null");
        String text = prefix == null ? "" : prefix;
        List<Segment> segments = new ArrayList<>();
        List<String> violations = new ArrayList<>();
        if (text.length() > MAX_PREFIX_LENGTH) {
            violations.add(field + ": must be at most " + MAX_PREFIX_LENGTH + " characters, was " + text.length());
        }
        int position = 0;
        while (position < text.length()) {
            int start = text.indexOf(EXPRESSION_START, position);
            if (start < 0) {
                segments.add(new Literal(text.substring(position)));
                break;
            }
            if (start > position) {
                segments.add(new Literal(text.substring(position, start)));
            }
            int end = text.indexOf(EXPRESSION_END, start + EXPRESSION_START.length());
            int colon = end < 0 ? -1 : text.indexOf(':', start);
            if (end < 0 || colon < 0 || colon > end) {
                violations.add(field + ": '!{' at index " + start
                        + " must start an expression of the form !{namespace:value}");
                segments.add(new Literal(text.substring(start, end < 0 ? text.length() : end + 1)));
                position = end < 0 ? text.length() : end + 1;
                continue;
            }
            Expression expression = new Expression(
                    text.substring(start + EXPRESSION_START.length(), colon), text.substring(colon + 1, end));
            expression.violation().ifPresentOrElse(
                    violation -> violations.add(field + ": " + violation),
                    () -> segments.add(expression));
            position = end + 1;
        }
        return new ParsedPrefix(segments, violations);
    }

    /** A prefix split into segments, with everything wrong with it; invalid expressions are left out. */
    record ParsedPrefix(List<Segment> segments, List<String> violations) {
        ParsedPrefix {
            segments = List.copyOf(requireNonNull(segments, "segments is null"));
            violations = List.copyOf(requireNonNull(violations, "violations is null"));
        }

        List<Expression> expressions() {
            return segments.stream()
                    .filter(Expression.class::isInstance)
                    .map(Expression.class::cast)
                    .toList();
        }

        boolean contains(String namespace, String value) {
            return expressions().stream().anyMatch(expression -> expression.is(namespace, value));
        }

        boolean containsNamespace(String namespace) {
            return expressions().stream().anyMatch(expression -> expression.namespace().equals(namespace));
        }
    }

    /** A piece of a prefix: literal text or an expression. */
    sealed interface Segment permits Literal, Expression {}

    /** Text copied into the key as-is. */
    record Literal(String text) implements Segment {
        Literal {
            requireNonNull(text, "text is null");
        }
    }

    /** One {@code !{namespace:value}} expression. */
    record Expression(String namespace, String value) implements Segment {
        Expression {
            requireNonNull(namespace, "namespace is null");
            requireNonNull(value, "value is null");
        }

        boolean is(String namespace, String value) {
            return this.namespace.equals(namespace) && this.value.equals(value);
        }

        boolean isPartitionKey() {
            return namespace.equals(PARTITION_KEY_FROM_QUERY) || namespace.equals(PARTITION_KEY_FROM_LAMBDA);
        }

        /** The formatter of a {@code timestamp} expression; text such as month names is in English. */
        DateTimeFormatter formatter() {
            return DateTimeFormatter.ofPattern(value, Locale.ENGLISH);
        }

        private Optional<String> violation() {
            if (!NAMESPACES.contains(namespace)) {
                return Optional.of(this + " has unknown namespace '" + namespace
                        + "'; expected one of timestamp, firehose, partitionKeyFromQuery, partitionKeyFromLambda");
            }
            if (value.isEmpty()) {
                return Optional.of(this + " has no value");
            }
            if (namespace.equals(TIMESTAMP)) {
                try {
                    formatter();
                }
                catch (IllegalArgumentException e) {
                    return Optional.of(this + " is not a valid java.time DateTimeFormatter pattern: "
                            + e.getMessage());
                }
            }
            if (namespace.equals(FIREHOSE) && !value.equals(RANDOM_STRING) && !value.equals(ERROR_OUTPUT_TYPE)) {
                return Optional.of(this + " has unknown value '" + value
                        + "'; expected random-string or error-output-type");
            }
            return Optional.empty();
        }

        @Override
        public String toString() {
            return EXPRESSION_START + namespace + ':' + value + EXPRESSION_END;
        }
    }
}
