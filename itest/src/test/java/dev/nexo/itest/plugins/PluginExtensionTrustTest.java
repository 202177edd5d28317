package dev.nexo.itest.plugins;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nexo.api.hook.Hook;
import dev.nexo.api.hook.HookContext;
import dev.nexo.api.hook.HookOutcome;
import dev.nexo.api.hook.HookPoint;
import dev.nexo.api.memory.MemoryException;
import dev.nexo.api.memory.MemoryScope;
import dev.nexo.api.memory.MemoryStore;
import dev.nexo.api.trust.Capability;
import dev.nexo.api.trust.Provenance;
import dev.nexo.api.trust.TrustPolicy;
import dev.nexo.itest.AdminClient;
import dev.nexo.itest.NexoOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * A plugin's hook and memory backend under the real trust policy (auth bundle): both become
 * capabilities of the plugin; an agent without a grant never reaches the plugin, the use is audited
 * and queued for approval; once the operator approves it through the admin API, the hook is called.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PluginExtensionTrustTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String HOOK_CAP = GuardPlugin.HOOK_CAP;


    @Inject
    private BundleContext context;
    @Inject
    private ConfigurationAdmin configAdmin;
    @Inject
    private TrustPolicy trust;

    private org.osgi.service.cm.Configuration hostConfig;

    @Configuration
    public Option[] config() throws IOException {
        return NexoOptions.distribution();
    }

    @Before
    public void installGuardPlugin() throws IOException {
        Path root = GuardPlugin.write(
                Files.createTempDirectory(Path.of(context.getProperty("nexo.state.root")), "search-"), "0.1.0", true);
        hostConfig = configAdmin.getConfiguration("dev.nexo.plugins", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("search_paths", new String[] {root.toString()});
        hostConfig.update(props);
    }

    @After
    public void cleanUp() throws IOException {
        hostConfig.delete();
        // configuration changes apply asynchronously: the next test must not find this test's
        // plugin services while their host is still being torn down
        await("the guard plugin's services to go", () -> service(Hook.class) == null && service(MemoryStore.class) == null,
                gone -> gone);
    }

    @Test
    public void anUngrantedHookIsNotCalledUntilTheOperatorApprovesIt() throws Exception {
        Hook hook = await("the guard's hook service", () -> service(Hook.class), h -> h != null);
        Capability cap = await("the hook's capability", () -> trust.capability(HOOK_CAP).orElse(null), c -> c != null);
        assertEquals(Provenance.SUBPROCESS_PLUGIN, cap.provenance());
        assertEquals("guard", cap.owner());

        assertEquals("ungranted: the plugin, which blocks everything, is not asked",
                HookOutcome.Action.CONTINUE, onHook(hook, "ana").action());
        AdminClient admin = AdminClient.forFramework(context, WAIT);
        JsonNode audit = admin.get("/admin/api/audit?action=" + HOOK_CAP).json();
        assertTrue("the decision is audited: " + audit, audit.size() >= 1
                && "pending".equals(audit.get(0).path("outcome").asText()) && "ana".equals(audit.get(0).path("actor").asText()));
        JsonNode approval = pendingApproval("ana");
        assertEquals("write", approval.path("sensitivity").asText());

        assertEquals(200, admin.post("/admin/api/approvals/" + approval.path("id").asText() + "/approve",
                "{\"window\":\"1h\"}").status());
        HookOutcome granted = onHook(hook, "ana");
        assertEquals(HookOutcome.Action.BLOCK, granted.action());
        assertEquals("guard says no", granted.reason().orElseThrow());
        assertEquals("the grant is ana's only", HookOutcome.Action.CONTINUE, onHook(hook, "rex").action());
    }

    @Test
    public void anUngrantedMemoryBackendRefusesTheAgent() throws Exception {
        MemoryStore vault = await("the guard's memory backend", () -> service(MemoryStore.class), s -> s != null);
        ExecutionException e = org.junit.Assert.assertThrows(ExecutionException.class, () -> vault
                .store(new MemoryScope("default", "ana"), "my secret plan", List.of()).toCompletableFuture()
                .get(10, TimeUnit.SECONDS));
        assertTrue(String.valueOf(e.getCause()), e.getCause() instanceof MemoryException
                && e.getCause().getMessage().contains("not granted to agent ana"));
        assertTrue(trust.capability("plugin.guard.memory.vault").isPresent());
    }

    private static HookOutcome onHook(Hook hook, String agent) throws Exception {
        HookContext c = HookContext.builder(HookPoint.BEFORE_MESSAGE, "default", agent, "corr-" + agent).build();
        return hook.onHook(c).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private JsonNode pendingApproval(String subject) {
        return await("an approval for " + subject, () -> {
            for (JsonNode a : AdminClient.forFramework(context, WAIT).get("/admin/api/approvals").json()) {
                if (HOOK_CAP.equals(a.path("capability").asText()) && subject.equals(a.path("subject").asText())) {
                    return a;
                }
            }
            return null;
        }, a -> a != null);
    }

    private <T> T service(Class<T> type) {
        try {
            for (ServiceReference<T> ref : context.getServiceReferences(type, "(nexo.plugin.id=guard)")) {
                return context.getService(ref);
            }
            return null;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T await(String what, Supplier<T> probe, Predicate<T> done) {
        return dev.nexo.test.support.Poll.until(what, WAIT, probe, done);
    }
}
