package dev.hydrant.analytics;

import static java.util.Objects.requireNonNull;

import dev.hydrant.spi.SqlApplication;
import dev.hydrant.spi.SqlApplicationEngine.CodeProblem;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.runtime.ObjectMethods;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.management.JMException;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks application code with Flink's planner loaded by a class loader of its own, which is dropped once no check
 * has run for {@code keepAlive}: the planner's classes (about 60 MiB of metaspace) and what its static caches hold
 * (about 25 MiB of heap) then go away with it, so that a server whose applications are created but not running stays
 * small. Running applications load Flink in the server's own class loader as before.
 *
 * <p>The loader lives exactly as long as the one thread that runs the checks: it is the thread's context class
 * loader, created with it and closed when the thread ends after {@code keepAlive} without work. Thread-local values
 * that Calcite and Flink leave behind die with the thread. The loader sees the server's class path, child first,
 * except for the contracts it shares with the server ({@code dev.hydrant.spi}) and logging.
 */
final class IsolatedValidation implements Function<SqlApplication, List<CodeProblem>> {
    private static final Logger LOG = LoggerFactory.getLogger(IsolatedValidation.class);
    private static final List<String> SHARED = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.", "dev.hydrant.spi.", "org.slf4j.",
            "ch.qos.logback.");

    private final String entryClass;
    private final String entryMethod;
    private final ThreadPoolExecutor executor;
    private final long keepAliveMillis;
    private volatile WeakReference<ClassLoader> lastLoader = new WeakReference<>(null);

    /**
     * @param entryClass a class with a public static {@code List<CodeProblem> entryMethod(SqlApplication)}, which
     *     runs in the isolated loader
     */
    IsolatedValidation(String entryClass, String entryMethod, Duration keepAlive) {
        this.entryClass = requireNonNull(entryClass, "entryClass is null");
        this.entryMethod = requireNonNull(entryMethod, "entryMethod is null");
        this.keepAliveMillis = keepAlive.toMillis();
        this.executor = new ThreadPoolExecutor(1, 1, keepAliveMillis, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), this::newThread);
        this.executor.allowCoreThreadTimeOut(true);
    }

    @Override
    public List<CodeProblem> apply(SqlApplication application) {
        requireNonNull(application, "application is null");
        if (executor.getKeepAliveTime(TimeUnit.MILLISECONDS) != keepAliveMillis) {
            executor.setKeepAliveTime(keepAliveMillis, TimeUnit.MILLISECONDS);
        }
        try {
            return executor.submit(() -> invoke(application)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the code of " + application.name(), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Ends the checks' thread, and so releases their loader, as soon as it is idle rather than {@code keepAlive} after
     * the last check; the next check restores {@code keepAlive}.
     */
    void releaseWhenIdle() {
        executor.setKeepAliveTime(1, TimeUnit.MILLISECONDS);
    }

    /** The class loader of the most recent checks, while it has not been collected. */
    Optional<ClassLoader> lastLoader() {
        return Optional.ofNullable(lastLoader.get());
    }

    private List<CodeProblem> invoke(SqlApplication application) throws ReflectiveOperationException {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Method method = Class.forName(entryClass, true, loader).getMethod(entryMethod, SqlApplication.class);
        try {
            @SuppressWarnings("unchecked")
            List<CodeProblem> problems = (List<CodeProblem>) method.invoke(null, application);
            return List.copyOf(problems);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private Thread newThread(Runnable worker) {
        ChildFirstClassLoader loader = new ChildFirstClassLoader(classPath(), IsolatedValidation.class.getClassLoader());
        lastLoader = new WeakReference<>(loader);
        Thread thread = new Thread(() -> {
            try {
                worker.run();
            } finally {
                try {
                    loader.close();
                } catch (IOException e) {
                    LOG.debug("Cannot close the code checks' class loader", e);
                }
                forgetRecordMethodTypes();
                collectOnceEnded(Thread.currentThread(), new WeakReference<>(loader));
                Thread.currentThread().setContextClassLoader(null); // an ended thread keeps it otherwise
                LOG.debug("Code checks idle: their class loader is released");
            }
        }, "sql-code-checks");
        thread.setDaemon(true);
        thread.setContextClassLoader(loader);
        return thread;
    }

    /**
     * Asks for a collection once {@code checks} has ended, so that the checks' classes are unloaded now rather than at
     * the next old-generation collection, which an idle server may not have for a long time. The first collection
     * sometimes misses the loader (something still holds it for a moment after the thread has ended; seen in two of
     * four runs of a server, cause not pinned down), so it asks again, 1, 2, 4, 8 and 16 s later, until it is gone.
     */
    private static void collectOnceEnded(Thread checks, WeakReference<ClassLoader> loader) {
        // created by the checks' thread, so it must not inherit that thread's inheritable thread-locals: values of the
        // checks' classes would then stay reachable through it during the very collections it asks for
        Thread collector = new Thread(null, () -> {
            try {
                checks.join();
                for (long delay = 1_000; ; delay *= 2) {
                    System.gc();
                    if (loader.get() == null || delay > 16_000) {
                        break;
                    }
                    Thread.sleep(delay);
                }
                LOG.debug(loader.get() == null ? "Code checks' class loader unloaded" : "Code checks' class loader still reachable");
                // most of what the checks leave in the C heap is freed only over the next seconds (measured: 6 MiB
                // returned by a trim 1 s after the unloading, 21 MiB by one 3 s after it), so it is trimmed a few times
                for (long delay : new long[] {1_000, 2_000, 5_000}) {
                    Thread.sleep(delay);
                    trimNativeHeap();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sql-code-checks-release", 0, false);
        collector.setDaemon(true);
        collector.setContextClassLoader(IsolatedValidation.class.getClassLoader());
        collector.start();
    }

    /**
     * Gives the C heap's free memory back to the system ({@code jcmd System.trim_native_heap}): the checks parsed and
     * linked thousands of classes, and glibc keeps the freed arenas (about 25 MiB) until the launcher's periodic trim
     * ({@code -XX:TrimNativeHeapInterval}) or forever without it. Does nothing where the command does not exist.
     */
    private static void trimNativeHeap() {
        try {
            Object result = ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "systemTrimNativeHeap", new Object[] {null}, new String[] {String[].class.getName()});
            LOG.debug("After the code checks: {}", result);
        } catch (JMException | RuntimeException e) {
            LOG.debug("Cannot trim the native heap", e);
        }
    }

    /**
     * On Java 17, the shared method handles behind records' {@code equals}, {@code hashCode} and {@code toString}
     * ({@code java.lang.runtime.ObjectMethods}) each cache their last {@code asType} adaptation strongly (JDK-8280473,
     * fixed in 19), which pins the class loader of the last record class linked: here one of the checks' records.
     * Linking this loader's own record through the same bootstrap replaces those entries.
     */
    private static void forgetRecordMethodTypes() {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            MethodHandle getter = lookup.findGetter(Forget.class, "value", String.class);
            for (String method : List.of("equals", "hashCode", "toString")) {
                MethodType type = switch (method) {
                    case "equals" -> MethodType.methodType(boolean.class, Forget.class, Object.class);
                    case "hashCode" -> MethodType.methodType(int.class, Forget.class);
                    default -> MethodType.methodType(String.class, Forget.class);
                };
                ObjectMethods.bootstrap(lookup, method, type, Forget.class, "value", getter);
            }
        } catch (Throwable e) {
            LOG.debug("Cannot reset the record method handles' caches", e);
        }
    }

    /** A record of this loader with a component of a reference type, for {@link #forgetRecordMethodTypes()}. */
    private record Forget(String value) {}

    /** The server's class path; a jar's manifest Class-Path (as Surefire's booter jar has) is followed by the loader. */
    static URL[] classPath() {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                try {
                    urls.add(Path.of(entry).toAbsolutePath().toUri().toURL());
                } catch (MalformedURLException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return urls.toArray(URL[]::new);
    }

    /** Loads classes and resources from its own URLs first, except the shared packages, which its parent loads. */
    static final class ChildFirstClassLoader extends URLClassLoader {
        static {
            registerAsParallelCapable();
        }

        ChildFirstClassLoader(URL[] urls, ClassLoader parent) {
            super("sql-code-checks", urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    if (shared(name)) {
                        loaded = getParent().loadClass(name);
                    } else {
                        try {
                            loaded = findClass(name);
                        } catch (ClassNotFoundException e) {
                            loaded = getParent().loadClass(name);
                        }
                    }
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }

        @Override
        public URL getResource(String name) {
            URL own = findResource(name);
            return own != null ? own : getParent().getResource(name);
        }

        /** Only its own copies when it has any, so that service files are not listed twice. */
        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            Enumeration<URL> own = findResources(name);
            return own.hasMoreElements() ? own : getParent().getResources(name);
        }

        private static boolean shared(String name) {
            for (String prefix : SHARED) {
                if (name.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }
    }
}
