package dev.hydrant.function;

import static java.util.Objects.requireNonNull;

import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.HydrantException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A function named the ways Lambda accepts: {@code my-function}, {@code my-function:QUALIFIER},
 * {@code 123456789012:function:my-function}, or {@code arn:aws:lambda:us-east-1:123456789012:function:my-function[:QUALIFIER]}.
 * Hydrant is one account in one region, so the region and account of an ARN are not checked.
 *
 * @param qualifier the version or alias after the name, null when absent
 */
public record FunctionReference(String name, String qualifier) {
    public static final String LATEST = "$LATEST";
    public static final int MAX_NAME_LENGTH = 64;
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1," + MAX_NAME_LENGTH + "}");
    private static final Pattern REFERENCE = Pattern.compile(
            "(?:arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\\d{12}:function:|\\d{12}:function:)?([a-zA-Z0-9_-]+)(?::(\\$LATEST|[a-zA-Z0-9_-]+))?");
    private static final String REFERENCE_PATTERN_TEXT =
            "(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?";

    public FunctionReference {
        requireNonNull(name, "name is null");
    }

    /** Parses a FunctionName parameter; throws ValidationException when it fits none of Lambda's forms. */
    public static FunctionReference parse(String functionName) {
        requireNonNull(functionName, "functionName is null");
        Matcher matcher = REFERENCE.matcher(functionName);
        if (functionName.length() > 170 || !matcher.matches() || matcher.group(1).length() > MAX_NAME_LENGTH) {
            throw new HydrantException(ErrorCode.VALIDATION, "1 validation error detected: Value '" + functionName
                    + "' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: " + REFERENCE_PATTERN_TEXT);
        }
        return new FunctionReference(matcher.group(1), matcher.group(2));
    }

    public static boolean isValidName(String name) {
        return NAME.matcher(name).matches();
    }

    /**
     * Combines the qualifier in the name with a {@code Qualifier} parameter (null when absent), as Lambda does: both
     * may be given only when they agree.
     */
    public FunctionReference withQualifier(String qualifierParameter) {
        if (qualifierParameter == null || qualifierParameter.isEmpty()) {
            return this;
        }
        if (qualifier != null && !qualifier.equals(qualifierParameter)) {
            throw new HydrantException(ErrorCode.INVALID_ARGUMENT, "The derived qualifier from the function name does not match the specified qualifier.");
        }
        return new FunctionReference(name, qualifierParameter);
    }

    /** True when the reference means the one version Hydrant keeps, {@code $LATEST}. */
    public boolean isLatest() {
        return qualifier == null || qualifier.equals(LATEST);
    }
}
