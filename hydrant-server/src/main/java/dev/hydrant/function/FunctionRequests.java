package dev.hydrant.function;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.HydrantException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads Lambda API request bodies into typed values, validating once: constraint violations are reported together as
 * a ValidationException in Lambda's words; what Hydrant cannot do (an unsupported runtime, code from S3 or an image)
 * is an InvalidParameterValueException.
 */
public final class FunctionRequests {
    /** Lambda's limit on a CreateFunction or UpdateFunctionCode request, the base64 zip included. */
    public static final long MAX_CODE_REQUEST_BYTES = 70_167_211L;
    private static final Pattern ROLE = Pattern.compile("arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+");
    private static final Pattern ENVIRONMENT_KEY = Pattern.compile("[a-zA-Z]([a-zA-Z0-9_])+");
    private static final int MAX_ENVIRONMENT_BYTES = 4096;
    private static final Set<String> RESERVED_ENVIRONMENT_KEYS = Set.of("_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION",
            "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
            "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR");

    private FunctionRequests() {}

    /** A CreateFunction request. */
    public record CreateFunction(String name, FunctionSettings settings, byte[] zip, Map<String, String> tags) {}

    /** An UpdateFunctionCode request. */
    public record UpdateCode(byte[] zip, String revisionId, boolean dryRun) {}

    /** An UpdateFunctionConfiguration request: the settings it changes, and its RevisionId precondition. */
    public record UpdateConfiguration(JsonNode request, String revisionId) {
        /** The current settings with the fields the request gives replaced. */
        public FunctionSettings applyTo(FunctionSettings current) {
            return settings(request, current, new Problems());
        }
    }

    public static CreateFunction parseCreate(JsonNode request) {
        Problems problems = new Problems();
        String functionName = text(request, "FunctionName", "functionName", problems);
        String name = null;
        if (functionName == null) {
            problems.add("Value null at 'functionName' failed to satisfy constraint: Member must not be null");
        }
        else {
            FunctionReference reference = FunctionReference.parse(functionName);
            if (reference.qualifier() != null) {
                throw new HydrantException(ErrorCode.INVALID_ARGUMENT, "Function name " + functionName + " must not have a qualifier");
            }
            name = reference.name();
        }
        String packageType = text(request, "PackageType", "packageType", problems);
        if (packageType != null && !packageType.equals("Zip")) {
            throw new HydrantException(ErrorCode.INVALID_ARGUMENT, "Hydrant supports only the Zip package type, not " + packageType);
        }
        if (text(request, "Role", "role", problems) == null) {
            problems.add("Value null at 'role' failed to satisfy constraint: Member must not be null");
        }
        JsonNode code = request.get("Code");
        if (code == null || !code.isObject()) {
            problems.add("Value null at 'code' failed to satisfy constraint: Member must not be null");
        }
        FunctionSettings settings = settings(request, null, problems);
        problems.throwIfAny();
        if (settings.runtime().isEmpty() || settings.handler().isEmpty()) {
            throw new HydrantException(ErrorCode.INVALID_ARGUMENT, "Runtime and Handler are mandatory parameters for functions created with deployment packages.");
        }
        Map<String, String> tags = stringMap(request.get("Tags"), "tags");
        return new CreateFunction(name, settings, zip(code), tags);
    }

    public static UpdateCode parseUpdateCode(JsonNode request) {
        Problems problems = new Problems();
        String revisionId = text(request, "RevisionId", "revisionId", problems);
        problems.throwIfAny();
        return new UpdateCode(zip(request), revisionId, request.path("DryRun").asBoolean(false));
    }

    public static UpdateConfiguration parseUpdateConfiguration(JsonNode request) {
        Problems problems = new Problems();
        String revisionId = text(request, "RevisionId", "revisionId", problems);
        settings(request, null, problems);
        problems.throwIfAny();
        return new UpdateConfiguration(request, revisionId);
    }

    /**
     * The settings in {@code request}, over {@code current} (null: Lambda's defaults). Collects constraint violations
     * in {@code problems}; throws at once for what Hydrant does not support.
     */
    private static FunctionSettings settings(JsonNode request, FunctionSettings current, Problems problems) {
        String runtime = text(request, "Runtime", "runtime", problems);
        if (runtime != null) {
            FunctionRuntimeNames.check(runtime);
        }
        String handler = text(request, "Handler", "handler", problems);
        if (handler != null && (handler.length() > 128 || !handler.matches("[^\\s]+"))) {
            problems.add("Value '" + handler + "' at 'handler' failed to satisfy constraint: Member must satisfy regular expression pattern: [^\\s]+ and have length less than or equal to 128");
        }
        String role = text(request, "Role", "role", problems);
        if (role != null && !ROLE.matcher(role).matches()) {
            problems.add("Value '" + role + "' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: " + ROLE.pattern());
        }
        String description = text(request, "Description", "description", problems);
        if (description != null && description.length() > 256) {
            problems.add("Value at 'description' failed to satisfy constraint: Member must have length less than or equal to 256");
        }
        Integer timeout = integer(request, "Timeout", "timeout", FunctionSettings.MIN_TIMEOUT_SECONDS, FunctionSettings.MAX_TIMEOUT_SECONDS, problems);
        Integer memory = integer(request, "MemorySize", "memorySize", FunctionSettings.MIN_MEMORY_SIZE_MB, FunctionSettings.MAX_MEMORY_SIZE_MB, problems);
        Map<String, String> environment = null;
        JsonNode environmentNode = request.get("Environment");
        if (environmentNode != null && !environmentNode.isNull()) {
            environment = environment(environmentNode.get("Variables"), problems);
        }
        return new FunctionSettings(
                runtime != null ? runtime : current == null ? "" : current.runtime(),
                handler != null ? handler : current == null ? "" : current.handler(),
                role != null ? role : current == null ? "" : current.role(),
                description != null ? description : current == null ? "" : current.description(),
                timeout != null ? timeout : current == null ? 3 : current.timeoutSeconds(),
                memory != null ? memory : current == null ? 128 : current.memorySizeMb(),
                environment != null ? environment : current == null ? Map.of() : current.environment());
    }

    private static Map<String, String> environment(JsonNode variables, Problems problems) {
        Map<String, String> environment = stringMap(variables, "environment.variables");
        int bytes = 0;
        List<String> reserved = new ArrayList<>();
        for (Map.Entry<String, String> variable : environment.entrySet()) {
            if (!ENVIRONMENT_KEY.matcher(variable.getKey()).matches()) {
                problems.add("Value '" + variable.getKey() + "' at 'environment.variables' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]");
            }
            if (RESERVED_ENVIRONMENT_KEYS.contains(variable.getKey())) {
                reserved.add(variable.getKey());
            }
            bytes += variable.getKey().length() + variable.getValue().length();
        }
        if (!reserved.isEmpty()) {
            throw new HydrantException(ErrorCode.INVALID_ARGUMENT, "Lambda was unable to configure your environment variables because the environment variables you have provided "
                    + "contains reserved keys that are currently not supported for modification. Reserved keys used in this request: " + String.join(", ", reserved));
        }
        if (bytes > MAX_ENVIRONMENT_BYTES) {
            throw new HydrantException(ErrorCode.INVALID_ARGUMENT,
                    "Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit.");
        }
        return environment;
    }

    /** The decoded Code.ZipFile (or UpdateFunctionCode's ZipFile). */
    private static byte[] zip(JsonNode code) {
        if (code.hasNonNull("S3Bucket") || code.hasNonNull("S3Key") || code.hasNonNull("ImageUri")) {
            throw new HydrantException(ErrorCode.INVALID_ARGUMENT, "Hydrant accepts function code only as ZipFile (the zip itself), not from S3 or an image");
        }
        JsonNode zipFile = code.get("ZipFile");
        if (zipFile == null || !zipFile.isTextual()) {
            throw new HydrantException(ErrorCode.INVALID_ARGUMENT, "Please provide a source for function code.");
        }
        byte[] zip;
        try {
            zip = Base64.getMimeDecoder().decode(zipFile.asText());
        }
        catch (IllegalArgumentException e) {
            throw new HydrantException(ErrorCode.INVALID_ARGUMENT, "ZipFile is not valid base64: " + e.getMessage());
        }
        if (zip.length > FunctionCode.MAX_ZIP_BYTES) {
            throw new HydrantException(ErrorCode.REQUEST_TOO_LARGE, "Zipped size must be smaller than " + FunctionCode.MAX_ZIP_BYTES + " bytes");
        }
        if (zip.length == 0) {
            throw new HydrantException(ErrorCode.INVALID_ARGUMENT, "Could not unzip uploaded file. Please check your file, then try to upload again.");
        }
        return zip;
    }

    private static String text(JsonNode request, String field, String path, Problems problems) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new HydrantException(ErrorCode.SERIALIZATION, "Value for " + field + " must be a string");
        }
        return value.asText();
    }

    private static Integer integer(JsonNode request, String field, String path, int min, int max, Problems problems) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw new HydrantException(ErrorCode.SERIALIZATION, "Value for " + field + " must be an integer");
        }
        int number = value.asInt();
        if (number < min) {
            problems.add("Value '" + number + "' at '" + path + "' failed to satisfy constraint: Member must have value greater than or equal to " + min);
        }
        else if (number > max) {
            problems.add("Value '" + number + "' at '" + path + "' failed to satisfy constraint: Member must have value less than or equal to " + max);
        }
        return number;
    }

    private static Map<String, String> stringMap(JsonNode node, String path) {
        Map<String, String> map = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return map;
        }
        if (!node.isObject()) {
            throw new HydrantException(ErrorCode.SERIALIZATION, "Value for " + path + " must be a map of strings");
        }
        node.fields().forEachRemaining(entry -> {
            if (!entry.getValue().isTextual()) {
                throw new HydrantException(ErrorCode.SERIALIZATION, "Value for " + path + "." + entry.getKey() + " must be a string");
            }
            map.put(entry.getKey(), entry.getValue().asText());
        });
        return map;
    }

    /** Constraint violations, reported together as one ValidationException. */
    private static final class Problems {
        private final List<String> messages = new ArrayList<>();

        void add(String message) {
            messages.add(message);
        }

        void throwIfAny() {
            if (!messages.isEmpty()) {
                throw new HydrantException(ErrorCode.VALIDATION, messages.size() + " validation error" + (messages.size() == 1 ? "" : "s")
                        + " detected: " + String.join("; ", messages));
            }
        }
    }
}
