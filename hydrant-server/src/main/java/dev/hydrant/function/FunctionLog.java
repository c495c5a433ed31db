package dev.hydrant.function;

/**
 * Where a function's own output goes (Python's {@code print()}, stderr, Java's {@code context.getLogger()}): the
 * stand-in for its CloudWatch log group {@code /aws/lambda/NAME}. Function output may contain record payloads, so it
 * never goes to Hydrant's own log above TRACE.
 */
public interface FunctionLog {
    /** One line of output from the invocation {@code requestId} (null when printed outside an invocation). */
    void line(String requestId, String line);
}
