package dev.nexo.api.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class HookApiTest {

    @Test
    void pointsParseWireAndConstantNames() {
        assertEquals(HookPoint.BEFORE_TOOL_CALL, HookPoint.parse("before_tool_call"));
        assertEquals(HookPoint.SESSION_START, HookPoint.parse("on_session_start"));
        assertEquals(HookPoint.SESSION_END, HookPoint.parse("SESSION_END"));
        assertThrows(IllegalArgumentException.class, () -> HookPoint.parse("before_everything"));
        assertTrue(HookPoint.BEFORE_MESSAGE.canIntervene());
        assertFalse(HookPoint.AFTER_MESSAGE.canIntervene());
    }

    @Test
    void outcomes() {
        assertSame(HookOutcome.proceed(), HookOutcome.proceed());
        HookOutcome block = HookOutcome.block("PII detected", true);
        assertEquals(HookOutcome.Action.BLOCK, block.action());
        assertTrue(block.doNotReplyAgain());
        assertThrows(IllegalArgumentException.class, () -> HookOutcome.block(" ", false));
        HookOutcome t = HookOutcome.transform("[REDACTED]", null);
        assertEquals(Optional.of("[REDACTED]"), t.transformedText());
        assertTrue(t.overriddenArguments().isEmpty());
        HookOutcome o = HookOutcome.overrideArguments("{\"path\":\"/safe\"}", "confined");
        assertEquals(Optional.of("{\"path\":\"/safe\"}"), o.overriddenArguments());
        assertTrue(o.transformedText().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> HookOutcome.overrideArguments("[1]", null));
        assertThrows(IllegalArgumentException.class, () -> HookOutcome.overrideArguments("nope", null));
    }

    @Test
    void contextRequiresToolDataAtToolPoints() {
        assertThrows(IllegalArgumentException.class,
                () -> HookContext.builder(HookPoint.BEFORE_TOOL_CALL, "acme", "ana", "c1").build());
        HookContext c = HookContext.builder(HookPoint.BEFORE_TOOL_CALL, "acme", "ana", "c1")
                .toolCall("workspace_write", "{\"path\":\"a\"}").build();
        assertEquals(Optional.of("workspace_write"), c.toolName());
        assertThrows(IllegalArgumentException.class,
                () -> HookContext.builder(HookPoint.BEFORE_TOOL_CALL, "acme", "ana", "c1").toolCall("t", "bad"));
        assertThrows(IllegalArgumentException.class,
                () -> HookContext.builder(HookPoint.BEFORE_MESSAGE, "acme", "", "c1").build());
        assertTrue(HookContext.builder(HookPoint.SESSION_START, "acme", "ana", "c1").build().message().isEmpty());
    }
}
