package dev.hydrant.function.jvm;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lambda's Java error document, the payload of an {@code Unhandled} function error:
 * <pre>
 * {"errorMessage": "boom", "errorType": "java.lang.IllegalStateException",
 *  "stackTrace": ["com.example.Handler.handleRequest(Handler.java:12)", ...],
 *  "cause": {"errorMessage": ..., "errorType": ..., "stackTrace": [...]}}
 * </pre>
 * Stack traces stop where the handler was called, so Hydrant's own frames never show.
 */
final class LambdaErrorDocument {
    private static final String RUNTIME_PACKAGE = LambdaErrorDocument.class.getPackageName() + ".";
    private static final int MAX_CAUSES = 16;

    private final ObjectMapper mapper;

    LambdaErrorDocument(ObjectMapper mapper) {
        this.mapper = requireNonNull(mapper, "mapper is null");
    }

    byte[] forThrowable(Throwable throwable) {
        return write(describe(throwable, Collections.newSetFromMap(new IdentityHashMap<>())));
    }

    /** An error without a Java exception behind it, such as a timeout; {@code errorType} may be null. */
    byte[] forMessage(String errorType, String errorMessage) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("errorMessage", errorMessage);
        if (errorType != null) {
            document.put("errorType", errorType);
        }
        return write(document);
    }

    private Map<String, Object> describe(Throwable throwable, Set<Throwable> seen) {
        seen.add(throwable);
        Map<String, Object> document = new LinkedHashMap<>();
        if (throwable.getMessage() != null) {
            document.put("errorMessage", throwable.getMessage());
        }
        document.put("errorType", throwable.getClass().getName());
        document.put("stackTrace", handlerFrames(throwable.getStackTrace()));
        Throwable cause = throwable.getCause();
        if (cause != null && !seen.contains(cause) && seen.size() < MAX_CAUSES) {
            document.put("cause", describe(cause, seen));
        }
        return document;
    }

    private static List<String> handlerFrames(StackTraceElement[] stackTrace) {
        int end = 0;
        while (end < stackTrace.length && !stackTrace[end].getClassName().startsWith(RUNTIME_PACKAGE)) {
            end++;
        }
        while (end > 0 && isReflectionFrame(stackTrace[end - 1])) {
            end--;
        }
        List<String> frames = new ArrayList<>(end);
        for (int i = 0; i < end; i++) {
            frames.add(format(stackTrace[i]));
        }
        return frames;
    }

    /** Like {@link StackTraceElement#toString()} without class loader and module names, as Lambda prints frames. */
    private static String format(StackTraceElement frame) {
        String location;
        if (frame.isNativeMethod()) {
            location = "Native Method";
        }
        else if (frame.getFileName() == null) {
            location = "Unknown Source";
        }
        else if (frame.getLineNumber() >= 0) {
            location = frame.getFileName() + ":" + frame.getLineNumber();
        }
        else {
            location = frame.getFileName();
        }
        return frame.getClassName() + "." + frame.getMethodName() + "(" + location + ")";
    }

    private static boolean isReflectionFrame(StackTraceElement frame) {
        String className = frame.getClassName();
        return className.startsWith("jdk.internal.reflect.") || className.startsWith("java.lang.reflect.");
    }

    private byte[] write(Map<String, Object> document) {
        try {
            return mapper.writeValueAsBytes(document);
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write error document", e);
        }
    }
}
