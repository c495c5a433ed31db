package dev.hydrant.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OutputComparisonTest {
    private static final ConformanceCase.ExpectedOutput ANY_ORDER = new ConformanceCase.ExpectedOutput("CSV", false, List.of("a,1", "b,2", "b,2"));
    private static final ConformanceCase.ExpectedOutput IN_ORDER = new ConformanceCase.ExpectedOutput("CSV", true, List.of("a,1", "b,2"));

    @Test
    void matchesAMultisetInAnyOrderButCountsRepeats() {
        assertThat(OutputComparison.difference("S", ANY_ORDER, List.of("b,2\n", "a,1\n", "b,2\n"))).isEmpty();
        assertThat(OutputComparison.difference("S", ANY_ORDER, List.of("b,2\n", "a,1\n"))).hasValue("""
                S: expected 3 records, received 2 records
                    missing:    b,2""");
    }

    @Test
    void listsMissingAndUnexpectedRecords() {
        assertThat(OutputComparison.difference("S", IN_ORDER, List.of("a,1\n", "b,3\n", "c,4\n"))).hasValue("""
                S: expected 2 records, received 3 records
                    missing:    b,2
                    unexpected: b,3
                    unexpected: c,4""");
    }

    @Test
    void showsBothOrdersWhenOnlyTheOrderDiffers() {
        assertThat(OutputComparison.difference("S", IN_ORDER, List.of("b,2\n", "a,1\n"))).hasValue("""
                S: expected 2 records, received 2 records, in another order
                    expected order:
                      a,1
                      b,2
                    received order:
                      b,2
                      a,1""");
    }

    @Test
    void comparesCsvRecordsWithTheirNewlineAndShowsWhatIsInvisible() {
        assertThat(OutputComparison.difference("S", IN_ORDER, List.of("a,1\n", "b,2"))).hasValue("""
                S: expected 2 records, received 2 records
                    missing:    b,2
                    unexpected: b,2   (no newline at the end)""");
        assertThat(OutputComparison.display("x\ty \n", true)).isEqualTo("\"x\\ty \"");
        assertThat(OutputComparison.display("{\"a\":1}", false)).isEqualTo("{\"a\":1}");
    }
}
