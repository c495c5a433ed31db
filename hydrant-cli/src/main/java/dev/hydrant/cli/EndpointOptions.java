package dev.hydrant.cli;

import dev.hydrant.pipeline.HydrantClient;
import java.net.URI;
import picocli.CommandLine.Option;

/** The {@code --endpoint} option of the commands that talk to a running server. */
final class EndpointOptions {
    @Option(names = "--endpoint", paramLabel = "URL", description = "The Hydrant server to talk to (default: ${DEFAULT-VALUE}).",
            defaultValue = HydrantClient.DEFAULT_ENDPOINT)
    URI endpoint;
}
