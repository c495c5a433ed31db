package dev.hydrant.spi;

import static java.util.Objects.requireNonNull;

/**
 * Every error Hydrant reports, with the AWS {@code __type} name and HTTP status it maps to on the wire.
 * The names follow the Firehose and Kinesis Analytics service models so that AWS SDKs raise the exception
 * class their users already catch.
 */
public enum ErrorCode {
    RESOURCE_NOT_FOUND("ResourceNotFoundException", 400, ErrorType.USER_ERROR),
    RESOURCE_IN_USE("ResourceInUseException", 400, ErrorType.USER_ERROR),
    INVALID_ARGUMENT("InvalidArgumentException", 400, ErrorType.USER_ERROR),
    VALIDATION("ValidationException", 400, ErrorType.USER_ERROR),
    LIMIT_EXCEEDED("LimitExceededException", 400, ErrorType.USER_ERROR),
    CONCURRENT_MODIFICATION("ConcurrentModificationException", 400, ErrorType.USER_ERROR),
    SERIALIZATION("SerializationException", 400, ErrorType.USER_ERROR),
    UNKNOWN_OPERATION("UnknownOperationException", 400, ErrorType.USER_ERROR),
    NOT_FOUND("NotFoundException", 404, ErrorType.USER_ERROR),
    INCOMPLETE_SIGNATURE("IncompleteSignatureException", 400, ErrorType.USER_ERROR),
    REQUEST_TOO_LARGE("RequestEntityTooLargeException", 413, ErrorType.USER_ERROR),
    BUCKET_NOT_EMPTY("BucketNotEmpty", 409, ErrorType.USER_ERROR),
    /** Kinesis Analytics: the application's configuration cannot run as given (no input, a missing delivery stream at start). */
    INVALID_APPLICATION_CONFIGURATION("InvalidApplicationConfigurationException", 400, ErrorType.USER_ERROR),
    /** Kinesis Analytics: the application code does not compile; the message carries line and column. */
    CODE_VALIDATION("CodeValidationException", 400, ErrorType.USER_ERROR),
    /** Kinesis Analytics: the request is valid but cannot be served (for example, no SQL engine installed). */
    UNSUPPORTED_OPERATION("UnsupportedOperationException", 400, ErrorType.USER_ERROR),
    TOO_MANY_TAGS("TooManyTagsException", 400, ErrorType.USER_ERROR),
    /** Kinesis Analytics DiscoverInputSchema: no records to infer a schema from, or none could be parsed. */
    UNABLE_TO_DETECT_SCHEMA("UnableToDetectSchemaException", 400, ErrorType.USER_ERROR),
    SERVICE_UNAVAILABLE("ServiceUnavailableException", 503, ErrorType.INSUFFICIENT_RESOURCES),
    TOO_MANY_REQUESTS("TooManyRequestsException", 429, ErrorType.INSUFFICIENT_RESOURCES),
    DESTINATION_FAILURE("DestinationFailure", 502, ErrorType.EXTERNAL),
    /** A function's runtime cannot be started (interpreter missing or broken); Lambda's Invoke error of that name. */
    INVALID_RUNTIME("InvalidRuntimeException", 502, ErrorType.EXTERNAL),
    INTERNAL_FAILURE("InternalFailure", 500, ErrorType.INTERNAL_ERROR);

    private final String awsType;
    private final int httpStatus;
    private final ErrorType type;

    ErrorCode(String awsType, int httpStatus, ErrorType type) {
        this.awsType = requireNonNull(awsType, "awsType is null");
        this.httpStatus = httpStatus;
        this.type = requireNonNull(type, "type is null");
    }

    /** The {@code __type} value of the AWS JSON error body. */
    public String awsType() {
        return awsType;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public ErrorType type() {
        return type;
    }
}
