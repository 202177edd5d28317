package dev.nexo.channel.email.internal;

import dev.nexo.api.channel.Channel;
import dev.nexo.api.channel.ChannelErrorCode;
import dev.nexo.api.channel.ChannelException;
import dev.nexo.api.channel.ChannelFeature;
import dev.nexo.api.channel.ChannelHealth;
import dev.nexo.api.channel.ChannelState;
import dev.nexo.api.channel.gateway.ChannelGateway;
import dev.nexo.api.message.DeliveryReceipt;
import dev.nexo.api.message.OutboundMessage;
import dev.nexo.channel.email.internal.imap.CursorStore;
import dev.nexo.channel.email.internal.imap.InboundProcessor;
import dev.nexo.channel.email.internal.imap.InboundWorker;
import dev.nexo.channel.email.internal.imap.MailboxOps;
import dev.nexo.channel.email.internal.imap.ThreadIndex;
import dev.nexo.channel.email.internal.mime.Bounce;
import dev.nexo.channel.email.internal.mime.LoopGuard;
import dev.nexo.channel.email.internal.mime.MimeParser;
import dev.nexo.channel.email.internal.mime.SenderPolicy;
import dev.nexo.channel.email.internal.smtp.DeadLetters;
import dev.nexo.channel.email.internal.smtp.SmtpSender;
import jakarta.mail.Session;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * One served mailbox: the {@link Channel} the core sees, built from plain parts so it runs the
 * same inside the framework and in unit tests. {@link #start()} begins reading; {@link #close()}
 * releases every thread and connection.
 */
public final class Mailbox implements Channel, AutoCloseable {
    /** The channel kind. */
    public static final String KIND = "email";

    private final Settings settings;
    private final Health health;
    private final InboundWorker inbound;
    private final SmtpSender outbound;
    private final MailboxOps ops;
    private final DeadLetters deadLetters;
    private final ThreadIndex threads;
    private final Metrics metrics;
    private volatile boolean open = true;

    /**
     * @param settings the mailbox
     * @param gateway where inbound messages go
     * @param bounces where bounces go (published on {@code email.bounce.<instance>})
     * @param metrics meters
     * @param clock time source
     */
    public Mailbox(Settings settings, ChannelGateway gateway, Consumer<Bounce> bounces, Metrics metrics, Clock clock) {
        this.settings = settings;
        this.health = new Health(clock);
        this.metrics = metrics;
        Session session = MailSessions.session(settings);
        ThreadIndex threads = new ThreadIndex(settings.stateDir.resolve("threads.json"));
        this.threads = threads;
        MimeParser parser = new MimeParser(settings.maxBodyBytes, settings.maxAttachmentBytes, settings.attachmentsDir);
        LoopGuard guard = new LoopGuard(settings.address, settings.guardAutoSubmitted, settings.guardListHeaders,
                settings.guardSelfFrom);
        SenderPolicy senders = new SenderPolicy(settings.allowlist, settings.denylist, settings.perSenderPerHour, clock);
        Consumer<Bounce> counted = b -> {
            metrics.bounce(b.classification());
            bounces.accept(b);
        };
        InboundProcessor processor = new InboundProcessor(ref(), gateway, parser, guard, senders, threads, counted,
                clock);
        this.inbound = new InboundWorker(settings, session, new CursorStore(settings.stateDir.resolve("cursor.properties")),
                processor, health, metrics);
        this.deadLetters = new DeadLetters(settings.deadLetterFile);
        this.outbound = new SmtpSender(settings, session, threads, deadLetters, health, metrics, clock);
        this.ops = new MailboxOps(settings, session, threads);
        metrics.gauge(() -> inbound.connected() ? 1 : 0);
    }

    /** Starts reading the mailbox. */
    public void start() {
        inbound.start();
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String instance() {
        return settings.instance;
    }

    @Override
    public Set<ChannelFeature> features() {
        return EnumSet.of(ChannelFeature.MEDIA, ChannelFeature.REPLY, ChannelFeature.THREADS,
                ChannelFeature.FORMATTING);
    }

    @Override
    public CompletionStage<DeliveryReceipt> send(OutboundMessage message) {
        if (!open) {
            return CompletableFuture.failedFuture(new ChannelException(ChannelErrorCode.UNAVAILABLE,
                    "email " + settings.instance + " is stopped"));
        }
        return outbound.send(message);
    }

    @Override
    public ChannelHealth health() {
        return health.snapshot();
    }

    /** @return the settings, without secrets in their string form */
    public Settings settings() {
        return settings;
    }

    /** @return the folder operations for the agent tools */
    public MailboxOps ops() {
        return ops;
    }

    /**
     * @param messageId a Message-ID this mailbox received or sent
     * @return the remembered sender and thread of it
     */
    public java.util.Optional<ThreadIndex.Entry> message(String messageId) {
        return threads.message(messageId);
    }

    /** @return the outbound dead-letter list */
    public DeadLetters deadLetters() {
        return deadLetters;
    }

    @Override
    public void close() {
        open = false;
        inbound.close();
        outbound.close();
        ops.close();
        metrics.close();
        health.state(ChannelState.STOPPED, "");
    }
}
