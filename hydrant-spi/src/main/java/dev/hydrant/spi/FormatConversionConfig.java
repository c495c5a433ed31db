package dev.hydrant.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * Firehose's {@code DataFormatConversionConfiguration}, validated: where the table schema comes from
 * (it stands in for the Glue table), how JSON records are read, and which columnar format is written.
 * Ranges (BlockSizeBytes &ge; 64 MiB and so on) are checked at the edge with {@link ParquetSerDe#problems()}
 * and {@link OrcSerDe#problems()}; the writer accepts any positive value so tests can write small files.
 */
public record FormatConversionConfig(Schema schema, Deserializer deserializer, Serializer serializer) {
    public FormatConversionConfig {
        requireNonNull(schema, "schema is null");
        requireNonNull(deserializer, "deserializer is null");
        requireNonNull(serializer, "serializer is null");
    }

    /** The table's columns: given explicitly, or inferred from the first records of every buffer. */
    public sealed interface Schema permits ExplicitSchema, InferredSchema {}

    /** Columns in file order, as a Glue table lists them. */
    public record ExplicitSchema(HiveType.StructType columns) implements Schema {
        public ExplicitSchema {
            requireNonNull(columns, "columns is null");
        }
    }

    /** Infers the columns from the first {@code sampleRecords} records of each buffer that parse as JSON objects. */
    public record InferredSchema(int sampleRecords) implements Schema {
        public static final int DEFAULT_SAMPLE_RECORDS = 100;

        public InferredSchema {
            if (sampleRecords < 1) {
                throw new IllegalArgumentException("sampleRecords must be positive: " + sampleRecords);
            }
        }
    }

    /** {@code InputFormatConfiguration.Deserializer}. */
    public sealed interface Deserializer permits OpenXJsonSerDe, HiveJsonSerDe {}

    /** The OpenX JSON SerDe: lenient about types, with key rewriting. AWS defaults: false, true, no mappings. */
    public record OpenXJsonSerDe(
            boolean convertDotsInJsonKeysToUnderscores,
            boolean caseInsensitive,
            Map<String, String> columnToJsonKeyMappings)
            implements Deserializer {
        public OpenXJsonSerDe {
            columnToJsonKeyMappings = Map.copyOf(requireNonNull(columnToJsonKeyMappings, "columnToJsonKeyMappings is null"));
        }

        public static OpenXJsonSerDe defaults() {
            return new OpenXJsonSerDe(false, true, Map.of());
        }
    }

    /**
     * The Apache Hive JSON SerDe: strict about numeric types. {@code timestampFormats} are Joda-Time patterns or
     * {@code millis}; empty means {@code java.sql.Timestamp.valueOf} syntax ({@code yyyy-MM-dd HH:mm:ss[.fffffffff]}).
     */
    public record HiveJsonSerDe(List<String> timestampFormats) implements Deserializer {
        public HiveJsonSerDe {
            timestampFormats = List.copyOf(requireNonNull(timestampFormats, "timestampFormats is null"));
        }
    }

    /** {@code OutputFormatConfiguration.Serializer}. */
    public sealed interface Serializer permits ParquetSerDe, OrcSerDe {}

    public record ParquetSerDe(
            ParquetCompression compression,
            long blockSizeBytes,
            int pageSizeBytes,
            boolean enableDictionaryCompression,
            int maxPaddingBytes,
            ParquetWriterVersion writerVersion)
            implements Serializer {
        public ParquetSerDe {
            requireNonNull(compression, "compression is null");
            requireNonNull(writerVersion, "writerVersion is null");
            if (blockSizeBytes < 1 || pageSizeBytes < 1 || maxPaddingBytes < 0) {
                throw new IllegalArgumentException("sizes must be positive");
            }
        }

        /** AWS defaults: SNAPPY, 256 MiB blocks, 1 MiB pages, dictionary on, no padding, V1. */
        public static ParquetSerDe defaults() {
            return new ParquetSerDe(ParquetCompression.SNAPPY, 256L << 20, 1 << 20, true, 0, ParquetWriterVersion.V1);
        }

        /** AWS's limits, with the field names of the API. */
        public List<String> problems() {
            return Problems.of(
                    blockSizeBytes < (64L << 20), "BlockSizeBytes: must be at least 67108864",
                    pageSizeBytes < (64 << 10), "PageSizeBytes: must be at least 65536");
        }
    }

    public enum ParquetCompression { UNCOMPRESSED, GZIP, SNAPPY }

    public enum ParquetWriterVersion { V1, V2 }

    public record OrcSerDe(
            OrcCompression compression,
            long stripeSizeBytes,
            long blockSizeBytes,
            int rowIndexStride,
            boolean enablePadding,
            double paddingTolerance,
            List<String> bloomFilterColumns,
            double bloomFilterFalsePositiveProbability,
            double dictionaryKeyThreshold,
            OrcFormatVersion formatVersion)
            implements Serializer {
        public OrcSerDe {
            requireNonNull(compression, "compression is null");
            bloomFilterColumns = List.copyOf(requireNonNull(bloomFilterColumns, "bloomFilterColumns is null"));
            requireNonNull(formatVersion, "formatVersion is null");
            if (stripeSizeBytes < 1 || blockSizeBytes < 1 || rowIndexStride < 1) {
                throw new IllegalArgumentException("sizes must be positive");
            }
        }

        /** AWS defaults: SNAPPY, 64 MiB stripes, 256 MiB blocks, stride 10000, no padding, fpp 0.05, V0_12. */
        public static OrcSerDe defaults() {
            return new OrcSerDe(OrcCompression.SNAPPY, 64L << 20, 256L << 20, 10_000, false, 0.05, List.of(), 0.05, 0.8,
                    OrcFormatVersion.V0_12);
        }

        /** AWS's limits, with the field names of the API. */
        public List<String> problems() {
            return Problems.of(
                    stripeSizeBytes < (8L << 20), "StripeSizeBytes: must be at least 8388608",
                    blockSizeBytes < (64L << 20), "BlockSizeBytes: must be at least 67108864",
                    rowIndexStride < 1000, "RowIndexStride: must be at least 1000",
                    paddingTolerance < 0 || paddingTolerance > 1, "PaddingTolerance: must be 0..1",
                    bloomFilterFalsePositiveProbability < 0 || bloomFilterFalsePositiveProbability > 1,
                    "BloomFilterFalsePositiveProbability: must be 0..1",
                    dictionaryKeyThreshold < 0 || dictionaryKeyThreshold > 1, "DictionaryKeyThreshold: must be 0..1");
        }
    }

    public enum OrcCompression { NONE, ZLIB, SNAPPY }

    public enum OrcFormatVersion { V0_11, V0_12 }

    private static final class Problems {
        private Problems() {}

        static List<String> of(Object... conditionsAndMessages) {
            List<String> problems = new java.util.ArrayList<>();
            for (int i = 0; i < conditionsAndMessages.length; i += 2) {
                if ((Boolean) conditionsAndMessages[i]) {
                    problems.add((String) conditionsAndMessages[i + 1]);
                }
            }
            return List.copyOf(problems);
        }
    }
}
