package dev.hydrant.function.jvm;

import static java.util.Objects.requireNonNull;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.io.IOException;
import java.io.InputStream;
import java.security.ProtectionDomain;

/**
 * Provides the interfaces of {@code aws-lambda-java-core} ({@code Context}, {@code LambdaLogger},
 * {@code RequestHandler}, {@code RequestStreamHandler}, {@code ClientContext}, {@code CognitoIdentity} and the
 * {@code logging} enums) to handler code that does not bundle them, as Lambda's Java runtime does.
 *
 * <p>The classes are defined afresh from the bytes of Hydrant's own copy, in a loader whose parent is the platform
 * class loader, so handler code sees them without seeing anything else on Hydrant's class path. Reading bytes
 * (rather than opening the jar that holds {@link RequestHandler}) keeps working when Hydrant runs from a shaded jar.
 * Only the two core packages are served; {@code events} and {@code serialization} classes must come with the
 * handler, as on Lambda.
 */
final class LambdaCoreClassLoader extends ClassLoader {
    static final String CORE_PACKAGE = "com.amazonaws.services.lambda.runtime.";
    private static final String LOGGING_PACKAGE = CORE_PACKAGE + "logging.";

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader source;
    private final ProtectionDomain protectionDomain;

    LambdaCoreClassLoader() {
        this(RequestHandler.class.getClassLoader());
    }

    LambdaCoreClassLoader(ClassLoader source) {
        super("lambda-java-core", ClassLoader.getPlatformClassLoader());
        this.source = requireNonNull(source, "source is null");
        this.protectionDomain = new ProtectionDomain(RequestHandler.class.getProtectionDomain().getCodeSource(), null);
    }

    /** Whether {@code className} belongs to {@code aws-lambda-java-core}, the classes this loader serves. */
    static boolean isCoreClass(String className) {
        String simpleName;
        if (className.startsWith(LOGGING_PACKAGE)) {
            simpleName = className.substring(LOGGING_PACKAGE.length());
        }
        else if (className.startsWith(CORE_PACKAGE)) {
            simpleName = className.substring(CORE_PACKAGE.length());
        }
        else {
            return false;
        }
        return !simpleName.isEmpty() && simpleName.indexOf('.') < 0;
    }

    @Override
    protected Class<?> findClass(String className) throws ClassNotFoundException {
        if (!isCoreClass(className)) {
            throw new ClassNotFoundException(className);
        }
        try (InputStream input = source.getResourceAsStream(className.replace('.', '/') + ".class")) {
            if (input == null) {
                throw new ClassNotFoundException(className);
            }
            byte[] bytes = input.readAllBytes();
            return defineClass(className, bytes, 0, bytes.length, protectionDomain);
        }
        catch (IOException e) {
            throw new ClassNotFoundException(className, e);
        }
    }
}
