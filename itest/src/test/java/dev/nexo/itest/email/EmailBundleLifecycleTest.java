package dev.nexo.itest.email;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;

import dev.nexo.api.channel.Channel;
import dev.nexo.api.channel.ChannelState;
import dev.nexo.api.channel.gateway.ChannelGateway;
import dev.nexo.api.message.DeliveryReceipt;
import dev.nexo.api.message.DeliveryStatus;
import dev.nexo.api.message.InboundMessage;
import dev.nexo.api.message.OutboundMessage;
import com.fasterxml.jackson.databind.JsonNode;

import dev.nexo.itest.AdminClient;
import dev.nexo.itest.ChannelBundles;
import dev.nexo.itest.InFramework;
import dev.nexo.itest.NexoOptions;
import dev.nexo.itest.RecordingGateway;
import dev.nexo.test.support.Poll;

/**
 * The email bundle installed into a running container, configured through ConfigAdmin as the core
 * would (dotted keys of {@code plugins/email.yaml}), against a real SMTP + IMAP server: it reads
 * mail waiting in one mailbox, replies through SMTP with Angus Mail loaded inside OSGi, a second
 * mailbox receives the reply threaded, and update and uninstall leave no thread or service behind.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EmailBundleLifecycleTest extends InFramework {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String BSN = "dev.nexo.channel.email";
    private static final String PID = "dev.nexo.channel.email";

    @Inject
    private ConfigurationAdmin configAdmin;

    @Override
    @Configuration
    public Option[] config() throws IOException {
        int[] ports = MailServer.start();
        return NexoOptions.distribution(Map.of("nexo.itest.email.smtp", String.valueOf(ports[0]),
                "nexo.itest.email.imap", String.valueOf(ports[1])));
    }

    @Test
    public void installReadsRepliesThreadedAndUninstallLeavesNothingBehind() throws Exception {
        Bundle shipped = ChannelBundles.bundle(context, BSN);
        String location = shipped.getLocation();
        shipped.uninstall();
        Poll.until("no email threads", WAIT, EmailBundleLifecycleTest::emailThreads, List::isEmpty);

        RecordingGateway gateway = new RecordingGateway();
        ServiceRegistration<ChannelGateway> gw = gateway.register(context);
        List<org.osgi.service.cm.Configuration> configs = new ArrayList<>();
        try {
            configs.add(configure("ops", MailServer.OPS));
            configs.add(configure("alice", MailServer.ALICE));
            Bundle email = context.installBundle(location);
            email.start();

            List<InboundMessage> waiting = Poll.until("the waiting mail through the gateway", WAIT,
                    () -> gateway.of("ops"), l -> l.size() == 1);
            InboundMessage first = waiting.get(0);
            assertEquals(MailServer.FIRST_SUBJECT, first.extra().get("email.subject"));
            assertEquals(MailServer.ALICE, first.sender().id());
            assertEquals(List.of("alice", "ops"), instances());

            Channel ops = channel("ops");
            Poll.until("ops connected", WAIT, () -> ops.health().state(), ChannelState.CONNECTED::equals);
            OutboundMessage reply = OutboundMessage.builder(ops.ref(), first.chat().id()).text("Hello back")
                    .replyTo(first.messageId()).threadId(first.chat().id()).build();
            DeliveryReceipt receipt = ops.send(reply).toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertEquals(DeliveryStatus.SENT, receipt.status());

            InboundMessage answered = Poll.until("the reply in Alice's mailbox", WAIT, () -> gateway.of("alice"),
                    l -> !l.isEmpty()).get(0);
            assertEquals(Optional.of(first.messageId()), answered.replyToMessageId());
            assertEquals("Re: " + MailServer.FIRST_SUBJECT, answered.extra().get("email.subject"));
            assertEquals(MailServer.OPS, answered.sender().id());
            assertEquals(receipt.messageId().orElseThrow(), answered.messageId());
            JsonNode listed = Poll.until("the admin API lists both mailboxes", WAIT,
                    () -> AdminClient.forFramework(context, WAIT).get("/admin/api/channels"),
                    r -> r.status() == 200 && ChannelBundles.adminInstances(r.json(), "email", BSN).equals(List.of("alice", "ops"))).json();
            assertFalse("no secret in the admin API", listed.toString().contains(MailServer.PASSWORD));
            Poll.until("two mailboxes' threads", WAIT, EmailBundleLifecycleTest::emailThreads,
                    t -> t.contains("nexo-email-ops-imap-1") && t.contains("nexo-email-alice-imap-1"));

            email.update();
            Poll.until("channels back after update", WAIT, this::instances, List.of("alice", "ops")::equals);
            Poll.until("ops connected after update", WAIT, () -> channel("ops").health().state(),
                    ChannelState.CONNECTED::equals);
            assertEquals("nothing re-read after the update", 1, gateway.of("ops").size());

            email.uninstall();
            Poll.until("no email channels", WAIT, this::instances, List::isEmpty);
            Poll.until("no email threads", WAIT, EmailBundleLifecycleTest::emailThreads, List::isEmpty);
            assertEquals(1, gateway.of("alice").size());
        } finally {
            for (org.osgi.service.cm.Configuration c : configs) {
                c.delete();
            }
            gw.unregister();
        }
    }

    private org.osgi.service.cm.Configuration configure(String instance, String address) throws IOException {
        org.osgi.service.cm.Configuration c = configAdmin.getFactoryConfiguration(PID, instance, "?");
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("instance", instance);
        p.put("address", address);
        p.put("imap.host", "127.0.0.1");
        p.put("imap.port", Long.valueOf(context.getProperty("nexo.itest.email.imap")));
        p.put("imap.tls", "plain");
        p.put("smtp.host", "127.0.0.1");
        p.put("smtp.port", Long.valueOf(context.getProperty("nexo.itest.email.smtp")));
        p.put("smtp.tls", "plain");
        p.put("auth.kind", "password");
        p.put("auth.username", address);
        p.put("auth.password", MailServer.PASSWORD);
        p.put("poll_fallback_seconds", 1L);
        p.put("max_body_bytes", 65536L);
        c.update(p);
        return c;
    }

    private List<String> instances() {
        return ChannelBundles.instances(context, "email");
    }

    private Channel channel(String instance) {
        try {
            ServiceReference<Channel> ref = context.getServiceReferences(Channel.class,
                    "(&(" + Channel.KIND + "=email)(" + Channel.INSTANCE + "=" + instance + "))").iterator().next();
            return context.getService(ref);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> emailThreads() {
        return ChannelBundles.threads(n -> n.startsWith("nexo-email-") || n.startsWith("Jakarta-Mail-EventQueue"));
    }
}
