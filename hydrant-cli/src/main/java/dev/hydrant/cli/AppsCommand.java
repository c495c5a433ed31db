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
        EndpointOptions endpointOptions = new EndpointOptions();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return guarded(spec, () -> {
                new HydrantClient(endpointOptions.endpoint).startApplication(name, startingPosition.name());
                spec.commandLine().getOut().println("Starting " + name + " from " + startingPosition.name() + ".");
                spec.commandLine().getOut().flush();
            });
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop a running application; LAST_STOPPED_POINT resumes where it stopped.")
    static final class StopApplication implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "The application.")
        String name;

        @Mixin
        EndpointOptions endpointOptions = new EndpointOptions();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return guarded(spec, () -> {
                new HydrantClient(endpointOptions.endpoint).stopApplication(name);
                spec.commandLine().getOut().println("Stopping " + name + ".");
                spec.commandLine().getOut().flush();
            });
        }
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
