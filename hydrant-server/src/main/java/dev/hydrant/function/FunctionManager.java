package dev.hydrant.function;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hydrant.spi.EpochClock;
import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.FunctionInvocation;
import dev.hydrant.spi.FunctionInvoker;
import dev.hydrant.spi.FunctionResult;
import dev.hydrant.spi.FunctionRuntime;
import dev.hydrant.spi.HydrantException;
import dev.hydrant.storage.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the functions: their definitions, persisted in {@code <data-dir>/functions/functions.json}; the code of
 * functions created through the Lambda API, kept as {@code <data-dir>/functions/<name>/<sha-hex>.zip} and unpacked
 * beside it in {@code <sha-hex>/}; their log files under {@code <data-dir>/logs/functions/}; and their runtimes,
 * created on first invocation and retired when the function changes or is deleted. A retired runtime finishes the
 * invocations it has in flight before it is closed.
 *
 * <p>Changes are serialised and do blocking I/O: call them from worker threads. Invocations read the registry without
 * locks; only a function's first invocation after a change waits while its runtime is created, so they too belong
 * off the event loop.
 */
public final class FunctionManager implements FunctionInvoker, AutoCloseable {
    public static final String STATE_FILE = "functions.json";
    /** The most workers one function may have. */
    public static final int MAX_CONCURRENCY = 64;
    public static final String EXECUTED_VERSION = FunctionReference.LATEST;
    private static final Logger LOG = LoggerFactory.getLogger(FunctionManager.class);
    private static final DateTimeFormatter LAST_MODIFIED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String UNPACKING_SUFFIX = ".unpacking";
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path functionsDirectory;
    private final Path logsDirectory;
    private final String region;
    private final String accountId;
    private final FunctionRuntimeFactory runtimeFactory;
    private final EpochClock clock;
    private final Path stateFile;
    private final Object changes = new Object();
    private final Map<String, ManagedFunction> functions = new ConcurrentHashMap<>();
    private final Map<String, FileFunctionLog> logs = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public FunctionManager(Path dataDirectory, String region, String accountId, FunctionRuntimeFactory runtimeFactory, EpochClock clock) {
        requireNonNull(dataDirectory, "dataDirectory is null");
        this.functionsDirectory = dataDirectory.resolve("functions");
        this.logsDirectory = dataDirectory.resolve("logs").resolve("functions");
        this.region = requireNonNull(region, "region is null");
        this.accountId = requireNonNull(accountId, "accountId is null");
        this.runtimeFactory = requireNonNull(runtimeFactory, "runtimeFactory is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.stateFile = functionsDirectory.resolve(STATE_FILE);
    }

    /** Loads the persisted functions and removes code that no function refers to (left by a crash). */
    public void start() throws IOException {
        synchronized (changes) {
            Files.createDirectories(functionsDirectory);
            if (Files.exists(stateFile)) {
                List<FunctionDefinition> saved = MAPPER.readValue(stateFile.toFile(), new TypeReference<List<FunctionDefinition>>() {});
                for (FunctionDefinition definition : saved) {
                    functions.put(definition.name(), new ManagedFunction(definition));
                }
            }
            try (Stream<Path> entries = Files.list(functionsDirectory)) {
                for (Path entry : entries.toList()) {
                    String name = entry.getFileName().toString();
                    if (AtomicFiles.isTempFile(entry)) {
                        Files.deleteIfExists(entry);
                    }
                    else if (Files.isDirectory(entry)) {
                        deleteUnreferencedCode(name);
                    }
                }
            }
            for (ManagedFunction function : functions.values()) {
                restoreUnpackedCode(function.definition());
            }
            LOG.info("Recovered {} functions", functions.size());
        }
    }

    public String arnOf(String name) {
        return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + name;
    }

    /** LastModified in Lambda's format, {@code 2024-01-01T00:00:00.000+0000}. */
    public static String lastModified(long epochMillis) {
        return LAST_MODIFIED.format(java.time.Instant.ofEpochMilli(epochMillis));
    }

    // ---- Lambda API ----

    /** CreateFunction: stores and unpacks the zip, then registers the function. */
    public FunctionDefinition create(String name, FunctionSettings settings, byte[] zip, Map<String, String> tags) {
        requireNonNull(name, "name is null");
        requireNonNull(settings, "settings is null");
        requireNonNull(zip, "zip is null");
        requireNonNull(tags, "tags is null");
        synchronized (changes) {
            if (functions.containsKey(name)) {
                throw new HydrantException(ErrorCode.RESOURCE_IN_USE, "Function already exist: " + name);
            }
            try {
                String codeSha256 = storeCode(name, zip);
                FunctionDefinition definition = new FunctionDefinition(name, settings, FunctionSource.LAMBDA_API, codeSha256, zip.length, null, null,
                        FunctionConfig.DEFAULT_CONCURRENCY, clock.millis(), newRevisionId(), tags);
                functions.put(name, new ManagedFunction(definition));
                saveOrRollBack(name, null);
                LOG.info("Created function {} ({}, {} bytes of code)", name, settings.runtime(), zip.length);
                return definition;
            }
            catch (IOException e) {
                deleteUnreferencedCode(name);
                throw new HydrantException(ErrorCode.INTERNAL_FAILURE, "Failed to store the code of function " + name + ": " + e.getMessage(), e);
            }
            catch (RuntimeException e) {
                deleteUnreferencedCode(name);
                throw e;
            }
        }
    }

    /** The function a FunctionName (name, partial ARN or ARN) and optional Qualifier parameter mean. */
    public FunctionDefinition get(String functionName, String qualifier) {
        return managed(functionName, qualifier).definition();
    }

    public FunctionDefinition get(String functionName) {
        return get(functionName, null);
    }

    public Optional<FunctionDefinition> find(String functionName) {
        FunctionReference reference = FunctionReference.parse(functionName);
        ManagedFunction function = functions.get(reference.name());
        return function == null || !reference.isLatest() ? Optional.empty() : Optional.of(function.definition());
    }

    /** Every function, in name order. */
    public List<FunctionDefinition> list() {
        return functions.values().stream().map(ManagedFunction::definition).sorted(Comparator.comparing(FunctionDefinition::name)).toList();
    }

    /** The deployment zip of a function created through the Lambda API. */
    public Path codeZip(String functionName) {
        FunctionDefinition definition = get(functionName);
        if (definition.source() != FunctionSource.LAMBDA_API) {
            throw notFound(FunctionReference.parse(functionName), "Function " + definition.name() + " is defined by a pipeline file and has no deployment package");
        }
        return functionsDirectory.resolve(definition.name()).resolve(definition.codeSha256Hex() + ".zip");
    }

    /**
     * UpdateFunctionCode. With {@code dryRun} only checks the request.
     *
     * @param revisionId the RevisionId precondition, null for none
     */
    public FunctionDefinition updateCode(String functionName, byte[] zip, String revisionId, boolean dryRun) {
        requireNonNull(zip, "zip is null");
        synchronized (changes) {
            ManagedFunction current = changeable(functionName, revisionId);
            FunctionDefinition old = current.definition();
            if (dryRun) {
                return old.withCode(FunctionCode.sha256(zip), zip.length, old.lastModifiedMillis(), old.revisionId());
            }
            String codeSha256;
            try {
                codeSha256 = storeCode(old.name(), zip);
            }
            catch (IOException e) {
                throw new HydrantException(ErrorCode.INTERNAL_FAILURE, "Failed to store the code of function " + old.name() + ": " + e.getMessage(), e);
            }
            finally {
                deleteTemporaryCode(old.name());
            }
            FunctionDefinition updated = old.withCode(codeSha256, zip.length, clock.millis(), newRevisionId());
            replace(current, updated);
            LOG.info("Updated the code of function {}", old.name());
            return updated;
        }
    }

    /** UpdateFunctionConfiguration: {@code change} turns the current settings into the new ones. */
    public FunctionDefinition updateConfiguration(String functionName, UnaryOperator<FunctionSettings> change, String revisionId) {
        requireNonNull(change, "change is null");
        synchronized (changes) {
            ManagedFunction current = changeable(functionName, revisionId);
            FunctionDefinition updated = current.definition().withSettings(change.apply(current.definition().settings()), clock.millis(), newRevisionId());
            replace(current, updated);
            LOG.info("Updated the configuration of function {}", updated.name());
            return updated;
        }
    }

    /**
     * PutFunctionConcurrency (null: DeleteFunctionConcurrency, back to the default): how many invocations of the
     * function run at once, the size of its worker pool. The runtime is replaced; invocations in flight finish first.
     */
    public FunctionDefinition setConcurrency(String functionName, Integer reservedConcurrentExecutions) {
        int concurrency = reservedConcurrentExecutions == null ? FunctionConfig.DEFAULT_CONCURRENCY : reservedConcurrentExecutions;
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new HydrantException(ErrorCode.INVALID_ARGUMENT, "ReservedConcurrentExecutions must be 1.." + MAX_CONCURRENCY
                    + " in Hydrant (the number of workers that run the function at once), was " + concurrency);
        }
        synchronized (changes) {
            ManagedFunction current = changeable(functionName, null);
            FunctionDefinition updated = current.definition().withConcurrency(concurrency, newRevisionId());
            replace(current, updated);
            LOG.info("Function {} runs up to {} invocations at once", updated.name(), concurrency);
            return updated;
        }
    }

    /** DeleteFunction. Invocations in flight finish first; the log file stays, as a CloudWatch log group does. */
    public void delete(String functionName, String qualifier) {
        synchronized (changes) {
            FunctionReference reference = FunctionReference.parse(functionName).withQualifier(qualifier);
            if (reference.qualifier() != null && reference.isLatest()) {
                throw new HydrantException(ErrorCode.INVALID_ARGUMENT, "$LATEST version cannot be deleted without deleting the function.");
            }
            ManagedFunction current = changeable(functionName, null);
            if (!reference.isLatest()) {
                throw notFound(reference, null);
            }
            String name = current.definition().name();
            functions.remove(name);
            saveOrRollBack(name, current);
            current.retire();
            FileFunctionLog log = logs.remove(name);
            if (log != null) {
                log.close();
            }
            LOG.info("Deleted function {}", name);
        }
    }

    // ---- pipeline files ----

    /**
     * Defines or redefines a function from a pipeline file. Its runtime is replaced, so changed code on disk is
     * picked up. A function created through the Lambda API under the same name is a conflict.
     */
    public FunctionDefinition define(FunctionConfig config) {
        requireNonNull(config, "config is null");
        if (!config.isHttp() && !FunctionRuntimeNames.isSupported(config.runtime())) {
            throw new HydrantException(ErrorCode.INVALID_ARGUMENT, FunctionRuntimeNames.unsupportedMessage(config.runtime()));
        }
        synchronized (changes) {
            ManagedFunction current = functions.get(config.name());
            if (current != null && current.definition().source() != FunctionSource.PIPELINE) {
                throw new HydrantException(ErrorCode.RESOURCE_IN_USE,
                        "Function " + config.name() + " was created through the Lambda API; delete it before defining it in a pipeline file");
            }
            String codePath = config.code() == null ? null : config.code().toAbsolutePath().toString();
            String identity = config.runtime() + "|" + codePath + "|" + config.url();
            long timeoutSeconds = Math.max(1, (config.timeout().toMillis() + 999) / 1000);
            FunctionSettings settings = new FunctionSettings(config.runtime(), config.handler() == null ? "" : config.handler(),
                    "arn:aws:iam::" + accountId + ":role/hydrant-pipeline", "Defined by a pipeline file",
                    (int) Math.min(FunctionSettings.MAX_TIMEOUT_SECONDS, timeoutSeconds), config.memorySizeMb(), config.environment());
            FunctionDefinition definition = new FunctionDefinition(config.name(), settings, FunctionSource.PIPELINE, FunctionCode.sha256(identity.getBytes(UTF_8)),
                    0, codePath, config.url(), config.concurrency(), clock.millis(), newRevisionId(), Map.of());
            if (current == null) {
                functions.put(config.name(), new ManagedFunction(definition));
                saveOrRollBack(config.name(), null);
            }
            else {
                replace(current, definition);
            }
            LOG.info("Defined function {} ({}) from a pipeline file", config.name(), config.runtime());
            return definition;
        }
    }

    /** Removes a function defined by a pipeline file; returns false when there is none of that name. */
    public boolean remove(String name) {
        synchronized (changes) {
            ManagedFunction current = functions.get(name);
            if (current == null) {
                return false;
            }
            if (current.definition().source() != FunctionSource.PIPELINE) {
                throw new HydrantException(ErrorCode.RESOURCE_IN_USE, "Function " + name + " was created through the Lambda API, not by a pipeline file");
            }
            functions.remove(name);
            saveOrRollBack(name, current);
            current.retire();
            LOG.info("Removed function {}", name);
            return true;
        }
    }

    // ---- invocation ----

    /**
     * Invokes a function synchronously, for a Firehose processor's LambdaArn and the like. The future fails with
     * ResourceNotFoundException for an unknown function and with the runtime's error when it cannot run the function;
     * handler errors and timeouts are results ({@link FunctionResult#failed()}).
     */
    @Override
    public CompletableFuture<FunctionResult> invoke(String functionNameOrArn, byte[] payload) {
        return invoke(functionNameOrArn, null, payload, false).thenApply(FunctionInvokeResult::result);
    }

    /**
     * Invokes a function synchronously with a deadline of its Timeout from now. Writes Lambda's START, END and REPORT
     * lines around the function's own output in its log.
     *
     * @param qualifier the Qualifier parameter, null when absent
     * @param tailLog whether to return the invocation's last 4 KB of log lines
     */
    public CompletableFuture<FunctionInvokeResult> invoke(String functionNameOrArn, String qualifier, byte[] payload, boolean tailLog) {
        requireNonNull(payload, "payload is null");
        ManagedFunction function;
        FunctionRuntime runtime;
        try {
            while (true) {
                function = managed(functionNameOrArn, qualifier);
                runtime = function.acquire();
                if (runtime != null) {
                    break;
                }
            }
        }
        catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        ManagedFunction invoked = function;
        FunctionDefinition definition = function.definition();
        FileFunctionLog log = logOf(definition.name());
        String requestId = UUID.randomUUID().toString();
        long started = clock.millis();
        if (tailLog) {
            log.startCapture(requestId);
        }
        log.line(requestId, "START RequestId: " + requestId + " Version: " + EXECUTED_VERSION);
        CompletableFuture<FunctionResult> result;
        try {
            result = runtime.invoke(new FunctionInvocation(requestId, payload, started + definition.settings().timeoutSeconds() * 1000L));
        }
        catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.handle((value, error) -> {
            invoked.release();
            long duration = Math.max(0, clock.millis() - started);
            log.line(requestId, "END RequestId: " + requestId);
            log.line(requestId, "REPORT RequestId: " + requestId + "\tDuration: " + duration + ".00 ms\tBilled Duration: " + Math.max(1, duration)
                    + " ms\tMemory Size: " + definition.settings().memorySizeMb() + " MB" + (value != null && value.failed() ? "\tStatus: error" : ""));
            String tail = tailLog ? log.endCapture(requestId) : "";
            if (error != null) {
                throw error instanceof CompletionException completion ? completion : new CompletionException(error);
            }
            return new FunctionInvokeResult(requestId, value, tail);
        });
    }

    /** Closes every runtime now and the log files. */
    @Override
    public void close() {
        synchronized (changes) {
            closed = true;
            for (ManagedFunction function : functions.values()) {
                function.closeNow();
            }
            functions.clear();
            logs.values().forEach(FileFunctionLog::close);
            logs.clear();
        }
    }

    // ---- internals ----

    private ManagedFunction managed(String functionName, String qualifier) {
        FunctionReference reference = FunctionReference.parse(functionName).withQualifier(qualifier);
        ManagedFunction function = functions.get(reference.name());
        if (function == null || !reference.isLatest()) {
            throw notFound(reference, null);
        }
        return function;
    }

    private ManagedFunction changeable(String functionName, String revisionId) {
        ManagedFunction current = managed(functionName, null);
        FunctionDefinition definition = current.definition();
        if (definition.source() != FunctionSource.LAMBDA_API) {
            throw new HydrantException(ErrorCode.RESOURCE_IN_USE,
                    "Function " + definition.name() + " is defined by a pipeline file; change the pipeline file and apply it again");
        }
        if (revisionId != null && !revisionId.equals(definition.revisionId())) {
            throw new HydrantException(ErrorCode.CONCURRENT_MODIFICATION,
                    "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
        }
        return current;
    }

    private HydrantException notFound(FunctionReference reference, String message) {
        String arn = arnOf(reference.name()) + (reference.qualifier() == null ? "" : ":" + reference.qualifier());
        return new HydrantException(ErrorCode.RESOURCE_NOT_FOUND, message == null ? "Function not found: " + arn : message);
    }

    private void replace(ManagedFunction current, FunctionDefinition updated) {
        functions.put(updated.name(), new ManagedFunction(updated));
        saveOrRollBack(updated.name(), current);
        current.retire();
    }

    /** Saves the registry; if that fails, puts {@code previous} (or nothing) back under {@code name} and rethrows. */
    private void saveOrRollBack(String name, ManagedFunction previous) {
        try {
            List<FunctionDefinition> all = list();
            AtomicFiles.write(stateFile, MAPPER.writeValueAsBytes(all));
        }
        catch (IOException e) {
            if (previous == null) {
                functions.remove(name);
            }
            else {
                functions.put(name, previous);
            }
            throw new HydrantException(ErrorCode.INTERNAL_FAILURE, "Failed to save the functions to " + stateFile + ": " + e.getMessage(), e);
        }
    }

    /** Writes the zip durably and unpacks it beside itself unless that code is already there; returns CodeSha256. */
    private String storeCode(String name, byte[] zip) throws IOException {
        String codeSha256 = FunctionCode.sha256(zip);
        String hex = FunctionCode.toHex(codeSha256);
        Path directory = functionsDirectory.resolve(name);
        Files.createDirectories(directory);
        Path zipFile = directory.resolve(hex + ".zip");
        Path codeDirectory = directory.resolve(hex);
        if (!Files.isRegularFile(zipFile)) {
            AtomicFiles.write(zipFile, zip);
        }
        if (!Files.isDirectory(codeDirectory)) {
            unpack(zipFile, codeDirectory);
        }
        return codeSha256;
    }

    private static void unpack(Path zipFile, Path codeDirectory) throws IOException {
        Path temporary = codeDirectory.resolveSibling("." + codeDirectory.getFileName() + UNPACKING_SUFFIX);
        deleteRecursively(temporary);
        try {
            FunctionCode.unzip(zipFile, temporary, FunctionCode.MAX_UNZIPPED_BYTES);
            AtomicFiles.moveDurably(temporary, codeDirectory);
        }
        finally {
            deleteRecursively(temporary);
        }
    }

    /** At start: an API function whose unpacked code went missing is unpacked again from its zip. */
    private void restoreUnpackedCode(FunctionDefinition definition) throws IOException {
        if (definition.source() != FunctionSource.LAMBDA_API) {
            return;
        }
        Path directory = functionsDirectory.resolve(definition.name());
        Path codeDirectory = directory.resolve(definition.codeSha256Hex());
        Path zipFile = directory.resolve(definition.codeSha256Hex() + ".zip");
        if (!Files.isDirectory(codeDirectory) && Files.isRegularFile(zipFile)) {
            LOG.warn("Unpacking the code of function {} again", definition.name());
            unpack(zipFile, codeDirectory);
        }
        else if (!Files.isRegularFile(zipFile)) {
            LOG.warn("The code of function {} is missing from {}", definition.name(), directory);
        }
    }

    private void deleteTemporaryCode(String name) {
        try (Stream<Path> entries = Files.list(functionsDirectory.resolve(name))) {
            for (Path entry : entries.toList()) {
                if (entry.getFileName().toString().endsWith(UNPACKING_SUFFIX)) {
                    deleteRecursively(entry);
                }
            }
        }
        catch (IOException e) {
            LOG.warn("Failed to clean up temporary code of function {}", name, e);
        }
    }

    /** Deletes whatever under {@code functions/<name>/} the current definition of {@code name} does not use. */
    private void deleteUnreferencedCode(String name) {
        synchronized (changes) {
            if (closed) {
                return;
            }
            ManagedFunction function = functions.get(name);
            Path directory = functionsDirectory.resolve(name);
            try {
                if (function == null || function.definition().source() != FunctionSource.LAMBDA_API) {
                    deleteRecursively(directory);
                    return;
                }
                String hex = function.definition().codeSha256Hex();
                Set<String> keep = Set.of(hex, hex + ".zip");
                if (!Files.isDirectory(directory)) {
                    return;
                }
                try (Stream<Path> entries = Files.list(directory)) {
                    for (Path entry : entries.toList()) {
                        if (!keep.contains(entry.getFileName().toString())) {
                            deleteRecursively(entry);
                        }
                    }
                }
            }
            catch (IOException e) {
                LOG.warn("Failed to delete unused code of function {} in {}", name, directory, e);
            }
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path entry : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(entry);
            }
        }
        catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private FileFunctionLog logOf(String name) {
        return logs.computeIfAbsent(name, key -> new FileFunctionLog(key, logsDirectory.resolve(key + ".log"), clock));
    }

    private FunctionConfig runtimeConfig(FunctionDefinition definition) {
        FunctionSettings settings = definition.settings();
        Path code = switch (definition.source()) {
            case LAMBDA_API -> functionsDirectory.resolve(definition.name()).resolve(definition.codeSha256Hex());
            case PIPELINE -> definition.codePath() == null ? null : Path.of(definition.codePath());
        };
        return new FunctionConfig(definition.name(), settings.runtime(), settings.handler().isEmpty() ? null : settings.handler(), code, definition.url(),
                Duration.ofSeconds(settings.timeoutSeconds()), settings.memorySizeMb(), settings.environment(), definition.concurrency());
    }

    private static String newRevisionId() {
        return UUID.randomUUID().toString();
    }

    /**
     * One definition of a function and the runtime that runs it, created on first use. When the definition is
     * replaced the holder is retired: it takes no new invocations and closes its runtime once the last one in flight
     * has finished; then the code the new definition no longer uses is deleted.
     */
    private final class ManagedFunction {
        private final FunctionDefinition definition;
        private FunctionRuntime runtime;
        private int inFlight;
        private boolean retired;

        ManagedFunction(FunctionDefinition definition) {
            this.definition = requireNonNull(definition, "definition is null");
        }

        FunctionDefinition definition() {
            return definition;
        }

        /** The runtime for one more invocation, or null when this holder was retired meanwhile (look up again). */
        synchronized FunctionRuntime acquire() {
            if (retired) {
                return null;
            }
            if (runtime == null) {
                runtime = runtimeFactory.create(runtimeConfig(definition), logOf(definition.name()), arnOf(definition.name()));
                LOG.debug("Started the {} runtime of function {}", definition.settings().runtime(), definition.name());
            }
            inFlight++;
            return runtime;
        }

        void release() {
            boolean closeNow;
            synchronized (this) {
                inFlight--;
                closeNow = retired && inFlight == 0 && runtime != null;
            }
            if (closeNow) {
                // Not on the thread completing the invocation: it may be one the runtime's close waits for.
                CompletableFuture.runAsync(this::closeAndCleanUp);
            }
        }

        void retire() {
            boolean closeNow;
            synchronized (this) {
                retired = true;
                closeNow = inFlight == 0;
            }
            if (closeNow) {
                CompletableFuture.runAsync(this::closeAndCleanUp);
            }
        }

        void closeNow() {
            synchronized (this) {
                retired = true;
            }
            closeRuntime();
        }

        private void closeAndCleanUp() {
            closeRuntime();
            deleteUnreferencedCode(definition.name());
        }

        private void closeRuntime() {
            FunctionRuntime closing;
            synchronized (this) {
                closing = runtime;
                runtime = null;
            }
            if (closing != null) {
                try {
                    closing.close();
                    LOG.debug("Closed a runtime of function {}", definition.name());
                }
                catch (RuntimeException e) {
                    LOG.warn("Failed to close a runtime of function {}", definition.name(), e);
                }
            }
        }
    }
}
