package dev.nexo.core.internal.agent.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nexo.api.llm.ChatMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions as one small JSON file each ({@code <dir>/<session id>.json}, written to a temp file
 * and moved), written behind the turn by one thread: a save only marks the session dirty, so the
 * turn's hot path does no I/O; the write follows {@value #FLUSH_DELAY_MS} ms later, and every
 * turn of that session in between goes into the same write. A crash therefore loses at most the
 * turns of the last {@value #FLUSH_DELAY_MS} ms (at conversational pace: the last turn);
 * {@link #close()} writes everything pending.
 */
public final class SessionFiles implements SessionPersistence, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionFiles.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Turns of one session within this window become one write. */
    static final long FLUSH_DELAY_MS = 100;

    private final Path dir;
    private final Map<String, Session> dirty = new ConcurrentHashMap<>();
    private final ScheduledExecutorService writer;

    /** @param dir the sessions directory; created if missing */
    public SessionFiles(Path dir) {
        this.dir = dir;
        this.writer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nexo-agent-sessions");
            t.setDaemon(true);
            return t;
        });
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create sessions directory " + dir, e);
        }
    }

    @Override
    public void save(Session session) {
        if (dirty.put(session.id(), session) == null) {
            writer.schedule(() -> flush(session.id()), FLUSH_DELAY_MS, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void delete(String sessionId) {
        dirty.remove(sessionId);
        writer.execute(() -> {
            try {
                Files.deleteIfExists(file(sessionId));
            } catch (IOException e) {
                LOG.warn("cannot delete session file {}: {}", sessionId, e.toString());
            }
        });
    }

    @Override
    public List<Stored> load() {
        List<Stored> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".json"))::iterator) {
                try {
                    out.add(read(JSON.readTree(f.toFile())));
                } catch (IOException | RuntimeException e) {
                    LOG.warn("skipping unreadable session file {}: {}", f.getFileName(), e.toString());
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot list sessions in {}: {}", dir, e.toString());
        }
        return out;
    }

    /** Writes everything pending, then stops the writer thread. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List.copyOf(dirty.keySet()).forEach(this::flush);
    }

    private void flush(String id) {
        Session s = dirty.remove(id);
        if (s == null) {
            return;
        }
        try {
            Path tmp = dir.resolve(id + ".tmp");
            JSON.writeValue(tmp.toFile(), write(s));
            Files.move(tmp, file(id), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("cannot write session {}: {}", id, e.toString());
        }
    }

    private Path file(String id) {
        return dir.resolve(id + ".json");
    }

    private static ObjectNode write(Session s) {
        ObjectNode n = JSON.createObjectNode().put("id", s.id()).put("agent", s.key().agentId())
                .put("channel", s.key().channel()).put("chat", s.key().chatId())
                .put("created_at", s.createdAt().toString()).put("last_access", s.lastAccess().toString());
        ArrayNode turns = n.putArray("turns");
        for (ChatMessage[] t : s.turnsCopy()) {
            turns.addArray().add(t[0].content()).add(t[1].content());
        }
        return n;
    }

    private static Stored read(JsonNode n) {
        List<ChatMessage[]> turns = new ArrayList<>();
        n.path("turns").forEach(t -> turns.add(new ChatMessage[] {
            ChatMessage.user(t.path(0).asText()), ChatMessage.assistant(t.path(1).asText())}));
        SessionKey key = new SessionKey(n.path("agent").asText(), n.path("channel").asText(), n.path("chat").asText());
        return new Stored(n.path("id").asText(), key, Instant.parse(n.path("created_at").asText()),
                Instant.parse(n.path("last_access").asText()), turns);
    }
}
