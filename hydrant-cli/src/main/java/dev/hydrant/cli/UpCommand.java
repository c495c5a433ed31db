package dev.hydrant.cli;

import dev.hydrant.pipeline.PipelineCommands;
import dev.hydrant.pipeline.PipelineFile;
import dev.hydrant.pipeline.PipelineProblem;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Run the server and apply a pipeline file (or every *.yaml in a directory) in one process.")
public final class UpCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE|DIR", description = "Pipeline file, or a directory of them.")
    Path pipeline;

    @Mixin
    ServerOptions options = new ServerOptions();

    @Override
    public Integer call() throws Exception {
        PipelineFile file = PipelineFile.load(pipeline);
        if (!file.isValid()) {
            for (PipelineProblem problem : file.problems()) {
                System.err.println(problem);
            }
            System.err.println("hydrant: " + pipeline + " has " + file.problems().size() + " problem(s); nothing was started");
            return 1;
        }
        // The apply report goes to stderr, so that stdout carries only the ready line.
        return ServerRunner.run(options.toConfig(), System.out,
                server -> {
                    boolean applied = PipelineCommands.applyAndReport(pipeline, URI.create(server.url()), System.err) == PipelineCommands.EXIT_OK;
                    // no more code checks are coming: the idle server need not keep Flink's planner for them
                    server.applications().checksDone();
                    return applied;
                });
    }
}
