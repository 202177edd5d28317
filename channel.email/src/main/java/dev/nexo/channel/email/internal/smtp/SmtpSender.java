package dev.nexo.channel.email.internal.smtp;

import dev.nexo.api.channel.ChannelErrorCode;
import dev.nexo.api.channel.ChannelException;
import dev.nexo.api.fault.Backoff;
import dev.nexo.api.fault.CircuitBreaker;
import dev.nexo.api.message.DeliveryReceipt;
import dev.nexo.api.message.OutboundMessage;
import dev.nexo.channel.email.internal.Health;
import dev.nexo.channel.email.internal.MailSessions;
import dev.nexo.channel.email.internal.Metrics;
import dev.nexo.channel.email.internal.Settings;
import dev.nexo.channel.email.internal.imap.ThreadIndex;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends through SMTP on its own thread, behind the shared circuit breaker. Transient failures
 * (4xx, connection trouble, an open breaker) are retried with jittered backoff up to
 * {@code maxSendAttempts} (5) attempts; a permanent 5xx or the last failed attempt puts the
 * message on the dead-letter list and fails the send, which the core publishes as a failed
 * delivery receipt.
 */
public final class SmtpSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SmtpSender.class);

    private final Settings settings;
    private final Session session;
    private final Composer composer;
    private final ThreadIndex threads;
    private final DeadLetters deadLetters;
    private final CircuitBreaker breaker;
    private final Backoff backoff;
    private final Health health;
    private final Metrics metrics;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final java.util.Set<CompletableFuture<DeliveryReceipt>> pending = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * @param settings the mailbox
     * @param session its mail session
     * @param threads the thread index
     * @param deadLetters the dead-letter list
     * @param health where to record sends
     * @param metrics where to count
     * @param clock time source
     */
    public SmtpSender(Settings settings, Session session, ThreadIndex threads, DeadLetters deadLetters, Health health,
            Metrics metrics, Clock clock) {
        this.settings = settings;
        this.session = session;
        this.composer = new Composer(settings, session, threads, clock);
        this.threads = threads;
        this.deadLetters = deadLetters;
        this.breaker = new CircuitBreaker("email.smtp." + settings.instance, CircuitBreaker.Settings.DEFAULTS, clock,
                (name, from, to) -> LOG.warn("email {}: SMTP circuit {} -> {}", settings.instance, from, to));
        this.backoff = Backoff.decorrelatedJitter(settings.retryBase, settings.retryCap,
                () -> ThreadLocalRandom.current().nextDouble());
        this.health = health;
        this.metrics = metrics;
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor(
                MailSessions.threads("nexo-email-" + settings.instance + "-smtp"));
    }

    /**
     * @param out the message
     * @return the SENT receipt with the Message-ID, or failure with a {@link ChannelException}
     */
    public CompletionStage<DeliveryReceipt> send(OutboundMessage out) {
        CompletableFuture<DeliveryReceipt> result = new CompletableFuture<>();
        pending.add(result);
        result.whenComplete((r, e) -> pending.remove(result));
        try {
            executor.execute(() -> start(out, result));
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new ChannelException(ChannelErrorCode.UNAVAILABLE, "email channel stopped"));
        }
        return result;
    }

    private void start(OutboundMessage out, CompletableFuture<DeliveryReceipt> result) {
        Composer.Composed composed;
        try {
            composed = composer.compose(out);
        } catch (ChannelException e) {
            metrics.outbound("failed");
            result.completeExceptionally(e);
            return;
        }
        attempt(out, composed, 1, null, result);
    }

    private void attempt(OutboundMessage out, Composer.Composed c, int attempt, Duration previous,
            CompletableFuture<DeliveryReceipt> result) {
        Failure failure;
        if (!breaker.tryAcquire()) {
            failure = new Failure(false, ChannelErrorCode.UNAVAILABLE, "SMTP circuit open");
        } else {
            try {
                transmit(c);
                breaker.onSuccess();
                sent(out, c, result);
                return;
            } catch (MessagingException | RuntimeException e) {
                failure = classify(e);
                if (failure.permanent) {
                    breaker.onSuccess(); // the server answered: a rejected message is no outage
                } else {
                    breaker.onFailure();
                }
            }
        }
        if (failure.permanent || attempt >= settings.maxSendAttempts) {
            deadLetter(out, c, attempt, failure, result);
            return;
        }
        Duration delay = backoff.delay(attempt, previous);
        if (!failure.permanent && breaker.retryAfter().compareTo(delay) > 0) {
            delay = breaker.retryAfter();
        }
        metrics.outbound("retried");
        LOG.info("email {}: send attempt {} failed ({}); retry in {} ms", settings.instance, attempt, failure.reason,
                delay.toMillis());
        Duration used = delay;
        try {
            executor.schedule(() -> attempt(out, c, attempt + 1, used, result), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            deadLetter(out, c, attempt, new Failure(false, ChannelErrorCode.UNAVAILABLE, "channel stopped"), result);
        }
    }

    private void transmit(Composer.Composed c) throws MessagingException {
        try (Transport t = session.getTransport(MailSessions.smtpProtocol(settings))) {
            if (settings.secret().isEmpty()) {
                t.connect(settings.smtpHost, settings.smtpPort, null, null);
            } else {
                t.connect(settings.smtpHost, settings.smtpPort, settings.username, settings.secret());
            }
            t.sendMessage(c.mime(), c.mime().getAllRecipients());
        }
    }

    private void sent(OutboundMessage out, Composer.Composed c, CompletableFuture<DeliveryReceipt> result) {
        try {
            ThreadIndex.Entry e = new ThreadIndex.Entry();
            e.root = c.root();
            e.from = settings.address;
            e.subject = c.mime().getSubject();
            e.references = new ArrayList<>(Composer.ids(c.mime().getHeader("References", " ")));
            threads.put(c.messageId(), e, null);
        } catch (MessagingException | RuntimeException ex) {
            LOG.warn("email {}: sent {} but could not index it: {}", settings.instance, c.messageId(), ex.toString());
        }
        health.outbound();
        metrics.outbound("sent");
        LOG.debug("email {}: sent {}", settings.instance, c.messageId());
        result.complete(DeliveryReceipt.sent(out, c.messageId(), clock.instant()));
    }

    private void deadLetter(OutboundMessage out, Composer.Composed c, int attempts, Failure failure,
            CompletableFuture<DeliveryReceipt> result) {
        try {
            deadLetters.add(out, c.messageId(), attempts, failure.reason, clock.instant());
        } catch (RuntimeException e) {
            LOG.error("email {}: could not dead-letter {}: {}", settings.instance, c.messageId(), e.toString());
        }
        metrics.outbound("dead_lettered");
        LOG.warn("email {}: {} dead-lettered after {} attempt(s): {}", settings.instance, c.messageId(), attempts,
                failure.reason);
        result.completeExceptionally(new ChannelException(failure.code, failure.reason));
    }

    static Failure classify(Throwable e) {
        for (Throwable t = e; t != null; t = next(t)) {
            if (t instanceof AuthenticationFailedException) {
                return new Failure(true, ChannelErrorCode.AUTHENTICATION_FAILED, "SMTP authentication failed");
            }
            int code = t instanceof SMTPAddressFailedException a ? a.getReturnCode()
                    : t instanceof SMTPSendFailedException s ? s.getReturnCode() : -1;
            if (code >= 500) {
                return new Failure(true, ChannelErrorCode.RECIPIENT_INVALID, "smtp " + code + ": " + oneLine(t));
            }
            if (code >= 400) {
                return new Failure(false, ChannelErrorCode.RATE_LIMITED, "smtp " + code + ": " + oneLine(t));
            }
        }
        return new Failure(false, ChannelErrorCode.CONNECTION_FAILED, oneLine(e));
    }

    private static Throwable next(Throwable t) {
        if (t instanceof MessagingException m && m.getNextException() != null && m.getNextException() != t) {
            return m.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }

    private static String oneLine(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m.strip().replaceAll("[\\r\\n]+", " "));
    }

    /** How a send failed. */
    record Failure(boolean permanent, ChannelErrorCode code, String reason) {
    }

    /** Stops sending; queued retries fail as unavailable. */
    @Override
    public void close() {
        executor.shutdownNow();
        for (CompletableFuture<DeliveryReceipt> f : pending) {
            f.completeExceptionally(new ChannelException(ChannelErrorCode.UNAVAILABLE, "email channel stopped"));
        }
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
