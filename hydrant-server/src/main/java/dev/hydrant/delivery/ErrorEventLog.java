package dev.hydrant.delivery;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hydrant's stand-in for CloudWatch Logs: Firehose error events, one JSON object per line, appended to
 * {@code <data-dir>/logs/<LogGroupName>/<LogStreamName>} (a leading '/' of the group name is dropped).
 */
public final class ErrorEventLog {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorEventLog.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path file;

    public ErrorEventLog(Path logsDirectory, String logGroupName, String logStreamName) {
        requireNonNull(logsDirectory, "logsDirectory is null");
        String group = requireNonNull(logGroupName, "logGroupName is null").replaceFirst("^/+", "");
        String stream = requireNonNull(logStreamName, "logStreamName is null").replace('/', '_');
        Path groupDirectory = logsDirectory.resolve(group).normalize();
        if (!groupDirectory.startsWith(logsDirectory)) {
            throw new IllegalArgumentException("Log group name escapes the logs directory: " + logGroupName);
        }
        this.file = groupDirectory.resolve(stream);
    }

    public Path file() {
        return file;
    }

    /** Appends an error event in Firehose's CloudWatch Logs shape. */
    public synchronized void error(String deliveryStreamArn, String destination, long versionId, String errorCode, String message) {
        ObjectNode event = MAPPER.createObjectNode();
        event.put("deliveryStreamARN", deliveryStreamArn);
        event.put("destination", destination);
        event.put("deliveryStreamVersionId", versionId);
        event.put("message", message);
        event.put("errorCode", errorCode);
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, (event.toString() + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        catch (IOException e) {
            LOG.warn("Failed to write error event to {}: {}", file, e.toString());
        }
    }
}
