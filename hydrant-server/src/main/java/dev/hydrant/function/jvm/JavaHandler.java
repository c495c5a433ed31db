package dev.hydrant.function.jvm;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;

/**
 * A loaded handler method and how to call it: which arguments it takes, how its event is read from JSON and how its
 * result is written. Holds one handler instance for the life of the runtime, as Lambda reuses it across invocations.
 */
final class JavaHandler {
    static final byte[] NULL_PAYLOAD = "null".getBytes(UTF_8);

    enum Argument {
        INPUT_STREAM,
        OUTPUT_STREAM,
        EVENT,
        CONTEXT
    }

    private final String name;
    private final Object instance;
    private final Method method;
    private final List<Argument> arguments;
    private final ObjectReader eventReader;
    private final ObjectWriter resultWriter;

    /**
     * @param instance null for a static method
     * @param eventReader null when the method takes no event, or takes {@code Void}
     * @param resultWriter null when the method streams its output or returns nothing
     */
    JavaHandler(String name, Object instance, Method method, List<Argument> arguments, ObjectReader eventReader, ObjectWriter resultWriter) {
        this.name = requireNonNull(name, "name is null");
        this.instance = instance;
        this.method = requireNonNull(method, "method is null");
        this.arguments = List.copyOf(requireNonNull(arguments, "arguments is null"));
        this.eventReader = eventReader;
        this.resultWriter = resultWriter;
    }

    String name() {
        return name;
    }

    boolean isStreaming() {
        return arguments.contains(Argument.OUTPUT_STREAM);
    }

    /** Calls the handler; throws what the handler threw, or a parse error like Lambda's for an unreadable event. */
    byte[] handle(byte[] payload, Object context) throws Throwable {
        Object[] values = new Object[arguments.size()];
        ByteArrayOutputStream output = null;
        for (int i = 0; i < values.length; i++) {
            switch (arguments.get(i)) {
                case INPUT_STREAM:
                    values[i] = new ByteArrayInputStream(payload);
                    break;
                case OUTPUT_STREAM:
                    output = new ByteArrayOutputStream();
                    values[i] = output;
                    break;
                case EVENT:
                    values[i] = readEvent(payload);
                    break;
                case CONTEXT:
                    values[i] = context;
                    break;
            }
        }
        Object result;
        try {
            result = method.invoke(instance, values);
        }
        catch (InvocationTargetException e) {
            throw e.getCause();
        }
        if (output != null) {
            return output.toByteArray();
        }
        if (resultWriter == null || result == null) {
            return NULL_PAYLOAD;
        }
        try {
            return resultWriter.writeValueAsBytes(result);
        }
        catch (IOException e) {
            throw new RuntimeException("An error occurred during JSON serialization of response", new UncheckedIOException(e));
        }
    }

    private Object readEvent(byte[] payload) {
        if (eventReader == null) {
            return null;
        }
        try {
            return eventReader.readValue(payload);
        }
        catch (IOException e) {
            throw new RuntimeException("An error occurred during JSON parsing", new UncheckedIOException(e));
        }
    }
}
