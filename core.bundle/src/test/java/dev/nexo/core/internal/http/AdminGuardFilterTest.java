package dev.nexo.core.internal.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which paths skip the connection-key check. */
class AdminGuardFilterTest {
    @Test
    void probesAndChannelWebhooksNeedNoKey() {
        assertTrue(AdminGuardFilter.isPublic("/health"));
        assertTrue(AdminGuardFilter.isPublic("/metrics"));
        assertTrue(AdminGuardFilter.isPublic("/webhooks/telegram/sales_bot"));
        assertTrue(AdminGuardFilter.isPublic("/webhooks/whatsapp/personal"));
    }

    @Test
    void everythingElseNeedsTheKey() {
        assertFalse(AdminGuardFilter.isPublic("/admin/api/channels"));
        assertFalse(AdminGuardFilter.isPublic("/webhooks/"));
        assertFalse(AdminGuardFilter.isPublic("/webhooks"));
        assertFalse(AdminGuardFilter.isPublic("/webhooksx/a"));
        assertFalse(AdminGuardFilter.isPublic("/api/webhooks/a"));
    }

    @Test
    void dotSegmentsCannotEscapeTheWebhookPrefix() {
        assertFalse(AdminGuardFilter.isPublic("/webhooks/../admin/api/config"));
        assertFalse(AdminGuardFilter.isPublic("/webhooks/./x"));
        assertFalse(AdminGuardFilter.isPublic("/webhooks//x"));
        assertFalse(AdminGuardFilter.isPublic("/webhooks/a;/../../admin"));
        assertFalse(AdminGuardFilter.isPublic("/webhooks/a\\..\\admin"));
    }
}
