package dev.hydrant.firehose;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeliveryStreamNamesTest {
    @ParameterizedTest
    @ValueSource(strings = {"a", "clicks", "raw-events_v2.json", "A1.b-C_"})
    void acceptsNamesOfAllowedCharacters(String name) {
        assertThat(DeliveryStreamNames.violations(name, "deliveryStreamName")).isEmpty();
    }

    @Test
    void acceptsSixtyFourCharactersAndRejectsSixtyFive() {
        assertThat(DeliveryStreamNames.violations("a".repeat(64), "deliveryStreamName")).isEmpty();
        assertThat(DeliveryStreamNames.violations("a".repeat(65), "deliveryStreamName")).containsExactly(
                "Value '" + "a".repeat(65) + "' at 'deliveryStreamName' failed to satisfy constraint: Member must have length less than or equal to 64");
    }

    @ParameterizedTest
    @ValueSource(strings = {"has space", "slash/name", "colon:name", "émoji", "star*"})
    void rejectsCharactersOutsideThePattern(String name) {
        assertThat(DeliveryStreamNames.violations(name, "deliveryStreams.raw.name")).containsExactly(
                "Value '" + name + "' at 'deliveryStreams.raw.name' failed to satisfy constraint: "
                        + "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
    }

    @Test
    void reportsBothPatternAndLengthForEmptyName() {
        assertThat(DeliveryStreamNames.violations("", "deliveryStreamName")).containsExactly(
                "Value '' at 'deliveryStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
                "Value '' at 'deliveryStreamName' failed to satisfy constraint: Member must have length greater than or equal to 1");
    }

    @Test
    void reportsMissingName() {
        assertThat(DeliveryStreamNames.violations(null, "deliveryStreamName"))
                .containsExactly("Value null at 'deliveryStreamName' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void patternMatchesWholeNamesOnly() {
        assertThat(DeliveryStreamNames.PATTERN.matcher("good").matches()).isTrue();
        assertThat(DeliveryStreamNames.PATTERN.matcher("good bad").matches()).isFalse();
    }
}
