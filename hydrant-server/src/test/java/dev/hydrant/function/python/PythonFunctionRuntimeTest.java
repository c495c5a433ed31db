package dev.hydrant.function.python;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hydrant.function.FunctionConfig;
import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.FunctionInvocation;
import dev.hydrant.spi.FunctionResult;
import dev.hydrant.spi.HydrantException;
import dev.hydrant.spi.TestingClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PythonFunctionRuntimeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARN = "arn:aws:lambda:eu-west-1:000000000000:function:transform";
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Another interpreter can be tested with {@code -Dhydrant.test.python=/path/to/python3.8}. */
    private static final String PYTHON = System.getProperty("hydrant.test.python", PythonFunctionRuntime.DEFAULT_PYTHON_EXECUTABLE);

    @TempDir
    Path directory;

    private final TestingClock clock = new TestingClock(1_700_000_000_000L);
    private final TestingFunctionLog functionLog = new TestingFunctionLog();

    @Test
    void runsReferenceFirehoseTransform() throws Exception {
        writeCode("hello.py", """
                import base64
                import json
                def lambda_handler(event, context):
                    output = []
                    print(event)
                    for record in event['records']:
                        payload = base64.b64decode(record['data']).decode('utf-8')
                        data = json.loads(payload)
                        data['EXTRA2'] = float(data['fuel_consumption']) * float(data['lap_time'])
                        output.append({'recordId': record['recordId'], 'result': 'Ok', 'data': base64.b64encode(json.dumps(data).encode('utf-8')).decode('utf-8')})
                    print('Successfully processed {} records.'.format(len(event['records'])))
                    return {'records': output}
                """);
        ObjectNode event = JSON.createObjectNode()
                .put("invocationId", "invocation-1")
                .put("deliveryStreamArn", "arn:aws:firehose:eu-west-1:000000000000:deliverystream/laps")
                .put("region", "eu-west-1");
        ArrayNode records = event.putArray("records");
        records.addObject()
                .put("recordId", "record-1")
                .put("approximateArrivalTimestamp", 1_700_000_000_000L)
                .put("data", base64("{\"driver\": \"a\", \"fuel_consumption\": \"2.5\", \"lap_time\": \"4\"}"));
        records.addObject()
                .put("recordId", "record-2")
                .put("approximateArrivalTimestamp", 1_700_000_000_001L)
                .put("data", base64("{\"driver\": \"b\", \"fuel_consumption\": 1.5, \"lap_time\": 2}"));

        try (PythonFunctionRuntime runtime = runtime("hello.lambda_handler", 1)) {
            FunctionResult result = invoke(runtime, "transform-request", JSON.writeValueAsBytes(event));

            assertThat(result.failed()).isFalse();
            JsonNode output = JSON.readTree(result.payload()).get("records");
            assertThat(output).hasSize(2);
            assertThat(output.get(0).get("recordId").asText()).isEqualTo("record-1");
            assertThat(output.get(0).get("result").asText()).isEqualTo("Ok");
            JsonNode first = JSON.readTree(Base64.getDecoder().decode(output.get(0).get("data").asText()));
            assertThat(first.get("EXTRA2").asDouble()).isEqualTo(10.0);
            assertThat(first.get("driver").asText()).isEqualTo("a");
            JsonNode second = JSON.readTree(Base64.getDecoder().decode(output.get(1).get("data").asText()));
            assertThat(second.get("EXTRA2").asDouble()).isEqualTo(3.0);
            await().atMost(WAIT).untilAsserted(() -> assertThat(functionLog.linesOf("transform-request"))
                    .contains("Successfully processed 2 records.")
                    .anySatisfy(line -> assertThat(line).startsWith("{'invocationId': 'invocation-1'")));
        }
    }

    @Test
    void reportsHandlerExceptionAsUnhandled() throws Exception {
        writeCode("failing.py", """
                def handler(event, context):
                    raise ValueError('bad record ' + event['id'])
                """);
        try (PythonFunctionRuntime runtime = runtime("failing.handler", 1)) {
            FunctionResult result = invoke(runtime, "failing-request", "{\"id\": \"7\"}".getBytes(UTF_8));

            assertThat(result.functionError()).isEqualTo(FunctionResult.UNHANDLED);
            JsonNode error = JSON.readTree(result.payload());
            assertThat(error.get("errorType").asText()).isEqualTo("ValueError");
            assertThat(error.get("errorMessage").asText()).isEqualTo("bad record 7");
            assertThat(error.get("stackTrace")).hasSize(1);
            assertThat(error.get("stackTrace").get(0).asText())
                    .contains("failing.py", "line 2, in handler", "raise ValueError");
            await().atMost(WAIT).untilAsserted(() -> assertThat(functionLog.linesOf("failing-request"))
                    .contains("[ERROR] ValueError: bad record 7", "Traceback (most recent call last):"));
        }
    }

    @Test
    void sendsPrintedOutputToFunctionLogNotResult() throws Exception {
        writeCode("chatty.py", """
                import logging
                import os
                import sys
                def handler(event, context):
                    print('hello from print')
                    os.write(1, b'hello from fd 1\\n')
                    sys.stderr.write('hello from stderr\\n')
                    logging.getLogger().warning('hello from logging')
                    return {'ok': True}
                """);
        try (PythonFunctionRuntime runtime = runtime("chatty.handler", 1)) {
            FunctionResult result = invoke(runtime, "chatty-request", "{}".getBytes(UTF_8));

            assertThat(result.failed()).isFalse();
            assertThat(new String(result.payload(), UTF_8)).isEqualTo("{\"ok\": true}");
            await().atMost(WAIT).untilAsserted(() -> assertThat(functionLog.linesOf("chatty-request"))
                    .contains("hello from print", "hello from fd 1", "hello from stderr")
                    .anySatisfy(line -> assertThat(line)
                            .matches("\\[WARNING]\t\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\tchatty-request\thello from logging")));
            assertThat(functionLog.lines()).noneMatch(line -> line.text().contains("hydrant-invocation-"));
        }
    }

    @Test
    void timesOutAndReplacesWorker() throws Exception {
        writeCode("slow.py", """
                import os
                import time
                def handler(event, context):
                    if event.get('hang'):
                        print('hanging')
                        time.sleep(600)
                    return os.getpid()
                """);
        try (PythonFunctionRuntime runtime = runtime("slow.handler", 1)) {
            long firstPid = JSON.readTree(invoke(runtime, "before", "{}".getBytes(UTF_8)).payload()).asLong();

            FunctionResult timedOut = runtime.invoke(new FunctionInvocation("hanging-request", "{\"hang\": true}".getBytes(UTF_8), clock.millis() + 1_000))
                    .get(WAIT.toSeconds(), SECONDS);

            assertThat(timedOut.functionError()).isEqualTo(FunctionResult.UNHANDLED);
            JsonNode error = JSON.readTree(timedOut.payload());
            assertThat(error.get("errorType").asText()).isEqualTo("Sandbox.Timedout");
            assertThat(error.get("errorMessage").asText())
                    .isEqualTo("2023-11-14T22:13:20.000Z hanging-request Task timed out after 1.00 seconds");
            long secondPid = JSON.readTree(invoke(runtime, "after", "{}".getBytes(UTF_8)).payload()).asLong();
            assertThat(secondPid).isNotEqualTo(firstPid);
            await().atMost(WAIT).untilAsserted(() -> assertThat(functionLog.linesOf("hanging-request"))
                    .contains("hanging", "2023-11-14T22:13:20.000Z hanging-request Task timed out after 1.00 seconds"));
        }
    }

    @Test
    void timesOutInvocationWhoseDeadlinePassedWhileQueued() throws Exception {
        writeCode("quick.py", """
                def handler(event, context):
                    return 'ran'
                """);
        try (PythonFunctionRuntime runtime = runtime("quick.handler", 1)) {
            FunctionResult result = runtime.invoke(new FunctionInvocation("late-request", "{}".getBytes(UTF_8), clock.millis() - 1))
                    .get(WAIT.toSeconds(), SECONDS);

            assertThat(result.functionError()).isEqualTo(FunctionResult.UNHANDLED);
            assertThat(JSON.readTree(result.payload()).get("errorType").asText()).isEqualTo("Sandbox.Timedout");
        }
    }

    @Test
    void replacesWorkerThatExits() throws Exception {
        writeCode("exiting.py", """
                import os
                import sys
                def handler(event, context):
                    if event.get('exit') == 'os':
                        print('exiting')
                        os._exit(3)
                    if event.get('exit') == 'sys':
                        sys.exit(1)
                    return os.getpid()
                """);
        try (PythonFunctionRuntime runtime = runtime("exiting.handler", 1)) {
            long firstPid = JSON.readTree(invoke(runtime, "before", "{}".getBytes(UTF_8)).payload()).asLong();

            FunctionResult exited = invoke(runtime, "exiting-request", "{\"exit\": \"os\"}".getBytes(UTF_8));

            assertThat(exited.functionError()).isEqualTo(FunctionResult.UNHANDLED);
            JsonNode error = JSON.readTree(exited.payload());
            assertThat(error.get("errorType").asText()).isEqualTo("Runtime.ExitError");
            assertThat(error.get("errorMessage").asText())
                    .isEqualTo("RequestId: exiting-request Error: Runtime exited with error: exit status 3");
            long secondPid = JSON.readTree(invoke(runtime, "between", "{}".getBytes(UTF_8)).payload()).asLong();
            assertThat(secondPid).isNotEqualTo(firstPid);

            FunctionResult systemExit = invoke(runtime, "sys-exit-request", "{\"exit\": \"sys\"}".getBytes(UTF_8));
            assertThat(JSON.readTree(systemExit.payload()).get("errorMessage").asText())
                    .isEqualTo("RequestId: sys-exit-request Error: Runtime exited with error: exit status 1");
            long thirdPid = JSON.readTree(invoke(runtime, "after", "{}".getBytes(UTF_8)).payload()).asLong();
            assertThat(thirdPid).isNotIn(firstPid, secondPid);
        }
    }

    @Test
    void reportsImportErrorOnEveryInvocation() throws Exception {
        try (PythonFunctionRuntime runtime = runtime("missing.lambda_handler", 1)) {
            for (String requestId : List.of("first", "second")) {
                FunctionResult result = invoke(runtime, requestId, "{}".getBytes(UTF_8));

                assertThat(result.functionError()).isEqualTo(FunctionResult.UNHANDLED);
                JsonNode error = JSON.readTree(result.payload());
                assertThat(error.get("errorType").asText()).isEqualTo("Runtime.ImportModuleError");
                assertThat(error.get("errorMessage").asText())
                        .isEqualTo("Unable to import module 'missing': No module named 'missing'");
            }
            await().atMost(WAIT).untilAsserted(() -> assertThat(functionLog.linesOf("second"))
                    .contains("[ERROR] Runtime.ImportModuleError: Unable to import module 'missing': No module named 'missing'"));
        }
    }

    @Test
    void reportsMissingHandlerFunction() throws Exception {
        writeCode("hello.py", """
                def other(event, context):
                    return 1
                """);
        try (PythonFunctionRuntime runtime = runtime("hello.lambda_handler", 1)) {
            JsonNode error = JSON.readTree(invoke(runtime, "request", "{}".getBytes(UTF_8)).payload());

            assertThat(error.get("errorType").asText()).isEqualTo("Runtime.HandlerNotFound");
            assertThat(error.get("errorMessage").asText()).isEqualTo("Handler 'lambda_handler' missing on module 'hello'");
        }
    }

    @Test
    void reportsSyntaxErrorInModule() throws Exception {
        writeCode("broken.py", """
                def handler(event, context)
                    return 1
                """);
        try (PythonFunctionRuntime runtime = runtime("broken.handler", 1)) {
            JsonNode error = JSON.readTree(invoke(runtime, "request", "{}".getBytes(UTF_8)).payload());

            assertThat(error.get("errorType").asText()).isEqualTo("Runtime.UserCodeSyntaxError");
            assertThat(error.get("errorMessage").asText()).startsWith("Syntax error in module 'broken': ");
        }
    }

    @Test
    void reportsUnserializableResultAsMarshalError() throws Exception {
        writeCode("sets.py", """
                def handler(event, context):
                    return {1, 2}
                """);
        try (PythonFunctionRuntime runtime = runtime("sets.handler", 1)) {
            FunctionResult result = invoke(runtime, "request", "{}".getBytes(UTF_8));

            assertThat(result.functionError()).isEqualTo(FunctionResult.UNHANDLED);
            JsonNode error = JSON.readTree(result.payload());
            assertThat(error.get("errorType").asText()).isEqualTo("Runtime.MarshalError");
            assertThat(error.get("errorMessage").asText())
                    .isEqualTo("Unable to marshal response: Object of type set is not JSON serializable");
        }
    }

    @Test
    void loadsHandlerFromPackagePath() throws Exception {
        writeCode("transforms/__init__.py", "");
        writeCode("transforms/upper.py", """
                def handler(event, context):
                    return event['text'].upper()
                """);
        try (PythonFunctionRuntime runtime = runtime("transforms/upper.handler", 1)) {
            FunctionResult result = invoke(runtime, "request", "{\"text\": \"abc\"}".getBytes(UTF_8));

            assertThat(new String(result.payload(), UTF_8)).isEqualTo("\"ABC\"");
        }
    }

    @Test
    void countsRemainingTimeDown() throws Exception {
        writeCode("clock.py", """
                import time
                def handler(event, context):
                    first = context.get_remaining_time_in_millis()
                    time.sleep(0.05)
                    return [first, context.get_remaining_time_in_millis()]
                """);
        try (PythonFunctionRuntime runtime = runtime("clock.handler", 1)) {
            JsonNode remaining = JSON.readTree(invoke(runtime, "request", "{}".getBytes(UTF_8)).payload());

            long first = remaining.get(0).asLong();
            long second = remaining.get(1).asLong();
            assertThat(first).isBetween(1L, 30_000L);
            assertThat(second).isPositive().isLessThan(first);
        }
    }

    @Test
    void providesLambdaEnvironmentAndContext() throws Exception {
        writeCode("environment.py", """
                import os
                def handler(event, context):
                    return {
                        'environment': dict(os.environ),
                        'cwd': os.getcwd(),
                        'function_name': context.function_name,
                        'function_version': context.function_version,
                        'invoked_function_arn': context.invoked_function_arn,
                        'memory_limit_in_mb': context.memory_limit_in_mb,
                        'aws_request_id': context.aws_request_id,
                        'log_group_name': context.log_group_name,
                        'log_stream_name': context.log_stream_name,
                    }
                """);
        FunctionConfig config = config("environment.handler", 1, Map.of("TABLE", "laps"));
        try (PythonFunctionRuntime runtime = new PythonFunctionRuntime(config, functionLog, clock, ARN, "eu-west-1", PYTHON)) {
            JsonNode result = JSON.readTree(invoke(runtime, "environment-request", "{}".getBytes(UTF_8)).payload());

            Map<String, String> environment = new HashMap<>();
            result.get("environment").fields().forEachRemaining(field -> environment.put(field.getKey(), field.getValue().asText()));
            assertThat(environment)
                    .containsEntry("AWS_LAMBDA_FUNCTION_NAME", "transform")
                    .containsEntry("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
                    .containsEntry("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256")
                    .containsEntry("AWS_REGION", "eu-west-1")
                    .containsEntry("AWS_DEFAULT_REGION", "eu-west-1")
                    .containsEntry("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/transform")
                    .containsEntry("LAMBDA_TASK_ROOT", directory.toAbsolutePath().toString())
                    .containsEntry("_HANDLER", "environment.handler")
                    .containsEntry("AWS_EXECUTION_ENV", "AWS_Lambda_python3.12")
                    .containsEntry("TABLE", "laps");
            assertThat(environment.get("AWS_LAMBDA_LOG_STREAM_NAME")).matches("2023/11/14/\\[\\$LATEST][0-9a-f]{32}");
            // variables of Hydrant's own environment do not leak, except the basics and what a wrapper such as a pyenv
            // shim (a bash script) sets again on its way to the interpreter
            Set<String> allowed = Set.of("PATH", "HOME", "LANG", "PYTHONDONTWRITEBYTECODE", "PWD", "SHLVL", "PYENV_ROOT", "_");
            assertThat(environment.keySet())
                    .filteredOn(System.getenv()::containsKey)
                    .isSubsetOf(allowed);
            assertThat(result.get("cwd").asText()).isEqualTo(directory.toRealPath().toString());
            assertThat(result.get("function_name").asText()).isEqualTo("transform");
            assertThat(result.get("function_version").asText()).isEqualTo("$LATEST");
            assertThat(result.get("invoked_function_arn").asText()).isEqualTo(ARN);
            assertThat(result.get("memory_limit_in_mb").asText()).isEqualTo("256");
            assertThat(result.get("aws_request_id").asText()).isEqualTo("environment-request");
            assertThat(result.get("log_group_name").asText()).isEqualTo("/aws/lambda/transform");
            assertThat(result.get("log_stream_name").asText()).isEqualTo(environment.get("AWS_LAMBDA_LOG_STREAM_NAME"));
        }
    }

    @Test
    void runsInvocationsInParallelUpToConcurrency() throws Exception {
        writeCode("barrier.py", """
                import os
                import time
                def handler(event, context):
                    barrier = event['barrier']
                    open(os.path.join(barrier, context.aws_request_id), 'w').close()
                    while len(os.listdir(barrier)) < 2:
                        if context.get_remaining_time_in_millis() < 1000:
                            return 'alone'
                        time.sleep(0.01)
                    return 'together'
                """);
        Path barrier = Files.createDirectory(directory.resolve("barrier"));
        byte[] event = JSON.writeValueAsBytes(Map.of("barrier", barrier.toString()));
        try (PythonFunctionRuntime runtime = runtime("barrier.handler", 2)) {
            CompletableFuture<FunctionResult> first = runtime.invoke(invocation("first", event));
            CompletableFuture<FunctionResult> second = runtime.invoke(invocation("second", event));

            assertThat(new String(first.get(WAIT.toSeconds(), SECONDS).payload(), UTF_8)).isEqualTo("\"together\"");
            assertThat(new String(second.get(WAIT.toSeconds(), SECONDS).payload(), UTF_8)).isEqualTo("\"together\"");
        }
    }

    @Test
    void importsModuleOncePerWorker() throws Exception {
        Path importLog = directory.resolve("imports.log");
        writeCode("counter.py", """
                import os
                with open(os.environ['IMPORT_LOG'], 'a') as log:
                    log.write('imported\\n')
                invocations = 0
                def handler(event, context):
                    global invocations
                    invocations += 1
                    return invocations
                """);
        FunctionConfig config = config("counter.handler", 1, Map.of("IMPORT_LOG", importLog.toString()));
        try (PythonFunctionRuntime runtime = new PythonFunctionRuntime(config, functionLog, clock, ARN, "eu-west-1", PYTHON)) {
            for (int expected = 1; expected <= 3; expected++) {
                FunctionResult result = invoke(runtime, "request-" + expected, "{}".getBytes(UTF_8));
                assertThat(new String(result.payload(), UTF_8)).isEqualTo(Integer.toString(expected));
            }
            assertThat(Files.readAllLines(importLog)).containsExactly("imported");
        }
    }

    @Test
    void roundTripsLargePayloads() throws Exception {
        writeCode("echo.py", """
                def handler(event, context):
                    return {'length': len(event['data']), 'data': event['data'][::-1]}
                """);
        String data = "abcdefghij".repeat(500_000);
        try (PythonFunctionRuntime runtime = runtime("echo.handler", 1)) {
            FunctionResult result = invoke(runtime, "large-request", JSON.writeValueAsBytes(Map.of("data", data)));

            JsonNode output = JSON.readTree(result.payload());
            assertThat(output.get("length").asInt()).isEqualTo(5_000_000);
            assertThat(output.get("data").asText()).isEqualTo(new StringBuilder(data).reverse().toString());
        }
    }

    @Test
    void failsInvocationWhenPythonCannotStart() throws Exception {
        writeCode("hello.py", "def lambda_handler(event, context):\n    return 1\n");
        String missingPython = directory.resolve("no-such-python3").toString();
        try (PythonFunctionRuntime runtime = new PythonFunctionRuntime(
                config("hello.lambda_handler", 1, Map.of()), functionLog, clock, ARN, "eu-west-1", missingPython)) {
            Throwable failure = failure(runtime.invoke(invocation("request", "{}".getBytes(UTF_8))));

            assertThat(failure).isInstanceOf(HydrantException.class).hasMessageContaining("no-such-python3");
            assertThat(((HydrantException) failure).errorCode()).isEqualTo(ErrorCode.INVALID_RUNTIME);
        }
    }

    @Test
    void closeFailsQueuedAndRunningInvocations() throws Exception {
        writeCode("hang.py", """
                import time
                def handler(event, context):
                    print('started')
                    time.sleep(600)
                """);
        PythonFunctionRuntime runtime = runtime("hang.handler", 1);
        CompletableFuture<FunctionResult> running = runtime.invoke(invocation("running", "{}".getBytes(UTF_8)));
        CompletableFuture<FunctionResult> queued = runtime.invoke(invocation("queued", "{}".getBytes(UTF_8)));
        await().atMost(WAIT).untilAsserted(() -> assertThat(functionLog.linesOf("running")).contains("started"));

        runtime.close();

        for (CompletableFuture<FunctionResult> future : List.of(running, queued, runtime.invoke(invocation("late", "{}".getBytes(UTF_8))))) {
            Throwable failure = failure(future);
            assertThat(failure).isInstanceOf(HydrantException.class);
            assertThat(((HydrantException) failure).errorCode()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
        }
    }

    private PythonFunctionRuntime runtime(String handler, int concurrency) {
        return new PythonFunctionRuntime(config(handler, concurrency, Map.of()), functionLog, clock, ARN, "eu-west-1", PYTHON);
    }

    private FunctionConfig config(String handler, int concurrency, Map<String, String> environment) {
        return new FunctionConfig("transform", "python3.12", handler, directory, null, Duration.ofSeconds(3), 256, environment, concurrency);
    }

    private FunctionInvocation invocation(String requestId, byte[] payload) {
        return new FunctionInvocation(requestId, payload, clock.millis() + WAIT.toMillis());
    }

    private FunctionResult invoke(PythonFunctionRuntime runtime, String requestId, byte[] payload) throws Exception {
        return runtime.invoke(invocation(requestId, payload)).get(WAIT.toSeconds() + 5, SECONDS);
    }

    private static Throwable failure(CompletableFuture<FunctionResult> future) {
        Throwable thrown = catchThrowable(() -> future.get(WAIT.toSeconds(), SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        return thrown.getCause();
    }

    private void writeCode(String file, String source) throws IOException {
        Path path = directory.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, source);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(UTF_8));
    }
}
