package dev.nexo.broker.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.sql.SQLException;
import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.nexo.api.event.Event;

/**
 * Gogo commands: {@code nexo:broker} (kind, circuit, counters), {@code nexo:setbroker local|nats [url]}
 * (Gogo command names cannot carry a dash; the {@code nexo set-broker} CLI command maps to it)
 * (writes {@code dev.nexo.broker} in ConfigAdmin; the running container switches without a restart)
 * and {@code nexo:dlq [list|show <id>|replay <id>|delete <id>|purge]}.
 */
@Component(service = BrokerCommands.class, property = {
    "osgi.command.scope=nexo",
    "osgi.command.function=broker",
    "osgi.command.function=setbroker",
    "osgi.command.function=dlq"
})
public class BrokerCommands {
    private final BrokerRuntime runtime;
    private final ConfigurationAdmin cm;

    @Activate
    public BrokerCommands(@Reference BrokerRuntime runtime, @Reference ConfigurationAdmin cm) {
        this.runtime = runtime;
        this.cm = cm;
    }

    /** Prints the broker's kind, circuit state, disk queue and counters. */
    public void broker() {
        PrintStream out = System.out;
        BrokerMetrics m = runtime.metrics();
        out.printf("kind %s  circuit %s  spooled-now %d%n", runtime.broker().current().kind(),
                runtime.circuit().wireName(), runtime.spooled());
        out.printf("published %d  delivered %d  dropped %d  spooled %d  dead-lettered %d  redelivered %d%n",
                m.published.get(), m.delivered.get(), m.dropped.sum(), m.spooled.sum(), m.deadLettered.sum(),
                m.redelivered.sum());
    }

    /** {@code setbroker local|nats}: switches, keeping the configured url. */
    public String setBroker(String kind) throws IOException {
        return setBroker(kind, null);
    }

    /**
     * Switches the broker: writes {@code type} (and {@code url}) into {@code dev.nexo.broker}.
     * A later reload of {@code broker.yaml} writes the file's values again.
     */
    public String setBroker(String kind, String url) throws IOException {
        if (!"local".equals(kind) && !"nats".equals(kind)) {
            return "usage: setbroker local|nats [nats-url]";
        }
        Configuration c = cm.getConfiguration(BrokerConfig.PID, "?");
        Dictionary<String, Object> props = c.getProperties();
        Hashtable<String, Object> next = new Hashtable<>();
        if (props != null) {
            for (java.util.Enumeration<String> keys = props.keys(); keys.hasMoreElements();) {
                String k = keys.nextElement();
                next.put(k, props.get(k));
            }
        }
        next.put("type", kind);
        if (url != null) {
            next.put("url", url);
        }
        Object currentUrl = next.get("url");
        if ("nats".equals(kind) && (currentUrl == null || currentUrl.toString().isBlank())) {
            return "setbroker nats needs a url (none configured)";
        }
        c.update(next);
        return "broker set to " + kind + ("nats".equals(kind) ? " (" + next.get("url") + ")" : "");
    }

    /** Lists dead letters. */
    public void dlq() throws SQLException {
        dlq("list");
    }

    /** {@code dlq list|purge}. */
    public void dlq(String action) throws SQLException {
        PrintStream out = System.out;
        switch (action) {
            case "list":
                out.printf("%6s  %-24s  %-36s  %8s  %s%n", "ID", "FAILED AT", "TOPIC", "ATTEMPTS", "ERROR");
                for (DeadLetterStore.DeadLetter d : runtime.listDeadLetters(1000)) {
                    out.printf("%6d  %-24s  %-36s  %8d  %s%n", d.id, d.failedAt, d.topic, d.attempts, d.error);
                }
                break;
            case "purge":
                out.printf("purged %d dead letter(s)%n", runtime.purgeDeadLetters());
                break;
            default:
                out.println("usage: dlq [list|show <id>|replay <id>|delete <id>|purge]");
        }
    }

    /** {@code dlq show|replay|delete <id>}. */
    public void dlq(String action, long id) throws SQLException {
        PrintStream out = System.out;
        switch (action) {
            case "show":
                runtime.deadLetter(id).ifPresentOrElse(d -> {
                    out.printf("id %d%nevent %s%ntopic %s%nsubscription %s%nattempts %d%nfailed at %s%nerror %s%n"
                            + "malformed %s%npayload %s%n", d.id, d.eventId, d.topic, d.subscription, d.attempts,
                            d.failedAt, d.error, d.malformed, d.payload);
                }, () -> out.println("no dead letter " + id));
                break;
            case "replay":
                try {
                    Event e = runtime.replay(id);
                    out.printf("replayed %d as %s on %s%n", id, e.id(), e.topic());
                } catch (RuntimeException e) {
                    out.println("cannot replay " + id + ": " + e.getMessage());
                }
                break;
            case "delete":
                out.println(runtime.deleteDeadLetter(id) ? "deleted " + id : "no dead letter " + id);
                break;
            default:
                out.println("usage: dlq [list|show <id>|replay <id>|delete <id>|purge]");
        }
    }
}
