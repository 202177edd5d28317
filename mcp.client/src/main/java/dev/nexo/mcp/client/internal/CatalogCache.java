package dev.nexo.mcp.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last listing of one server ({@code tools/list}, {@code prompts/list}, capabilities), kept in
 * a file under the state root so a lazily started server's tools are offered at start-up without
 * spawning it. The file names the server's {@link ServerSettings#targetDigest() target}: a listing
 * of other code (changed command or URL) is ignored. Written atomically (temporary file, then
 * move); a missing, unreadable or foreign file reads as empty, and the server is then listed live.
 * The listing holds tool names, descriptions and schemas only — never the server's env or headers.
 */
final class CatalogCache {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogCache.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FORMAT = 1;

    private final Path file;

    /** @param file where the listing is kept; null keeps nothing (tests, no state root) */
    CatalogCache(Path file) {
        this.file = file;
    }

    /** @return a cache that keeps nothing */
    static CatalogCache none() {
        return new CatalogCache(null);
    }

    /** @return the cache file of server {@code name} under {@code stateRoot}: {@code data/mcp-client/<name>.catalog.json} */
    static CatalogCache under(Path stateRoot, String name) {
        return new CatalogCache(stateRoot.resolve("data").resolve("mcp-client").resolve(name + ".catalog.json"));
    }

    Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** @return the cached listing of {@code target}, if there is a readable one */
    Optional<Catalog.Listing> read(String target) {
        if (file == null || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            if (root.path("format").asInt() != FORMAT || !target.equals(root.path("target").asText())) {
                LOG.info("mcp catalogue cache {} is for another server definition; listing the server live", file.getFileName());
                return Optional.empty();
            }
            List<JsonNode> tools = new ArrayList<>();
            root.path("tools").forEach(tools::add);
            List<JsonNode> prompts = new ArrayList<>();
            root.path("prompts").forEach(prompts::add);
            JsonNode caps = root.path("capabilities");
            return Optional.of(new Catalog.Listing(caps.isObject() ? caps : JSON.createObjectNode(), tools, prompts));
        } catch (IOException | RuntimeException e) {
            LOG.warn("mcp catalogue cache {} unreadable ({}); listing the server live", file.getFileName(), e.toString());
            return Optional.empty();
        }
    }

    /** Keeps {@code listing} as the latest of {@code target}; a failure is logged, never thrown. */
    void write(String target, Catalog.Listing listing) {
        if (file == null) {
            return;
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("target", target);
        root.set("capabilities", listing.capabilities());
        listing.tools().forEach(root.putArray("tools")::add);
        listing.prompts().forEach(root.putArray("prompts")::add);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            try {
                JSON.writeValue(tmp.toFile(), root);
                try {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            LOG.warn("mcp catalogue cache {} not written: {}", file.getFileName(), e.toString());
        }
    }
}
