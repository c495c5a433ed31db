package dev.hydrant.control;

import static java.util.Objects.requireNonNull;

/**
 * The settings of an S3 (or ExtendedS3) destination. {@code bucketArn} {@code arn:aws:s3:::NAME} names the local
 * bucket NAME. Optional strings are {@code null} when unset, as on the wire.
 */
public record S3DestinationConfig(
        String roleArn,
        String bucketArn,
        String prefix,
        String errorOutputPrefix,
        BufferingHints bufferingHints,
        CompressionFormat compressionFormat,
        CloudWatchLoggingOptions cloudWatchLoggingOptions,
        ProcessingConfiguration processingConfiguration,
        String fileExtension,
        String customTimeZone,
        S3DestinationConfig backup,
        DynamicPartitioningConfig dynamicPartitioning,
        DataFormatConversion dataFormatConversion) {
    public static final String BUCKET_ARN_PREFIX = "arn:aws:s3:::";
    public static final String DEFAULT_ROLE_ARN = "arn:aws:iam::000000000000:role/hydrant";

    public S3DestinationConfig {
        requireNonNull(roleArn, "roleArn is null");
        requireNonNull(bucketArn, "bucketArn is null");
        requireNonNull(bufferingHints, "bufferingHints is null");
        requireNonNull(compressionFormat, "compressionFormat is null");
        requireNonNull(cloudWatchLoggingOptions, "cloudWatchLoggingOptions is null");
        requireNonNull(processingConfiguration, "processingConfiguration is null");
        if (dynamicPartitioning == null) {
            // state files written before dynamic partitioning existed
            dynamicPartitioning = DynamicPartitioningConfig.disabled();
        }
        if (dataFormatConversion == null) {
            // state files written before format conversion existed
            dataFormatConversion = DataFormatConversion.disabled();
        }
    }

    /** A destination without data format conversion. */
    public S3DestinationConfig(
            String roleArn,
            String bucketArn,
            String prefix,
            String errorOutputPrefix,
            BufferingHints bufferingHints,
            CompressionFormat compressionFormat,
            CloudWatchLoggingOptions cloudWatchLoggingOptions,
            ProcessingConfiguration processingConfiguration,
            String fileExtension,
            String customTimeZone,
            S3DestinationConfig backup,
            DynamicPartitioningConfig dynamicPartitioning) {
        this(roleArn, bucketArn, prefix, errorOutputPrefix, bufferingHints, compressionFormat, cloudWatchLoggingOptions,
                processingConfiguration, fileExtension, customTimeZone, backup, dynamicPartitioning, DataFormatConversion.disabled());
    }

    /** A destination without S3 backup, dynamic partitioning or data format conversion. */
    public S3DestinationConfig(
            String roleArn,
            String bucketArn,
            String prefix,
            String errorOutputPrefix,
            BufferingHints bufferingHints,
            CompressionFormat compressionFormat,
            CloudWatchLoggingOptions cloudWatchLoggingOptions,
            ProcessingConfiguration processingConfiguration,
            String fileExtension,
            String customTimeZone) {
        this(roleArn, bucketArn, prefix, errorOutputPrefix, bufferingHints, compressionFormat, cloudWatchLoggingOptions,
                processingConfiguration, fileExtension, customTimeZone, null, DynamicPartitioningConfig.disabled(), DataFormatConversion.disabled());
    }

    /** S3BackupMode: Enabled when source records are also written, untransformed, to {@link #backup()}. */
    public boolean backupEnabled() {
        return backup != null;
    }

    public S3DestinationConfig withBackup(S3DestinationConfig newBackup) {
        return new S3DestinationConfig(roleArn, bucketArn, prefix, errorOutputPrefix, bufferingHints, compressionFormat,
                cloudWatchLoggingOptions, processingConfiguration, fileExtension, customTimeZone, newBackup, dynamicPartitioning, dataFormatConversion);
    }

    public S3DestinationConfig withDynamicPartitioning(DynamicPartitioningConfig newDynamicPartitioning) {
        return new S3DestinationConfig(roleArn, bucketArn, prefix, errorOutputPrefix, bufferingHints, compressionFormat,
                cloudWatchLoggingOptions, processingConfiguration, fileExtension, customTimeZone, backup, newDynamicPartitioning, dataFormatConversion);
    }

    public S3DestinationConfig withDataFormatConversion(DataFormatConversion newDataFormatConversion) {
        return new S3DestinationConfig(roleArn, bucketArn, prefix, errorOutputPrefix, bufferingHints, compressionFormat,
                cloudWatchLoggingOptions, processingConfiguration, fileExtension, customTimeZone, backup, dynamicPartitioning, newDataFormatConversion);
    }

    /**
     * The extension of the stream's data objects when no FileExtension is set: {@code .parquet} or {@code .orc}
     * with data format conversion, else the CompressionFormat's.
     */
    public String defaultFileExtension() {
        return dataFormatConversion.enabled() ? dataFormatConversion.outputExtension() : compressionFormat.fileExtension();
    }

    /** The local bucket name: everything after the last ':' of the bucket ARN. */
    public String bucketName() {
        return bucketArn.substring(bucketArn.lastIndexOf(':') + 1);
    }

    public static String bucketArnOf(String bucketName) {
        return BUCKET_ARN_PREFIX + bucketName;
    }
}
