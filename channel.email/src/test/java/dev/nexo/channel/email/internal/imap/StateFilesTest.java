package dev.nexo.channel.email.internal.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.search.SearchTerm;
import jakarta.mail.search.SubjectTerm;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFilesTest {
    @TempDir
    Path dir;

    @Test
    void cursorSurvivesARestartAndResetsWhenUidValidityChanges() {
        CursorStore c = new CursorStore(dir.resolve("cursor.properties"));
        assertFalse(c.validate(100), "first run is no change");
        c.advance(7);
        c.advance(3);
        CursorStore again = new CursorStore(dir.resolve("cursor.properties"));
        assertEquals(7, again.lastUid());
        assertFalse(again.validate(100));
        assertTrue(again.validate(200), "a recreated mailbox resets the cursor");
        assertEquals(0, again.lastUid());
        assertEquals(0, new CursorStore(dir.resolve("cursor.properties")).lastUid());
    }

    @Test
    void threadRootsFollowKnownParentsAndReferences() {
        ThreadIndex idx = new ThreadIndex(dir.resolve("threads.json"));
        assertEquals("<a@x>", idx.rootOf("<a@x>", null, List.of()));
        ThreadIndex.Entry root = new ThreadIndex.Entry();
        root.root = "<a@x>";
        root.from = "alice@x.org";
        root.subject = "Hi";
        idx.put("<a@x>", root, "alice@x.org");
        assertEquals("<a@x>", idx.rootOf("<c@x>", "<a@x>", List.of()));
        assertEquals("<r@x>", idx.rootOf("<d@x>", "<p@x>", List.of("<r@x>", "<p@x>")), "unknown: first reference");
        ThreadIndex reloaded = new ThreadIndex(dir.resolve("threads.json"));
        assertEquals("alice@x.org", reloaded.thread("<a@x>").orElseThrow().peer);
        assertEquals("<a@x>", reloaded.thread("<a@x>").orElseThrow().lastMessageId);
    }

    @Test
    void searchStringsLoseTheirLineBreaks() {
        assertEquals("report A001 LOGOUT", MailboxOps.clean("report\r\nA001 LOGOUT"));
        SearchTerm t = MailboxOps.term(new MailboxOps.Query(null, null, null, "x\ry", null, null, null, null, 0));
        assertEquals("x y", ((SubjectTerm) t).getPattern());
    }
}
