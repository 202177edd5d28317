package dev.nexo.channel.whatsapp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountStateTest {
    @TempDir
    Path dir;
    final Harness.MutableClock clock = new Harness.MutableClock();

    AccountState open() {
        return new AccountState(dir.resolve("state.json"), clock, Duration.ofHours(24));
    }

    @Test
    void theJournalSurvivesAnUncleanStop() {
        AccountState first = open();
        first.accepted("wamid.1", "573000000000", clock.instant());
        // no close(): the process died
        AccountState second = open();
        assertTrue(second.seen("wamid.1"));
        assertEquals(clock.instant().plus(Duration.ofHours(24)), second.windowClosesAt("573000000000").orElseThrow());
        assertFalse(second.seen("wamid.2"));
    }

    @Test
    void closeFoldsTheJournalIntoTheSnapshot() {
        AccountState first = open();
        first.accepted("wamid.1", "573000000000", clock.instant());
        first.close();
        assertFalse(Files.exists(dir.resolve("state.journal")));
        assertTrue(Files.exists(dir.resolve("state.json")));
        assertTrue(open().seen("wamid.1"));
    }

    @Test
    void aFullJournalIsCompactedAndOnlyTheNewestIdsAreKept() {
        AccountState s = open();
        for (int i = 0; i < AccountState.MAX_SEEN + 10; i++) {
            s.accepted("wamid." + i, "1", clock.instant());
        }
        AccountState again = open();
        assertFalse(again.seen("wamid.0"), "the oldest ids are forgotten");
        assertTrue(again.seen("wamid." + (AccountState.MAX_SEEN + 9)));
        assertTrue(again.seen("wamid.10"));
    }

    @Test
    void theWindowClosesAfterItsLength() {
        AccountState s = open();
        Instant wrote = clock.instant();
        s.accepted("wamid.1", "1", wrote);
        clock.now = wrote.plus(Duration.ofHours(23));
        assertTrue(s.windowClosesAt("1").isPresent());
        clock.now = wrote.plus(Duration.ofHours(24));
        assertTrue(s.windowClosesAt("1").isEmpty());
        assertTrue(s.windowClosesAt("2").isEmpty());
    }
}
