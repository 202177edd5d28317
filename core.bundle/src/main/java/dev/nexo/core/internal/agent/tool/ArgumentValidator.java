package dev.nexo.core.internal.agent.tool;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks tool arguments against the tool's JSON Schema with networknt json-schema-validator
 * (draft 2020-12 unless the schema names another dialect). Compiled schemas are cached by their
 * text, so a tool's schema is parsed once.
 */
public final class ArgumentValidator {
    private static final int MAX_CACHED = 4096;

    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Map<String, Schema> cache = new ConcurrentHashMap<>();

    /**
     * @param schemaJson the tool's input schema
     * @param argumentsJson the arguments the model sent
     * @return a description of what is wrong, or empty when the arguments are valid
     */
    public Optional<String> problems(String schemaJson, String argumentsJson) {
        Schema schema = cache.get(schemaJson);
        if (schema == null) {
            schema = registry.getSchema(schemaJson);
            if (cache.size() < MAX_CACHED) {
                cache.put(schemaJson, schema);
            }
        }
        List<Error> errors;
        try {
            errors = schema.validate(argumentsJson, InputFormat.JSON);
        } catch (RuntimeException e) {
            return Optional.of("arguments are not valid JSON");
        }
        if (errors.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(String.join("; ", errors.stream().limit(5).map(Error::getMessage).toList()));
    }
}
