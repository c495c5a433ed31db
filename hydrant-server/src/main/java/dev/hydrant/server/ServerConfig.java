package dev.hydrant.server;

import static java.util.Objects.requireNonNull;

import dev.hydrant.log.LogConfig;
import java.nio.file.Path;

/**
 * Settings of a Hydrant server, validated once at the edge (CLI flags).
 *
 * @param port 0 picks a free port
 * @param maxInFlightBytes put bytes waiting for fsync above which puts are refused with ServiceUnavailableException
 */
public record ServerConfig(Path dataDirectory, String host, int port, String region, String accountId, LogConfig logConfig, long maxInFlightBytes) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 4573;
    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_ACCOUNT_ID = "000000000000";
    public static final long DEFAULT_MAX_IN_FLIGHT_BYTES = 256L * 1024 * 1024;

    public ServerConfig {
        requireNonNull(dataDirectory, "dataDirectory is null");
        requireNonNull(host, "host is null");
        requireNonNull(region, "region is null");
        requireNonNull(accountId, "accountId is null");
        requireNonNull(logConfig, "logConfig is null");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535");
        }
        if (!accountId.matches("\\d{12}")) {
            throw new IllegalArgumentException("account id must be 12 digits");
        }
        if (!region.matches("[a-z]{2}(-[a-z]+)+-\\d")) {
            throw new IllegalArgumentException("region must look like us-east-1");
        }
    }

    public static ServerConfig defaults(Path dataDirectory) {
        return new ServerConfig(dataDirectory, DEFAULT_HOST, DEFAULT_PORT, DEFAULT_REGION, DEFAULT_ACCOUNT_ID, LogConfig.defaults(), DEFAULT_MAX_IN_FLIGHT_BYTES);
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(dataDirectory, host, newPort, region, accountId, logConfig, maxInFlightBytes);
    }
}
