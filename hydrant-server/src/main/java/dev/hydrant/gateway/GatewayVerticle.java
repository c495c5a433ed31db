package dev.hydrant.gateway;

import static java.util.Objects.requireNonNull;

import dev.hydrant.function.FunctionRequests;
import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.HydrantException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP server instance; the server deploys one per event loop, all sharing the port. Every route is defined here.
 */
public final class GatewayVerticle extends VerticleBase {
    /** Large enough for a 4 MiB PutRecordBatch once base64-encoded; larger bodies are refused before parsing. */
    public static final long MAX_BODY_BYTES = 16L * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(GatewayVerticle.class);

    private final String host;
    private final int port;
    private final FirehoseHandler firehose;
    private final StreamsHandler streams;
    private final AdminHandler admin;
    private final LambdaHandler lambda;
    private final KinesisAnalyticsHandler kinesisAnalytics;
    private HttpServer server;

    public GatewayVerticle(String host, int port, FirehoseHandler firehose, StreamsHandler streams, AdminHandler admin, LambdaHandler lambda,
            KinesisAnalyticsHandler kinesisAnalytics) {
        this.host = requireNonNull(host, "host is null");
        this.port = port;
        this.firehose = requireNonNull(firehose, "firehose is null");
        this.streams = requireNonNull(streams, "streams is null");
        this.admin = requireNonNull(admin, "admin is null");
        this.lambda = requireNonNull(lambda, "lambda is null");
        this.kinesisAnalytics = requireNonNull(kinesisAnalytics, "kinesisAnalytics is null");
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES).setHandleFileUploads(false).setPreallocateBodyBuffer(true);
        router.route().handler(context -> {
            context.response().putHeader(AwsErrors.REQUEST_ID_HEADER, AwsErrors.newRequestId());
            context.next();
        });
        router.get("/health").handler(admin::health);
        router.get("/metrics").handler(admin::metrics);
        router.get("/apps/:name/streams/:stream/tail").handler(kinesisAnalytics::tail);
        router.get("/hydrant/buckets").handler(admin::listBuckets);
        router.put("/hydrant/buckets/:name").handler(admin::createBucket);
        router.delete("/hydrant/buckets/:name").handler(admin::deleteBucket);
        router.post("/").handler(body).handler(this::awsJson);

        router.get("/streams").handler(body).handler(streams::list);
        router.route(HttpMethod.PUT, "/streams").handler(body).handler(streams::putRecord);
        router.route(HttpMethod.POST, "/streams").handler(body).handler(streams::putRecord);
        router.post("/streams/:name/records").handler(body).handler(streams::putNdjson);
        router.get("/:stage/streams").handler(body).handler(streams::list);
        router.route(HttpMethod.PUT, "/:stage/streams").handler(body).handler(streams::putRecord);
        router.route(HttpMethod.POST, "/:stage/streams").handler(body).handler(streams::putRecord);
        router.post("/:stage/streams/:name/records").handler(body).handler(streams::putNdjson);

        BodyHandler codeBody = BodyHandler.create(false).setBodyLimit(FunctionRequests.MAX_CODE_REQUEST_BYTES).setHandleFileUploads(false);
        String functions = LambdaHandler.PATH;
        for (String path : new String[] {functions, functions + "/"}) {
            router.post(path).handler(codeBody).handler(lambda::createFunction).failureHandler(lambda::failure);
            router.get(path).handler(lambda::listFunctions).failureHandler(lambda::failure);
        }
        router.get(functions + "/:name").handler(lambda::getFunction).failureHandler(lambda::failure);
        router.delete(functions + "/:name").handler(lambda::deleteFunction).failureHandler(lambda::failure);
        router.get(functions + "/:name/configuration").handler(lambda::getFunctionConfiguration).failureHandler(lambda::failure);
        router.put(functions + "/:name/configuration").handler(body).handler(lambda::updateFunctionConfiguration).failureHandler(lambda::failure);
        router.get(functions + "/:name/code").handler(lambda::downloadCode).failureHandler(lambda::failure);
        router.put(functions + "/:name/code").handler(codeBody).handler(lambda::updateFunctionCode).failureHandler(lambda::failure);
        router.post(functions + "/:name/invocations").handler(body).handler(lambda::invoke).failureHandler(lambda::failure);
        // Put/DeleteFunctionConcurrency live under 2017-10-31, GetFunctionConcurrency under 2019-09-30
        router.put("/2017-10-31/functions/:name/concurrency").handler(body).handler(lambda::putFunctionConcurrency).failureHandler(lambda::failure);
        router.delete("/2017-10-31/functions/:name/concurrency").handler(lambda::deleteFunctionConcurrency).failureHandler(lambda::failure);
        router.get("/2019-09-30/functions/:name/concurrency").handler(lambda::getFunctionConcurrency).failureHandler(lambda::failure);

        router.route().last().handler(context -> AwsErrors.send(context.response(),
                new HydrantException(ErrorCode.NOT_FOUND, "No route for " + context.request().method() + " " + context.request().path())));
        router.route().failureHandler(this::failure);

        HttpServerOptions options = new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setCompressionSupported(false)
                .setMaxInitialLineLength(8192)
                .setDecompressionSupported(true);
        server = vertx.createHttpServer(options).requestHandler(router);
        return server.listen();
    }

    private void awsJson(RoutingContext context) {
        try {
            SigV4Authorization.parse(context.request().getHeader("Authorization"));
            String target = context.request().getHeader("X-Amz-Target");
            if (target == null) {
                String action = context.request().getParam("Action");
                if (action == null) {
                    throw new HydrantException(ErrorCode.UNKNOWN_OPERATION, "Missing X-Amz-Target header (expected " + FirehoseHandler.TARGET_PREFIX + "<Operation>)");
                }
                target = FirehoseHandler.TARGET_PREFIX + action;
            }
            if (target.startsWith(KinesisAnalyticsHandler.TARGET_PREFIX)) {
                kinesisAnalytics.handle(target.substring(KinesisAnalyticsHandler.TARGET_PREFIX.length()), RequestBody.of(context).bytes(), context.response());
                return;
            }
            if (!target.startsWith(FirehoseHandler.TARGET_PREFIX)) {
                throw new HydrantException(ErrorCode.UNKNOWN_OPERATION, "Unknown operation " + target);
            }
            firehose.handle(target.substring(FirehoseHandler.TARGET_PREFIX.length()), RequestBody.of(context), context.response());
        }
        catch (RuntimeException e) {
            AwsErrors.send(context.response(), e);
        }
    }

    private void failure(RoutingContext context) {
        int status = context.statusCode();
        Throwable error = context.failure();
        if (status == 413) {
            AwsErrors.send(context.response(), new HydrantException(ErrorCode.REQUEST_TOO_LARGE, "Request body exceeds " + MAX_BODY_BYTES + " bytes"));
        }
        else if (error != null) {
            AwsErrors.send(context.response(), error);
        }
        else {
            AwsErrors.send(context.response(), new HydrantException(status == 404 ? ErrorCode.NOT_FOUND : ErrorCode.SERIALIZATION,
                    "Request failed with status " + status));
        }
        if (error != null && !(error instanceof HydrantException)) {
            LOG.debug("Request failed", error);
        }
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }
}
