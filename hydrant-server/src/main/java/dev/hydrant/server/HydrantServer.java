package dev.hydrant.server;

import dev.hydrant.processor.BuiltInProcessorFactory;
import dev.hydrant.processor.ProcessingChainFactory;
import dev.hydrant.function.FunctionManager;
import dev.hydrant.function.FunctionRuntimeFactory;
import dev.hydrant.function.StandardFunctionRuntimeFactory;
import dev.hydrant.function.jvm.JavaFunctionRuntime;
import dev.hydrant.function.python.PythonFunctionRuntime;
import dev.hydrant.gateway.LambdaHandler;
import dev.hydrant.application.ApplicationManager;
import dev.hydrant.gateway.KinesisAnalyticsHandler;
import dev.hydrant.spi.SqlApplicationEngine;
import java.util.Optional;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import static java.util.Objects.requireNonNull;

import dev.hydrant.control.DeliveryStreamManager;
import dev.hydrant.destination.local.LocalObjectStore;
import dev.hydrant.gateway.AdminHandler;
import dev.hydrant.gateway.FirehoseHandler;
import dev.hydrant.gateway.GatewayVerticle;
import dev.hydrant.gateway.StreamsHandler;
import dev.hydrant.spi.EpochClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: wires the server in plain code, in the order it starts (store, streams with their logs and
 * delivery tasks, SQL applications, then the gateway) and stops (gateway, SQL applications, delivery drain, log sync).
 */
public final class HydrantServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HydrantServer.class);

    private final ServerConfig config;
    private final EpochClock clock;
    private PrometheusMeterRegistry registry;
    private LocalObjectStore store;
    private DeliveryStreamManager manager;
    private final FunctionRuntimeFactory runtimeFactory;
    private FunctionManager functions;
    private final Optional<SqlApplicationEngine> engine;
    private ApplicationManager applications;
    private ScheduledExecutorService processingScheduler;
    private Vertx vertx;
    private String deploymentId;
    private int boundPort;

    public HydrantServer(ServerConfig config, EpochClock clock) {
        this(config, clock, defaultRuntimes(clock));
    }

    public HydrantServer(ServerConfig config, EpochClock clock, FunctionRuntimeFactory runtimeFactory) {
        this(config, clock, runtimeFactory, SqlApplicationEngine.load());
    }

    /** @param engine runs SQL applications; empty when hydrant-analytics is not on the class path */
    public HydrantServer(ServerConfig config, EpochClock clock, FunctionRuntimeFactory runtimeFactory, Optional<SqlApplicationEngine> engine) {
        this.config = requireNonNull(config, "config is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.runtimeFactory = requireNonNull(runtimeFactory, "runtimeFactory is null");
        this.engine = requireNonNull(engine, "engine is null");
    }

    /** The server with its default function runtimes and the given SQL engine. */
    public HydrantServer(ServerConfig config, EpochClock clock, Optional<SqlApplicationEngine> engine) {
        this(config, clock, defaultRuntimes(clock), engine);
    }

    /** Python functions on the machine's python3, Java functions in this JVM, http functions by URL. */
    private static FunctionRuntimeFactory defaultRuntimes(EpochClock clock) {
        return new StandardFunctionRuntimeFactory(clock,
                (config, log, arn) -> new PythonFunctionRuntime(config, log, clock, arn, regionOf(arn)),
                (config, log, arn) -> new JavaFunctionRuntime(config, log, clock, arn, regionOf(arn)));
    }

    private static String regionOf(String functionArn) {
        String[] parts = functionArn.split(":");
        return parts.length > 3 ? parts[3] : ServerConfig.DEFAULT_REGION;
    }

    public synchronized void start() throws IOException {
        Files.createDirectories(config.dataDirectory());
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        store = new LocalObjectStore(config.dataDirectory().resolve("buckets"));
        processingScheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "processing-retries");
            thread.setDaemon(true);
            return thread;
        });
        functions = new FunctionManager(config.dataDirectory(), config.region(), config.accountId(), runtimeFactory, clock);
        functions.start();
        ProcessingChainFactory processingChainFactory = new ProcessingChainFactory(config.region(), functions, processingScheduler, clock,
                Duration.ofSeconds(1), BuiltInProcessorFactory::create);
        manager = new DeliveryStreamManager(config.dataDirectory(), config.region(), config.accountId(), config.logConfig(), store, clock, registry,
                processingChainFactory);
        manager.start();
        applications = new ApplicationManager(config.dataDirectory(), config.region(), config.accountId(), manager, store, functions, engine, clock);
        applications.start();
        if (engine.isEmpty()) {
            LOG.info("The SQL engine (hydrant-analytics) is not installed: Kinesis Analytics applications can be managed but not started");
        }

        int eventLoops = Math.max(2, Runtime.getRuntime().availableProcessors());
        vertx = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(eventLoops)
                .setWorkerPoolSize(16)
                .setBlockedThreadCheckInterval(10)
                .setBlockedThreadCheckIntervalUnit(TimeUnit.SECONDS));
        boundPort = config.port() == 0 ? freePort() : config.port();
        AtomicLong inFlightBytes = new AtomicLong();
        FirehoseHandler firehose = new FirehoseHandler(manager, vertx, inFlightBytes, config.maxInFlightBytes());
        StreamsHandler streams = new StreamsHandler(firehose);
        AdminHandler admin = new AdminHandler(manager, store, registry, vertx);
        LambdaHandler lambda = new LambdaHandler(functions, vertx);
        KinesisAnalyticsHandler kinesisAnalytics = new KinesisAnalyticsHandler(applications, vertx);
        try {
            deploymentId = vertx.deployVerticle(() -> new GatewayVerticle(config.host(), boundPort, firehose, streams, admin, lambda, kinesisAnalytics),
                            new DeploymentOptions().setInstances(eventLoops))
                    .await(30, TimeUnit.SECONDS);
        }
        catch (Exception e) {
            close();
            throw new IOException("Failed to listen on " + config.host() + ":" + boundPort + ": " + e.getMessage(), e);
        }
        LOG.info("Listening on {}:{} with data in {}", config.host(), boundPort, config.dataDirectory().toAbsolutePath());
    }

    private int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName(config.host()))) {
            return socket.getLocalPort();
        }
    }

    public int port() {
        return boundPort;
    }

    public String url() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return "http://" + host + ":" + boundPort;
    }

    public DeliveryStreamManager manager() {
        return manager;
    }

    public ApplicationManager applications() {
        return applications;
    }

    public FunctionManager functions() {
        return functions;
    }

    public LocalObjectStore store() {
        return store;
    }

    /** Stops accepting requests, drains delivery of everything acknowledged, and syncs and closes the logs. */
    @Override
    public synchronized void close() {
        if (vertx != null) {
            try {
                if (deploymentId != null) {
                    vertx.undeploy(deploymentId).await(30, TimeUnit.SECONDS);
                }
            }
            catch (Exception e) {
                LOG.warn("Failed to stop the gateway cleanly", e);
            }
        }
        if (applications != null) {
            applications.close();
            applications = null;
        }
        engine.ifPresent(sqlEngine -> {
            try {
                sqlEngine.close();
            }
            catch (RuntimeException e) {
                LOG.warn("Failed to close the SQL engine cleanly", e);
            }
        });
        if (manager != null) {
            manager.close();
            manager = null;
        }
        if (functions != null) {
            functions.close();
            functions = null;
        }
        if (vertx != null) {
            try {
                vertx.close().await(30, TimeUnit.SECONDS);
            }
            catch (Exception e) {
                LOG.warn("Failed to close Vert.x cleanly", e);
            }
            vertx = null;
        }
        if (processingScheduler != null) {
            processingScheduler.shutdownNow();
            processingScheduler = null;
        }
        if (registry != null) {
            registry.close();
        }
    }
}
