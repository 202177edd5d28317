package dev.nexo.api.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nexo.api.trust.Sensitivity;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ToolApiTest {

    @Test
    void descriptorValidatesAndMapsToSpec() {
        ToolDescriptor d = new ToolDescriptor("whatsapp_send_message", "Send a message", "{\"type\":\"object\"}", Sensitivity.WRITE);
        assertEquals("tool.whatsapp_send_message", d.capabilityId());
        assertEquals("whatsapp_send_message", d.toSpec().name());
        assertThrows(IllegalArgumentException.class, () -> new ToolDescriptor("bad name", "", "{}", Sensitivity.READ));
        assertThrows(IllegalArgumentException.class, () -> new ToolDescriptor("t", "", "schema", Sensitivity.READ));
        assertThrows(NullPointerException.class, () -> new ToolDescriptor("t", "", "{}", null));
    }

    @Test
    void contextCarriesMeta() {
        ToolContext c = ToolContext.builder("acme", "ana", "c-1").sessionId("s-1")
                .binding(BindingContext.of("ana", "whatsapp", "personal"))
                .inbound(InboundContext.externalUser("+5491100", "wa.ABCD", Instant.EPOCH, false)).build();
        assertEquals("whatsapp:personal", c.binding().orElseThrow().bindingId());
        assertEquals(InboundKind.EXTERNAL_USER, c.inbound().orElseThrow().kind());
        assertEquals("external_user", InboundKind.EXTERNAL_USER.wireName());
        ToolContext bare = ToolContext.builder("acme", "ana", "c-2").inbound(InboundContext.internalSystem()).build();
        assertTrue(bare.binding().isEmpty());
        assertTrue(bare.inbound().orElseThrow().senderId().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> ToolContext.builder("acme", null, "c").build());
        assertThrows(IllegalArgumentException.class, () -> ToolContext.builder("acme", "ana", "").build());
    }

    @Test
    void resultsAndErrors() {
        assertTrue(ToolResult.error("city not found").isError());
        assertThrows(IllegalArgumentException.class, () -> ToolResult.json("not json"));
        ToolException pending = new ToolException(ToolErrorCode.PENDING_APPROVAL, "waiting", "ap-1", null, null);
        assertEquals(Optional.of("ap-1"), pending.approvalId());
        assertTrue(pending.getMessage().startsWith("pending_approval"));
        assertThrows(IllegalArgumentException.class,
                () -> new ToolException(ToolErrorCode.PENDING_APPROVAL, "waiting"));
        assertEquals("not_allowed", new ToolException(ToolErrorCode.NOT_ALLOWED, "x").code().wireName());
    }
}
