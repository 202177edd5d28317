package dev.nexo.itest.trust;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

import com.fasterxml.jackson.databind.JsonNode;

import dev.nexo.api.hook.Hook;
import dev.nexo.api.hook.HookContext;
import dev.nexo.api.hook.HookOutcome;
import dev.nexo.api.hook.HookPoint;
import dev.nexo.api.trust.Capability;
import dev.nexo.api.trust.TrustPolicy;
import dev.nexo.itest.AdminClient;
import dev.nexo.itest.InFramework;
import dev.nexo.itest.plugins.GuardPlugin;
import dev.nexo.test.support.Poll;

/**
 * A subprocess plugin upgraded while the trust service was down (the auth bundle stopped, the
 * plugin host starting the new version meanwhile) loses its old version's grants when the trust
 * service comes back: the policy compares with the target it stored, not only with what it saw in
 * its own run.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PluginUpgradeRegateTest extends InFramework {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String HOOK_CAP = GuardPlugin.HOOK_CAP;


    @Test
    public void anUpgradeWhileTheTrustServiceWasDownRevokesTheOldVersionsGrant() throws Exception {
        Path root = Files.createTempDirectory(Path.of(context.getProperty("nexo.state.root")), "upgrade-");
        org.osgi.service.cm.Configuration host = configAdmin().getConfiguration("dev.nexo.plugins", "?");
        try {
            searchPath(host, guard(root.resolve("v1"), "0.1.0"));
            awaitTarget("guard@0.1.0");
            AdminClient admin = AdminClient.forFramework(context, WAIT);
            awaitTrustWith(HOOK_CAP);
            assertEquals("ungranted: not asked", HookOutcome.Action.CONTINUE, onHook("ana"));
            String approval = pendingApproval(admin, "ana");
            assertEquals(200, admin.post("/admin/api/approvals/" + approval + "/approve", "{\"window\":\"until-revoked\"}").status());
            assertEquals("granted for guard@0.1.0: asked, and it blocks", HookOutcome.Action.BLOCK, onHook("ana"));

            Bundle auth = bundle("dev.nexo.auth");
            auth.stop();
            searchPath(host, guard(root.resolve("v2"), "0.2.0"));
            awaitTarget("guard@0.2.0");
            auth.start();

            awaitTrustWith(HOOK_CAP);
            JsonNode grants = Poll.until("the grants API back", WAIT, () -> admin.get("/admin/api/grants"),
                    r -> r.status() == 200).json();
            assertFalse("the grant made for guard@0.1.0 is gone: " + grants, grants.toString().contains(HOOK_CAP));
            assertEquals("guard@0.2.0 is not asked until approved again", HookOutcome.Action.CONTINUE, onHook("ana"));
            JsonNode purges = admin.get("/admin/api/audit?action=grant.purge&actor=policy&outcome=revoked").json();
            assertEquals("one audited revocation: " + purges, 1, purges.size());
        } finally {
            host.delete();
        }
    }

    private static Path guard(Path dir, String version) throws IOException {
        return GuardPlugin.write(dir, version, false);
    }

    private static void searchPath(org.osgi.service.cm.Configuration host, Path dir) throws IOException {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("search_paths", new String[] {dir.toString()});
        host.update(props);
    }

    private void awaitTarget(String target) {
        await("the hook capability registered for " + target, () -> {
            try {
                var refs = context.getServiceReferences(Capability.class, "(nexo.trust.target=" + target + ")");
                return refs != null && !refs.isEmpty();
            } catch (InvalidSyntaxException e) {
                throw new IllegalStateException(e);
            }
        }, found -> found);
    }

    private void awaitTrustWith(String capabilityId) {
        await("the trust policy knowing " + capabilityId, () -> {
            ServiceReference<TrustPolicy> ref = context.getServiceReference(TrustPolicy.class);
            if (ref == null) {
                return false;
            }
            try {
                TrustPolicy p = context.getService(ref);
                return p != null && p.capability(capabilityId).isPresent();
            } finally {
                context.ungetService(ref);
            }
        }, known -> known);
    }

    private HookOutcome.Action onHook(String agent) throws Exception {
        Hook hook = await("the guard's hook", () -> {
            try {
                for (ServiceReference<Hook> ref : context.getServiceReferences(Hook.class, "(nexo.plugin.id=guard)")) {
                    return context.getService(ref);
                }
                return null;
            } catch (InvalidSyntaxException e) {
                throw new IllegalStateException(e);
            }
        }, h -> h != null);
        HookContext c = HookContext.builder(HookPoint.BEFORE_MESSAGE, "default", agent, "corr-" + agent).build();
        return hook.onHook(c).toCompletableFuture().get(10, TimeUnit.SECONDS).action();
    }

    private static String pendingApproval(AdminClient admin, String subject) {
        return await("an approval for " + subject, () -> {
            for (JsonNode a : admin.get("/admin/api/approvals").json()) {
                if (HOOK_CAP.equals(a.path("capability").asText()) && subject.equals(a.path("subject").asText())) {
                    return a.path("id").asText();
                }
            }
            return null;
        }, a -> a != null);
    }

    private ConfigurationAdmin configAdmin() {
        return context.getService(context.getServiceReference(ConfigurationAdmin.class));
    }

    private Bundle bundle(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + bsn);
    }

    private static <T> T await(String what, Supplier<T> probe, Predicate<T> done) {
        return Poll.until(what, WAIT, probe, done);
    }
}
