package dev.hydrant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hydrant.pipeline.HydrantClient;
import dev.hydrant.pipeline.HydrantClientException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hydrant apps list|start|stop}: the SQL applications of a running server, through the Kinesis Analytics API. */
@Command(
        name = "apps",
        mixinStandardHelpOptions = true,
        description = "List, start and stop the SQL applications (Kinesis Data Analytics for SQL) of a running server.",
        subcommands = {AppsCommand.ListApplications.class, AppsCommand.StartApplication.class, AppsCommand.StopApplication.class})
public final class AppsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Where a started application's inputs begin reading. */
    public enum StartingPosition {
        NOW,
        TRIM_HORIZON,
        LAST_STOPPED_POINT
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the applications with their status.")
    static final class ListApplications implements Callable<Integer> {
        @Mixin
        EndpointOptions endpointOptions = new EndpointOptions();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return guarded(spec, () -> {
                List<JsonNode> summaries = new HydrantClient(endpointOptions.endpoint).listApplications();
                PrintWriter out = spec.commandLine().getOut();
                if (summaries.isEmpty()) {
                    out.println("No applications.");
                }
                int width = summaries.stream().mapToInt(summary -> summary.path("ApplicationName").asText().length()).max().orElse(0);
                for (JsonNode summary : summaries) {
                    out.printf("%-" + Math.max(width, 1) + "s  %s%n", summary.path("ApplicationName").asText(), summary.path("ApplicationStatus").asText());
                }
                out.flush();
            });
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start an application; it is RUNNING once the engine has started it.")
    static final class StartApplication implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "The application.")
        String name;

        @Option(names = "--starting-position", paramLabel = "POSITION", defaultValue = "NOW",
                description = "Where every input starts reading: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        StartingPosition startingPosition;

        @Mixin
        WaitOptions waitOptions = new WaitOptions();

        @Mixin
        EndpointOptions endpointOptions = new EndpointOptions();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return guarded(spec, () -> {
                HydrantClient client = new HydrantClient(endpointOptions.endpoint);
                client.startApplication(name, startingPosition.name());
                spec.commandLine().getOut().println("Starting " + name + " from " + startingPosition.name() + ".");
                spec.commandLine().getOut().flush();
                if (waitOptions.waitSeconds != null) {
                    // StartApplication answers STARTING; READY again means the engine could not start it
                    awaitStatus(spec, client, name, "RUNNING", "READY", waitOptions.waitSeconds);
                }
            });
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop a running application; LAST_STOPPED_POINT resumes where it stopped.")
    static final class StopApplication implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "The application.")
        String name;

        @Mixin
        WaitOptions waitOptions = new WaitOptions();

        @Mixin
        EndpointOptions endpointOptions = new EndpointOptions();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return guarded(spec, () -> {
                HydrantClient client = new HydrantClient(endpointOptions.endpoint);
                client.stopApplication(name);
                spec.commandLine().getOut().println("Stopping " + name + ".");
                spec.commandLine().getOut().flush();
                if (waitOptions.waitSeconds != null) {
                    awaitStatus(spec, client, name, "READY", null, waitOptions.waitSeconds);
                }
            });
        }
    }

    /** {@code --wait [SECONDS]}: wait for the status the command leads to. */
    static final class WaitOptions {
        @Option(names = "--wait", paramLabel = "SECONDS", arity = "0..1", fallbackValue = "120",
                description = "Wait until the application gets there (at most SECONDS, default 120); exit 1 if it does not.")
        Integer waitSeconds;
    }

    private static final long POLL_MILLIS = 200;

    /**
     * Polls DescribeApplication until the application's status is {@code target}; fails when it is {@code failed}
     * instead, or after {@code seconds}.
     */
    private static void awaitStatus(CommandSpec spec, HydrantClient client, String name, String target, String failed, int seconds) {
        long polls = Math.max(1, seconds * 1000L / POLL_MILLIS);
        String status = null;
        for (long poll = 0; poll < polls; poll++) {
            status = client.describeApplication(name)
                    .orElseThrow(() -> new HydrantClientException(400, "ResourceNotFoundException", "Application " + name + " was deleted"))
                    .path("ApplicationStatus").asText();
            if (status.equals(target)) {
                spec.commandLine().getOut().println(name + " is " + target + ".");
                spec.commandLine().getOut().flush();
                return;
            }
            if (status.equals(failed)) {
                throw new HydrantClientException(500, "ApplicationNotStarted", name + " is " + status + " again: the engine could not start it (the server's log says why)");
            }
            try {
                Thread.sleep(POLL_MILLIS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new HydrantClientException(500, "Timeout", name + " is still " + status + " after " + seconds + " s");
    }

    /** Runs {@code action}; a failed request prints the server's error and exits 1. */
    private static int guarded(CommandSpec spec, Runnable action) {
        try {
            action.run();
            return 0;
        }
        catch (HydrantClientException e) {
            spec.commandLine().getErr().println("Error: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }

    static CommandLine commandLine() {
        return new CommandLine(new AppsCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    }
}
