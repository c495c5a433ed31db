package dev.hydrant.cli;

import dev.hydrant.server.HydrantServer;
import dev.hydrant.server.ServerConfig;
import dev.hydrant.spi.EpochClock;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts a server, runs a step once it listens, prints the ready line, and waits for SIGTERM or SIGINT. */
final class ServerRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ServerRunner.class);

    interface StartedStep {
        /** Returns false to shut the server down again with exit code 1. */
        boolean run(HydrantServer server) throws Exception;
    }

    private ServerRunner() {}

    static int run(ServerConfig config, PrintStream out, StartedStep step) throws Exception {
        HydrantServer server = new HydrantServer(config, EpochClock.SYSTEM);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread shutdown = new Thread(() -> {
            LOG.info("Shutting down: stopping the gateway, draining delivery, syncing logs");
            server.close();
            LOG.info("Stopped");
            stopped.countDown();
        }, "hydrant-shutdown");
        try {
            server.start();
        }
        catch (Exception e) {
            server.close();
            System.err.println("hydrant: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(shutdown);
        if (!step.run(server)) {
            Runtime.getRuntime().removeShutdownHook(shutdown);
            server.close();
            return 1;
        }
        out.println("Hydrant ready at " + server.url());
        out.flush();
        stopped.await();
        return 0;
    }
}
