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
        name = "destroy",
        mixinStandardHelpOptions = true,
        description = {
                "Delete the delivery streams the pipeline declares from a running server, then its buckets that are empty.",
                "Buckets that still hold objects are kept, with a warning. Prints the plan, then each change."})
public final class DestroyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE|DIR", description = "The pipeline file, or a directory of them.")
    Path path;

    @Mixin
    EndpointOptions endpointOptions = new EndpointOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return PipelineCommands.destroy(path, endpointOptions.endpoint, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
