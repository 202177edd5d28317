package dev.nexo.api.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IdsAndJsonTest {

    @Test
    void ids() {
        assertTrue(Ids.isValid("<abc@x>"));
        assertTrue(Ids.isValid("wa.ABCD1234"));
        assertFalse(Ids.isValid(null));
        assertFalse(Ids.isValid(""));
        assertFalse(Ids.isValid("  "));
        assertFalse(Ids.isValid("a\u0000b"));
        assertFalse(Ids.isValid("x".repeat(Ids.MAX_LENGTH + 1)));
        assertEquals("m1", Ids.require("m1", "message id"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ids.require("", "message id"));
        assertTrue(e.getMessage().startsWith("message id"));
    }

    @Test
    void json() {
        for (String ok : new String[] {"{}", " [1]", "\"s\"", "-1", "3", "true", "false", "null"}) {
            assertTrue(Json.isPlausible(ok), ok);
        }
        for (String bad : new String[] {"", "  ", "hello", "}", "'x'", "{", "[1", "\"", "nope", "truex"}) {
            assertFalse(Json.isPlausible(bad), bad);
        }
        assertFalse(Json.isPlausible(null));
        assertThrows(IllegalArgumentException.class, () -> Json.require("oops", "args"));
    }
}
