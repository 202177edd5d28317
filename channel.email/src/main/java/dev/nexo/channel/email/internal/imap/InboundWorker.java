package dev.nexo.channel.email.internal.imap;

import dev.nexo.api.channel.ChannelState;
import dev.nexo.api.fault.Backoff;
import dev.nexo.channel.email.internal.AfterProcessing;
import dev.nexo.channel.email.internal.Health;
import dev.nexo.channel.email.internal.MailSessions;
import dev.nexo.channel.email.internal.Metrics;
import dev.nexo.channel.email.internal.Settings;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.FolderClosedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.StoreClosedException;
import jakarta.mail.UIDFolder;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one mailbox: connect, check UIDVALIDITY, hand every message above the cursor to the
 * {@link InboundProcessor} (advancing the cursor only once the gateway accepted it), then wait
 * with IDLE (re-issued before the RFC's 29 minutes) or sleep the poll interval. Any connection
 * failure marks the channel {@code RECONNECTING} and retries with jittered backoff.
 */
public final class InboundWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InboundWorker.class);
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(60);

    private final Settings settings;
    private final Session session;
    private final CursorStore cursor;
    private final InboundProcessor processor;
    private final Health health;
    private final Metrics metrics;
    private final Backoff backoff;
    private final ExecutorService loop;
    private final ScheduledExecutorService timer;
    private final Object sleepLock = new Object();
    private volatile boolean running;
    private volatile boolean arrived;
    private volatile IMAPStore store;
    private volatile IMAPFolder folder;

    /**
     * @param settings the mailbox
     * @param session its mail session
     * @param cursor the persisted cursor
     * @param processor what to do with each message
     * @param health where to report state
     * @param metrics where to count
     */
    public InboundWorker(Settings settings, Session session, CursorStore cursor, InboundProcessor processor,
            Health health, Metrics metrics) {
        this.settings = settings;
        this.session = session;
        this.cursor = cursor;
        this.processor = processor;
        this.health = health;
        this.metrics = metrics;
        this.backoff = Backoff.decorrelatedJitter(settings.reconnectBase, settings.reconnectCap,
                () -> ThreadLocalRandom.current().nextDouble());
        String name = "nexo-email-" + settings.instance;
        this.loop = Executors.newSingleThreadExecutor(MailSessions.threads(name + "-imap"));
        this.timer = Executors.newSingleThreadScheduledExecutor(MailSessions.threads(name + "-idle"));
    }

    /** Starts reading in the background. */
    public void start() {
        running = true;
        loop.execute(this::run);
    }

    private void run() {
        int attempt = 0;
        Duration delay = null;
        while (running) {
            try {
                connect();
                attempt = 0;
                delay = null;
                health.state(ChannelState.CONNECTED, "");
                LOG.info("email {}: connected to {}:{} folder {}", settings.instance, settings.imapHost,
                        settings.imapPort, settings.inboxFolder);
                while (running) {
                    arrived = false;
                    drain();
                    if (!arrived) {
                        waitForMail();
                    }
                }
            } catch (Exception e) {
                if (!running) {
                    break;
                }
                attempt++;
                delay = backoff.delay(attempt, delay);
                String why = describe(e);
                health.state(ChannelState.RECONNECTING, "imap: " + why);
                LOG.warn("email {}: IMAP failed ({}); retry {} in {} ms", settings.instance, why, attempt,
                        delay.toMillis());
                disconnect();
                sleep(delay);
            } finally {
                if (!running) {
                    disconnect();
                }
            }
        }
    }

    private void connect() throws MessagingException {
        IMAPStore s = (IMAPStore) session.getStore(MailSessions.imapProtocol(settings));
        store = s;
        s.connect(settings.imapHost, settings.imapPort, settings.username, settings.secret());
        IMAPFolder f = (IMAPFolder) s.getFolder(settings.inboxFolder);
        f.open(Folder.READ_WRITE);
        // EXISTS can arrive between the last fetch and IDLE's start, when IDLE would not return for it:
        // note it, and end the IDLE shortly after (or skip it) so the new mail is drained.
        f.addMessageCountListener(new MessageCountAdapter() {
            @Override
            public void messagesAdded(MessageCountEvent e) {
                LOG.debug("email {}: {} new message(s) announced", settings.instance, e.getMessages().length);
                arrived = true;
                try {
                    timer.schedule(() -> poke(f), 100, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.RejectedExecutionException stopped) {
                    // closing
                }
            }
        });
        folder = f;
        if (cursor.validate(f.getUIDValidity())) {
            LOG.warn("email {}: email.uidvalidity.changed, cursor reset to 0", settings.instance);
        }
    }

    private void drain() throws Exception {
        IMAPFolder f = folder;
        long last = cursor.lastUid();
        Message[] fresh = f.getMessagesByUID(last + 1, UIDFolder.MAXUID);
        long[] uids = new long[fresh.length];
        for (int i = 0; i < fresh.length; i++) {
            uids[i] = f.getUID(fresh[i]);
        }
        for (long uid : uids) {
            if (!running || uid <= cursor.lastUid()) {
                continue; // "n:*" always matches the highest message, even below n
            }
            Message m = f.getMessageByUID(uid);
            if (m == null || m.isExpunged()) {
                cursor.advance(uid);
                continue;
            }
            handle((MimeMessage) m, uid, f);
        }
    }

    private void handle(MimeMessage m, long uid, IMAPFolder f) throws Exception {
        InboundProcessor.Outcome outcome;
        try {
            outcome = processor.process(m, uid, f.getUIDValidity()).toCompletableFuture()
                    .get(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (FolderClosedException | StoreClosedException e) {
            throw e;
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            throw new IllegalStateException("gateway did not accept message uid " + uid + ": " + describe(e), e);
        } catch (MessagingException | java.io.IOException | RuntimeException e) {
            if (!f.isOpen() || !store.isConnected()) {
                throw e;
            }
            // One unreadable message must not block the mailbox: it stays unseen on the server.
            LOG.warn("email {}: skipping unreadable message uid {}: {}", settings.instance, uid, describe(e));
            metrics.inbound("unreadable");
            cursor.advance(uid);
            return;
        }
        cursor.advance(uid);
        metrics.inbound(outcome.name().toLowerCase(java.util.Locale.ROOT));
        if (outcome == InboundProcessor.Outcome.PUBLISHED) {
            health.inbound();
        }
        LOG.debug("email {}: uid {} {}", settings.instance, uid, outcome);
        after(m, f);
    }

    private void after(MimeMessage m, IMAPFolder f) throws MessagingException {
        if (settings.afterProcessing == AfterProcessing.SEEN) {
            m.setFlag(Flags.Flag.SEEN, true);
        } else if (settings.afterProcessing == AfterProcessing.MOVE) {
            Mailboxes.move(store, f, new Message[] {m}, settings.archiveFolder, true);
        }
    }

    private void waitForMail() throws MessagingException {
        IMAPFolder f = folder;
        if (settings.imapIdle && store.hasCapability("IDLE")) {
            // Any protocol access on the folder ends IDLE; a timer does that before the server's 29 minutes.
            ScheduledFuture<?> reissue = timer.schedule(() -> poke(f), settings.idleReissue.toMillis(),
                    TimeUnit.MILLISECONDS);
            try {
                f.idle(true);
            } finally {
                reissue.cancel(false);
            }
            if (!f.isOpen()) {
                throw new FolderClosedException(f, "folder closed during IDLE");
            }
        } else {
            sleep(settings.pollInterval);
            f.getMessageCount(); // NOOP: notices a dead connection before the next fetch
        }
    }

    /** Ends a running IDLE: any protocol access on the folder sends DONE first (and nothing else here). */
    private static void poke(IMAPFolder f) {
        try {
            f.doCommand(protocol -> null);
        } catch (MessagingException | RuntimeException e) {
            // the loop sees the failure on its next command
        }
    }

    private void sleep(Duration d) {
        synchronized (sleepLock) {
            if (!running) {
                return;
            }
            try {
                sleepLock.wait(Math.max(1, d.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    private void disconnect() {
        IMAPFolder f = folder;
        folder = null;
        IMAPStore s = store;
        store = null;
        try {
            if (f != null && f.isOpen()) {
                f.close(false);
            }
        } catch (Exception e) {
            LOG.debug("email {}: folder close: {}", settings.instance, e.toString());
        }
        try {
            if (s != null) {
                s.close();
            }
        } catch (Exception e) {
            LOG.debug("email {}: store close: {}", settings.instance, e.toString());
        }
    }

    /** @return whether the IMAP connection is up */
    public boolean connected() {
        IMAPStore s = store;
        return s != null && s.isConnected() && health.state() == ChannelState.CONNECTED;
    }

    static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && (t.getMessage() == null || t instanceof java.util.concurrent.ExecutionException)) {
            t = t.getCause();
        }
        String msg = t.getMessage();
        return t.getClass().getSimpleName() + (msg == null ? "" : ": " + msg.replaceAll("[\\r\\n]+", " "));
    }

    /** Stops reading and closes the connection; waits for the thread to end. */
    @Override
    public void close() {
        running = false;
        synchronized (sleepLock) {
            sleepLock.notifyAll();
        }
        IMAPStore s = store;
        if (s != null) {
            try {
                s.close(); // ends a blocking IDLE
            } catch (Exception e) {
                LOG.debug("email {}: store close: {}", settings.instance, e.toString());
            }
        }
        timer.shutdownNow();
        loop.shutdownNow();
        try {
            if (!loop.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("email {}: IMAP thread did not stop in 10 s", settings.instance);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
