package dev.hydrant.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrefixExpressionsTest {
    private static final String ERROR_OUTPUT_PREFIX = "errors/!{firehose:error-output-type}/";

    @Test
    void acceptsUnsetAndEmptyPrefixes() {
        assertThat(PrefixExpressions.validate(null, null)).isEmpty();
        assertThat(PrefixExpressions.validate("", "")).isEmpty();
    }

    @Test
    void acceptsLiteralPrefixWithoutErrorOutputPrefix() {
        assertThat(PrefixExpressions.validate("logs/", null)).isEmpty();
    }

    @Test
    void acceptsEveryKindOfExpressionWithAnErrorOutputPrefix() {
        assertThat(PrefixExpressions.validate(
                "myPrefix/year=!{timestamp:yyyy}/!{timestamp:'month='MM}/!{firehose:random-string}/",
                "errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/!{firehose:random-string}/"))
                .isEmpty();
    }

    @Test
    void acceptsLiteralErrorOutputPrefixWithExpressionsInPrefix() {
        assertThat(PrefixExpressions.validate("data/!{timestamp:yyyy}/", "errors/")).isEmpty();
    }

    @Test
    void rejectsExclamationBraceThatDoesNotStartAnExpression() {
        assertThat(PrefixExpressions.validate("logs/!{timestamp", null))
                .containsExactly("Prefix: '!{' at index 5 must start an expression of the form !{namespace:value}");
        assertThat(PrefixExpressions.validate("logs/!{timestamp}/", null)).singleElement()
                .asString().contains("must start an expression of the form !{namespace:value}");
    }

    @Test
    void rejectsUnknownNamespace() {
        assertThat(PrefixExpressions.validate("!{date:yyyy}/", ERROR_OUTPUT_PREFIX)).singleElement()
                .asString().startsWith("Prefix: !{date:yyyy} has unknown namespace 'date'");
    }

    @Test
    void rejectsUnknownFirehoseValue() {
        assertThat(PrefixExpressions.validate("!{firehose:uuid}/", ERROR_OUTPUT_PREFIX)).singleElement()
                .asString().startsWith("Prefix: !{firehose:uuid} has unknown value 'uuid'");
    }

    @Test
    void rejectsExpressionWithoutValue() {
        assertThat(PrefixExpressions.validate("!{timestamp:}/", ERROR_OUTPUT_PREFIX))
                .containsExactly("Prefix: !{timestamp:} has no value");
    }

    @Test
    void rejectsInvalidTimestampPattern() {
        assertThat(PrefixExpressions.validate("!{timestamp:yyyy-bb}/", ERROR_OUTPUT_PREFIX)).singleElement()
                .asString()
                .startsWith("Prefix: !{timestamp:yyyy-bb} is not a valid java.time DateTimeFormatter pattern");
        assertThat(PrefixExpressions.validate("!{timestamp:'year=yyyy}/", ERROR_OUTPUT_PREFIX)).singleElement()
                .asString().contains("is not a valid java.time DateTimeFormatter pattern");
    }

    @Test
    void rejectsErrorOutputTypeInPrefix() {
        assertThat(PrefixExpressions.validate("!{firehose:error-output-type}/", ERROR_OUTPUT_PREFIX))
                .containsExactly("Prefix: !{firehose:error-output-type} can only be used in ErrorOutputPrefix");
    }

    @Test
    void rejectsErrorOutputPrefixExpressionsWithoutErrorOutputType() {
        assertThat(PrefixExpressions.validate("data/", "errors/!{timestamp:yyyy}/")).containsExactly(
                "ErrorOutputPrefix: must contain !{firehose:error-output-type} when it uses expressions");
    }

    @Test
    void rejectsMissingErrorOutputPrefixWhenPrefixUsesExpressions() {
        String message = "ErrorOutputPrefix: must be set when Prefix uses expressions";
        assertThat(PrefixExpressions.validate("!{timestamp:yyyy/MM/dd}", null)).containsExactly(message);
        assertThat(PrefixExpressions.validate("!{firehose:random-string}/", "")).containsExactly(message);
    }

    @Test
    void rejectsPartitionKeysInPrefixWithoutDynamicPartitioning() {
        assertThat(PrefixExpressions.validate(
                "!{partitionKeyFromQuery:customer}/!{partitionKeyFromLambda:region}/", ERROR_OUTPUT_PREFIX))
                .containsExactly(
                        "Prefix: !{partitionKeyFromQuery:customer} needs DynamicPartitioningConfiguration with Enabled true",
                        "Prefix: !{partitionKeyFromLambda:region} needs DynamicPartitioningConfiguration with Enabled true");
    }

    @Test
    void acceptsPartitionKeysWithDynamicPartitioning() {
        assertThat(PrefixExpressions.validate(
                "!{partitionKeyFromQuery:customer}/!{partitionKeyFromLambda:region}/", ERROR_OUTPUT_PREFIX, true))
                .isEmpty();
    }

    @Test
    void dynamicPartitioningNeedsAPartitionKeyAndAnErrorOutputPrefix() {
        assertThat(PrefixExpressions.validate("data/", null, true)).containsExactly(
                "Prefix: must use !{partitionKeyFromQuery:...} or !{partitionKeyFromLambda:...} when dynamic partitioning is enabled",
                "ErrorOutputPrefix: must be set when dynamic partitioning is enabled");
    }

    @Test
    void rejectsPartitionKeysInErrorOutputPrefix() {
        assertThat(PrefixExpressions.validate(
                "data/", "errors/!{firehose:error-output-type}/!{partitionKeyFromQuery:customer}/"))
                .containsExactly("ErrorOutputPrefix: !{partitionKeyFromQuery:customer} is not allowed; "
                        + "partition keys can only be used in Prefix");
    }

    @Test
    void rejectsPrefixesLongerThan1024Characters() {
        String longest = "a".repeat(1024);
        assertThat(PrefixExpressions.validate(longest, longest)).isEmpty();
        assertThat(PrefixExpressions.validate(longest + "b", longest + "b")).containsExactly(
                "Prefix: must be at most 1024 characters, was 1025",
                "ErrorOutputPrefix: must be at most 1024 characters, was 1025");
    }

    @Test
    void reportsEveryViolationAtOnce() {
        assertThat(PrefixExpressions.validate(
                "!{firehose:error-output-type}/!{foo:bar}/!{timestamp:yyyy}/",
                "errors/!{timestamp:bb}/!{partitionKeyFromLambda:region}/"))
                .hasSize(5)
                .anySatisfy(message -> assertThat(message).startsWith("Prefix: !{foo:bar}"))
                .anySatisfy(message -> assertThat(message).startsWith("Prefix: !{firehose:error-output-type}"))
                .anySatisfy(message -> assertThat(message).startsWith("ErrorOutputPrefix: !{timestamp:bb}"))
                .anySatisfy(message -> assertThat(message).startsWith("ErrorOutputPrefix: !{partitionKeyFromLambda"))
                .anySatisfy(message -> assertThat(message).contains("must contain !{firehose:error-output-type}"));
    }
}
