package dev.hydrant.gateway;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hydrant.application.Application;
import dev.hydrant.application.ApplicationManager;
import dev.hydrant.application.InputSchemaDiscovery.DiscoveredSchema;
import dev.hydrant.kinesisanalytics.ApplicationDescriptions;
import dev.hydrant.kinesisanalytics.ApplicationRequests;
import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.HydrantException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kinesis Data Analytics for SQL API, v1 ({@code X-Amz-Target: KinesisAnalytics_20150814.<Operation>}). Every
 * operation touches disk or the engine, so all run on worker threads.
 */
public final class KinesisAnalyticsHandler {
    public static final String TARGET_PREFIX = "KinesisAnalytics_20150814.";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final int DEFAULT_LIST_LIMIT = 50;
    private static final Logger LOG = LoggerFactory.getLogger(KinesisAnalyticsHandler.class);

    private final ApplicationManager applications;
    private final Vertx vertx;

    public KinesisAnalyticsHandler(ApplicationManager applications, Vertx vertx) {
        this.applications = requireNonNull(applications, "applications is null");
        this.vertx = requireNonNull(vertx, "vertx is null");
    }

    /**
     * {@code GET /apps/{name}/streams/{stream}/tail}: sampled rows of an in-application stream as server-sent events,
     * one {@code data:} event per row (a JSON object of its columns), at most ten a second, for as long as the client
     * stays and the application runs. Rows that come while the connection cannot take them are skipped. Errors come in
     * AWS's error shape before the stream starts.
     */
    void tail(RoutingContext context) {
        String name = context.pathParam("name");
        String stream = context.pathParam("stream");
        HttpServerResponse response = context.response();
        Context eventLoop = vertx.getOrCreateContext();
        boolean[] streaming = new boolean[1]; // only touched on the event loop: rows before the headers are dropped
        vertx.<AutoCloseable>executeBlocking(() -> applications.tail(name, stream, row -> eventLoop.runOnContext(ignored -> {
            if (streaming[0] && !response.ended() && !response.closed() && !response.writeQueueFull()) {
                response.write("data: " + row + "\n\n");
            }
        }))).onComplete(subscribed -> {
            if (subscribed.failed()) {
                AwsErrors.send(response, subscribed.cause());
                return;
            }
            AutoCloseable subscription = subscribed.result();
            response.setChunked(true).setStatusCode(200)
                    .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                    .putHeader("Cache-Control", "no-cache");
            response.write(": tailing " + stream + " of " + name + "\n\n");
            streaming[0] = true;
            // the manager's lock can be held for seconds (code checks), so it is asked off the event loop
            long timer = vertx.setPeriodic(1000, id -> vertx.executeBlocking(() -> applications.running(name)).onSuccess(running -> {
                if (!running && !response.ended() && !response.closed()) {
                    response.end();
                }
            }));
            Runnable cleanup = () -> {
                vertx.cancelTimer(timer);
                try {
                    subscription.close();
                } catch (Exception e) {
                    LOG.debug("Cannot close the tail of {} of {}", stream, name, e);
                }
            };
            response.closeHandler(ignored -> cleanup.run());
            response.endHandler(ignored -> cleanup.run());
        });
    }

    void handle(String operation, byte[] body, HttpServerResponse response) {
        Callable<ObjectNode> call = switch (operation) {
            case "CreateApplication" -> () -> createApplication(json(body));
            case "DescribeApplication" -> () -> describeApplication(json(body));
            case "ListApplications" -> () -> listApplications(json(body));
            case "StartApplication" -> () -> startApplication(json(body));
            case "StopApplication" -> () -> stopApplication(json(body));
            case "DeleteApplication" -> () -> deleteApplication(json(body));
            case "UpdateApplication" -> () -> updateApplication(json(body));
            case "AddApplicationInput" -> () -> addApplicationInput(json(body));
            case "AddApplicationOutput" -> () -> addApplicationOutput(json(body));
            case "DeleteApplicationOutput" -> () -> deleteApplicationOutput(json(body));
            case "AddApplicationReferenceDataSource" -> () -> addApplicationReferenceDataSource(json(body));
            case "DeleteApplicationReferenceDataSource" -> () -> deleteApplicationReferenceDataSource(json(body));
            case "DiscoverInputSchema" -> () -> discoverInputSchema(json(body));
            case "TagResource" -> () -> tagResource(json(body));
            case "UntagResource" -> () -> untagResource(json(body));
            case "ListTagsForResource" -> () -> listTagsForResource(json(body));
            case "AddApplicationCloudWatchLoggingOption", "DeleteApplicationCloudWatchLoggingOption",
                    "AddApplicationInputProcessingConfiguration", "DeleteApplicationInputProcessingConfiguration" -> () -> {
                throw new HydrantException(ErrorCode.UNSUPPORTED_OPERATION, operation + " is not supported by Hydrant yet; "
                        + (operation.contains("CloudWatch") ? "applications log to the server's log" : "give InputProcessingConfiguration in the input instead"));
            };
            default -> () -> {
                throw new HydrantException(ErrorCode.UNKNOWN_OPERATION, "Unknown operation " + TARGET_PREFIX + operation);
            };
        };
        Future<ObjectNode> result = vertx.executeBlocking(call, false);
        result.onSuccess(out -> FirehoseHandler.respond(response, out)).onFailure(error -> AwsErrors.send(response, error));
    }

    private ObjectNode createApplication(JsonNode request) {
        Application application = applications.create(ApplicationRequests.parseCreate(request));
        ObjectNode out = MAPPER.createObjectNode();
        out.set("ApplicationSummary", ApplicationDescriptions.summary(application, MAPPER));
        return out;
    }

    private ObjectNode describeApplication(JsonNode request) {
        Application application = applications.describe(ApplicationRequests.applicationName(request));
        ObjectNode out = MAPPER.createObjectNode();
        out.set("ApplicationDetail", ApplicationDescriptions.detail(application, MAPPER));
        return out;
    }

    private ObjectNode listApplications(JsonNode request) {
        JsonNode limitNode = request.get("Limit");
        int limit = DEFAULT_LIST_LIMIT;
        if (limitNode != null && !limitNode.isNull()) {
            if (!limitNode.canConvertToInt() || limitNode.asInt() < 1 || limitNode.asInt() > 50) {
                throw new HydrantException(ErrorCode.INVALID_ARGUMENT,
                        "1 validation error detected: Value '" + limitNode + "' at 'limit' failed to satisfy constraint: Member must have value between 1 and 50");
            }
            limit = limitNode.asInt();
        }
        String startAfter = request.hasNonNull("ExclusiveStartApplicationName") ? request.get("ExclusiveStartApplicationName").asText() : null;
        List<Application> after = applications.list().stream().filter(application -> startAfter == null || application.name().compareTo(startAfter) > 0).toList();
        ObjectNode out = MAPPER.createObjectNode();
        ArrayNode summaries = out.putArray("ApplicationSummaries");
        after.stream().limit(limit).forEach(application -> summaries.add(ApplicationDescriptions.summary(application, MAPPER)));
        out.put("HasMoreApplications", after.size() > limit);
        return out;
    }

    private ObjectNode startApplication(JsonNode request) {
        Map<String, String> positions = ApplicationRequests.parseStart(request);
        applications.startApplication(ApplicationRequests.applicationName(request), positions);
        return MAPPER.createObjectNode();
    }

    private ObjectNode stopApplication(JsonNode request) {
        applications.stopApplication(ApplicationRequests.applicationName(request));
        return MAPPER.createObjectNode();
    }

    private ObjectNode deleteApplication(JsonNode request) {
        long createTimestamp = ApplicationRequests.createTimestampMillis(request);
        applications.delete(ApplicationRequests.applicationName(request), createTimestamp);
        return MAPPER.createObjectNode();
    }

    private ObjectNode updateApplication(JsonNode request) {
        var update = ApplicationRequests.parseUpdate(request);
        applications.update(ApplicationRequests.applicationName(request), ApplicationRequests.currentApplicationVersionId(request), update);
        return MAPPER.createObjectNode();
    }

    private ObjectNode addApplicationInput(JsonNode request) {
        var input = ApplicationRequests.parseAddInput(request);
        applications.addInput(ApplicationRequests.applicationName(request), ApplicationRequests.currentApplicationVersionId(request), input);
        return MAPPER.createObjectNode();
    }

    private ObjectNode addApplicationOutput(JsonNode request) {
        var output = ApplicationRequests.parseAddOutput(request);
        applications.addOutput(ApplicationRequests.applicationName(request), ApplicationRequests.currentApplicationVersionId(request), output);
        return MAPPER.createObjectNode();
    }

    private ObjectNode deleteApplicationOutput(JsonNode request) {
        String outputId = ApplicationRequests.id(request, "OutputId");
        applications.deleteOutput(ApplicationRequests.applicationName(request), ApplicationRequests.currentApplicationVersionId(request), outputId);
        return MAPPER.createObjectNode();
    }

    private ObjectNode addApplicationReferenceDataSource(JsonNode request) {
        var reference = ApplicationRequests.parseAddReferenceDataSource(request);
        applications.addReferenceDataSource(ApplicationRequests.applicationName(request), ApplicationRequests.currentApplicationVersionId(request), reference);
        return MAPPER.createObjectNode();
    }

    private ObjectNode deleteApplicationReferenceDataSource(JsonNode request) {
        String referenceId = ApplicationRequests.id(request, "ReferenceId");
        applications.deleteReferenceDataSource(ApplicationRequests.applicationName(request), ApplicationRequests.currentApplicationVersionId(request), referenceId);
        return MAPPER.createObjectNode();
    }

    private ObjectNode discoverInputSchema(JsonNode request) {
        ApplicationRequests.DiscoverInputSchemaRequest discover = ApplicationRequests.parseDiscoverInputSchema(request);
        DiscoveredSchema discovered = discover.resourceArn() != null
                ? applications.discoverFromDeliveryStream(discover.resourceArn(), discover.startingPosition())
                : applications.discoverFromObject(discover.bucket(), discover.fileKey());
        return ApplicationDescriptions.discovered(discovered, MAPPER);
    }

    private ObjectNode tagResource(JsonNode request) {
        Map<String, String> tags = ApplicationRequests.parseTags(request);
        applications.tag(ApplicationRequests.resourceArn(request), tags);
        return MAPPER.createObjectNode();
    }

    private ObjectNode untagResource(JsonNode request) {
        List<String> keys = ApplicationRequests.parseTagKeys(request);
        applications.untag(ApplicationRequests.resourceArn(request), keys);
        return MAPPER.createObjectNode();
    }

    private ObjectNode listTagsForResource(JsonNode request) {
        Map<String, String> tags = applications.tags(ApplicationRequests.resourceArn(request));
        ObjectNode out = MAPPER.createObjectNode();
        ArrayNode list = out.putArray("Tags");
        tags.forEach((key, value) -> list.addObject().put("Key", key).put("Value", value));
        return out;
    }

    private static JsonNode json(byte[] body) {
        try {
            JsonNode node = body.length == 0 ? MAPPER.createObjectNode() : MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw new HydrantException(ErrorCode.SERIALIZATION, "Request body must be a JSON object");
            }
            return node;
        }
        catch (IOException e) {
            throw AwsErrors.toHydrantException(e);
        }
    }
}
