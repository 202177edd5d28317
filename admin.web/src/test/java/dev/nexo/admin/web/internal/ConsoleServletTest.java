package dev.nexo.admin.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ConsoleServletTest {
    @Test
    void mapsOnlyPlainAssetNames() {
        assertEquals("index.html", ConsoleServlet.resource("/admin", null));
        assertEquals("index.html", ConsoleServlet.resource("/admin/", null));
        assertEquals("app.js", ConsoleServlet.resource("/admin/ui", "/app.js"));
        assertNull(ConsoleServlet.resource("/admin/ui", "/../app.js"));
        assertNull(ConsoleServlet.resource("/admin/ui", "/index.html"));
        assertNull(ConsoleServlet.resource("/admin/ui", null));
    }

    @Test
    void theShippedAssetsExist() {
        for (String f : new String[] {"index.html", "app.js", "app.css"}) {
            assertNotNull(ConsoleServlet.class.getResourceAsStream("/console/" + f), f);
        }
    }
}
