package dev.hydrant.cli;

import dev.hydrant.pipeline.PipelineCommands;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = {
                "Check a pipeline file, or every *.yaml and *.yml file of a directory, without contacting a server.",
                "Prints every problem as FILE:LINE:COLUMN: PATH: MESSAGE and exits 1, or prints OK and exits 0."})
public final class ValidateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE|DIR", description = "The pipeline file, or a directory of them.")
    Path path;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return PipelineCommands.validate(path, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
