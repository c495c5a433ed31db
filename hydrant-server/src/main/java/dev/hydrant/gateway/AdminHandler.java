package dev.hydrant.gateway;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hydrant.control.DeliveryStreamManager;
import dev.hydrant.destination.local.LocalObjectStore;
import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.HydrantException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** Health, Prometheus metrics, and Hydrant's bucket admin routes under {@code /hydrant/buckets}. */
public final class AdminHandler {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final DeliveryStreamManager manager;
    private final LocalObjectStore store;
    private final PrometheusMeterRegistry registry;
    private final Vertx vertx;

    public AdminHandler(DeliveryStreamManager manager, LocalObjectStore store, PrometheusMeterRegistry registry, Vertx vertx) {
        this.manager = requireNonNull(manager, "manager is null");
        this.store = requireNonNull(store, "store is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.vertx = requireNonNull(vertx, "vertx is null");
    }

    /** 200 {@code {"status":"UP"}}, or 503 {@code DEGRADED} listing delivery streams whose task has stopped. */
    public void health(RoutingContext context) {
        List<String> failed = manager.failedDeliveryStreams();
        ObjectNode out = MAPPER.createObjectNode();
        out.put("status", failed.isEmpty() ? "UP" : "DEGRADED");
        if (!failed.isEmpty()) {
            failed.forEach(out.putArray("failedDeliveryStreams")::add);
        }
        context.response().setStatusCode(failed.isEmpty() ? 200 : 503).putHeader("Content-Type", "application/json").end(out.toString());
    }

    public void metrics(RoutingContext context) {
        vertx.executeBlocking(registry::scrape, false)
                .onSuccess(text -> context.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(text))
                .onFailure(error -> AwsErrors.send(context.response(), error));
    }

    public void listBuckets(RoutingContext context) {
        vertx.executeBlocking(() -> {
            ObjectNode out = MAPPER.createObjectNode();
            ArrayNode buckets = out.putArray("Buckets");
            for (String name : store.listBuckets()) {
                buckets.addObject().put("Name", name);
            }
            return out;
        }, false).onSuccess(out -> FirehoseHandler.respond(context.response(), out)).onFailure(error -> AwsErrors.send(context.response(), error));
    }

    public void createBucket(RoutingContext context) {
        String name = context.pathParam("name");
        vertx.executeBlocking(() -> {
            boolean existed = store.bucketExists(name);
            store.createBucket(name);
            return existed;
        }, false).onSuccess(existed -> context.response().setStatusCode(existed ? 200 : 201).putHeader("Content-Type", "application/json")
                .end(MAPPER.createObjectNode().put("Name", name).toString()))
                .onFailure(error -> AwsErrors.send(context.response(), error));
    }

    public void deleteBucket(RoutingContext context) {
        String name = context.pathParam("name");
        vertx.executeBlocking(() -> {
            if (!store.bucketExists(name)) {
                throw new HydrantException(ErrorCode.NOT_FOUND, "The specified bucket does not exist: " + name);
            }
            if (!store.deleteBucket(name)) {
                throw new HydrantException(ErrorCode.BUCKET_NOT_EMPTY, "The bucket you tried to delete is not empty: " + name);
            }
            return null;
        }, false).onSuccess(ignored -> context.response().setStatusCode(204).end())
                .onFailure(error -> AwsErrors.send(context.response(), error));
    }
}
