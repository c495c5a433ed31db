package dev.hydrant.spi;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A record on its way through a delivery stream's processors: its current bytes, the arrival timestamp of the source
 * record it came from, and the dynamic-partitioning keys extracted so far ({@code partitionKeyFromQuery} from
 * MetadataExtraction, {@code partitionKeyFromLambda} from a Lambda's {@code metadata.partitionKeys}).
 */
public record ProcessorRecord(byte[] data, long arrivalTimestamp, Map<String, String> keysFromQuery, Map<String, String> keysFromLambda) {
    public ProcessorRecord {
        requireNonNull(data, "data is null");
        keysFromQuery = Map.copyOf(requireNonNull(keysFromQuery, "keysFromQuery is null"));
        keysFromLambda = Map.copyOf(requireNonNull(keysFromLambda, "keysFromLambda is null"));
    }

    public static ProcessorRecord of(byte[] data, long arrivalTimestamp) {
        return new ProcessorRecord(data, arrivalTimestamp, Map.of(), Map.of());
    }

    public ProcessorRecord withData(byte[] newData) {
        return new ProcessorRecord(newData, arrivalTimestamp, keysFromQuery, keysFromLambda);
    }
}
