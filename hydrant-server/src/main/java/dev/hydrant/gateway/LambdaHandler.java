package dev.hydrant.gateway;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hydrant.function.FunctionDefinition;
import dev.hydrant.function.FunctionDescriptions;
import dev.hydrant.function.FunctionInvokeResult;
import dev.hydrant.function.FunctionManager;
import dev.hydrant.function.FunctionRequests;
import dev.hydrant.function.FunctionSource;
import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.FunctionResult;
import dev.hydrant.spi.HydrantException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lambda REST-JSON API under {@code /2015-03-31/functions}. Every operation that touches disk (unzip, fsync) or
 * may start a runtime runs on a worker thread; Invoke answers when the function's future completes.
 */
public final class LambdaHandler {
    public static final String PATH = "/2015-03-31/functions";
    /** Lambda's limit on a synchronous invocation's request and response payloads. */
    public static final int MAX_SYNC_PAYLOAD_BYTES = 6_291_456;
    /** Lambda's limit on an asynchronous (Event) invocation's payload. */
    public static final int MAX_ASYNC_PAYLOAD_BYTES = 1_048_576;
    private static final Logger LOG = LoggerFactory.getLogger(LambdaHandler.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String JSON = "application/json";

    private final FunctionManager functions;
    private final Vertx vertx;

    public LambdaHandler(FunctionManager functions, Vertx vertx) {
        this.functions = requireNonNull(functions, "functions is null");
        this.vertx = requireNonNull(vertx, "vertx is null");
    }

    /** CreateFunction: 201 with the FunctionConfiguration. */
    public void createFunction(RoutingContext context) {
        blocking(context, 201, () -> {
            FunctionRequests.CreateFunction request = FunctionRequests.parseCreate(json(context));
            return configuration(functions.create(request.name(), request.settings(), request.zip(), request.tags()));
        });
    }

    /** GetFunction: Configuration, Code (a URL on Hydrant serving the zip) and Tags. */
    public void getFunction(RoutingContext context) {
        String functionName = context.pathParam("name");
        String qualifier = context.queryParams().get("Qualifier");
        String host = context.request().getHeader("Host");
        blocking(context, 200, () -> {
            FunctionDefinition definition = functions.get(functionName, qualifier);
            ObjectNode out = MAPPER.createObjectNode();
            out.set("Configuration", configuration(definition));
            ObjectNode code = out.putObject("Code");
            code.put("RepositoryType", "S3");
            if (definition.source() == FunctionSource.LAMBDA_API && host != null) {
                code.put("Location", "http://" + host + PATH + "/" + URLEncoder.encode(definition.name(), StandardCharsets.UTF_8) + "/code");
            }
            if (!definition.tags().isEmpty()) {
                ObjectNode tags = out.putObject("Tags");
                definition.tags().forEach(tags::put);
            }
            return out;
        });
    }

    public void getFunctionConfiguration(RoutingContext context) {
        String functionName = context.pathParam("name");
        String qualifier = context.queryParams().get("Qualifier");
        blocking(context, 200, () -> configuration(functions.get(functionName, qualifier)));
    }

    /** The deployment zip that GetFunction's Code.Location points at (a Hydrant route; Lambda serves it from S3). */
    public void downloadCode(RoutingContext context) {
        String functionName = context.pathParam("name");
        vertx.executeBlocking(() -> functions.codeZip(functionName), false)
                .onSuccess(zip -> sendZip(context.response(), zip))
                .onFailure(error -> LambdaErrors.send(context.response(), error));
    }

    private static void sendZip(HttpServerResponse response, Path zip) {
        response.putHeader("Content-Type", "application/zip").sendFile(zip.toString())
                .onFailure(error -> LambdaErrors.send(response, new HydrantException(ErrorCode.INTERNAL_FAILURE, "Failed to send the code: " + error.getMessage())));
    }

    /** ListFunctions with Marker (the last name of the previous page) and MaxItems (1 to 10000, 50 by default). */
    public void listFunctions(RoutingContext context) {
        String marker = context.queryParams().get("Marker");
        String maxItemsParameter = context.queryParams().get("MaxItems");
        blocking(context, 200, () -> {
            int maxItems = 50;
            if (maxItemsParameter != null) {
                try {
                    maxItems = Integer.parseInt(maxItemsParameter);
                }
                catch (NumberFormatException e) {
                    maxItems = -1;
                }
                if (maxItems < 1 || maxItems > 10000) {
                    throw new HydrantException(ErrorCode.VALIDATION, "1 validation error detected: Value '" + maxItemsParameter
                            + "' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 10000");
                }
            }
            List<FunctionDefinition> remaining = functions.list().stream()
                    .filter(definition -> marker == null || marker.isEmpty() || definition.name().compareTo(marker) > 0)
                    .toList();
            ObjectNode out = MAPPER.createObjectNode();
            ArrayNode page = out.putArray("Functions");
            remaining.stream().limit(maxItems).forEach(definition -> page.add(configuration(definition)));
            if (remaining.size() > maxItems) {
                out.put("NextMarker", remaining.get(maxItems - 1).name());
            }
            return out;
        });
    }

    public void updateFunctionCode(RoutingContext context) {
        String functionName = context.pathParam("name");
        blocking(context, 200, () -> {
            FunctionRequests.UpdateCode request = FunctionRequests.parseUpdateCode(json(context));
            return configuration(functions.updateCode(functionName, request.zip(), request.revisionId(), request.dryRun()));
        });
    }

    public void updateFunctionConfiguration(RoutingContext context) {
        String functionName = context.pathParam("name");
        blocking(context, 200, () -> {
            FunctionRequests.UpdateConfiguration request = FunctionRequests.parseUpdateConfiguration(json(context));
            return configuration(functions.updateConfiguration(functionName, request::applyTo, request.revisionId()));
        });
    }

    /** PutFunctionConcurrency: the function's worker pool size, {@code {"ReservedConcurrentExecutions": n}}. */
    public void putFunctionConcurrency(RoutingContext context) {
        String functionName = context.pathParam("name");
        blocking(context, 200, () -> {
            JsonNode body = json(context);
            JsonNode value = body.get("ReservedConcurrentExecutions");
            if (value == null || !value.canConvertToInt()) {
                throw new HydrantException(ErrorCode.VALIDATION, "1 validation error detected: Value null at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must not be null");
            }
            FunctionDefinition definition = functions.setConcurrency(functionName, value.intValue());
            return MAPPER.createObjectNode().put("ReservedConcurrentExecutions", definition.concurrency());
        });
    }

    /** GetFunctionConcurrency. */
    public void getFunctionConcurrency(RoutingContext context) {
        String functionName = context.pathParam("name");
        blocking(context, 200, () -> MAPPER.createObjectNode().put("ReservedConcurrentExecutions", functions.get(functionName, null).concurrency()));
    }

    /** DeleteFunctionConcurrency: back to the default pool size; 204. */
    public void deleteFunctionConcurrency(RoutingContext context) {
        String functionName = context.pathParam("name");
        vertx.executeBlocking(() -> functions.setConcurrency(functionName, null), false)
                .onSuccess(ignored -> context.response().setStatusCode(204).end())
                .onFailure(error -> LambdaErrors.send(context.response(), error));
    }

    /** DeleteFunction: 204. */
    public void deleteFunction(RoutingContext context) {
        String functionName = context.pathParam("name");
        String qualifier = context.queryParams().get("Qualifier");
        vertx.executeBlocking(() -> {
            functions.delete(functionName, qualifier);
            return null;
        }, false).onSuccess(ignored -> {
            if (!context.response().ended()) {
                context.response().setStatusCode(204).end();
            }
        }).onFailure(error -> LambdaErrors.send(context.response(), error));
    }

    /**
     * Invoke. {@code X-Amz-Invocation-Type}: RequestResponse (the default) answers 200 with the function's payload,
     * Event answers 202 at once and runs the function in the background, DryRun only checks that the function exists
     * (204). {@code X-Amz-Log-Type: Tail} adds the invocation's last 4 KB of log lines, base64, in
     * {@code X-Amz-Log-Result}.
     */
    public void invoke(RoutingContext context) {
        HttpServerResponse response = context.response();
        try {
            String functionName = context.pathParam("name");
            String qualifier = context.queryParams().get("Qualifier");
            String invocationType = headerOr(context, "X-Amz-Invocation-Type", "RequestResponse");
            String logType = headerOr(context, "X-Amz-Log-Type", "None");
            if (!logType.equals("None") && !logType.equals("Tail")) {
                throw new HydrantException(ErrorCode.VALIDATION, "1 validation error detected: Value '" + logType
                        + "' at 'logType' failed to satisfy constraint: Member must satisfy enum value set: [Tail, None]");
            }
            byte[] payload = context.body() == null || context.body().buffer() == null ? new byte[0] : context.body().buffer().getBytes();
            switch (invocationType) {
                case "RequestResponse" -> invokeSynchronously(context, functionName, qualifier, payload, logType.equals("Tail"));
                case "Event" -> invokeAsynchronously(context, functionName, qualifier, payload);
                case "DryRun" -> vertx.executeBlocking(() -> functions.get(functionName, qualifier), false)
                        .onSuccess(definition -> response.setStatusCode(204).end())
                        .onFailure(error -> LambdaErrors.send(response, error));
                default -> throw new HydrantException(ErrorCode.VALIDATION, "1 validation error detected: Value '" + invocationType
                        + "' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]");
            }
        }
        catch (RuntimeException e) {
            LambdaErrors.send(response, e);
        }
    }

    private void invokeSynchronously(RoutingContext context, String functionName, String qualifier, byte[] payload, boolean tail) {
        HttpServerResponse response = context.response();
        if (payload.length > MAX_SYNC_PAYLOAD_BYTES) {
            throw new HydrantException(ErrorCode.REQUEST_TOO_LARGE, "Request must be smaller than " + MAX_SYNC_PAYLOAD_BYTES + " bytes for the InvokeFunction operation");
        }
        Future<CompletableFuture<FunctionInvokeResult>> started = vertx.executeBlocking(() -> {
            byte[] event = checkedEvent(payload);
            return functions.invoke(functionName, qualifier, event, tail);
        }, false);
        started.compose(invocation -> Future.fromCompletionStage(invocation, context.vertx().getOrCreateContext()))
                .onSuccess(outcome -> {
                    FunctionResult result = outcome.result();
                    byte[] body = result.payload();
                    String functionError = result.functionError();
                    if (body.length > MAX_SYNC_PAYLOAD_BYTES) {
                        body = MAPPER.createObjectNode()
                                .put("errorMessage", "Response payload size (" + body.length + " bytes) exceeded maximum allowed payload size (" + MAX_SYNC_PAYLOAD_BYTES + " bytes).")
                                .put("errorType", "Function.ResponseSizeTooLarge")
                                .toString().getBytes(StandardCharsets.UTF_8);
                        functionError = FunctionResult.UNHANDLED;
                    }
                    if (response.ended() || response.closed()) {
                        return;
                    }
                    response.setStatusCode(200)
                            .putHeader("Content-Type", JSON)
                            .putHeader("X-Amz-Executed-Version", FunctionManager.EXECUTED_VERSION);
                    if (functionError != null) {
                        response.putHeader("X-Amz-Function-Error", functionError);
                    }
                    if (tail) {
                        response.putHeader("X-Amz-Log-Result", Base64.getEncoder().encodeToString(outcome.logTail().getBytes(StandardCharsets.UTF_8)));
                    }
                    response.end(io.vertx.core.buffer.Buffer.buffer(body));
                })
                .onFailure(error -> LambdaErrors.send(response, error));
    }

    private void invokeAsynchronously(RoutingContext context, String functionName, String qualifier, byte[] payload) {
        HttpServerResponse response = context.response();
        if (payload.length > MAX_ASYNC_PAYLOAD_BYTES) {
            throw new HydrantException(ErrorCode.REQUEST_TOO_LARGE, "Request must be smaller than " + MAX_ASYNC_PAYLOAD_BYTES + " bytes for the InvokeAsync operation");
        }
        vertx.executeBlocking(() -> {
            byte[] event = checkedEvent(payload);
            functions.get(functionName, qualifier);
            functions.invoke(functionName, qualifier, event, false).whenComplete((outcome, error) -> {
                if (error != null) {
                    LOG.debug("Asynchronous invocation of {} failed: {}", functionName, AwsErrors.toHydrantException(error).getMessage());
                }
            });
            return null;
        }, false).onSuccess(ignored -> {
            if (!response.ended()) {
                response.setStatusCode(202).putHeader("Content-Type", JSON).end();
            }
        }).onFailure(error -> LambdaErrors.send(response, error));
    }

    /** The event as sent, or {@code {}} for an empty payload; InvalidRequestContentException unless it is JSON. */
    private static byte[] checkedEvent(byte[] payload) {
        if (payload.length == 0) {
            return "{}".getBytes(StandardCharsets.UTF_8);
        }
        try {
            MAPPER.readTree(payload);
            return payload;
        }
        catch (IOException e) {
            throw new HydrantException(ErrorCode.SERIALIZATION, "Could not parse request body into json: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** Failures of the body handler on Lambda routes, such as a body over the limit, in Lambda's error shape. */
    public void failure(RoutingContext context) {
        if (context.statusCode() == 413) {
            LambdaErrors.send(context.response(), new HydrantException(ErrorCode.REQUEST_TOO_LARGE,
                    "Request must be smaller than " + FunctionRequests.MAX_CODE_REQUEST_BYTES + " bytes for the " + operationOf(context) + " operation"));
        }
        else if (context.failure() != null) {
            LambdaErrors.send(context.response(), context.failure());
        }
        else {
            LambdaErrors.send(context.response(), new HydrantException(ErrorCode.SERIALIZATION, "Request failed with status " + context.statusCode()));
        }
    }

    private static String operationOf(RoutingContext context) {
        String path = context.request().path();
        if (path.endsWith("/invocations")) {
            return "InvokeFunction";
        }
        return path.endsWith("/code") ? "UpdateFunctionCode" : "CreateFunction";
    }

    private ObjectNode configuration(FunctionDefinition definition) {
        return FunctionDescriptions.configuration(definition, functions.arnOf(definition.name()), MAPPER);
    }

    private void blocking(RoutingContext context, int status, Callable<ObjectNode> operation) {
        HttpServerResponse response = context.response();
        vertx.executeBlocking(operation, false)
                .onSuccess(out -> {
                    if (!response.ended() && !response.closed()) {
                        response.setStatusCode(status).putHeader("Content-Type", JSON).end(out.toString());
                    }
                })
                .onFailure(error -> LambdaErrors.send(response, error));
    }

    private static JsonNode json(RoutingContext context) {
        byte[] body = context.body() == null || context.body().buffer() == null ? new byte[0] : context.body().buffer().getBytes();
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw new HydrantException(ErrorCode.SERIALIZATION, "Request body must be a JSON object");
            }
            return node;
        }
        catch (IOException e) {
            throw new HydrantException(ErrorCode.SERIALIZATION, "Malformed JSON request body: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static String headerOr(RoutingContext context, String name, String fallback) {
        String value = context.request().getHeader(name);
        return value == null || value.isEmpty() ? fallback : value;
    }
}
