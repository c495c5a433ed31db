package dev.hydrant.function;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Lambda's FunctionConfiguration document for a function. */
public final class FunctionDescriptions {
    private FunctionDescriptions() {}

    public static ObjectNode configuration(FunctionDefinition definition, String functionArn, ObjectMapper mapper) {
        FunctionSettings settings = definition.settings();
        ObjectNode out = mapper.createObjectNode();
        out.put("FunctionName", definition.name());
        out.put("FunctionArn", functionArn);
        out.put("Runtime", settings.runtime());
        out.put("Role", settings.role());
        out.put("Handler", settings.handler());
        out.put("CodeSize", definition.codeSize());
        out.put("Description", settings.description());
        out.put("Timeout", settings.timeoutSeconds());
        out.put("MemorySize", settings.memorySizeMb());
        out.put("LastModified", FunctionManager.lastModified(definition.lastModifiedMillis()));
        out.put("CodeSha256", definition.codeSha256());
        out.put("Version", FunctionReference.LATEST);
        if (!settings.environment().isEmpty()) {
            ObjectNode variables = out.putObject("Environment").putObject("Variables");
            settings.environment().forEach(variables::put);
        }
        out.putObject("TracingConfig").put("Mode", "PassThrough");
        out.put("RevisionId", definition.revisionId());
        out.put("State", "Active");
        out.put("LastUpdateStatus", "Successful");
        out.put("PackageType", "Zip");
        out.putArray("Architectures").add("x86_64");
        out.putObject("EphemeralStorage").put("Size", 512);
        out.putObject("SnapStart").put("ApplyOn", "None").put("OptimizationStatus", "Off");
        out.putObject("LoggingConfig").put("LogFormat", "Text").put("LogGroup", "/aws/lambda/" + definition.name());
        return out;
    }
}
