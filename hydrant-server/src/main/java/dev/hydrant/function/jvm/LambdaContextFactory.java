package dev.hydrant.function.jvm;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.hydrant.function.FunctionConfig;
import dev.hydrant.function.FunctionLog;
import dev.hydrant.spi.EpochClock;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Creates the {@code Context} a handler receives, as a proxy implementing the handler's own view of the interface
 * (its bundled copy or the one from {@link LambdaCoreClassLoader}), so Hydrant never links against the handler's
 * classes. {@code getLogger()} returns a {@code LambdaLogger} whose output goes to the {@link FunctionLog}, one entry
 * per line, tagged with the request id. Only that logger is captured: {@code System.out} and {@code System.err} are
 * shared by the whole JVM and are left alone.
 */
final class LambdaContextFactory {
    static final String FUNCTION_VERSION = "$LATEST";

    private final FunctionConfig config;
    private final FunctionLog functionLog;
    private final EpochClock clock;
    private final String functionArn;
    private final String logStreamName;
    private final Class<?> contextInterface;
    private final Class<?> loggerInterface;

    LambdaContextFactory(
            ClassLoader functionLoader,
            FunctionConfig config,
            FunctionLog functionLog,
            EpochClock clock,
            String functionArn,
            String logStreamName)
            throws ClassNotFoundException {
        requireNonNull(functionLoader, "functionLoader is null");
        this.config = requireNonNull(config, "config is null");
        this.functionLog = requireNonNull(functionLog, "functionLog is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.functionArn = requireNonNull(functionArn, "functionArn is null");
        this.logStreamName = requireNonNull(logStreamName, "logStreamName is null");
        this.contextInterface = functionLoader.loadClass(LambdaCoreClassLoader.CORE_PACKAGE + "Context");
        this.loggerInterface = functionLoader.loadClass(LambdaCoreClassLoader.CORE_PACKAGE + "LambdaLogger");
    }

    Class<?> contextInterface() {
        return contextInterface;
    }

    Object create(String requestId, long deadlineMillis) {
        requireNonNull(requestId, "requestId is null");
        Object logger = proxy(loggerInterface, new LoggerHandler(requestId));
        return proxy(contextInterface, new ContextHandler(requestId, deadlineMillis, logger));
    }

    private Object proxy(Class<?> type, InvocationHandler handler) {
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    }

    private static Object objectMethod(Object proxy, Method method, Object[] arguments, String description) {
        switch (method.getName()) {
            case "equals":
                return proxy == arguments[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            default:
                return description;
        }
    }

    private static Object defaultValue(Class<?> type) {
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == boolean.class) {
            return false;
        }
        return null;
    }

    private final class ContextHandler implements InvocationHandler {
        private final String requestId;
        private final long deadlineMillis;
        private final Object logger;

        ContextHandler(String requestId, long deadlineMillis, Object logger) {
            this.requestId = requestId;
            this.deadlineMillis = deadlineMillis;
            this.logger = logger;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return objectMethod(proxy, method, arguments, "LambdaContext[" + requestId + "]");
            }
            switch (method.getName()) {
                case "getAwsRequestId":
                    return requestId;
                case "getLogGroupName":
                    return "/aws/lambda/" + config.name();
                case "getLogStreamName":
                    return logStreamName;
                case "getFunctionName":
                    return config.name();
                case "getFunctionVersion":
                    return FUNCTION_VERSION;
                case "getInvokedFunctionArn":
                    return functionArn;
                case "getMemoryLimitInMB":
                    return config.memorySizeMb();
                case "getRemainingTimeInMillis":
                    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, deadlineMillis - clock.millis()));
                case "getLogger":
                    return logger;
                case "getIdentity":
                case "getClientContext":
                    return null;
                default:
                    if (method.isDefault()) {
                        return InvocationHandler.invokeDefault(proxy, method, arguments);
                    }
                    return defaultValue(method.getReturnType());
            }
        }
    }

    private final class LoggerHandler implements InvocationHandler {
        private final String requestId;

        LoggerHandler(String requestId) {
            this.requestId = requestId;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return objectMethod(proxy, method, arguments, "LambdaLogger[" + requestId + "]");
            }
            if (method.getName().equals("log") && arguments != null && arguments.length >= 1) {
                Object message = arguments[0];
                if (message instanceof byte[]) {
                    log(new String((byte[]) message, UTF_8));
                }
                else if (message != null) {
                    log(message.toString());
                }
                return null;
            }
            if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, arguments);
            }
            return defaultValue(method.getReturnType());
        }

        private void log(String message) {
            String text = message.endsWith("\n") ? message.substring(0, message.length() - 1) : message;
            for (String line : text.split("\r?\n", -1)) {
                functionLog.line(requestId, line);
            }
        }
    }
}
