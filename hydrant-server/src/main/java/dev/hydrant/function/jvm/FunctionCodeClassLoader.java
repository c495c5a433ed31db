package dev.hydrant.function.jvm;

import static java.util.Objects.requireNonNull;

import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.HydrantException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads one function's code in isolation: its parent is the platform class loader, so Hydrant's classes and
 * libraries (Jackson, Vert.x, SLF4J) are invisible to it. Classes of {@code aws-lambda-java-core} the code does not
 * bundle come from a {@link LambdaCoreClassLoader}; bundled copies win.
 *
 * <p>The code is a {@code .jar} file, or a directory laid out like an unpacked Lambda zip: classes at the root and
 * libraries in {@code lib/*.jar}.
 */
final class FunctionCodeClassLoader extends URLClassLoader {
    static {
        registerAsParallelCapable();
    }

    private final ClassLoader lambdaCore;

    private FunctionCodeClassLoader(String name, URL[] urls, ClassLoader lambdaCore) {
        super(name, urls, ClassLoader.getPlatformClassLoader());
        this.lambdaCore = requireNonNull(lambdaCore, "lambdaCore is null");
    }

    static FunctionCodeClassLoader create(String functionName, Path code, ClassLoader lambdaCore) {
        requireNonNull(functionName, "functionName is null");
        requireNonNull(code, "code is null");
        List<Path> paths = new ArrayList<>();
        if (Files.isDirectory(code)) {
            paths.add(code);
            Path lib = code.resolve("lib");
            if (Files.isDirectory(lib)) {
                try (Stream<Path> jars = Files.list(lib)) {
                    jars.filter(path -> path.getFileName().toString().endsWith(".jar"))
                            .sorted()
                            .forEach(paths::add);
                }
                catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        else if (Files.isRegularFile(code) && code.getFileName().toString().endsWith(".jar")) {
            paths.add(code);
        }
        else {
            throw new HydrantException(
                    ErrorCode.INVALID_ARGUMENT,
                    "function " + functionName + ": code must be a .jar file or a directory: " + code);
        }
        URL[] urls = new URL[paths.size()];
        for (int i = 0; i < paths.size(); i++) {
            try {
                urls[i] = paths.get(i).toUri().toURL();
            }
            catch (MalformedURLException e) {
                throw new HydrantException(ErrorCode.INVALID_ARGUMENT, "function " + functionName + ": bad code path " + paths.get(i), e);
            }
        }
        return new FunctionCodeClassLoader("function-" + functionName, urls, lambdaCore);
    }

    @Override
    protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(className)) {
            try {
                return super.loadClass(className, resolve);
            }
            catch (ClassNotFoundException e) {
                if (LambdaCoreClassLoader.isCoreClass(className)) {
                    return lambdaCore.loadClass(className);
                }
                throw e;
            }
        }
    }
}
