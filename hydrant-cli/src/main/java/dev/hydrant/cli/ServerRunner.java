package dev.hydrant.cli;

import dev.hydrant.server.HydrantServer;
import dev.hydrant.server.ServerConfig;
import dev.hydrant.spi.EpochClock;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Starts a server, runs a step once it listens, prints the ready line, and serves until SIGTERM or SIGINT. The
 * signals are handled (not left to the JVM's shutdown), so that a clean stop drains delivery and exits with 0.
 */
final class ServerRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ServerRunner.class);

    interface StartedStep {
        /** Returns false to shut the server down again with exit code 1. */
        boolean run(HydrantServer server) throws Exception;
    }

    private ServerRunner() {}

    static int run(ServerConfig config, PrintStream out, StartedStep step) throws Exception {
        HydrantServer server = new HydrantServer(config, EpochClock.SYSTEM);
        CountDownLatch stopRequested = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), signal -> stopRequested.countDown());
        Signal.handle(new Signal("INT"), signal -> stopRequested.countDown());
        // Anything else that ends the JVM still drains and syncs.
        Thread fallback = new Thread(server::close, "hydrant-shutdown");
        Runtime.getRuntime().addShutdownHook(fallback);
        try {
            server.start();
            if (!step.run(server)) {
                return 1;
            }
            out.println("Hydrant ready at " + server.url());
            out.flush();
            stopRequested.await();
            LOG.info("Shutting down: stopping the gateway, draining delivery, syncing logs");
            return 0;
        }
        catch (Exception e) {
            LOG.error("Cannot start", e);
            System.err.println("hydrant: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return 1;
        }
        finally {
            server.close();
            try {
                Runtime.getRuntime().removeShutdownHook(fallback);
            }
            catch (IllegalStateException alreadyShuttingDown) {
                // The JVM is exiting anyway; the hook finds the server closed.
            }
            LOG.info("Stopped");
        }
    }
}
