package dev.nexo.core.internal.agent.tool;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ArgumentValidatorTest {
    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},"
            + "\"days\":{\"type\":\"integer\",\"minimum\":1}},\"required\":[\"city\"],\"additionalProperties\":false}";
    private final ArgumentValidator validator = new ArgumentValidator();

    @Test
    void validArgumentsPass() {
        assertTrue(validator.problems(SCHEMA, "{\"city\":\"Lima\",\"days\":2}").isEmpty());
    }

    @Test
    void missingWrongTypedAndExtraFieldsAreReported() {
        assertTrue(validator.problems(SCHEMA, "{}").orElseThrow().contains("city"));
        assertTrue(validator.problems(SCHEMA, "{\"city\":\"Lima\",\"days\":0}").isPresent());
        assertTrue(validator.problems(SCHEMA, "{\"city\":1}").isPresent());
        assertTrue(validator.problems(SCHEMA, "{\"city\":\"Lima\",\"x\":true}").isPresent());
    }

    @Test
    void textThatIsNotJsonIsReported() {
        assertTrue(validator.problems(SCHEMA, "{not json").isPresent());
    }
}
