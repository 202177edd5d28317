package dev.nexo.core.internal.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AdminGuardPublicPathsTest {
    @Test
    void probesAndTheConsoleShellArePublic() {
        for (String p : new String[] {"/health", "/ready", "/metrics", "/admin", "/admin/", "/admin/ui/app.js"}) {
            assertTrue(AdminGuardFilter.isPublic(p), p);
        }
    }

    @Test
    void theApiAndEverythingElseNeedTheKey() {
        for (String p : new String[] {"/admin/api/status", "/admin/api", "/admin/uix", "/admin/ui/../api/status", "/",
            "/admin/api/bundles/1", "/healthz"}) {
            assertFalse(AdminGuardFilter.isPublic(p), p);
        }
    }
}
