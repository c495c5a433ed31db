package dev.hydrant.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import net.thisptr.jackson.jq.exception.JsonQueryException;
import org.junit.jupiter.api.Test;

class JqTimeFunctionsTest {
    // Sunday 2023-01-01T00:00:00Z and Friday 2021-08-27T10:30:15Z
    private static final long NEW_YEAR_2023 = 1672531200L;
    private static final long AUGUST_2021 = 1630060215L;

    @Test
    void gmtimeBreaksDownLikeJq16() throws JsonQueryException {
        assertThat(JqTimeFunctions.gmtime(DoubleNode.valueOf(AUGUST_2021 + 0.25)).toString()).isEqualTo("[2021,7,27,10,30,15.25,5,238]");
        assertThat(JqTimeFunctions.gmtime(LongNode.valueOf(0)).toString()).isEqualTo("[1970,0,1,0,0,0.0,4,0]");
    }

    @Test
    void mktimeInvertsGmtime() throws JsonQueryException {
        assertThat(JqTimeFunctions.mktime(JqTimeFunctions.gmtime(LongNode.valueOf(AUGUST_2021)))).isEqualTo(AUGUST_2021);
    }

    @Test
    void strftimeFormatsCommonConversions() throws JsonQueryException {
        assertThat(JqTimeFunctions.strftime(LongNode.valueOf(AUGUST_2021), "%F %T|%D %R|%y %C %e %I %p|%A %B %h|%u %w|%z %%"))
                .isEqualTo("2021-08-27 10:30:15|08/27/21 10:30|21 20 27 10 AM|Friday August Aug|5 5|+0000 %");
        assertThat(JqTimeFunctions.strftime(LongNode.valueOf(NEW_YEAR_2023), "%U %W %V %G %g %j"))
                .isEqualTo("01 00 52 2022 22 001");
        assertThat(JqTimeFunctions.strftime(JqTimeFunctions.gmtime(LongNode.valueOf(NEW_YEAR_2023)), "%c"))
                .isEqualTo("Sun Jan  1 00:00:00 2023");
    }

    @Test
    void strftimeRejectsTextAndUnknownConversions() {
        assertThatThrownBy(() -> JqTimeFunctions.strftime(TextNode.valueOf("2021-08-27"), "%Y")).hasMessageContaining("requires parsed datetime inputs");
        assertThatThrownBy(() -> JqTimeFunctions.strftime(LongNode.valueOf(0), "%Q")).hasMessageContaining("unsupported conversion '%Q'");
    }
}
