package dev.hydrant.function.python;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.hydrant.function.FunctionConfig;
import dev.hydrant.function.FunctionLog;
import dev.hydrant.spi.EpochClock;
import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.HydrantException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Starts bootstrap processes for one function: {@code python3 -u -c <hydrant_bootstrap.py>} in the code directory,
 * with Lambda's environment and nothing of Hydrant's own beyond {@link #INHERITED_VARIABLES}.
 */
final class PythonProcessFactory {
    static final String BOOTSTRAP_RESOURCE = "hydrant_bootstrap.py";
    /** The only variables copied from Hydrant's environment; everything else a worker sees is set here. */
    static final List<String> INHERITED_VARIABLES = List.of("PATH", "HOME", "LANG");
    private static final DateTimeFormatter LOG_STREAM_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd")
            .withZone(ZoneOffset.UTC);
    private static final String BOOTSTRAP_SOURCE = loadBootstrap();

    private final FunctionConfig config;
    private final FunctionLog functionLog;
    private final EpochClock clock;
    private final String region;
    private final String pythonExecutable;

    PythonProcessFactory(FunctionConfig config, FunctionLog functionLog, EpochClock clock, String region, String pythonExecutable) {
        this.config = requireNonNull(config, "config is null");
        this.functionLog = requireNonNull(functionLog, "functionLog is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.region = requireNonNull(region, "region is null");
        this.pythonExecutable = requireNonNull(pythonExecutable, "pythonExecutable is null");
    }

    PythonProcess start(String threadName) {
        Path code = config.code();
        if (!Files.isDirectory(code)) {
            throw new HydrantException(ErrorCode.RESOURCE_NOT_FOUND,
                    "Code directory of function " + config.name() + " does not exist: " + code);
        }
        ProcessBuilder builder = new ProcessBuilder(pythonExecutable, "-u", "-c", BOOTSTRAP_SOURCE)
                .directory(code.toFile());
        Map<String, String> environment = builder.environment();
        Map<String, String> inherited = new LinkedHashMap<>(environment);
        environment.clear();
        environment.putAll(environment(inherited, logStreamName()));
        try {
            return new PythonProcess(builder.start(), functionLog, threadName + "-stderr");
        }
        catch (IOException e) {
            throw new HydrantException(ErrorCode.INVALID_RUNTIME,
                    "Cannot start " + pythonExecutable + " for function " + config.name() + ": " + e.getMessage(), e);
        }
    }

    /** The worker's environment, as Lambda sets it for a Python function. */
    Map<String, String> environment(Map<String, String> inherited, String logStreamName) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String name : INHERITED_VARIABLES) {
            String value = inherited.get(name);
            if (value != null) {
                environment.put(name, value);
            }
        }
        environment.put("TZ", ":UTC");
        environment.putAll(config.environment());
        environment.put("PYTHONUTF8", "1");
        environment.put("PYTHONDONTWRITEBYTECODE", "1");
        environment.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + config.runtime());
        environment.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        environment.put("AWS_LAMBDA_FUNCTION_NAME", config.name());
        environment.put("AWS_LAMBDA_FUNCTION_VERSION", PythonFunctionRuntime.FUNCTION_VERSION);
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(config.memorySizeMb()));
        environment.put("AWS_REGION", region);
        environment.put("AWS_DEFAULT_REGION", region);
        environment.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + config.name());
        environment.put("AWS_LAMBDA_LOG_STREAM_NAME", logStreamName);
        environment.put("LAMBDA_TASK_ROOT", config.code().toAbsolutePath().toString());
        environment.put("_HANDLER", config.handler());
        return environment;
    }

    /** Lambda's {@code 2024/05/01/[$LATEST]<32 hex digits>}, one per process (sandbox). */
    private String logStreamName() {
        return LOG_STREAM_DATE.format(Instant.ofEpochMilli(clock.millis()))
                + "/[" + PythonFunctionRuntime.FUNCTION_VERSION + "]"
                + UUID.randomUUID().toString().replace("-", "");
    }

    private static String loadBootstrap() {
        try (InputStream input = PythonProcessFactory.class.getResourceAsStream(BOOTSTRAP_RESOURCE)) {
            if (input == null) {
                throw new IllegalStateException("Resource " + BOOTSTRAP_RESOURCE + " is missing");
            }
            return new String(input.readAllBytes(), UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
