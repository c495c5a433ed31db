package dev.hydrant.cli;

import dev.hydrant.pipeline.Plan;
import dev.hydrant.pipeline.PipelineCommands;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        description = {
                "Show what apply would change on a running server to make it match the pipeline, without changing anything.",
                "Delivery streams on the server that the pipeline does not declare are shown as drift (!)."})
public final class PlanCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE|DIR", description = "The pipeline file, or a directory of them.")
    Path path;

    @Mixin
    EndpointOptions endpointOptions = new EndpointOptions();

    @Option(names = "--detailed-exitcode", description = "Exit 2 when there are changes (0 when there are none, 1 on errors).")
    boolean detailedExitCode;

    @Option(names = "--destroy", description = "Show what destroy would delete instead.")
    boolean destroy;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return PipelineCommands.plan(path, endpointOptions.endpoint, destroy ? Plan.Mode.DESTROY : Plan.Mode.APPLY, detailedExitCode,
                spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
