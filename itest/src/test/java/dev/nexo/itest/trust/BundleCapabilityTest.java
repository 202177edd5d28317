package dev.nexo.itest.trust;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

import com.fasterxml.jackson.databind.JsonNode;

import dev.nexo.api.trust.SecretResolver;
import dev.nexo.itest.InFramework;
import dev.nexo.test.support.Poll;
import dev.nexo.test.support.http.Reply;

/**
 * Manifest capabilities, enforced the OSGi way: a bundle installed at runtime that requires the
 * ungranted {@code dev.nexo.capability=secrets} stays INSTALLED with the reason in the admin API;
 * granting it resolves and starts it without a restart; the core's real {@link SecretResolver}
 * (registered with {@code dev.nexo.capability=secrets}) is invisible to a bundle not entitled to
 * it and usable by the granted one.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BundleCapabilityTest extends InFramework {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String FIXTURE = "dev.nexo.itest.trustfixture";

    @Test
    public void ungrantedRequirementKeepsTheBundleInstalledUntilGranted() throws Exception {
        TrustClient http = new TrustClient(context);
        String key = http.adminKey();
        Poll.until("the bundle policy API", WAIT, () -> http.get("/admin/api/trust/bundles", key), r -> r.status() == 200);
        // asked as the core (always entitled): the system bundle would see the test classpath's copy of the API class
        ServiceReference<?>[] real = core().getBundleContext().getServiceReferences(SecretResolver.class.getName(), null);
        assertNotNull("the core registers the real secrets resolver", real);
        assertEquals("secrets", real[0].getProperty("dev.nexo.capability"));
        assertNull("the probe, not entitled, cannot see the real secrets service",
                context.getServiceReferences(SecretResolver.class.getName(), null));
        Bundle fixture = install();
        try {
            fixture.start();
            fail("a bundle with an ungranted Nexo capability must not start");
        } catch (BundleException expected) {
            assertEquals(Bundle.INSTALLED, fixture.getState());
        }
        JsonNode held = entry(http.get("/admin/api/trust/bundles", key).json());
        assertNotNull("the admin API lists the held-back bundle", held);
        assertEquals("INSTALLED", held.path("state").asText());
        assertTrue(held.toString(), held.path("reason").asText().contains("secrets"));

        Reply granted = http.post("/admin/api/trust/bundles/" + FIXTURE + "/grants/secrets", key, null);
        assertEquals(granted.toString(), 200, granted.status());
        Poll.until("the fixture to start after the grant", WAIT, fixture::getState, s -> s == Bundle.ACTIVE);
        assertTrue("no reason once granted", entry(http.get("/admin/api/trust/bundles", key).json()).path("reason").isNull());

        ServiceReference<?>[] seenByFixture = fixture.getBundleContext().getServiceReferences(SecretResolver.class.getName(), null);
        assertNotNull("the granted bundle sees the secrets service", seenByFixture);
        assertEquals(1, seenByFixture.length);
        SecretResolver resolver = (SecretResolver) fixture.getBundleContext().getService(seenByFixture[0]);
        assertEquals("it resolves references for the granted bundle", "fallback-value",
                resolver.resolve("${NEXO_ITEST_SURELY_UNSET_VAR:-fallback-value}"));
        fixture.getBundleContext().ungetService(seenByFixture[0]);
        assertNull("the probe still cannot see it", context.getServiceReferences(SecretResolver.class.getName(), null));
        fixture.uninstall();
    }

    @Test
    public void serviceEventsOfHiddenServicesDoNotReachUnentitledBundles() throws Exception {
        List<ServiceEvent> seen = new ArrayList<>();
        ServiceListener listener = seen::add;
        context.addServiceListener(listener, "(objectClass=java.lang.Runnable)");
        try {
            ServiceRegistration<Runnable> hidden = context.getBundle(0).getBundleContext()
                    .registerService(Runnable.class, () -> { }, props());
            ServiceRegistration<Runnable> open = context.getBundle(0).getBundleContext()
                    .registerService(Runnable.class, () -> { }, new Hashtable<>());
            hidden.unregister();
            open.unregister();
            assertEquals("only the unmarked service's registration and unregistration", 2, seen.size());
        } finally {
            context.removeServiceListener(listener);
        }
    }

    private Bundle core() {
        for (Bundle b : context.getBundles()) {
            if ("dev.nexo.core".equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no core bundle");
    }

    private Bundle install() throws Exception {
        Path jar = Path.of(System.getProperty("nexo.trustfixture"));
        try (InputStream in = Files.newInputStream(jar)) {
            return context.installBundle("file:" + jar + "#trust-test", in);
        }
    }

    private static Dictionary<String, Object> props() {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("dev.nexo.capability", "secrets");
        return p;
    }

    private static JsonNode entry(JsonNode list) {
        for (JsonNode n : list) {
            if (FIXTURE.equals(n.path("symbolicName").asText())) {
                return n;
            }
        }
        return null;
    }
}
