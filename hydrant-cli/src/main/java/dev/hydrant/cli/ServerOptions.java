package dev.hydrant.cli;

import dev.hydrant.log.LogConfig;
import dev.hydrant.server.ServerConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options shared by {@code server} and {@code up}. */
final class ServerOptions {
    @Option(names = "--data-dir", description = "Where logs, buckets and state live (default: ${DEFAULT-VALUE}).", defaultValue = "hydrant-data")
    Path dataDirectory;

    @Option(names = "--host", description = "Address to bind (default: ${DEFAULT-VALUE}).", defaultValue = ServerConfig.DEFAULT_HOST)
    String host;

    @Option(names = "--port", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).", defaultValue = "" + ServerConfig.DEFAULT_PORT)
    int port;

    @Option(names = "--region", description = "Region used in ARNs (default: ${DEFAULT-VALUE}).", defaultValue = ServerConfig.DEFAULT_REGION)
    String region;

    @Option(names = "--account-id", description = "Account id used in ARNs (default: ${DEFAULT-VALUE}).", defaultValue = ServerConfig.DEFAULT_ACCOUNT_ID)
    String accountId;

    @Option(names = "--log-max-bytes", description = "Undelivered bytes per stream above which puts are throttled (default: ${DEFAULT-VALUE}).",
            defaultValue = "" + LogConfig.DEFAULT_MAX_RETAINED_BYTES)
    long logMaxBytes;

    @Option(names = "--log-segment-bytes", description = "Size at which log segment files roll (default: ${DEFAULT-VALUE}).",
            defaultValue = "" + LogConfig.DEFAULT_SEGMENT_BYTES)
    long logSegmentBytes;

    ServerConfig toConfig() {
        LogConfig log = new LogConfig(logSegmentBytes, logMaxBytes, LogConfig.DEFAULT_MAX_RETAINED_AGE_MILLIS, 1);
        return new ServerConfig(dataDirectory, host, port, region, accountId, log, ServerConfig.DEFAULT_MAX_IN_FLIGHT_BYTES);
    }
}
