package dev.nexo.core.internal.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AdminGuardFilterTest {
    @Test
    void probesAndChannelWebhooksNeedNoKey() {
        assertTrue(AdminGuardFilter.isPublic("/health"));
        assertTrue(AdminGuardFilter.isPublic("/ready"));
        assertTrue(AdminGuardFilter.isPublic("/metrics"));
        assertTrue(AdminGuardFilter.isPublic("/webhooks/whatsapp/personal"));
        assertTrue(AdminGuardFilter.isPublic("/webhooks/telegram/sales_bot"));
    }

    @Test
    void everythingElseNeedsTheKey() {
        assertFalse(AdminGuardFilter.isPublic("/admin/api/channels"));
        assertFalse(AdminGuardFilter.isPublic("/webhooks"));
        assertFalse(AdminGuardFilter.isPublic("/webhooks/"));
        assertFalse(AdminGuardFilter.isPublic("/webhooksx/whatsapp"));
        assertFalse(AdminGuardFilter.isPublic("/webhooks/../admin/api/channels"));
        assertFalse(AdminGuardFilter.isPublic("/webhooks/whatsapp/.."));
        assertFalse(AdminGuardFilter.isPublic("/webhooks/./x"));
        assertFalse(AdminGuardFilter.isPublic("/webhooks//admin"));
        assertFalse(AdminGuardFilter.isPublic("/health/x"));
    }
}
