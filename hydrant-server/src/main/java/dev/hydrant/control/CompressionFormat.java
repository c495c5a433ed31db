package dev.hydrant.control;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Optional;

/** Firehose CompressionFormat, with AWS's wire names (note the mixed-case {@code Snappy}) and file extensions. */
public enum CompressionFormat {
    UNCOMPRESSED("UNCOMPRESSED", ""),
    GZIP("GZIP", ".gz"),
    ZIP("ZIP", ".zip"),
    SNAPPY("Snappy", ".snappy"),
    HADOOP_SNAPPY("HADOOP_SNAPPY", ".hsnappy");

    private final String wireName;
    private final String fileExtension;

    CompressionFormat(String wireName, String fileExtension) {
        this.wireName = requireNonNull(wireName, "wireName is null");
        this.fileExtension = requireNonNull(fileExtension, "fileExtension is null");
    }

    public String wireName() {
        return wireName;
    }

    /** The extension Firehose appends to object keys when no FileExtension is configured. */
    public String fileExtension() {
        return fileExtension;
    }

    public static Optional<CompressionFormat> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(format -> format.wireName.equals(wireName)).findFirst();
    }

    public static String wireNames() {
        return Arrays.toString(Arrays.stream(values()).map(CompressionFormat::wireName).toArray());
    }
}
