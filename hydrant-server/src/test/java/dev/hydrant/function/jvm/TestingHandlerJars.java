package dev.hydrant.function.jvm;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisFirehoseEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Compiles handler sources and packages them like users do: thin jars, fat jars and unpacked Lambda zips. */
final class TestingHandlerJars {
    private TestingHandlerJars() {}

    static Path coreJar() {
        return location(RequestHandler.class);
    }

    static Path eventsJar() {
        return location(KinesisFirehoseEvent.class);
    }

    static Path location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        }
        catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compiles {@code sources} (class name to source) against the core and events jars; returns the classes directory. */
    static Path compile(Path directory, Map<String, String> sources) {
        try {
            Path sourceDirectory = Files.createDirectories(directory.resolve("src"));
            Path classes = Files.createDirectories(directory.resolve("classes"));
            List<String> arguments = new ArrayList<>(List.of(
                    "--release", "17",
                    "-classpath", coreJar() + File.pathSeparator + eventsJar(),
                    "-d", classes.toString()));
            for (Map.Entry<String, String> source : sources.entrySet()) {
                Path file = sourceDirectory.resolve(source.getKey().replace('.', '/') + ".java");
                Files.createDirectories(file.getParent());
                Files.writeString(file, source.getValue());
                arguments.add(file.toString());
            }
            JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            int status = compiler.run(null, errors, errors, arguments.toArray(String[]::new));
            if (status != 0) {
                throw new IllegalStateException("compilation failed: " + errors.toString(UTF_8));
            }
            return classes;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a jar of the classes, with every class of {@code bundledJars} copied in (a shaded jar when non-empty). */
    static Path jar(Path jarFile, Path classes, List<Path> bundledJars) {
        Set<String> written = new HashSet<>();
        try (OutputStream file = Files.newOutputStream(jarFile); JarOutputStream jar = new JarOutputStream(file)) {
            try (Stream<Path> paths = Files.walk(classes)) {
                for (Path path : paths.filter(Files::isRegularFile).sorted().toList()) {
                    String name = classes.relativize(path).toString().replace('\\', '/');
                    written.add(name);
                    jar.putNextEntry(new JarEntry(name));
                    jar.write(Files.readAllBytes(path));
                    jar.closeEntry();
                }
            }
            for (Path bundled : bundledJars) {
                try (JarFile source = new JarFile(bundled.toFile())) {
                    Enumeration<JarEntry> entries = source.entries();
                    while (entries.hasMoreElements()) {
                        JarEntry entry = entries.nextElement();
                        String name = entry.getName();
                        if (entry.isDirectory() || name.startsWith("META-INF/") || !written.add(name)) {
                            continue;
                        }
                        jar.putNextEntry(new JarEntry(name));
                        try (InputStream input = source.getInputStream(entry)) {
                            input.transferTo(jar);
                        }
                        jar.closeEntry();
                    }
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jarFile;
    }

    /** Lays the classes out like an unpacked Lambda zip: classes at the root, libraries in {@code lib/}. */
    static Path unpackedZip(Path directory, Path classes, List<Path> libraries) {
        try {
            try (Stream<Path> paths = Files.walk(classes)) {
                for (Path path : paths.filter(Files::isRegularFile).toList()) {
                    Path target = directory.resolve(classes.relativize(path));
                    Files.createDirectories(target.getParent());
                    Files.copy(path, target);
                }
            }
            Path lib = Files.createDirectories(directory.resolve("lib"));
            for (Path library : libraries) {
                Files.copy(library, lib.resolve(library.getFileName()));
            }
            return directory;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(byte[] bytes) {
        return new String(bytes, UTF_8);
    }
}
