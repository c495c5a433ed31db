package dev.hydrant.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "server", mixinStandardHelpOptions = true, description = "Run the Hydrant server until SIGTERM or SIGINT.")
public final class ServerCommand implements Callable<Integer> {
    @Mixin
    ServerOptions options = new ServerOptions();

    @Override
    public Integer call() throws Exception {
        return ServerRunner.run(options.toConfig(), System.out, server -> true);
    }
}
