package dev.hydrant.function;

import static java.util.Objects.requireNonNull;

import dev.hydrant.function.http.HttpFunctionRuntime;
import dev.hydrant.spi.EpochClock;
import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.FunctionRuntime;
import dev.hydrant.spi.HydrantException;

/** Picks the runtime by the function's runtime name: {@code python3.x}, {@code javaNN} or {@code http}. */
public final class StandardFunctionRuntimeFactory implements FunctionRuntimeFactory {
    private final EpochClock clock;
    private final FunctionRuntimeFactory python;
    private final FunctionRuntimeFactory java;

    public StandardFunctionRuntimeFactory(EpochClock clock, FunctionRuntimeFactory python, FunctionRuntimeFactory java) {
        this.clock = requireNonNull(clock, "clock is null");
        this.python = requireNonNull(python, "python is null");
        this.java = requireNonNull(java, "java is null");
    }

    /** A factory for a runtime family this build cannot run; every invocation fails with InvalidRuntimeException. */
    public static FunctionRuntimeFactory unavailable(String family) {
        requireNonNull(family, "family is null");
        return (config, log, functionArn) -> {
            throw new HydrantException(ErrorCode.INVALID_RUNTIME,
                    "The " + config.runtime() + " runtime (" + family + ") is not available in this Hydrant build");
        };
    }

    @Override
    public FunctionRuntime create(FunctionConfig config, FunctionLog log, String functionArn) {
        if (config.isHttp()) {
            return new HttpFunctionRuntime(config, log, clock);
        }
        if (config.isPython()) {
            return python.create(config, log, functionArn);
        }
        if (config.isJava()) {
            return java.create(config, log, functionArn);
        }
        throw new HydrantException(ErrorCode.INVALID_ARGUMENT, "Unsupported runtime " + config.runtime());
    }
}
