package dev.hydrant.analytics.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KdaTypeTest {
    @Test
    void parsesEveryKdaTypeToItsFlinkType() {
        assertThat(KdaType.parse("VARCHAR(4)").flinkType()).isEqualTo("VARCHAR(4)");
        assertThat(KdaType.parse("varchar ( 64 )").flinkType()).isEqualTo("VARCHAR(64)");
        assertThat(KdaType.parse("CHAR(3)").flinkType()).isEqualTo("CHAR(3)");
        assertThat(KdaType.parse("CHAR").flinkType()).isEqualTo("CHAR(1)");
        assertThat(KdaType.parse("INTEGER").flinkType()).isEqualTo("INT");
        assertThat(KdaType.parse("INT").flinkType()).isEqualTo("INT");
        assertThat(KdaType.parse("SMALLINT").flinkType()).isEqualTo("SMALLINT");
        assertThat(KdaType.parse("TINYINT").flinkType()).isEqualTo("TINYINT");
        assertThat(KdaType.parse("BIGINT").flinkType()).isEqualTo("BIGINT");
        assertThat(KdaType.parse("REAL").flinkType()).isEqualTo("FLOAT");
        assertThat(KdaType.parse("DOUBLE").flinkType()).isEqualTo("DOUBLE");
        assertThat(KdaType.parse("DOUBLE  PRECISION").flinkType()).isEqualTo("DOUBLE");
        assertThat(KdaType.parse("FLOAT").flinkType()).isEqualTo("DOUBLE");
        assertThat(KdaType.parse("DECIMAL(10,2)").flinkType()).isEqualTo("DECIMAL(10, 2)");
        assertThat(KdaType.parse("NUMERIC(5)").flinkType()).isEqualTo("DECIMAL(5, 0)");
        assertThat(KdaType.parse("DEC").flinkType()).isEqualTo("DECIMAL(18, 0)");
        assertThat(KdaType.parse("BOOLEAN").flinkType()).isEqualTo("BOOLEAN");
        assertThat(KdaType.parse("DATE").flinkType()).isEqualTo("DATE");
        assertThat(KdaType.parse("TIME").flinkType()).isEqualTo("TIME(3)");
        assertThat(KdaType.parse("TIMESTAMP").flinkType()).isEqualTo("TIMESTAMP(3)");
        assertThat(KdaType.parse("BINARY(16)").flinkType()).isEqualTo("BINARY(16)");
        assertThat(KdaType.parse("VARBINARY(100)").flinkType()).isEqualTo("VARBINARY(100)");
        assertThat(KdaType.parse("VARCHAR").flinkType()).isEqualTo("STRING");
    }

    @Test
    void decimalWithoutPrecisionIsEighteenDigitsWithScaleZero() {
        assertThat(KdaType.parse("DECIMAL")).isEqualTo(new KdaType(KdaType.Kind.DECIMAL, 18, 0));
        assertThat(KdaType.parse("DECIMAL").toString()).isEqualTo("DECIMAL(18,0)");
    }

    @Test
    void rejectsUnknownTypesAndBadSizes() {
        assertThatThrownBy(() -> KdaType.parse("STRING")).hasMessage("Unknown SQL type: STRING");
        assertThatThrownBy(() -> KdaType.parse("INTEGER(3)")).hasMessage("Type INTEGER takes no size: INTEGER(3)");
        assertThatThrownBy(() -> KdaType.parse("DECIMAL(19,2)")).hasMessage("DECIMAL precision 19 must be between 1 and 18: DECIMAL(19,2)");
        assertThatThrownBy(() -> KdaType.parse("DECIMAL(4,5)")).hasMessage("DECIMAL scale 5 must not exceed precision 4: DECIMAL(4,5)");
        assertThatThrownBy(() -> KdaType.parse("VARCHAR(0)")).hasMessage("Length must be positive: VARCHAR(0)");
        assertThatThrownBy(() -> KdaType.parse("VARCHAR(4,2)")).hasMessage("Type takes one size only: VARCHAR(4,2)");
    }
}
