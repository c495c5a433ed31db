package dev.hydrant.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.ErrorType;
import dev.hydrant.spi.HydrantException;
import io.vertx.core.http.HttpServerResponse;

/**
 * Errors in the Lambda REST-JSON shape: the HTTP status, the {@code x-amzn-ErrorType} header, which both the AWS SDKs
 * and botocore read first, and a body {@code {"Type": "User", "Message": ...}} with the members of Lambda's error
 * shapes. Lambda names some errors differently from Firehose and answers with REST statuses (404, 409, 412, 413), so
 * the error codes are mapped here rather than through {@link ErrorCode#awsType()}.
 */
public final class LambdaErrors {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private LambdaErrors() {}

    /** Lambda's name and status for an error code. */
    public record LambdaError(String type, int httpStatus) {}

    public static LambdaError of(ErrorCode code) {
        return switch (code) {
            case RESOURCE_NOT_FOUND, NOT_FOUND -> new LambdaError("ResourceNotFoundException", 404);
            case RESOURCE_IN_USE, BUCKET_NOT_EMPTY -> new LambdaError("ResourceConflictException", 409);
            case INVALID_ARGUMENT, INVALID_APPLICATION_CONFIGURATION, CODE_VALIDATION, UNSUPPORTED_OPERATION, TOO_MANY_TAGS, UNABLE_TO_DETECT_SCHEMA ->
                    new LambdaError("InvalidParameterValueException", 400);
            case VALIDATION -> new LambdaError("ValidationException", 400);
            case SERIALIZATION -> new LambdaError("InvalidRequestContentException", 400);
            case CONCURRENT_MODIFICATION -> new LambdaError("PreconditionFailedException", 412);
            case REQUEST_TOO_LARGE -> new LambdaError("RequestTooLargeException", 413);
            case LIMIT_EXCEEDED, SERVICE_UNAVAILABLE, TOO_MANY_REQUESTS -> new LambdaError("TooManyRequestsException", 429);
            case INVALID_RUNTIME -> new LambdaError("InvalidRuntimeException", 502);
            case UNKNOWN_OPERATION -> new LambdaError("UnknownOperationException", 404);
            case INCOMPLETE_SIGNATURE -> new LambdaError("IncompleteSignatureException", 400);
            case DESTINATION_FAILURE, INTERNAL_FAILURE -> new LambdaError("ServiceException", 500);
        };
    }

    public static void send(HttpServerResponse response, Throwable error) {
        HydrantException exception = AwsErrors.toHydrantException(error);
        LambdaError lambdaError = of(exception.errorCode());
        ObjectNode body = MAPPER.createObjectNode();
        body.put("Type", exception.errorCode().type() == ErrorType.USER_ERROR ? "User" : "Service");
        body.put("Message", exception.getMessage());
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(lambdaError.httpStatus())
                .putHeader("Content-Type", "application/json")
                .putHeader(AwsErrors.ERROR_TYPE_HEADER, lambdaError.type())
                .end(body.toString());
    }
}
