package dev.hydrant.analytics;

import dev.hydrant.spi.FunctionInvoker;
import dev.hydrant.spi.FunctionResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** Answers invocations of any function with a handler over the event bytes, and keeps the events. */
final class TestingFunctionInvoker implements FunctionInvoker {
    private final Function<byte[], FunctionResult> handler;
    private final List<String> functions = new CopyOnWriteArrayList<>();
    private final List<byte[]> events = new CopyOnWriteArrayList<>();

    TestingFunctionInvoker(Function<byte[], FunctionResult> handler) {
        this.handler = handler;
    }

    List<String> functions() {
        return functions;
    }

    List<byte[]> events() {
        return events;
    }

    @Override
    public CompletableFuture<FunctionResult> invoke(String function, byte[] payload) {
        functions.add(function);
        events.add(payload);
        return CompletableFuture.supplyAsync(() -> handler.apply(payload));
    }
}
