package dev.nexo.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleRevision;

import com.fasterxml.jackson.databind.JsonNode;

import dev.nexo.api.channel.Channel;
import dev.nexo.test.support.Poll;

/**
 * Boots Felix with the distribution's own bundles, then installs, updates and uninstalls the
 * fixture channel bundle at runtime and checks that the core, the service registry and the
 * JVM's threads follow each step.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ChannelLifecycleTest extends InFramework {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String FIXTURE_BSN = "dev.nexo.itest.fixture";
    private static final String THREAD_PREFIX = "nexo-fixture-channel-";

    @Test
    public void everyDistributionBundleResolvesAndTheCoreIsActive() {
        List<String> unresolved = Arrays.stream(context.getBundles())
                .filter(b -> b.getState() == Bundle.INSTALLED)
                .map(b -> b.getSymbolicName() + " " + b.getVersion())
                .collect(Collectors.toList());
        assertTrue("bundles that did not resolve: " + unresolved, unresolved.isEmpty());
        Bundle core = Arrays.stream(context.getBundles())
                .filter(b -> "dev.nexo.core".equals(b.getSymbolicName()))
                .findFirst().orElseThrow(() -> new AssertionError("dev.nexo.core is not installed"));
        boolean fragment = (core.adapt(BundleRevision.class).getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
        assertTrue("dev.nexo.core must be a bundle, not a fragment", !fragment);
        assertEquals("dev.nexo.core state", Bundle.ACTIVE, core.getState());
    }

    @Test
    public void fixtureServiceThreadAndSocketFollowInstallUpdateUninstall() throws Exception {
        List<Integer> ports = new ArrayList<>();
        driveFixture((bundleId, instance) -> {
            // every port an earlier revision listened on is closed by now
            ports.forEach(ChannelLifecycleTest::awaitClosed);
            if (instance == null) {
                awaitFixtureServices();
                awaitFixtureThreads();
            } else {
                awaitFixtureServices(instance + "@" + (instance.equals("one") ? "1.0.0" : "2.0.0"));
                awaitFixtureThreads(instance);
                ports.add(fixturePort());
            }
        });
        assertEquals("one port per installed revision", 2, ports.size());
    }

    /** The loopback port the live fixture listens on (its health detail says {@code port=N}). */
    private int fixturePort() {
        try {
            var refs = context.getServiceReferences(Channel.class, "(" + Channel.KIND + "=fixture)");
            assertEquals("one live fixture", 1, refs.size());
            Channel channel = context.getService(refs.iterator().next());
            try {
                String detail = channel.health().detail();
                assertTrue("health detail names the port: " + detail, detail.startsWith("port="));
                return Integer.parseInt(detail.substring("port=".length()));
            } finally {
                context.ungetService(refs.iterator().next());
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until nothing accepts connections on {@code port} any more. */
    private static void awaitClosed(int port) {
        Poll.until("the fixture's socket on port " + port + " to be closed", WAIT, () -> {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return false;
            } catch (IOException refused) {
                return true;
            }
        }, closed -> closed);
    }

    @Test
    public void coreChannelRegistryFollowsInstallUpdateUninstall() throws Exception {
        AdminClient admin = AdminClient.forFramework(context, WAIT);
        // the JAX-RS resources appear shortly after Jetty; wait for them before judging the guard
        Poll.until("GET /admin/api/channels with the key to answer 200", WAIT,
                () -> admin.get("/admin/api/channels"), reply -> reply.status() == 200);
        assertEquals("GET /admin/api/channels without the key", 401,
                admin.withoutKey().get("/admin/api/channels").status());
        driveFixture((bundleId, instance) -> {
            if (instance == null) {
                awaitAdminChannels(admin, bundleId);
            } else {
                awaitAdminChannels(admin, bundleId, instance);
            }
        });
    }

    /** What a test checks after each step: the fixture's bundle id and its live instance (null once uninstalled). */
    @FunctionalInterface
    private interface StepCheck {
        void after(long bundleId, String instance);
    }

    /** Installs the fixture (v1), updates it to v2 and uninstalls it, checking after each step. */
    private void driveFixture(StepCheck check) throws Exception {
        Bundle fixture = context.installBundle(fixtureJar("nexo.fixture.v1").toUri().toString());
        try {
            fixture.start();
            assertEquals(Version.parseVersion("1.0.0"), fixture.getVersion());
            check.after(fixture.getBundleId(), "one");

            try (InputStream v2 = Files.newInputStream(fixtureJar("nexo.fixture.v2"))) {
                fixture.update(v2);
            }
            assertEquals(Version.parseVersion("2.0.0"), fixture.getVersion());
            check.after(fixture.getBundleId(), "two");

            fixture.uninstall();
            check.after(fixture.getBundleId(), null);
        } finally {
            if (fixture.getState() != Bundle.UNINSTALLED) {
                fixture.uninstall();
            }
        }
    }

    /** Waits until the fixture's Channel services in the registry are exactly the given {@code instance@fixture.version}s. */
    private void awaitFixtureServices(String... instances) {
        List<String> expected = List.of(instances);
        Poll.until("fixture Channel services " + expected, WAIT, this::fixtureServiceInstances, expected::equals);
    }

    private List<String> fixtureServiceInstances() {
        try {
            var refs = context.getServiceReferences(Channel.class, "(" + Channel.KIND + "=fixture)");
            return refs.stream()
                    .map(r -> r.getProperty(Channel.INSTANCE) + "@" + r.getProperty("fixture.version"))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until {@code GET /admin/api/channels} lists exactly the given fixture instances, each
     * attributed to the fixture bundle {@code bundleId}.
     */
    private static void awaitAdminChannels(AdminClient admin, long bundleId, String... instances) {
        List<String> expected = Arrays.stream(instances)
                .map(i -> i + "/" + bundleId + "/" + FIXTURE_BSN)
                .collect(Collectors.toList());
        Poll.until("GET /admin/api/channels listing fixture channels " + expected, WAIT,
                () -> admin.get("/admin/api/channels"),
                reply -> reply.status() == 200 && expected.equals(fixtureEntries(reply.json())));
    }

    private static List<String> fixtureEntries(JsonNode channels) {
        if (!channels.isArray()) {
            return null;
        }
        return StreamSupport.stream(channels.spliterator(), false)
                .filter(c -> "fixture".equals(c.path("kind").asText()))
                .map(c -> c.path("instance").asText() + "/" + c.path("bundleId").asLong() + "/" + c.path("bundle").asText())
                .sorted()
                .collect(Collectors.toList());
    }

    /** Waits until the live fixture threads are exactly those of the given instances. */
    private static void awaitFixtureThreads(String... instances) {
        List<String> expected = Arrays.stream(instances).map(i -> THREAD_PREFIX + i).sorted().collect(Collectors.toList());
        Poll.until("live fixture threads " + expected, WAIT, ChannelLifecycleTest::fixtureThreads, expected::equals);
    }

    private static List<String> fixtureThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith(THREAD_PREFIX))
                .sorted()
                .collect(Collectors.toList());
    }

    private static Path fixtureJar(String property) {
        Path jar = Path.of(System.getProperty(property, "")).toAbsolutePath();
        assertTrue("fixture jar " + property + " not found: " + jar, Files.isRegularFile(jar));
        return jar;
    }
}
