package dev.nexo.core.internal.agent.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nexo.api.llm.ChatMessage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionStoreTest {
    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    static final class Recorder implements SessionListener {
        final List<String> started = new ArrayList<>();
        final List<String> ended = new ArrayList<>();

        @Override
        public void started(Session session) {
            started.add(session.key().chatId());
        }

        @Override
        public void ended(Session session, String reason) {
            ended.add(session.key().chatId() + ":" + reason);
        }
    }

    private final ManualClock clock = new ManualClock();
    private final Recorder recorder = new Recorder();

    private static SessionKey key(String chat) {
        return new SessionKey("ana", "telegram:bot", chat);
    }

    private static void turn(SessionStore store, Session s, int i, int keep) {
        store.record(s, ChatMessage.user("q" + i), ChatMessage.assistant("a" + i), keep);
    }

    @Test
    void theWindowKeepsTheLastTurns() {
        SessionStore store = new SessionStore(clock, 10, Duration.ofHours(24), recorder, SessionPersistence.NONE);
        Session s = store.open(key("1"));
        for (int i = 1; i <= 5; i++) {
            turn(store, s, i, 3);
        }
        assertEquals(List.of("q3", "a3", "q4", "a4", "q5", "a5"), s.history(3).stream().map(ChatMessage::content).toList());
        assertEquals(List.of("q5", "a5"), s.history(1).stream().map(ChatMessage::content).toList());
    }

    @Test
    void pastTheCapTheOldestIdleSessionEndsOnce() {
        SessionStore store = new SessionStore(clock, 2, Duration.ofHours(24), recorder, SessionPersistence.NONE);
        store.open(key("a"));
        clock.advance(Duration.ofMinutes(1));
        store.open(key("b"));
        clock.advance(Duration.ofMinutes(1));
        store.open(key("a")); // a is now the most recently used
        clock.advance(Duration.ofMinutes(1));

        store.open(key("c"));

        assertEquals(List.of("b:evicted"), recorder.ended);
        assertEquals(2, store.size());
        assertFalse(store.close(key("b")), "an ended session does not end again");
    }

    @Test
    void theSweeperEndsIdleSessionsAndAccessRefreshesTheTtl() {
        SessionStore store = new SessionStore(clock, 10, Duration.ofHours(24), recorder, SessionPersistence.NONE);
        Session first = store.open(key("idle"));
        store.open(key("busy"));
        clock.advance(Duration.ofHours(23));
        store.open(key("busy"));
        clock.advance(Duration.ofHours(2));

        store.sweep();
        store.sweep();

        assertEquals(List.of("idle:ttl"), recorder.ended);
        assertNotSame(first, store.open(key("idle")), "a new session replaces the ended one");
        assertEquals(List.of("idle", "busy", "idle"), recorder.started);
    }

    @Test
    void sessionsSurviveARestart(@TempDir Path dir) {
        SessionFiles files = new SessionFiles(dir);
        SessionStore store = new SessionStore(clock, 10, Duration.ofHours(24), recorder, files);
        Session s = store.open(key("42"));
        turn(store, s, 1, 50);
        turn(store, s, 2, 50);
        files.close();

        SessionFiles reopened = new SessionFiles(dir);
        SessionStore after = new SessionStore(clock, 10, Duration.ofHours(24), recorder, reopened);
        after.restore();
        Session back = after.open(key("42"));

        assertEquals(s.id(), back.id());
        assertEquals(List.of("q1", "a1", "q2", "a2"), back.history(50).stream().map(ChatMessage::content).toList());
        reopened.close();
    }

    @Test
    void anEndedSessionLeavesNoFileBehind(@TempDir Path dir) throws Exception {
        SessionFiles files = new SessionFiles(dir);
        SessionStore store = new SessionStore(clock, 10, Duration.ofHours(1), recorder, files);
        Session s = store.open(key("42"));
        turn(store, s, 1, 50);
        clock.advance(Duration.ofHours(2));
        store.sweep();
        files.close();

        try (var listing = java.nio.file.Files.list(dir)) {
            assertEquals(0, listing.count());
        }
        assertSame(1, recorder.ended.size());
        assertTrue(recorder.ended.get(0).endsWith(":ttl"));
    }
}
