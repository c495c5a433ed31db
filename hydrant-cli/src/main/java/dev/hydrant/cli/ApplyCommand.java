package dev.hydrant.cli;

import dev.hydrant.pipeline.PipelineCommands;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "apply",
        mixinStandardHelpOptions = true,
        description = {
                "Make a running server match the pipeline: create missing buckets and delivery streams, and update delivery",
                "streams whose settings or tags differ. Prints the plan, then each change. Never deletes anything."})
public final class ApplyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE|DIR", description = "The pipeline file, or a directory of them.")
    Path path;

    @Mixin
    EndpointOptions endpointOptions = new EndpointOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return PipelineCommands.apply(path, endpointOptions.endpoint, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
