package dev.hydrant.function;

import dev.hydrant.spi.FunctionRuntime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Creates {@link TestingFunctionRuntime}s for every runtime name, and remembers them. */
public final class TestingFunctionRuntimeFactory implements FunctionRuntimeFactory {
    private final List<TestingFunctionRuntime> created = new CopyOnWriteArrayList<>();

    @Override
    public FunctionRuntime create(FunctionConfig config, FunctionLog log, String functionArn) {
        TestingFunctionRuntime runtime = new TestingFunctionRuntime(config, log);
        created.add(runtime);
        return runtime;
    }

    public List<TestingFunctionRuntime> created() {
        return List.copyOf(created);
    }
}
