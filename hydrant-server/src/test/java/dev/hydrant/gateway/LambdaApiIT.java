package dev.hydrant.gateway;

import static dev.hydrant.gateway.TestingAwsCli.aws;
import static dev.hydrant.gateway.TestingAwsCli.awsFailing;
import static dev.hydrant.gateway.TestingAwsCli.run;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hydrant.function.FunctionRuntimeFactory;
import dev.hydrant.function.StandardFunctionRuntimeFactory;
import dev.hydrant.function.TestingFunctionRuntime;
import dev.hydrant.function.TestingZips;
import dev.hydrant.server.TestingHydrant;
import dev.hydrant.spi.EpochClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Architecture;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.InvalidRuntimeException;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.ListFunctionsResponse;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.PackageType;
import software.amazon.awssdk.services.lambda.model.PreconditionFailedException;
import software.amazon.awssdk.services.lambda.model.RequestTooLargeException;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.State;

/**
 * The Lambda API through the AWS SDK for Java v2 and the aws CLI, against a real server. To test the API's shapes
 * apart from the runtimes (which TransformIT and JavaTransformIT run for real), the server here runs python3.x
 * functions on {@link TestingFunctionRuntime} (it echoes the event and prints one line) and has no Java runtime, to
 * exercise InvalidRuntimeException.
 */
class LambdaApiIT {
    private static final String ROLE = "arn:aws:iam::000000000000:role/lambda-role";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static TestingHydrant start() throws IOException {
        FunctionRuntimeFactory factory = new StandardFunctionRuntimeFactory(EpochClock.SYSTEM,
                (config, log, arn) -> new TestingFunctionRuntime(config, log), StandardFunctionRuntimeFactory.unavailable("Java"));
        return TestingHydrant.start(factory);
    }

    private static LambdaClient clientFor(TestingHydrant hydrant) {
        return LambdaClient.builder()
                .endpointOverride(URI.create(hydrant.url()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private static FunctionConfiguration create(LambdaClient lambda, String name, byte[] zip) {
        var created = lambda.createFunction(request -> request
                .functionName(name)
                .runtime("python3.12")
                .handler("hello.lambda_handler")
                .role(ROLE)
                .description("says hello")
                .timeout(30)
                .memorySize(256)
                .environment(environment -> environment.variables(Map.of("GREETING", "hi")))
                .tags(Map.of("team", "data"))
                .code(code -> code.zipFile(SdkBytes.fromByteArray(zip))));
        return FunctionConfiguration.builder()
                .functionName(created.functionName()).functionArn(created.functionArn()).codeSha256(created.codeSha256()).revisionId(created.revisionId())
                .build();
    }

    @Test
    void createsDescribesListsUpdatesAndDeletesFunctions() throws Exception {
        try (TestingHydrant hydrant = start(); LambdaClient lambda = clientFor(hydrant)) {
            byte[] zip = TestingZips.pythonHello("v1");
            var created = lambda.createFunction(request -> request
                    .functionName("hello")
                    .runtime("python3.12")
                    .handler("hello.lambda_handler")
                    .role(ROLE)
                    .description("says hello")
                    .timeout(30)
                    .memorySize(256)
                    .publish(true)
                    .environment(environment -> environment.variables(Map.of("GREETING", "hi")))
                    .tags(Map.of("team", "data"))
                    .code(code -> code.zipFile(SdkBytes.fromByteArray(zip))));

            assertThat(created.functionName()).isEqualTo("hello");
            assertThat(created.functionArn()).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:hello");
            assertThat(created.runtimeAsString()).isEqualTo("python3.12");
            assertThat(created.handler()).isEqualTo("hello.lambda_handler");
            assertThat(created.role()).isEqualTo(ROLE);
            assertThat(created.timeout()).isEqualTo(30);
            assertThat(created.memorySize()).isEqualTo(256);
            assertThat(created.codeSize()).isEqualTo(zip.length);
            assertThat(created.codeSha256()).isEqualTo(Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(zip)));
            assertThat(created.version()).isEqualTo("$LATEST");
            assertThat(created.state()).isEqualTo(State.ACTIVE);
            assertThat(created.packageType()).isEqualTo(PackageType.ZIP);
            assertThat(created.architectures()).containsExactly(Architecture.X86_64);
            assertThat(created.lastModified()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000");
            assertThat(created.environment().variables()).containsEntry("GREETING", "hi");
            assertThat(created.revisionId()).isNotEmpty();

            GetFunctionResponse got = lambda.getFunction(request -> request.functionName("arn:aws:lambda:us-east-1:000000000000:function:hello"));
            assertThat(got.configuration().toString().replace("FunctionConfiguration(", ""))
                    .isEqualTo(lambda.getFunctionConfiguration(request -> request.functionName("hello")).toString().replace("GetFunctionConfigurationResponse(", ""));
            assertThat(got.configuration().codeSha256()).isEqualTo(created.codeSha256());
            assertThat(got.tags()).containsEntry("team", "data");
            assertThat(got.code().repositoryType()).isEqualTo("S3");
            HttpResponse<byte[]> download = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(URI.create(got.code().location())).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(download.body()).isEqualTo(zip);

            create(lambda, "second", TestingZips.pythonHello("2"));
            create(lambda, "third", TestingZips.pythonHello("3"));
            ListFunctionsResponse firstPage = lambda.listFunctions(request -> request.maxItems(2));
            assertThat(firstPage.functions()).extracting(FunctionConfiguration::functionName).containsExactly("hello", "second");
            ListFunctionsResponse secondPage = lambda.listFunctions(request -> request.maxItems(2).marker(firstPage.nextMarker()));
            assertThat(secondPage.functions()).extracting(FunctionConfiguration::functionName).containsExactly("third");
            assertThat(secondPage.nextMarker()).isNull();
            List<String> all = new ArrayList<>();
            lambda.listFunctionsPaginator(request -> request.maxItems(1)).functions().forEach(function -> all.add(function.functionName()));
            assertThat(all).containsExactly("hello", "second", "third");

            byte[] newZip = TestingZips.pythonHello("v2");
            var codeUpdated = lambda.updateFunctionCode(request -> request.functionName("hello").zipFile(SdkBytes.fromByteArray(newZip)).revisionId(created.revisionId()));
            assertThat(codeUpdated.codeSha256()).isNotEqualTo(created.codeSha256());
            assertThat(codeUpdated.codeSize()).isEqualTo(newZip.length);
            assertThat(codeUpdated.revisionId()).isNotEqualTo(created.revisionId());
            assertThatThrownBy(() -> lambda.updateFunctionConfiguration(request -> request.functionName("hello").timeout(5).revisionId(created.revisionId())))
                    .isInstanceOf(PreconditionFailedException.class);

            var configurationUpdated = lambda.updateFunctionConfiguration(request -> request.functionName("hello").timeout(5)
                    .environment(environment -> environment.variables(Map.of("GREETING", "hello"))));
            assertThat(configurationUpdated.timeout()).isEqualTo(5);
            assertThat(configurationUpdated.memorySize()).isEqualTo(256);
            assertThat(configurationUpdated.handler()).isEqualTo("hello.lambda_handler");
            assertThat(configurationUpdated.environment().variables()).containsExactly(Map.entry("GREETING", "hello"));
            assertThat(configurationUpdated.codeSha256()).isEqualTo(codeUpdated.codeSha256());

            lambda.deleteFunction(request -> request.functionName("hello"));
            assertThatThrownBy(() -> lambda.getFunction(request -> request.functionName("hello")))
                    .isInstanceOf(ResourceNotFoundException.class)
                    .hasMessageContaining("Function not found: arn:aws:lambda:us-east-1:000000000000:function:hello");
            assertThat(lambda.listFunctions().functions()).extracting(FunctionConfiguration::functionName).containsExactly("second", "third");
        }
    }

    @Test
    void invokesFunctionsSynchronouslyAsynchronouslyAndAsDryRun() throws Exception {
        try (TestingHydrant hydrant = start(); LambdaClient lambda = clientFor(hydrant)) {
            create(lambda, "echo", TestingZips.pythonHello("hi"));

            InvokeResponse answer = lambda.invoke(request -> request.functionName("echo").payload(SdkBytes.fromUtf8String("{\"n\":1}")).logType(LogType.TAIL));
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.functionError()).isNull();
            assertThat(answer.executedVersion()).isEqualTo("$LATEST");
            JsonNode payload = MAPPER.readTree(answer.payload().asUtf8String());
            assertThat(payload.get("handler").asText()).isEqualTo("hello.lambda_handler");
            assertThat(payload.get("event")).isEqualTo(MAPPER.readTree("{\"n\":1}"));
            String tail = new String(Base64.getDecoder().decode(answer.logResult()), UTF_8);
            assertThat(tail).startsWith("START RequestId: ").contains("handling {\"n\":1}").contains("END RequestId: ").contains("REPORT RequestId: ");

            InvokeResponse failed = lambda.invoke(request -> request.functionName("echo").payload(SdkBytes.fromUtf8String("{\"fail\":true}")));
            assertThat(failed.statusCode()).isEqualTo(200);
            assertThat(failed.functionError()).isEqualTo("Unhandled");
            assertThat(MAPPER.readTree(failed.payload().asUtf8String()).get("errorMessage").asText()).isEqualTo("asked to fail");

            InvokeResponse event = lambda.invoke(request -> request.functionName("echo").invocationType(InvocationType.EVENT).payload(SdkBytes.fromUtf8String("{\"async\":1}")));
            assertThat(event.statusCode()).isEqualTo(202);
            InvokeResponse dryRun = lambda.invoke(request -> request.functionName("echo").invocationType(InvocationType.DRY_RUN));
            assertThat(dryRun.statusCode()).isEqualTo(204);

            InvokeResponse empty = lambda.invoke(request -> request.functionName("000000000000:function:echo").qualifier("$LATEST"));
            assertThat(MAPPER.readTree(empty.payload().asUtf8String()).get("event")).isEqualTo(MAPPER.readTree("{}"));
            Path log = hydrant.dataDirectory().resolve("logs/functions/echo.log");
            org.awaitility.Awaitility.await().atMost(TestingHydrant.WAIT).until(() -> Files.readString(log).contains("handling {\"async\":1}"));

            assertThatThrownBy(() -> lambda.invoke(request -> request.functionName("echo").qualifier("1")))
                    .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("function:echo:1");
            assertThatThrownBy(() -> lambda.invoke(request -> request.functionName("echo").payload(SdkBytes.fromUtf8String("not json"))))
                    .isInstanceOfSatisfying(LambdaException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidRequestContentException"));
            byte[] big = new byte[6 * 1024 * 1024 + 10];
            java.util.Arrays.fill(big, (byte) ' ');
            assertThatThrownBy(() -> lambda.invoke(request -> request.functionName("echo").payload(SdkBytes.fromByteArray(big))))
                    .isInstanceOf(RequestTooLargeException.class);
        }
    }

    @Test
    void raisesLambdasExceptions() throws Exception {
        try (TestingHydrant hydrant = start(); LambdaClient lambda = clientFor(hydrant)) {
            create(lambda, "taken", TestingZips.pythonHello("hi"));
            assertThatThrownBy(() -> create(lambda, "taken", TestingZips.pythonHello("hi")))
                    .isInstanceOfSatisfying(ResourceConflictException.class, e -> assertThat(e.statusCode()).isEqualTo(409))
                    .hasMessageContaining("Function already exist: taken");
            assertThatThrownBy(() -> lambda.getFunctionConfiguration(request -> request.functionName("missing")))
                    .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(404);
                        assertThat(e.type()).isEqualTo("User");
                    });
            assertThatThrownBy(() -> lambda.deleteFunction(request -> request.functionName("missing"))).isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> lambda.invoke(request -> request.functionName("missing"))).isInstanceOf(ResourceNotFoundException.class);

            assertThatThrownBy(() -> lambda.createFunction(request -> request.functionName("node").runtime("nodejs20.x").handler("index.handler").role(ROLE)
                    .code(code -> code.zipFile(SdkBytes.fromByteArray(TestingZips.pythonHello("hi"))))))
                    .isInstanceOf(InvalidParameterValueException.class)
                    .hasMessageContaining("nodejs20.x is not supported by Hydrant").hasMessageContaining("python3.14").hasMessageContaining("java21");
            for (String runtime : List.of("python3.6", "python3.14", "java8", "java8.al2", "java11", "java17", "java21", "java25")) {
                lambda.createFunction(request -> request.functionName("f-" + runtime.replace('.', '-')).runtime(runtime).handler("h.handler").role(ROLE)
                        .code(code -> code.zipFile(SdkBytes.fromByteArray(TestingZips.pythonHello("hi")))));
            }
            assertThatThrownBy(() -> lambda.createFunction(request -> request.functionName("slow").runtime("python3.12").handler("h.handler").role(ROLE)
                    .timeout(901).memorySize(64).code(code -> code.zipFile(SdkBytes.fromByteArray(TestingZips.pythonHello("hi"))))))
                    .isInstanceOfSatisfying(LambdaException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                        assertThat(e.getMessage()).contains("2 validation errors detected").contains("'timeout'").contains("'memorySize'");
                    });
            assertThatThrownBy(() -> lambda.createFunction(request -> request.functionName("broken").runtime("python3.12").handler("h.handler").role(ROLE)
                    .code(code -> code.zipFile(SdkBytes.fromUtf8String("not a zip")))))
                    .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("Could not unzip");

            // No Java runtime in this server: the function exists but cannot run.
            assertThatThrownBy(() -> lambda.invoke(request -> request.functionName("f-java21")))
                    .isInstanceOfSatisfying(InvalidRuntimeException.class, e -> assertThat(e.statusCode()).isEqualTo(502))
                    .hasMessageContaining("java21");
        }
    }

    @Test
    void worksWithTheAwsCli() throws Exception {
        try (TestingHydrant hydrant = start()) {
            Path zip = hydrant.dataDirectory().resolve("hello.zip");
            Files.write(zip, TestingZips.pythonHello("hi"));

            TestingAwsCli.Result created = aws(hydrant, "lambda", "create-function", "--function-name", "f", "--runtime", "python3.8", "--handler", "hello.lambda_handler",
                    "--zip-file", "fileb://" + zip, "--role", "arn:aws:iam::000000000000:role/x");
            assertThat(created.json().get("FunctionArn").asText()).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:f");
            assertThat(created.json().get("Runtime").asText()).isEqualTo("python3.8");

            JsonNode got = aws(hydrant, "lambda", "get-function", "--function-name", "f").json();
            assertThat(got.at("/Configuration/CodeSha256").asText()).isEqualTo(created.json().get("CodeSha256").asText());
            assertThat(got.at("/Code/Location").asText()).startsWith(hydrant.url());

            JsonNode listed = aws(hydrant, "lambda", "list-functions").json();
            assertThat(listed.get("Functions")).hasSize(1);
            assertThat(listed.at("/Functions/0/FunctionName").asText()).isEqualTo("f");

            Path out = hydrant.dataDirectory().resolve("out.json");
            JsonNode invoked = aws(hydrant, "lambda", "invoke", "--function-name", "f", "--payload", "{\"cli\":true}", out.toString()).json();
            assertThat(invoked.get("StatusCode").asInt()).isEqualTo(200);
            assertThat(MAPPER.readTree(Files.readString(out)).get("event")).isEqualTo(MAPPER.readTree("{\"cli\":true}"));

            TestingAwsCli.Result unsupported = awsFailing(hydrant, "lambda", "create-function", "--function-name", "n", "--runtime", "nodejs20.x", "--handler", "index.handler",
                    "--zip-file", "fileb://" + zip, "--role", "arn:aws:iam::000000000000:role/x");
            assertThat(unsupported.stderr()).contains("InvalidParameterValueException").contains("not supported by Hydrant");

            aws(hydrant, "lambda", "delete-function", "--function-name", "f");
            TestingAwsCli.Result missing = awsFailing(hydrant, "lambda", "get-function", "--function-name", "f");
            assertThat(missing.exitCode()).isEqualTo(255);
            assertThat(missing.stderr()).contains("ResourceNotFoundException").contains("Function not found: arn:aws:lambda:us-east-1:000000000000:function:f");
        }
    }


}
