package dev.nexo.mcp.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalogue cache: round trip, listings of another server definition ignored, a broken file ignored. */
class CatalogCacheTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static Catalog.Listing listing() throws Exception {
        JsonNode caps = JSON.readTree("{\"tools\":{},\"resources\":{}}");
        return new Catalog.Listing(caps, List.of(JSON.readTree("{\"name\":\"echo\",\"description\":\"Echoes\","
                + "\"inputSchema\":{\"type\":\"object\"}}")), List.of());
    }

    @Test
    void aListingIsReadBackForTheSameTargetOnly() throws Exception {
        CatalogCache cache = CatalogCache.under(dir, "srv");
        cache.write("mcp:srv:aaaa", listing());

        assertEquals(listing(), cache.read("mcp:srv:aaaa").orElseThrow());
        assertTrue(cache.read("mcp:srv:bbbb").isEmpty(), "a changed command or URL ignores the cached list");
        assertTrue(Files.isRegularFile(dir.resolve("data/mcp-client/srv.catalog.json")));
    }

    @Test
    void anUnreadableFileReadsAsEmpty() throws Exception {
        Path f = Files.createDirectories(dir.resolve("data/mcp-client")).resolve("srv.catalog.json");
        Files.writeString(f, "{not json");

        assertTrue(CatalogCache.under(dir, "srv").read("mcp:srv:aaaa").isEmpty());
        assertTrue(CatalogCache.none().read("x").isEmpty());
    }
}
