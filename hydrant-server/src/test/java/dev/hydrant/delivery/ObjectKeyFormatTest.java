package dev.hydrant.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hydrant.control.BufferingHints;
import dev.hydrant.control.CloudWatchLoggingOptions;
import dev.hydrant.control.CompressionFormat;
import dev.hydrant.control.ProcessingConfiguration;
import dev.hydrant.control.S3DestinationConfig;
import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.HydrantException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ObjectKeyFormatTest {
    private static final String STREAM = "my-delivery-stream";
    private static final String UNIQUE_ID = "a9fa96af-e4e4-409f-bac3-1f804714faaa";
    private static final long ARRIVAL = Instant.parse("2018-08-27T10:30:00Z").toEpochMilli();
    private static final String FILE_NAME = "my-delivery-stream-1-2018-08-27-10-30-00-" + UNIQUE_ID;
    private static final String ERROR_OUTPUT_PREFIX = "errors/!{firehose:error-output-type}/";

    @Test
    void usesDateAndHourPathWhenPrefixIsUnset() {
        ObjectKeyFormat keys = format(null, null);

        assertThat(keys.objectKey(1, ARRIVAL, UNIQUE_ID)).isEqualTo("2018/08/27/10/" + FILE_NAME);
    }

    @Test
    void concatenatesLiteralPrefixWithoutInsertingSlash() {
        assertThat(format("logs", null).objectKey(1, ARRIVAL, UNIQUE_ID))
                .isEqualTo("logs2018/08/27/10/" + FILE_NAME);
        assertThat(format("logs/", null).objectKey(1, ARRIVAL, UNIQUE_ID))
                .isEqualTo("logs/2018/08/27/10/" + FILE_NAME);
    }

    @Test
    void putsStreamVersionTimestampAndUniqueIdInFileName() {
        long arrival = Instant.parse("2019-08-09T23:55:09.750Z").toEpochMilli();

        assertThat(format(null, null).objectKey(7, arrival, "id"))
                .isEqualTo("2019/08/09/23/my-delivery-stream-7-2019-08-09-23-55-09-id");
    }

    @Test
    void evaluatesTimestampExpressionsInsteadOfAppendingDatePath() {
        ObjectKeyFormat keys = format(
                "myPrefix/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/",
                ERROR_OUTPUT_PREFIX);

        assertThat(keys.objectKey(1, ARRIVAL, UNIQUE_ID))
                .isEqualTo("myPrefix/year=2018/month=08/day=27/hour=10/" + FILE_NAME);
    }

    @Test
    void keepsQuotedTextOfTimestampPatternLiteral() {
        ObjectKeyFormat keys = format("!{timestamp:'year='yyyy}/!{timestamp:'month='MMM}/", ERROR_OUTPUT_PREFIX);

        assertThat(keys.objectKey(1, ARRIVAL, UNIQUE_ID)).isEqualTo("year=2018/month=Aug/" + FILE_NAME);
    }

    @Test
    void appendsDatePathWhenPrefixHasExpressionsButNoTimestamp() {
        ObjectKeyFormat keys = format("data/!{firehose:random-string}/", ERROR_OUTPUT_PREFIX);

        assertThat(keys.objectKey(1, ARRIVAL, UNIQUE_ID))
                .matches("data/[a-z0-9]{11}/2018/08/27/10/" + FILE_NAME);
    }

    @Test
    void customTimeZoneShiftsPrefixAndFileNameTimestamps() {
        ObjectKeyFormat keys = format(null, null, CompressionFormat.UNCOMPRESSED, null, "Asia/Tokyo");
        long arrival = Instant.parse("2018-08-27T20:30:00Z").toEpochMilli();

        assertThat(keys.objectKey(1, arrival, UNIQUE_ID))
                .isEqualTo("2018/08/28/05/my-delivery-stream-1-2018-08-28-05-30-00-" + UNIQUE_ID);
        assertThat(format("!{timestamp:yyyy-MM-dd HH}/", ERROR_OUTPUT_PREFIX, CompressionFormat.UNCOMPRESSED, null,
                "Asia/Tokyo").objectKey(1, arrival, "id"))
                .isEqualTo("2018-08-28 05/my-delivery-stream-1-2018-08-28-05-30-00-id");
    }

    @Test
    void treatsEmptyCustomTimeZoneAsUtc() {
        assertThat(format(null, null, CompressionFormat.UNCOMPRESSED, null, "").objectKey(1, ARRIVAL, UNIQUE_ID))
                .isEqualTo("2018/08/27/10/" + FILE_NAME);
    }

    @Test
    void rejectsUnknownCustomTimeZone() {
        assertThatThrownBy(() -> format(null, null, CompressionFormat.UNCOMPRESSED, null, "Mars/Olympus"))
                .isInstanceOf(HydrantException.class)
                .hasMessage("CustomTimeZone: unknown time zone 'Mars/Olympus'")
                .extracting(error -> ((HydrantException) error).errorCode())
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }

    @ParameterizedTest
    @EnumSource(CompressionFormat.class)
    void endsWithExtensionOfCompressionFormat(CompressionFormat compressionFormat) {
        ObjectKeyFormat keys = format(null, null, compressionFormat, null, null);

        assertThat(keys.objectKey(1, ARRIVAL, UNIQUE_ID))
                .isEqualTo("2018/08/27/10/" + FILE_NAME + compressionFormat.fileExtension());
    }

    @Test
    void fileExtensionOverridesCompressionExtension() {
        assertThat(format(null, null, CompressionFormat.GZIP, ".json.gz", null).objectKey(1, ARRIVAL, UNIQUE_ID))
                .isEqualTo("2018/08/27/10/" + FILE_NAME + ".json.gz");
        assertThat(format(null, null, CompressionFormat.GZIP, ".txt", null).objectKey(1, ARRIVAL, UNIQUE_ID))
                .isEqualTo("2018/08/27/10/" + FILE_NAME + ".txt");
        assertThat(format(null, null, CompressionFormat.GZIP, "", null).objectKey(1, ARRIVAL, UNIQUE_ID))
                .isEqualTo("2018/08/27/10/" + FILE_NAME + ".gz");
    }

    @Test
    void randomStringIsElevenLowercaseLettersAndDigits() {
        ObjectKeyFormat keys = format("!{firehose:random-string}/", ERROR_OUTPUT_PREFIX);

        for (int batch = 0; batch < 100; batch++) {
            assertThat(keys.objectKey(1, ARRIVAL, "id-" + batch)).matches("[a-z0-9]{11}/2018/08/27/10/.*");
        }
    }

    @Test
    void randomStringIsTheSameWhenTheSameBatchIsDeliveredAgain() {
        String prefix = "!{firehose:random-string}/";

        assertThat(format(prefix, ERROR_OUTPUT_PREFIX).objectKey(1, ARRIVAL, UNIQUE_ID))
                .isEqualTo(format(prefix, ERROR_OUTPUT_PREFIX).objectKey(1, ARRIVAL, UNIQUE_ID));
    }

    @Test
    void randomStringsOfAUniqueIdStayTheSameAcrossReleases() {
        // a change here makes batches redelivered after an upgrade land under new keys, duplicating objects
        ObjectKeyFormat keys = format("!{firehose:random-string}/!{firehose:random-string}/", ERROR_OUTPUT_PREFIX);

        assertThat(keys.objectKey(1, ARRIVAL, UNIQUE_ID))
                .isEqualTo("vo816ytthv8/is280pckmdk/2018/08/27/10/" + FILE_NAME);
    }

    @Test
    void randomStringDiffersBetweenBatches() {
        ObjectKeyFormat keys = format("!{firehose:random-string}/", ERROR_OUTPUT_PREFIX);

        assertThat(randomPart(keys.objectKey(1, ARRIVAL, "batch-1")))
                .isNotEqualTo(randomPart(keys.objectKey(1, ARRIVAL, "batch-2")));
    }

    @Test
    void randomStringIsNewForEachOccurrence() {
        ObjectKeyFormat keys = format("!{firehose:random-string}/!{firehose:random-string}/", ERROR_OUTPUT_PREFIX);

        String[] parts = keys.objectKey(1, ARRIVAL, UNIQUE_ID).split("/");

        assertThat(parts[0]).hasSize(11).isNotEqualTo(parts[1]);
        assertThat(parts[1]).hasSize(11);
    }

    @Test
    void errorKeyDefaultsToPrefixErrorOutputTypeAndDatePath() {
        assertThat(format("logs/", null).errorObjectKey("processing-failed", 1, ARRIVAL, UNIQUE_ID))
                .isEqualTo("logs/processing-failed/2018/08/27/10/" + FILE_NAME);
        assertThat(format(null, "").errorObjectKey("format-conversion-failed", 1, ARRIVAL, UNIQUE_ID))
                .isEqualTo("format-conversion-failed/2018/08/27/10/" + FILE_NAME);
    }

    @Test
    void errorKeyEvaluatesErrorOutputPrefix() {
        ObjectKeyFormat keys = format("data/!{timestamp:yyyy}/",
                "errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/!{firehose:error-output-type}-");

        assertThat(keys.errorObjectKey("processing-failed", 1, ARRIVAL, UNIQUE_ID))
                .isEqualTo("errors/processing-failed/2018/08/27/processing-failed-" + FILE_NAME);
    }

    @Test
    void errorKeyAppendsDatePathWhenErrorOutputPrefixHasNoTimestamp() {
        assertThat(format("data/", ERROR_OUTPUT_PREFIX).errorObjectKey("processing-failed", 1, ARRIVAL, UNIQUE_ID))
                .isEqualTo("errors/processing-failed/2018/08/27/10/" + FILE_NAME);
        assertThat(format("data/", "errors/").errorObjectKey("processing-failed", 1, ARRIVAL, UNIQUE_ID))
                .isEqualTo("errors/2018/08/27/10/" + FILE_NAME);
    }

    @Test
    void errorKeyUsesTimeZoneAndExtensionOfTheStream() {
        ObjectKeyFormat keys = format("data/", ERROR_OUTPUT_PREFIX, CompressionFormat.GZIP, null, "Asia/Tokyo");

        assertThat(keys.errorObjectKey("processing-failed", 1, ARRIVAL, UNIQUE_ID))
                .isEqualTo("errors/processing-failed/2018/08/27/19/my-delivery-stream-1-2018-08-27-19-30-00-"
                        + UNIQUE_ID + ".gz");
    }

    @Test
    void acceptsEvaluatedPrefixOfExactly512Characters() {
        String prefix = "p".repeat(512 - "2018/08/27/10/".length());

        assertThat(format(prefix, null).objectKey(1, ARRIVAL, UNIQUE_ID))
                .isEqualTo(prefix + "2018/08/27/10/" + FILE_NAME);
    }

    @Test
    void rejectsEvaluatedPrefixLongerThan512Characters() {
        String prefix = "p".repeat(513 - "2018/08/27/10/".length());

        assertThatThrownBy(() -> format(prefix, null).objectKey(1, ARRIVAL, UNIQUE_ID))
                .isInstanceOf(HydrantException.class)
                .hasMessage("Prefix of delivery stream my-delivery-stream evaluates to 513 characters; "
                        + "the limit is 512")
                .extracting(error -> ((HydrantException) error).errorCode())
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void rejectsEvaluatedErrorPrefixLongerThan512Characters() {
        ObjectKeyFormat keys = format("p".repeat(490), null);

        assertThatThrownBy(() -> keys.errorObjectKey("processing-failed", 1, ARRIVAL, UNIQUE_ID))
                .isInstanceOf(HydrantException.class)
                .hasMessageStartingWith("ErrorOutputPrefix of delivery stream my-delivery-stream evaluates to 522");
    }

    @Test
    void rejectsInvalidPrefixes() {
        assertThatThrownBy(() -> format("!{timestamp:yyyy/MM/dd}", null))
                .isInstanceOf(HydrantException.class)
                .hasMessage("ErrorOutputPrefix: must be set when Prefix uses expressions");
        assertThatThrownBy(() -> format("!{partitionKeyFromQuery:customer}/", ERROR_OUTPUT_PREFIX))
                .isInstanceOf(HydrantException.class)
                .hasMessageContaining("needs DynamicPartitioningConfiguration with Enabled true");
    }

    private static String randomPart(String key) {
        return key.substring(0, key.indexOf('/'));
    }

    private static ObjectKeyFormat format(String prefix, String errorOutputPrefix) {
        return format(prefix, errorOutputPrefix, CompressionFormat.UNCOMPRESSED, null, null);
    }

    private static ObjectKeyFormat format(
            String prefix,
            String errorOutputPrefix,
            CompressionFormat compressionFormat,
            String fileExtension,
            String customTimeZone) {
        return new ObjectKeyFormat(STREAM, new S3DestinationConfig(
                S3DestinationConfig.DEFAULT_ROLE_ARN,
                S3DestinationConfig.bucketArnOf("bucket"),
                prefix,
                errorOutputPrefix,
                BufferingHints.defaults(),
                compressionFormat,
                CloudWatchLoggingOptions.disabled(),
                ProcessingConfiguration.disabled(),
                fileExtension,
                customTimeZone));
    }
}
