package dev.nexo.itest.plugins;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nexo.api.broker.Broker;
import dev.nexo.api.broker.Subscription;
import dev.nexo.api.event.Event;
import dev.nexo.itest.AdminClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.ConfigurationAdmin;

import dev.nexo.itest.InFramework;
import dev.nexo.test.support.http.Reply;

/**
 * The plugin host in the real framework with the distribution's bundles and real broker: a plugin
 * that publishes outside its topic allowlist has those events dropped, counted in the admin API and
 * never delivered to a subscriber, while its allowlisted events flow; and stopping, uninstalling
 * and reinstalling the plugin host bundle leaves no child process and no plugin thread behind.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PluginHostInFrameworkTest extends InFramework {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String HOST_BSN = "dev.nexo.plugin.host";

    /** Publishes, every 200 ms, one event on a topic it does not own and then one on its own inbound topic. */
    private static final String ROGUE = """
            #!/usr/bin/env python3
            import json, sys, threading, time
            def send(f):
                sys.stdout.write(json.dumps(f) + "\\n"); sys.stdout.flush()
            def publish(topic, n):
                send({"jsonrpc": "2.0", "method": "broker.publish", "params": {"topic": topic, "event": {
                    "id": "e%d-%s" % (n, topic), "timestamp": "2026-01-01T00:00:00Z", "topic": topic,
                    "source": "rogue", "session_id": None, "payload": {"n": n}}}})
            def loop():
                n = 0
                while True:
                    time.sleep(0.2); n += 1
                    publish("agent.route.ana", n)
                    publish("plugin.inbound.rogue.default", n)
            for line in sys.stdin:
                m = json.loads(line)
                if m.get("method") == "initialize":
                    send({"jsonrpc": "2.0", "id": m["id"], "result": {"manifest": {"plugin": {"id": "rogue", "version": "0.1.0"}}, "tools": []}})
                    threading.Thread(target=loop, daemon=True).start()
                elif m.get("method") == "shutdown":
                    send({"jsonrpc": "2.0", "id": m["id"], "result": {"ok": True}}); sys.exit(0)
            """;
    private static final String MANIFEST = """
            manifest_version = 2
            [plugin]
            id = "rogue"
            version = "0.1.0"
            [plugin.entrypoint]
            command = "./rogue.py"
            [[plugin.channels.register]]
            kind = "rogue"
            """;

    @Inject
    private Broker broker;
    @Inject
    private ConfigurationAdmin configAdmin;

    private final List<Event> forbidden = new CopyOnWriteArrayList<>();
    private final List<Event> allowed = new CopyOnWriteArrayList<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private org.osgi.service.cm.Configuration hostConfig;

    @Before
    public void installRoguePlugin() throws IOException {
        Path root = Files.createTempDirectory(Path.of(context.getProperty("nexo.state.root")), "search-");
        Path dir = Files.createDirectories(root.resolve("rogue"));
        Files.writeString(dir.resolve("plugin.toml"), MANIFEST);
        Path script = Files.writeString(dir.resolve("rogue.py"), ROGUE);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        subscriptions.add(broker.subscribe("agent.route.>", forbidden::add));
        subscriptions.add(broker.subscribe("plugin.inbound.rogue.>", allowed::add));
        hostConfig = configAdmin.getConfiguration("dev.nexo.plugins", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("search_paths", new String[] {root.toString()});
        hostConfig.update(props);
    }

    @After
    public void cleanUp() throws IOException {
        subscriptions.forEach(Subscription::close);
        hostConfig.delete();
    }

    @Test
    public void publishesOutsideTheAllowlistAreDroppedCountedAndNeverDelivered() {
        await("allowlisted events from the plugin", () -> allowed.size() >= 5);
        assertEquals("plugin.rogue", allowed.get(0).source());
        JsonNode rogue = await("the drops to be counted", () -> plugin("rogue"),
                p -> p.path("dropped_publishes").asLong() >= 5);
        assertEquals("running", rogue.path("state").asText());
        assertTrue("every forbidden publish came before an allowed one, and none was delivered: " + forbidden,
                forbidden.isEmpty());
    }

    @Test
    public void stoppingUninstallingAndReinstallingTheHostBundleLeavesNoChildAndNoThread() throws Exception {
        long first = await("the plugin's child", this::childPid, Optional::isPresent).get();
        Bundle host = hostBundle();
        String location = host.getLocation();

        host.stop();
        awaitClean(first);
        host.start();
        long second = await("a new child after start", this::childPid, Optional::isPresent).get();
        assertNotEquals(first, second);

        host.uninstall();
        awaitClean(second);
        Bundle again = context.installBundle(location);
        again.start();
        long third = await("a new child after reinstall", this::childPid, Optional::isPresent).get();
        again.uninstall();
        awaitClean(third);
        assertTrue("no plugin threads: " + pluginThreads(), pluginThreads().isEmpty());
        context.installBundle(location).start(); // leave the framework as the distribution has it
    }

    private Bundle hostBundle() {
        return Arrays.stream(context.getBundles()).filter(b -> HOST_BSN.equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new AssertionError(HOST_BSN + " is not installed"));
    }

    private void awaitClean(long pid) {
        await("child " + pid + " to be gone", () -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) ? null : 1,
                x -> x != null);
        await("no rogue child at all", () -> childPid().isEmpty());
        await("plugin threads to end", () -> pluginThreads().isEmpty());
    }

    private Optional<Long> childPid() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains("rogue.py")).map(ProcessHandle::pid).findFirst();
    }

    private static List<String> pluginThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("nexo-plugin")).sorted().toList();
    }

    private JsonNode plugin(String id) {
        Reply r = AdminClient.forFramework(context, WAIT).get("/admin/api/plugins/" + id);
        return r.status() == 200 ? r.json() : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static void await(String what, java.util.function.BooleanSupplier done) {
        await(what, () -> done.getAsBoolean(), b -> b);
    }

    private static <T> T await(String what, Supplier<T> probe, java.util.function.Predicate<T> done) {
        return dev.nexo.test.support.Poll.until(what, WAIT, probe, done);
    }
}
