package dev.hydrant.function;

import dev.hydrant.spi.FunctionRuntime;

/**
 * Loads a function into a runtime that can invoke it. Called lazily, on a function's first invocation after it was
 * created or changed, never on a Vert.x event loop; may block briefly (start a worker process, load classes).
 * Throws {@link dev.hydrant.spi.HydrantException} when the function cannot be loaded.
 */
@FunctionalInterface
public interface FunctionRuntimeFactory {
    /**
     * @param log where the function's own output goes (its {@code /aws/lambda/NAME} log group stand-in)
     * @param functionArn the ARN the function sees as {@code context.invoked_function_arn}
     */
    FunctionRuntime create(FunctionConfig config, FunctionLog log, String functionArn);
}
