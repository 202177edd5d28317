package dev.nexo.itest.trust;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

import com.fasterxml.jackson.databind.JsonNode;

import dev.nexo.api.trust.AccessRequest;
import dev.nexo.api.trust.Sensitivity;
import dev.nexo.api.trust.TrustDecision;
import dev.nexo.api.trust.TrustPolicy;
import dev.nexo.itest.InFramework;
import dev.nexo.test.support.Poll;
import dev.nexo.test.support.http.Reply;

/**
 * Pending approvals survive a restart of the auth bundle in the running container: an agent's
 * grant request comes back pending and can be approved; an in-process call that was waiting
 * fails cleanly at the stop and is listed as abandoned afterwards, with an audit row.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ApprovalRestartTest extends InFramework {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    public void theQueueSurvivesARestartOfTheAuthBundle() throws Exception {
        TrustClient http = new TrustClient(context);
        String key = http.adminKey();
        register("ledger_write");
        Poll.until("the tool to be a capability", WAIT, () -> http.get("/admin/api/capabilities", key),
                r -> r.status() == 200 && r.body().contains("tool.ledger_write"));
        String token = enroll(http, key, "restarter");
        String requested = http.post("/agent/api/grants", token, "{\"capability\":\"tool.ledger_write\",\"window\":\"1h\"}")
                .json().path("approval").asText();

        ServiceReference<TrustPolicy> ref = context.getServiceReference(TrustPolicy.class);
        TrustPolicy policy = context.getService(ref);
        TrustDecision d = policy.check(AccessRequest.builder("default", "in-process-agent", "tool.ledger_write")
                .arguments("{\"entry\":\"x\"}").build());
        assertEquals(TrustDecision.Outcome.PENDING, d.outcome());
        String waited = d.approvalId().orElseThrow();
        CompletableFuture<TrustDecision> waiting = policy.awaitApproval(waited).toCompletableFuture();
        context.ungetService(ref);

        Bundle auth = bundle("dev.nexo.auth");
        auth.stop();
        assertEquals("the waiting call fails cleanly when the trust service stops", TrustDecision.Outcome.DENY,
                waiting.get(10, TimeUnit.SECONDS).outcome());
        auth.start();

        JsonNode list = Poll.until("the approvals API back", WAIT, () -> http.get("/admin/api/approvals", key),
                r -> r.status() == 200).json();
        JsonNode restored = find(list, requested);
        assertNotNull("the agent's grant request is still queued: " + list, restored);
        assertEquals("pending", restored.path("status").asText());
        JsonNode abandoned = find(list, waited);
        assertNotNull("the abandoned call is shown, not dropped: " + list, abandoned);
        assertEquals("abandoned", abandoned.path("status").asText());

        Reply approved = http.post("/admin/api/approvals/" + requested + "/approve", key, null);
        assertEquals(approved.toString(), 200, approved.status());
        assertEquals("an abandoned approval cannot be approved", 404,
                http.post("/admin/api/approvals/" + waited + "/approve", key, null).status());
        assertEquals(200, http.post("/agent/api/invoke/tool.ledger_write", token, "{}").status());
        JsonNode audit = http.get("/admin/api/audit?outcome=abandoned", key).json();
        assertTrue(audit.toString(), audit.toString().contains("approval.tool.ledger_write"));
        JsonNode verify = http.get("/admin/api/audit/verify", key).json();
        assertTrue("the audit chain is intact across the restart: " + verify, verify.path("ok").asBoolean());
    }

    private static JsonNode find(JsonNode list, String id) {
        for (JsonNode n : list) {
            if (id.equals(n.path("id").asText())) {
                return n;
            }
        }
        return null;
    }

    private Bundle bundle(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + bsn);
    }

    private static String enroll(TrustClient http, String key, String name) {
        return http.enroll(key, name).token();
    }

    private void register(String name) {
        TestTool.register(context, name, Sensitivity.WRITE, ctx -> "written");
    }
}
