package dev.hydrant.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hydrant.spi.FormatConversionConfig;
import dev.hydrant.spi.FormatConversionConfig.HiveJsonSerDe;
import dev.hydrant.spi.FormatConversionConfig.OpenXJsonSerDe;
import dev.hydrant.spi.FormatConversionConfig.OrcSerDe;
import dev.hydrant.spi.FormatConversionConfig.ParquetSerDe;
import dev.hydrant.spi.HiveType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataFormatConversionTest {
    /** Configured as DeliveryStreamManager's state-file mapper. */
    private static final ObjectMapper STATE = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final DataFormatConversion PARQUET = new DataFormatConversion(true,
            new DataFormatConversion.SchemaConfiguration(null, "123456789012", "racing", "laps", null, "LATEST"),
            List.of(new DataFormatConversion.Column("car", "string"), new DataFormatConversion.Column("sectors", "array<int>")),
            new OpenXJsonSerDe(true, false, Map.of("car", "driver")), null, ParquetSerDe.defaults(), null);

    @Test
    void roundTripsThroughTheStateFile() throws Exception {
        DataFormatConversion orc = new DataFormatConversion(true, DataFormatConversion.SchemaConfiguration.empty(), List.of(),
                null, new HiveJsonSerDe(List.of("millis")), null, OrcSerDe.defaults());
        for (DataFormatConversion conversion : List.of(PARQUET, orc, DataFormatConversion.disabled())) {
            S3DestinationConfig destination = destination().withDataFormatConversion(conversion);

            String json = STATE.writeValueAsString(destination);

            assertThat(STATE.readValue(json, S3DestinationConfig.class)).isEqualTo(destination);
        }
    }

    @Test
    void readsStateFilesWrittenBeforeConversionAsDisabled() throws Exception {
        String json = STATE.writeValueAsString(destination());
        String old = json.replace(",\"dataFormatConversion\":" + STATE.writeValueAsString(DataFormatConversion.disabled()), "");
        assertThat(old).doesNotContain("dataFormatConversion");

        S3DestinationConfig read = STATE.readValue(old, S3DestinationConfig.class);

        assertThat(read.dataFormatConversion()).isEqualTo(DataFormatConversion.disabled());
        assertThat(read).isEqualTo(destination());
    }

    @Test
    void buildsTheWriterConfiguration() {
        FormatConversionConfig config = PARQUET.toFormatConversionConfig();

        assertThat(config.schema()).isEqualTo(new FormatConversionConfig.ExplicitSchema(
                (HiveType.StructType) HiveType.parse("struct<car:string,sectors:array<int>>")));
        assertThat(config.deserializer()).isEqualTo(PARQUET.openXJsonSerDe());
        assertThat(config.serializer()).isEqualTo(ParquetSerDe.defaults());
        assertThat(PARQUET.outputExtension()).isEqualTo(".parquet");
        assertThatThrownBy(() -> DataFormatConversion.disabled().toFormatConversionConfig()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anEnabledConversionNeedsOneDeserializerAndOneSerializer() {
        assertThatThrownBy(() -> new DataFormatConversion(true, null, null, OpenXJsonSerDe.defaults(), null, null, null))
                .hasMessage("an enabled conversion needs a deserializer and a serializer");
        assertThatThrownBy(() -> new DataFormatConversion(false, null, null, null, null, ParquetSerDe.defaults(), OrcSerDe.defaults()))
                .hasMessage("only one of parquetSerDe and orcSerDe may be set");
    }

    @Test
    void dataObjectsTakeTheOutputExtension() {
        S3DestinationConfig converting = destination().withDataFormatConversion(PARQUET);

        assertThat(converting.defaultFileExtension()).isEqualTo(".parquet");
        assertThat(destination().defaultFileExtension()).isEmpty();
    }

    private static S3DestinationConfig destination() {
        return new S3DestinationConfig(S3DestinationConfig.DEFAULT_ROLE_ARN, "arn:aws:s3:::raw", "p/", null, new BufferingHints(64, 0),
                CompressionFormat.UNCOMPRESSED, CloudWatchLoggingOptions.disabled(), ProcessingConfiguration.disabled(), null, null);
    }
}
