package dev.hydrant.function.jvm;

import static dev.hydrant.function.jvm.TestingHandlerJars.text;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hydrant.function.FunctionConfig;
import dev.hydrant.spi.FunctionInvocation;
import dev.hydrant.spi.FunctionResult;
import dev.hydrant.spi.HydrantException;
import dev.hydrant.spi.TestingClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaFunctionRuntimeTest {
    private static final String ARN_PREFIX = "arn:aws:lambda:us-east-1:123456789012:function:";
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String FIREHOSE_TRANSFORM = """
            package com.example;

            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestHandler;
            import com.amazonaws.services.lambda.runtime.events.KinesisAnalyticsInputPreprocessingResponse;
            import com.amazonaws.services.lambda.runtime.events.KinesisAnalyticsInputPreprocessingResponse.Result;
            import com.amazonaws.services.lambda.runtime.events.KinesisFirehoseEvent;
            import java.nio.ByteBuffer;
            import java.nio.charset.StandardCharsets;
            import java.util.ArrayList;
            import java.util.List;
            import java.util.regex.Matcher;
            import java.util.regex.Pattern;

            public class FirehoseTransform implements RequestHandler<KinesisFirehoseEvent, KinesisAnalyticsInputPreprocessingResponse> {
                private static final Pattern FUEL = Pattern.compile("\\"fuel_consumption\\"\\\\s*:\\\\s*([-0-9.eE]+)");
                private static final Pattern LAP = Pattern.compile("\\"lap_time\\"\\\\s*:\\\\s*([-0-9.eE]+)");

                @Override
                public KinesisAnalyticsInputPreprocessingResponse handleRequest(KinesisFirehoseEvent event, Context context) {
                    context.getLogger().log("core from " + RequestHandler.class.getClassLoader().getName());
                    List<KinesisAnalyticsInputPreprocessingResponse.Record> records = new ArrayList<>();
                    for (KinesisFirehoseEvent.Record record : event.getRecords()) {
                        String json = StandardCharsets.UTF_8.decode(record.getData().duplicate()).toString().trim();
                        Matcher fuel = FUEL.matcher(json);
                        Matcher lap = LAP.matcher(json);
                        if (!fuel.find() || !lap.find()) {
                            records.add(new KinesisAnalyticsInputPreprocessingResponse.Record(record.getRecordId(), Result.ProcessingFailed, record.getData()));
                            continue;
                        }
                        double extra2 = Double.parseDouble(fuel.group(1)) * Double.parseDouble(lap.group(1));
                        String transformed = json.substring(0, json.length() - 1) + ", \\"EXTRA2\\": " + extra2 + "}\\n";
                        records.add(new KinesisAnalyticsInputPreprocessingResponse.Record(
                                record.getRecordId(), Result.Ok, ByteBuffer.wrap(transformed.getBytes(StandardCharsets.UTF_8))));
                    }
                    context.getLogger().log(event.getInvocationId() + " " + event.getDeliveryStreamArn() + " " + event.getRegion()
                            + " arrived " + event.getRecords().get(0).getApproximateArrivalTimestamp() + "\\n");
                    return new KinesisAnalyticsInputPreprocessingResponse(records);
                }
            }
            """;

    @TempDir
    Path temporary;

    private final TestingClock clock = new TestingClock(1_700_000_000_000L);
    private final TestingFunctionLog functionLog = new TestingFunctionLog();

    @Test
    void transformsFirehoseRecordsWithFatJar() throws IOException {
        Path classes = TestingHandlerJars.compile(temporary, Map.of("com.example.FirehoseTransform", FIREHOSE_TRANSFORM));
        Path jar = TestingHandlerJars.jar(temporary.resolve("fat.jar"), classes, List.of(TestingHandlerJars.eventsJar(), TestingHandlerJars.coreJar()));

        try (JavaFunctionRuntime runtime = runtime("transform", "com.example.FirehoseTransform", jar, 2)) {
            FunctionResult result = invoke(runtime, "request-1", firehoseEvent(), 10_000);

            assertThat(result.failed()).as(text(result.payload())).isFalse();
            assertThat(text(result.payload())).isEqualTo(expectedTransformResponse());
            assertThat(functionLog.linesOf("request-1")).containsExactly(
                    "core from function-transform",
                    "invocation-1 arn:aws:firehose:us-east-1:123456789012:deliverystream/telemetry us-east-1 arrived 1700000000000");
        }
    }

    @Test
    void providesLambdaCoreToJarWithoutIt() throws IOException {
        Path classes = TestingHandlerJars.compile(temporary, Map.of("com.example.FirehoseTransform", FIREHOSE_TRANSFORM));
        Path jar = TestingHandlerJars.jar(temporary.resolve("thin.jar"), classes, List.of(TestingHandlerJars.eventsJar()));

        try (JavaFunctionRuntime runtime = runtime("transform", "com.example.FirehoseTransform", jar, 2)) {
            FunctionResult result = invoke(runtime, "request-1", firehoseEvent(), 10_000);

            assertThat(result.failed()).as(text(result.payload())).isFalse();
            assertThat(text(result.payload())).isEqualTo(expectedTransformResponse());
            assertThat(functionLog.linesOf("request-1")).startsWith("core from lambda-java-core");
        }
    }

    @Test
    void loadsUnpackedZipWithLibraries() throws IOException {
        Path classes = TestingHandlerJars.compile(temporary, Map.of("com.example.FirehoseTransform", FIREHOSE_TRANSFORM));
        Path code = TestingHandlerJars.unpackedZip(Files.createDirectories(temporary.resolve("code")), classes, List.of(TestingHandlerJars.eventsJar()));

        try (JavaFunctionRuntime runtime = runtime("transform", "com.example.FirehoseTransform", code, 2)) {
            FunctionResult result = invoke(runtime, "request-1", firehoseEvent(), 10_000);

            assertThat(text(result.payload())).isEqualTo(expectedTransformResponse());
        }
    }

    @Test
    void echoesThroughRequestStreamHandler() {
        Path jar = thinJar("com.example.Echo", """
                package com.example;

                import com.amazonaws.services.lambda.runtime.Context;
                import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
                import java.io.IOException;
                import java.io.InputStream;
                import java.io.OutputStream;

                public class Echo implements RequestStreamHandler {
                    @Override
                    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
                        input.transferTo(output);
                    }
                }
                """);

        try (JavaFunctionRuntime runtime = runtime("echo", "com.example.Echo", jar, 1)) {
            byte[] payload = "{\"not\": \"parsed\", \"bytes\": \"\u00e9\"}".getBytes(UTF_8);
            FunctionResult result = invoke(runtime, "request-1", payload, 10_000);

            assertThat(result.failed()).isFalse();
            assertThat(result.payload()).isEqualTo(payload);
        }
    }

    @Test
    void mapsMapEventAndResultAndExposesContext() throws IOException {
        Path jar = thinJar("com.example.Describe", """
                package com.example;

                import com.amazonaws.services.lambda.runtime.Context;
                import com.amazonaws.services.lambda.runtime.RequestHandler;
                import java.util.LinkedHashMap;
                import java.util.Map;

                public class Describe implements RequestHandler<Map<String, Object>, Map<String, Object>> {
                    @Override
                    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
                        context.getLogger().log("first\\nsecond");
                        context.getLogger().log("bytes".getBytes());
                        Map<String, Object> result = new LinkedHashMap<>();
                        result.put("event", event);
                        result.put("requestId", context.getAwsRequestId());
                        result.put("functionName", context.getFunctionName());
                        result.put("functionVersion", context.getFunctionVersion());
                        result.put("arn", context.getInvokedFunctionArn());
                        result.put("memory", context.getMemoryLimitInMB());
                        result.put("remaining", context.getRemainingTimeInMillis());
                        result.put("logGroup", context.getLogGroupName());
                        result.put("logStream", context.getLogStreamName());
                        result.put("threadLoader", Thread.currentThread().getContextClassLoader() == getClass().getClassLoader());
                        return result;
                    }
                }
                """);

        try (JavaFunctionRuntime runtime = runtime("describe", "com.example.Describe", jar, 1)) {
            FunctionResult result = invoke(runtime, "request-7", "{\"speed\": 301, \"tags\": [\"a\"]}".getBytes(UTF_8), 2_500);

            assertThat(result.failed()).as(text(result.payload())).isFalse();
            JsonNode response = JSON.readTree(result.payload());
            assertThat(response.get("event").toString()).isEqualTo("{\"speed\":301,\"tags\":[\"a\"]}");
            assertThat(response.get("requestId").asText()).isEqualTo("request-7");
            assertThat(response.get("functionName").asText()).isEqualTo("describe");
            assertThat(response.get("functionVersion").asText()).isEqualTo("$LATEST");
            assertThat(response.get("arn").asText()).isEqualTo(ARN_PREFIX + "describe");
            assertThat(response.get("memory").asInt()).isEqualTo(256);
            assertThat(response.get("remaining").asInt()).isEqualTo(2_500);
            assertThat(response.get("logGroup").asText()).isEqualTo("/aws/lambda/describe");
            assertThat(response.get("logStream").asText()).matches("2023/11/14/\\[\\$LATEST\\][0-9a-f]{32}");
            assertThat(response.get("threadLoader").asBoolean()).isTrue();
            assertThat(functionLog.linesOf("request-7")).containsExactly("first", "second", "bytes");
        }
    }

    @Test
    void reportsThrownExceptionAsUnhandled() throws IOException {
        Path jar = thinJar("com.example.Failing", """
                package com.example;

                import com.amazonaws.services.lambda.runtime.Context;
                import com.amazonaws.services.lambda.runtime.RequestHandler;

                public class Failing implements RequestHandler<String, String> {
                    @Override
                    public String handleRequest(String event, Context context) {
                        throw new IllegalStateException("cannot handle " + event, new ArithmeticException("root"));
                    }
                }
                """);

        try (JavaFunctionRuntime runtime = runtime("failing", "com.example.Failing", jar, 1)) {
            FunctionResult result = invoke(runtime, "request-1", "\"lap\"".getBytes(UTF_8), 10_000);

            assertThat(result.functionError()).isEqualTo(FunctionResult.UNHANDLED);
            JsonNode error = JSON.readTree(result.payload());
            assertThat(error.get("errorMessage").asText()).isEqualTo("cannot handle lap");
            assertThat(error.get("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
            assertThat(error.get("stackTrace")).hasSize(2);
            assertThat(error.get("stackTrace").get(0).asText()).isEqualTo("com.example.Failing.handleRequest(Failing.java:9)");
            assertThat(error.get("cause").get("errorType").asText()).isEqualTo("java.lang.ArithmeticException");
            assertThat(functionLog.linesOf("request-1")).containsExactly(text(result.payload()));
        }
    }

    @Test
    void reportsMissingClassAndMethodOnEveryInvocation() throws IOException {
        Path jar = thinJar("com.example.Echo", """
                package com.example;

                public class Echo {
                    public String echo(String input) {
                        return input;
                    }
                }
                """);

        try (JavaFunctionRuntime runtime = runtime("missing", "com.example.Missing", jar, 1)) {
            for (String requestId : List.of("request-1", "request-2")) {
                FunctionResult result = invoke(runtime, requestId, "{}".getBytes(UTF_8), 10_000);

                assertThat(result.functionError()).isEqualTo(FunctionResult.UNHANDLED);
                assertThat(text(result.payload()))
                        .isEqualTo("{\"errorMessage\":\"Class not found: com.example.Missing\",\"errorType\":\"java.lang.ClassNotFoundException\"}");
            }
        }
        try (JavaFunctionRuntime runtime = runtime("method", "com.example.Echo::shout", jar, 1)) {
            FunctionResult result = invoke(runtime, "request-3", "{}".getBytes(UTF_8), 10_000);

            assertThat(result.functionError()).isEqualTo(FunctionResult.UNHANDLED);
            assertThat(JSON.readTree(result.payload()).get("errorMessage").asText())
                    .isEqualTo("No public method named shout with appropriate method signature found on class com.example.Echo");
        }
        try (JavaFunctionRuntime runtime = runtime("method", "com.example.Echo::echo", jar, 1)) {
            FunctionResult result = invoke(runtime, "request-4", "\"hello\"".getBytes(UTF_8), 10_000);

            assertThat(text(result.payload())).isEqualTo("\"hello\"");
        }
    }

    @Test
    void timesOutAndKeepsServingWithNewThread() throws IOException {
        String releaseProperty = "hydrant.test.release." + UUID.randomUUID();
        Path jar = thinJar("com.example.Stuck", """
                package com.example;

                import com.amazonaws.services.lambda.runtime.Context;
                import java.util.Map;

                public class Stuck {
                    public String handle(Map<String, Object> event, Context context) {
                        if (Boolean.TRUE.equals(event.get("stuck"))) {
                            // ignores interrupts, as a badly written handler would
                            while (System.getProperty((String) event.get("release")) == null) {
                                try {
                                    Thread.sleep(10);
                                }
                                catch (InterruptedException e) {
                                    context.getLogger().log("interrupted");
                                }
                            }
                        }
                        return Thread.currentThread().getName();
                    }
                }
                """);

        try (JavaFunctionRuntime runtime = runtime("stuck", "com.example.Stuck::handle", jar, 1)) {
            byte[] stuck = JSON.writeValueAsBytes(Map.of("stuck", true, "release", releaseProperty));
            FunctionResult timedOut = invoke(runtime, "request-1", stuck, 250);

            assertThat(timedOut.functionError()).isEqualTo(FunctionResult.UNHANDLED);
            assertThat(text(timedOut.payload()))
                    .isEqualTo("{\"errorMessage\":\"Task timed out after 0.25 seconds\",\"errorType\":\"Sandbox.Timedout\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> functionLog.linesOf("request-1").contains("interrupted"));
            assertThat(functionLog.linesOf("request-1")).contains("Task timed out after 0.25 seconds");

            FunctionResult next = invoke(runtime, "request-2", "{\"stuck\": false}".getBytes(UTF_8), 10_000);

            assertThat(next.failed()).as(text(next.payload())).isFalse();
            assertThat(text(next.payload())).isEqualTo("\"function-stuck-2\"");
        }
        finally {
            System.setProperty(releaseProperty, "released");
        }
    }

    @Test
    void runsInvocationsConcurrently() throws IOException {
        Path jar = thinJar("com.example.Rendezvous", """
                package com.example;

                import com.amazonaws.services.lambda.runtime.Context;
                import com.amazonaws.services.lambda.runtime.RequestHandler;
                import java.util.concurrent.CountDownLatch;
                import java.util.concurrent.TimeUnit;

                public class Rendezvous implements RequestHandler<String, String> {
                    private final CountDownLatch arrivals = new CountDownLatch(2);

                    @Override
                    public String handleRequest(String name, Context context) {
                        arrivals.countDown();
                        try {
                            return arrivals.await(10, TimeUnit.SECONDS) ? name + " met on " + Thread.currentThread().getName() : name + " alone";
                        }
                        catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
                """);

        try (JavaFunctionRuntime runtime = runtime("pair", "com.example.Rendezvous", jar, 2)) {
            CompletableFuture<FunctionResult> first = runtime.invoke(new FunctionInvocation("request-1", "\"first\"".getBytes(UTF_8), clock.millis() + 20_000));
            CompletableFuture<FunctionResult> second = runtime.invoke(new FunctionInvocation("request-2", "\"second\"".getBytes(UTF_8), clock.millis() + 20_000));

            String firstResult = text(awaitResult(first).payload());
            String secondResult = text(awaitResult(second).payload());
            assertThat(firstResult).matches("\"first met on function-pair-[12]\"");
            assertThat(secondResult).matches("\"second met on function-pair-[12]\"");
            assertThat(firstResult.substring(firstResult.lastIndexOf('-'))).isNotEqualTo(secondResult.substring(secondResult.lastIndexOf('-')));
        }
    }

    @Test
    void hidesHydrantClassesFromFunctionCode() throws IOException {
        String probe = """
                package com.example;

                import com.amazonaws.services.lambda.runtime.Context;
                import com.amazonaws.services.lambda.runtime.RequestHandler;
                import java.util.LinkedHashMap;
                import java.util.List;
                import java.util.Map;

                public class Probe implements RequestHandler<Object, Map<String, Boolean>> {
                    @Override
                    public Map<String, Boolean> handleRequest(Object classNames, Context context) {
                        Map<String, Boolean> visible = new LinkedHashMap<>();
                        for (Object className : (List<?>) classNames) {
                            visible.put((String) className, visible((String) className));
                        }
                        return visible;
                    }

                    private boolean visible(String className) {
                        try {
                            Class.forName(className);
                            Thread.currentThread().getContextClassLoader().loadClass(className);
                            return true;
                        }
                        catch (ClassNotFoundException e) {
                            return false;
                        }
                    }
                }
                """;
        Path classes = TestingHandlerJars.compile(temporary, Map.of("com.example.Probe", probe));
        Path isolated = TestingHandlerJars.jar(temporary.resolve("isolated.jar"), classes, List.of());
        Path bundlingJackson = TestingHandlerJars.jar(temporary.resolve("jackson.jar"), classes, List.of(TestingHandlerJars.location(JsonFactory.class)));
        byte[] classNames = JSON.writeValueAsBytes(List.of(
                "com.fasterxml.jackson.databind.ObjectMapper",
                "com.fasterxml.jackson.core.JsonFactory",
                "io.vertx.core.Vertx",
                "org.slf4j.Logger",
                "dev.hydrant.spi.FunctionRuntime",
                "com.amazonaws.services.lambda.runtime.events.KinesisFirehoseEvent",
                "com.amazonaws.services.lambda.runtime.Context",
                "java.sql.Connection"));

        try (JavaFunctionRuntime runtime = runtime("probe", "com.example.Probe", isolated, 1)) {
            FunctionResult result = invoke(runtime, "request-1", classNames, 10_000);

            assertThat(text(result.payload())).isEqualTo("{"
                    + "\"com.fasterxml.jackson.databind.ObjectMapper\":false,"
                    + "\"com.fasterxml.jackson.core.JsonFactory\":false,"
                    + "\"io.vertx.core.Vertx\":false,"
                    + "\"org.slf4j.Logger\":false,"
                    + "\"dev.hydrant.spi.FunctionRuntime\":false,"
                    + "\"com.amazonaws.services.lambda.runtime.events.KinesisFirehoseEvent\":false,"
                    + "\"com.amazonaws.services.lambda.runtime.Context\":true,"
                    + "\"java.sql.Connection\":true}");
        }
        try (JavaFunctionRuntime runtime = runtime("probe", "com.example.Probe", bundlingJackson, 1)) {
            FunctionResult result = invoke(runtime, "request-2", classNames, 10_000);

            JsonNode visible = JSON.readTree(result.payload());
            assertThat(visible.get("com.fasterxml.jackson.core.JsonFactory").asBoolean()).isTrue();
            assertThat(visible.get("com.fasterxml.jackson.databind.ObjectMapper").asBoolean()).isFalse();
        }
    }

    @Test
    void failsInvocationsInFlightOnClose() {
        Path jar = thinJar("com.example.Waiting", """
                package com.example;

                import java.util.Map;

                public class Waiting {
                    public String handle(Map<String, Object> event) throws InterruptedException {
                        Thread.sleep(60_000);
                        return "done";
                    }
                }
                """);
        JavaFunctionRuntime runtime = runtime("waiting", "com.example.Waiting::handle", jar, 1);
        CompletableFuture<FunctionResult> running = runtime.invoke(new FunctionInvocation("request-1", "{}".getBytes(UTF_8), clock.millis() + 60_000));
        CompletableFuture<FunctionResult> waiting = runtime.invoke(new FunctionInvocation("request-2", "{}".getBytes(UTF_8), clock.millis() + 60_000));

        runtime.close();

        assertThat(running).failsWithin(Duration.ofSeconds(10)).withThrowableThat().havingCause().isInstanceOf(HydrantException.class);
        assertThat(waiting).failsWithin(Duration.ofSeconds(10)).withThrowableThat().havingCause().isInstanceOf(HydrantException.class);
        assertThat(runtime.invoke(new FunctionInvocation("request-3", "{}".getBytes(UTF_8), clock.millis() + 1_000)))
                .failsWithin(Duration.ofSeconds(10)).withThrowableThat().havingCause().isInstanceOf(HydrantException.class);
    }

    private JavaFunctionRuntime runtime(String name, String handler, Path code, int concurrency) {
        FunctionConfig config = new FunctionConfig(name, "java17", handler, code, null, Duration.ofSeconds(3), 256, Map.of(), concurrency);
        return new JavaFunctionRuntime(config, functionLog, clock, ARN_PREFIX + name, "us-east-1");
    }

    private Path thinJar(String className, String source) {
        Path classes = TestingHandlerJars.compile(temporary, Map.of(className, source));
        return TestingHandlerJars.jar(temporary.resolve("handler.jar"), classes, List.of());
    }

    private FunctionResult invoke(JavaFunctionRuntime runtime, String requestId, byte[] payload, long timeoutMillis) {
        return awaitResult(runtime.invoke(new FunctionInvocation(requestId, payload, clock.millis() + timeoutMillis)));
    }

    private static FunctionResult awaitResult(CompletableFuture<FunctionResult> future) {
        await().atMost(Duration.ofSeconds(20)).until(future::isDone);
        return future.join();
    }

    private static byte[] firehoseEvent() throws IOException {
        return JSON.writeValueAsBytes(Map.of(
                "invocationId", "invocation-1",
                "deliveryStreamArn", "arn:aws:firehose:us-east-1:123456789012:deliverystream/telemetry",
                "region", "us-east-1",
                "records", List.of(
                        firehoseRecord("record-1", "{\"driver\": \"HAM\", \"fuel_consumption\": 2.5, \"lap_time\": 80.0}"),
                        firehoseRecord("record-2", "{\"driver\": \"VER\", \"fuel_consumption\": 1.5, \"lap_time\": 90.5}"),
                        firehoseRecord("record-3", "not telemetry"))));
    }

    private static Map<String, Object> firehoseRecord(String recordId, String data) {
        return Map.of(
                "recordId", recordId,
                "approximateArrivalTimestamp", 1_700_000_000_000L,
                "data", base64(data));
    }

    private static String expectedTransformResponse() {
        return "{\"records\":["
                + "{\"recordId\":\"record-1\",\"result\":\"Ok\",\"data\":\"" + base64("{\"driver\": \"HAM\", \"fuel_consumption\": 2.5, \"lap_time\": 80.0, \"EXTRA2\": 200.0}\n") + "\"},"
                + "{\"recordId\":\"record-2\",\"result\":\"Ok\",\"data\":\"" + base64("{\"driver\": \"VER\", \"fuel_consumption\": 1.5, \"lap_time\": 90.5, \"EXTRA2\": 135.75}\n") + "\"},"
                + "{\"recordId\":\"record-3\",\"result\":\"ProcessingFailed\",\"data\":\"" + base64("not telemetry") + "\"}"
                + "]}";
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(UTF_8));
    }
}
