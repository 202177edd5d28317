package org.example.filedrop;

import dev.nexo.api.channel.Channel;
import dev.nexo.api.channel.ChannelFeature;
import dev.nexo.api.channel.ChannelHealth;
import dev.nexo.api.channel.ChannelKind;
import dev.nexo.api.channel.ChannelState;
import dev.nexo.api.channel.gateway.ChannelGateway;
import dev.nexo.api.message.Chat;
import dev.nexo.api.message.DeliveryReceipt;
import dev.nexo.api.message.InboundMessage;
import dev.nexo.api.message.OutboundMessage;
import dev.nexo.api.message.Sender;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * A whole Nexo channel in one class. It uses nothing but the exported Nexo API:
 * {@link Channel} (what Nexo calls to send), {@link ChannelGateway} (where it hands what it
 * receives), and the message types. Drop {@code alice.txt} containing "hello" into the inbox →
 * an inbound message from {@code alice}; a reply to {@code alice} lands in
 * {@code outbox/alice-<id>.txt}.
 */
@ChannelKind("filedrop")
@Component(service = Channel.class, configurationPid = "org.example.filedrop",
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = Channel.INSTANCE + "=" + Channel.DEFAULT_INSTANCE)
@Designate(ocd = FileDropConfig.class)
public class FileDropChannel implements Channel {
    private final ChannelGateway gateway;
    private final Path inbox;
    private final Path outbox;
    private final ScheduledExecutorService poller;
    private volatile ChannelHealth health = ChannelHealth.of(ChannelState.STARTING, "", Instant.now());

    @Activate
    public FileDropChannel(@Reference ChannelGateway gateway, FileDropConfig config, BundleContext context)
            throws IOException {
        this.gateway = gateway;
        String state = context.getProperty("nexo.state.root");
        Path root = Path.of(state != null ? state : System.getProperty("user.home") + "/.nexo", "filedrop");
        this.inbox = Files.createDirectories(config.inbox().isEmpty() ? root.resolve("inbox") : Path.of(config.inbox()));
        this.outbox = Files.createDirectories(config.outbox().isEmpty() ? root.resolve("outbox") : Path.of(config.outbox()));
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "filedrop-poller"));
        poller.scheduleWithFixedDelay(this::poll, 0, config.poll_ms(), TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        poller.shutdownNow(); // a bundle must leave no thread behind when it is stopped or updated
    }

    @Override
    public String kind() {
        return "filedrop";
    }

    @Override
    public String instance() {
        return DEFAULT_INSTANCE;
    }

    @Override
    public Set<ChannelFeature> features() {
        return Set.of();
    }

    @Override
    public CompletionStage<DeliveryReceipt> send(OutboundMessage message) {
        String id = UUID.randomUUID().toString();
        try {
            Files.writeString(outbox.resolve(message.recipient() + "-" + id + ".txt"), message.text());
            return CompletableFuture.completedFuture(DeliveryReceipt.sent(message, id, Instant.now()));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public ChannelHealth health() {
        return health;
    }

    private void poll() {
        try (Stream<Path> files = Files.list(inbox)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".txt")).sorted()::iterator) {
                String sender = f.getFileName().toString().replaceFirst("\\.txt$", "");
                String text = Files.readString(f, StandardCharsets.UTF_8).strip();
                InboundMessage in = InboundMessage.builder(ref(), UUID.randomUUID().toString(), Sender.of(sender),
                        Chat.direct(sender)).text(text).build();
                // delete the file only once Nexo has accepted the message: nothing is lost on a crash
                gateway.inbound(in).toCompletableFuture().join();
                Files.delete(f);
            }
            health = ChannelHealth.of(ChannelState.CONNECTED, "watching " + inbox, Instant.now());
        } catch (IOException | RuntimeException e) {
            health = ChannelHealth.of(ChannelState.DISCONNECTED, e.getMessage(), Instant.now());
        }
    }
}
