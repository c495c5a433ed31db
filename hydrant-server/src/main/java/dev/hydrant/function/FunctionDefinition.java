package dev.hydrant.function;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A function as Hydrant stores it in {@code <data-dir>/functions/functions.json}.
 *
 * @param codeSha256 base64 SHA-256 of the deployment zip, as Lambda reports it; for pipeline functions the hash of the
 *     code path or URL
 * @param codeSize bytes of the deployment zip; 0 for pipeline functions
 * @param codePath for pipeline functions the code directory or jar as the pipeline file gives it; null for API
 *     functions, whose code is unpacked under {@code <data-dir>/functions/<name>/<sha-hex>/}
 * @param url the endpoint of an {@code http} function, null otherwise
 * @param lastModifiedMillis epoch milliseconds of the last change
 * @param revisionId changes with every change, for UpdateFunction*'s RevisionId precondition
 */
public record FunctionDefinition(
        String name,
        FunctionSettings settings,
        FunctionSource source,
        String codeSha256,
        long codeSize,
        String codePath,
        String url,
        int concurrency,
        long lastModifiedMillis,
        String revisionId,
        Map<String, String> tags) {
    public FunctionDefinition {
        requireNonNull(name, "name is null");
        requireNonNull(settings, "settings is null");
        requireNonNull(source, "source is null");
        requireNonNull(codeSha256, "codeSha256 is null");
        requireNonNull(revisionId, "revisionId is null");
        tags = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(tags, "tags is null")));
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
    }

    /** The hex form of the code hash, the name of the directory holding the unpacked code. */
    public String codeSha256Hex() {
        return FunctionCode.toHex(codeSha256);
    }

    public FunctionDefinition withConcurrency(int newConcurrency, String newRevisionId) {
        return new FunctionDefinition(name, settings, source, codeSha256, codeSize, codePath, url, newConcurrency, lastModifiedMillis, newRevisionId, tags);
    }

    public FunctionDefinition withSettings(FunctionSettings newSettings, long nowMillis, String newRevisionId) {
        return new FunctionDefinition(name, newSettings, source, codeSha256, codeSize, codePath, url, concurrency, nowMillis, newRevisionId, tags);
    }

    public FunctionDefinition withCode(String newCodeSha256, long newCodeSize, long nowMillis, String newRevisionId) {
        return new FunctionDefinition(name, settings, source, newCodeSha256, newCodeSize, codePath, url, concurrency, nowMillis, newRevisionId, tags);
    }
}
