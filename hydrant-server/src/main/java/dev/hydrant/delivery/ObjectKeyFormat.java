package dev.hydrant.delivery;

import static dev.hydrant.delivery.PrefixExpressions.ERROR_OUTPUT_TYPE;
import static dev.hydrant.delivery.PrefixExpressions.FIREHOSE;
import static dev.hydrant.delivery.PrefixExpressions.MAX_EVALUATED_PREFIX_LENGTH;
import static dev.hydrant.delivery.PrefixExpressions.RANDOM_STRING;
import static dev.hydrant.delivery.PrefixExpressions.TIMESTAMP;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.hydrant.control.S3DestinationConfig;
import dev.hydrant.delivery.PrefixExpressions.Expression;
import dev.hydrant.delivery.PrefixExpressions.Literal;
import dev.hydrant.delivery.PrefixExpressions.ParsedPrefix;
import dev.hydrant.delivery.PrefixExpressions.Segment;
import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.HydrantException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The S3 object keys of one delivery stream, laid out as Firehose does:
 * {@code <evaluated prefix><stream>-<version>-<yyyy-MM-dd-HH-mm-ss>-<uniqueId><extension>}.
 *
 * <ul>
 *   <li>Every timestamp, in the prefix and in the file name, is the arrival time of the oldest record of the object,
 *       in CustomTimeZone (UTC when unset).
 *   <li>A prefix without a {@code !{timestamp:...}} expression gets {@code yyyy/MM/dd/HH/} appended, with no slash
 *       inserted in between.
 *   <li>{@code !{firehose:random-string}} gives 11 lowercase letters and digits, new for each occurrence, drawn from a
 *       generator seeded by the uniqueId. Delivering the same batch again with the same uniqueId therefore yields the
 *       same key, which overwrites the earlier object instead of duplicating it.
 *   <li>The extension is FileExtension when set, else {@code .parquet} or {@code .orc} with data format conversion,
 *       else the extension of the CompressionFormat. Error objects of a converting stream take the CompressionFormat's
 *       extension, since they hold JSON lines.
 * </ul>
 */
public final class ObjectKeyFormat {
    private static final DateTimeFormatter DEFAULT_PREFIX_TIME =
            DateTimeFormatter.ofPattern("yyyy/MM/dd/HH/", Locale.ENGLISH);
    private static final DateTimeFormatter FILE_NAME_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss", Locale.ENGLISH);
    private static final String RANDOM_STRING_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final int RANDOM_STRING_LENGTH = 11;

    private final String streamName;
    private final String prefix;
    private final ParsedPrefix parsedPrefix;
    private final ParsedPrefix parsedErrorOutputPrefix;
    private final ZoneId zone;
    private final String extension;
    private final String errorExtension;

    /**
     * @throws HydrantException {@link ErrorCode#INVALID_ARGUMENT} when the prefixes break
     *         {@link PrefixExpressions#validate the prefix rules} or CustomTimeZone is not a known time zone
     */
    public ObjectKeyFormat(String streamName, S3DestinationConfig destination) {
        this.streamName = requireNonNull(streamName, "streamName is null");
        requireNonNull(destination, "destination is null");
        List<String> violations = PrefixExpressions.validate(
                destination.prefix(), destination.errorOutputPrefix(), destination.dynamicPartitioning().enabled());
        if (!violations.isEmpty()) {
            throw new HydrantException(ErrorCode.INVALID_ARGUMENT, String.join("; ", violations));
        }
        this.prefix = destination.prefix() == null ? "" : destination.prefix();
        this.parsedPrefix = PrefixExpressions.parse("Prefix", destination.prefix());
        this.parsedErrorOutputPrefix = PrefixExpressions.parse("ErrorOutputPrefix", destination.errorOutputPrefix());
        this.zone = zoneOf(destination.customTimeZone());
        this.extension = isSet(destination.fileExtension())
                ? destination.fileExtension()
                : destination.defaultFileExtension();
        // With data format conversion the data objects are Parquet or ORC, but error documents stay JSON lines.
        this.errorExtension = destination.dataFormatConversion().enabled()
                ? destination.compressionFormat().fileExtension()
                : extension;
    }

    /** The key of an object of records, version {@code versionId} of the stream's configuration. */
    public String objectKey(long versionId, long oldestArrivalMillis, String uniqueId) {
        return objectKey(versionId, oldestArrivalMillis, uniqueId, Map.of(), Map.of());
    }

    /**
     * The key of an object of records of one dynamic partition, whose {@code partitionKeyFromQuery} and
     * {@code partitionKeyFromLambda} values are given.
     *
     * @throws HydrantException {@link ErrorCode#INVALID_ARGUMENT} when the prefix uses a key the maps lack
     */
    public String objectKey(long versionId, long oldestArrivalMillis, String uniqueId, Map<String, String> keysFromQuery, Map<String, String> keysFromLambda) {
        requireNonNull(uniqueId, "uniqueId is null");
        ZonedDateTime time = timeOf(oldestArrivalMillis);
        String evaluatedPrefix = evaluate("Prefix", parsedPrefix, time, null, randomFor(uniqueId), keysFromQuery, keysFromLambda);
        return evaluatedPrefix + fileName(versionId, time, uniqueId, extension);
    }

    /** The partition key names the Prefix uses, by namespace: what tells one dynamic partition from another. */
    public boolean usesPartitionKeys() {
        return parsedPrefix.expressions().stream().anyMatch(Expression::isPartitionKey);
    }

    /**
     * The values of the partition keys the Prefix uses, in order, or null when a record lacks one of them. Records
     * with equal lists belong to the same dynamic partition.
     */
    public List<String> partitionOf(Map<String, String> keysFromQuery, Map<String, String> keysFromLambda) {
        List<String> values = new java.util.ArrayList<>();
        for (Expression expression : parsedPrefix.expressions()) {
            if (expression.isPartitionKey()) {
                String value = (expression.namespace().equals(PrefixExpressions.PARTITION_KEY_FROM_QUERY) ? keysFromQuery : keysFromLambda).get(expression.value());
                if (value == null) {
                    return null;
                }
                values.add(value);
            }
        }
        return values;
    }

    /**
     * The key of an error output object, such as one of {@code processing-failed} records.
     * Without an ErrorOutputPrefix this is {@code <Prefix><errorOutputType>/yyyy/MM/dd/HH/<file name>}; otherwise
     * the evaluated ErrorOutputPrefix, with {@code yyyy/MM/dd/HH/} appended when it has no timestamp expression.
     *
     * <p>Error documents are JSON lines, but like Firehose, Hydrant compresses an error output object with the
     * stream's CompressionFormat, so its key ends in the same extension as the stream's other objects.
     */
    public String errorObjectKey(String errorOutputType, long versionId, long oldestArrivalMillis, String uniqueId) {
        requireNonNull(errorOutputType, "errorOutputType is null");
        requireNonNull(uniqueId, "uniqueId is null");
        if (errorOutputType.isEmpty()) {
            throw new IllegalArgumentException("errorOutputType is empty");
        }
        ZonedDateTime time = timeOf(oldestArrivalMillis);
        String evaluatedPrefix = parsedErrorOutputPrefix.segments().isEmpty()
                ? checkLength("ErrorOutputPrefix", prefix + errorOutputType + "/" + DEFAULT_PREFIX_TIME.format(time))
                : evaluate("ErrorOutputPrefix", parsedErrorOutputPrefix, time, errorOutputType, randomFor(uniqueId), Map.of(), Map.of());
        return evaluatedPrefix + fileName(versionId, time, uniqueId, errorExtension);
    }

    private String evaluate(
            String field, ParsedPrefix parsed, ZonedDateTime time, String errorOutputType, Random random,
            Map<String, String> keysFromQuery, Map<String, String> keysFromLambda) {
        StringBuilder evaluated = new StringBuilder();
        for (Segment segment : parsed.segments()) {
            if (segment instanceof Literal literal) {
                evaluated.append(literal.text());
            }
            else if (segment instanceof Expression expression) {
                evaluated.append(evaluate(expression, time, errorOutputType, random, keysFromQuery, keysFromLambda));
            }
        }
        if (!parsed.containsNamespace(TIMESTAMP)) {
            evaluated.append(DEFAULT_PREFIX_TIME.format(time));
        }
        return checkLength(field, evaluated.toString());
    }

    private String evaluate(Expression expression, ZonedDateTime time, String errorOutputType, Random random,
            Map<String, String> keysFromQuery, Map<String, String> keysFromLambda) {
        if (expression.isPartitionKey()) {
            Map<String, String> keys = expression.namespace().equals(PrefixExpressions.PARTITION_KEY_FROM_QUERY) ? keysFromQuery : keysFromLambda;
            String value = keys.get(expression.value());
            if (value == null) {
                throw new HydrantException(ErrorCode.INVALID_ARGUMENT, "Prefix of delivery stream " + streamName + " uses " + expression + ", which the record does not have");
            }
            return value;
        }
        if (expression.namespace().equals(TIMESTAMP)) {
            return expression.formatter().format(time);
        }
        if (expression.is(FIREHOSE, RANDOM_STRING)) {
            return randomString(random);
        }
        if (expression.is(FIREHOSE, ERROR_OUTPUT_TYPE) && errorOutputType != null) {
            return errorOutputType;
        }
        // validation in the constructor keeps every other expression out
        throw new IllegalStateException("cannot evaluate " + expression);
    }

    private String checkLength(String field, String evaluatedPrefix) {
        if (evaluatedPrefix.length() > MAX_EVALUATED_PREFIX_LENGTH) {
            throw new HydrantException(ErrorCode.INVALID_ARGUMENT, field + " of delivery stream " + streamName
                    + " evaluates to " + evaluatedPrefix.length() + " characters; the limit is "
                    + MAX_EVALUATED_PREFIX_LENGTH);
        }
        return evaluatedPrefix;
    }

    private String fileName(long versionId, ZonedDateTime time, String uniqueId, String fileExtension) {
        return streamName + "-" + versionId + "-" + FILE_NAME_TIME.format(time) + "-" + uniqueId + fileExtension;
    }

    private ZonedDateTime timeOf(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).atZone(zone);
    }

    private static String randomString(Random random) {
        StringBuilder value = new StringBuilder(RANDOM_STRING_LENGTH);
        for (int index = 0; index < RANDOM_STRING_LENGTH; index++) {
            value.append(RANDOM_STRING_ALPHABET.charAt(random.nextInt(RANDOM_STRING_ALPHABET.length())));
        }
        return value.toString();
    }

    /** A generator whose sequence depends only on the uniqueId ({@link Random}'s algorithm is fixed by its spec). */
    private static Random randomFor(String uniqueId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(uniqueId.getBytes(UTF_8));
            return new Random(ByteBuffer.wrap(digest).getLong());
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static ZoneId zoneOf(String customTimeZone) {
        if (!isSet(customTimeZone)) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(customTimeZone);
        }
        catch (DateTimeException e) {
            throw new HydrantException(ErrorCode.INVALID_ARGUMENT,
                    "CustomTimeZone: unknown time zone '" + customTimeZone + "'", e);
        }
    }

    private static boolean isSet(String value) {
        return value != null && !value.isEmpty();
    }
}
