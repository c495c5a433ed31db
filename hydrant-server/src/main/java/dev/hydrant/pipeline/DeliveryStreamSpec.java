package dev.hydrant.pipeline;

import static java.util.Objects.requireNonNull;

import dev.hydrant.control.S3DestinationConfig;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A delivery stream as a pipeline file declares it. The destination uses the control plane's own model, with the
 * role ARN fixed to {@link S3DestinationConfig#DEFAULT_ROLE_ARN} and optional strings {@code null} when not written.
 *
 * @param tags the stream's tags, sorted by key
 */
public record DeliveryStreamSpec(String name, S3DestinationConfig destination, Map<String, String> tags) {
    public DeliveryStreamSpec {
        requireNonNull(name, "name is null");
        requireNonNull(destination, "destination is null");
        tags = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(tags, "tags is null")));
    }
}
