package dev.nexo.channel.email.internal.imap;

import dev.nexo.channel.email.internal.MailSessions;
import dev.nexo.channel.email.internal.Settings;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.search.AndTerm;
import jakarta.mail.search.BodyTerm;
import jakarta.mail.search.ComparisonTerm;
import jakarta.mail.search.FlagTerm;
import jakarta.mail.search.FromStringTerm;
import jakarta.mail.search.HeaderTerm;
import jakarta.mail.search.ReceivedDateTerm;
import jakarta.mail.search.RecipientStringTerm;
import jakarta.mail.search.SearchTerm;
import jakarta.mail.search.SubjectTerm;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;

/**
 * Folder operations for the agent tools (archive, move, search), each on a short connection of its
 * own so the inbound IDLE connection is never disturbed. Every user-supplied string passes
 * {@link #clean(String)} (CR/LF and other controls collapsed to a space) before it reaches a
 * search term; Angus Mail then sends it as an RFC 3501 quoted string or literal, never as an atom.
 */
public final class MailboxOps implements AutoCloseable {
    /** Default and largest number of search results. */
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    private final Settings settings;
    private final Session session;
    private final ThreadIndex threads;
    private final ExecutorService executor;

    /**
     * @param settings the mailbox
     * @param session its mail session
     * @param threads the thread index (message id to UID)
     */
    public MailboxOps(Settings settings, Session session, ThreadIndex threads) {
        this.settings = settings;
        this.session = session;
        this.threads = threads;
        this.executor = Executors.newSingleThreadExecutor(MailSessions.threads("nexo-email-" + settings.instance + "-ops"));
    }

    /** Search criteria; null fields are not constrained. */
    public record Query(String folder, String from, String to, String subject, String body, LocalDate since,
            LocalDate before, Boolean seen, int limit) {
    }

    /** One search hit. */
    public record Hit(long uid, String messageId, String from, String subject, String date) {
    }

    /**
     * @param s user text
     * @return the text with CR, LF and other control characters replaced by spaces
     */
    public static String clean(String s) {
        if (s == null) {
            return null;
        }
        return s.replaceAll("\\p{Cntrl}+", " ").strip();
    }

    /**
     * @param q the query
     * @return the hits, newest first, at most {@code limit}
     */
    public CompletionStage<List<Hit>> search(Query q) {
        return run(() -> {
            String folderName = q.folder() == null ? settings.inboxFolder : clean(q.folder());
            return withFolder(folderName, Folder.READ_ONLY, (store, f) -> {
                Message[] found = f.search(term(q));
                int limit = Math.max(1, Math.min(MAX_LIMIT, q.limit() <= 0 ? DEFAULT_LIMIT : q.limit()));
                List<Hit> hits = new ArrayList<>();
                for (int i = found.length - 1; i >= 0 && hits.size() < limit; i--) {
                    Message m = found[i];
                    String from = m.getFrom() == null || m.getFrom().length == 0 ? ""
                            : ((InternetAddress) m.getFrom()[0]).getAddress();
                    String[] ids = m.getHeader("Message-ID");
                    hits.add(new Hit(f.getUID(m), ids == null ? null : ids[0], from, m.getSubject(),
                            m.getSentDate() == null ? null : m.getSentDate().toInstant().toString()));
                }
                return hits;
            });
        });
    }

    /**
     * Moves a message (by Message-ID) out of the inbox. The configured archive folder is created
     * when missing; any other target must exist (no folders are made up on an agent's word).
     *
     * @param messageId the message's Message-ID
     * @param target folder name, or null for the archive folder
     * @return completes when moved; fails when the message or folder is not found
     */
    public CompletionStage<Void> move(String messageId, String target) {
        String dest = target == null ? settings.archiveFolder : clean(target);
        String id = clean(messageId);
        return run(() -> withFolder(settings.inboxFolder, Folder.READ_WRITE, (store, f) -> {
            Message m = find(f, id);
            Mailboxes.move(store, f, new Message[] {m}, dest, target == null);
            return null;
        }));
    }

    private Message find(IMAPFolder f, String messageId) throws MessagingException {
        var entry = threads.message(messageId);
        if (entry.isPresent() && entry.get().uid > 0) {
            Message m = f.getMessageByUID(entry.get().uid);
            if (m != null && messageId.equals(first(m.getHeader("Message-ID")))) {
                return m;
            }
        }
        Message[] found = f.search(new HeaderTerm("Message-ID", messageId));
        if (found.length == 0) {
            throw new MessagingException("no message " + messageId + " in " + f.getFullName());
        }
        return found[0];
    }

    private static String first(String[] values) {
        return values == null || values.length == 0 ? null : values[0].strip();
    }

    static SearchTerm term(Query q) {
        List<SearchTerm> terms = new ArrayList<>();
        if (q.from() != null) {
            terms.add(new FromStringTerm(clean(q.from())));
        }
        if (q.to() != null) {
            terms.add(new RecipientStringTerm(Message.RecipientType.TO, clean(q.to())));
        }
        if (q.subject() != null) {
            terms.add(new SubjectTerm(clean(q.subject())));
        }
        if (q.body() != null) {
            terms.add(new BodyTerm(clean(q.body())));
        }
        if (q.since() != null) {
            terms.add(new ReceivedDateTerm(ComparisonTerm.GE, date(q.since())));
        }
        if (q.before() != null) {
            terms.add(new ReceivedDateTerm(ComparisonTerm.LT, date(q.before())));
        }
        if (q.seen() != null) {
            terms.add(new FlagTerm(new jakarta.mail.Flags(jakarta.mail.Flags.Flag.SEEN), q.seen()));
        }
        if (terms.isEmpty()) {
            return new FlagTerm(new jakarta.mail.Flags(), true); // matches everything
        }
        return terms.size() == 1 ? terms.get(0) : new AndTerm(terms.toArray(new SearchTerm[0]));
    }

    private static Date date(LocalDate d) {
        return Date.from(d.atStartOfDay().toInstant(ZoneOffset.UTC));
    }

    private interface FolderWork<T> {
        T run(IMAPStore store, IMAPFolder folder) throws MessagingException;
    }

    private interface Work<T> {
        T run() throws MessagingException;
    }

    private <T> T withFolder(String name, int mode, FolderWork<T> work) throws MessagingException {
        IMAPStore store = (IMAPStore) session.getStore(MailSessions.imapProtocol(settings));
        try {
            store.connect(settings.imapHost, settings.imapPort, settings.username, settings.secret());
            IMAPFolder f = (IMAPFolder) store.getFolder(name);
            if (!f.exists()) {
                throw new MessagingException("folder does not exist: " + name);
            }
            f.open(mode);
            try {
                return work.run(store, f);
            } finally {
                f.close(false);
            }
        } finally {
            store.close();
        }
    }

    private <T> CompletionStage<T> run(Work<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    result.complete(work.run());
                } catch (MessagingException | RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("email " + settings.instance + " is stopped"));
        }
        return result;
    }

    /** @return the lower-case instance, for logs */
    @Override
    public String toString() {
        return "MailboxOps[" + settings.instance.toLowerCase(Locale.ROOT) + ']';
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
