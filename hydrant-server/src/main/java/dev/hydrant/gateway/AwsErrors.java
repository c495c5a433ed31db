package dev.hydrant.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.HydrantException;
import io.vertx.core.http.HttpServerResponse;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place that turns errors into AWS JSON error responses: {@code {"__type": ..., "message": ...}}. */
public final class AwsErrors {
    public static final String REQUEST_ID_HEADER = "x-amzn-RequestId";
    public static final String ERROR_TYPE_HEADER = "x-amzn-ErrorType";
    static final String JSON_CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final Logger LOG = LoggerFactory.getLogger(AwsErrors.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AwsErrors() {}

    public static HydrantException toHydrantException(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof HydrantException hydrantException) {
            return hydrantException;
        }
        if (cause instanceof JsonProcessingException jsonError) {
            return new HydrantException(ErrorCode.SERIALIZATION, "Malformed JSON request body: " + jsonError.getOriginalMessage());
        }
        if (cause instanceof io.vertx.core.http.HttpClosedException) {
            // the client went away before its request was read: nobody is left to answer
            LOG.debug("Connection closed while serving a request: {}", cause.getMessage());
            return new HydrantException(ErrorCode.SERIALIZATION, "The connection closed before the request body was complete");
        }
        LOG.error("Unexpected error while serving a request", cause);
        return new HydrantException(ErrorCode.INTERNAL_FAILURE, "An internal error occurred: " + cause);
    }

    public static void send(HttpServerResponse response, Throwable error) {
        HydrantException exception = toHydrantException(error);
        ErrorCode code = exception.errorCode();
        if (code.httpStatus() >= 500) {
            LOG.debug("Answering {} {}: {}", code.httpStatus(), code.awsType(), exception.getMessage());
        }
        ObjectNode body = MAPPER.createObjectNode();
        body.put("__type", code.awsType());
        body.put("message", exception.getMessage());
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(code.httpStatus())
                .putHeader("Content-Type", JSON_CONTENT_TYPE)
                .putHeader(ERROR_TYPE_HEADER, code.awsType())
                .end(body.toString());
    }

    static String newRequestId() {
        return UUID.randomUUID().toString();
    }
}
