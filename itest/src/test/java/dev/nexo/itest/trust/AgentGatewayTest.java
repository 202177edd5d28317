package dev.nexo.itest.trust;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Before;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;

import dev.nexo.api.tool.Tool;
import dev.nexo.api.trust.Sensitivity;
import dev.nexo.itest.InFramework;
import dev.nexo.test.support.Poll;
import dev.nexo.test.support.http.Reply;

/**
 * The trust model end to end inside the real container: Tool services become capabilities, an
 * external agent enrolls and calls them through the gateway, the operator approves through the
 * admin API, and the two credentials never stand in for each other.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class AgentGatewayTest extends InFramework {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final AtomicInteger WRITES = new AtomicInteger();
    private static final AtomicInteger RUNS = new AtomicInteger();

    private TrustClient http;
    private String key;

    @Before
    public void setUp() throws Exception {
        http = new TrustClient(context);
        key = http.adminKey();
        if (context.getServiceReferences(Tool.class, "(nexo.tool.name=notes_write)").isEmpty()) {
            register("notes_write", Sensitivity.WRITE, WRITES);
            register("shell", Sensitivity.EXECUTE, RUNS);
            register("notes_read", Sensitivity.READ, new AtomicInteger());
        }
        Poll.until("the tools to be capabilities", WAIT, () -> http.get("/admin/api/capabilities", key),
                r -> r.status() == 200 && r.body().contains("tool.notes_read"));
    }

    @Test
    public void writePendsApprovedOnceCompletesThenPendsAgainAndExecuteNeverStands() throws Exception {
        String token = enroll("writer");
        int writes = WRITES.get();
        int runs = RUNS.get();
        Reply pending = http.post("/agent/api/invoke/tool.notes_write", token, "{\"text\":\"hello\",\"token\":\"s3cr3t\"}");
        assertEquals(pending.toString(), 202, pending.status());
        String approval = pending.json().path("approval").asText();
        JsonNode queued = http.get("/admin/api/approvals/" + approval, key).json();
        assertEquals("writer", queued.path("subject").asText());
        assertFalse("arguments are redacted for the approver", queued.toString().contains("s3cr3t"));

        Reply approved = http.post("/admin/api/approvals/" + approval + "/approve", key, "{\"window\":\"once\"}");
        assertEquals(approved.toString(), 200, approved.status());
        Reply done = http.post("/agent/api/invoke/tool.notes_write", token, "{\"text\":\"hello\"}");
        assertEquals(done.toString(), 200, done.status());
        assertEquals("ok", done.json().path("status").asText());
        assertEquals(writes + 1, WRITES.get());
        assertEquals(202, http.post("/agent/api/invoke/tool.notes_write", token, "{\"text\":\"again\"}").status());
        assertEquals("the second call did not run", writes + 1, WRITES.get());

        String shell = http.post("/agent/api/invoke/tool.shell", token, "{\"cmd\":\"ls\"}").json().path("approval").asText();
        JsonNode grant = http.post("/admin/api/approvals/" + shell + "/approve", key, "{\"window\":\"7d\"}").json();
        assertEquals("execute is never standing", "once", grant.path("grant").path("window").asText());
        assertEquals(200, http.post("/agent/api/invoke/tool.shell", token, "{\"cmd\":\"ls\"}").status());
        assertEquals(202, http.post("/agent/api/invoke/tool.shell", token, "{\"cmd\":\"ls\"}").status());
        assertEquals(runs + 1, RUNS.get());
    }

    @Test
    public void revokingInTheLedgerStopsTheNextCall() {
        String token = enroll("reader");
        String approval = http.post("/agent/api/grants", token, "{\"capability\":\"tool.notes_read\",\"window\":\"until-revoked\"}")
                .json().path("approval").asText();
        assertEquals(200, http.post("/admin/api/approvals/" + approval + "/approve", key, null).status());
        assertEquals(200, http.post("/agent/api/invoke/tool.notes_read", token, "{}").status());
        assertEquals(200, http.post("/agent/api/invoke/tool.notes_read", token, "{}").status());
        JsonNode caps = http.get("/agent/api/capabilities", token).json();
        assertTrue(caps.toString(), caps.path("callable").toString().contains("tool.notes_read"));
        assertTrue(caps.path("needsApproval").toString().contains("tool.notes_write"));

        String grantId = null;
        for (JsonNode g : http.get("/admin/api/grants", key).json()) {
            if (g.path("subject").asText().equals("reader")) {
                grantId = g.path("id").asText();
            }
        }
        assertEquals(204, http.delete("/admin/api/grants/" + grantId, key).status());
        assertEquals(202, http.post("/agent/api/invoke/tool.notes_read", token, "{}").status());
    }

    @Test
    public void theTwoCredentialsNeverStandInForEachOther() {
        String token = enroll("outsider");
        Reply adminWithToken = http.get("/admin/api/grants", token);
        assertEquals(401, adminWithToken.status());
        assertEquals("unauthorized", adminWithToken.error());
        Reply agentWithKey = http.get("/agent/api/capabilities", key);
        assertEquals(401, agentWithKey.status());
        assertEquals("wrong_credential", agentWithKey.error());
        assertEquals(401, http.get("/agent/api/capabilities", null).status());
        assertEquals("1.0", http.get("/.well-known/nexo", null).json().path("protocol").asText());
        assertEquals(200, http.get("/agent/api/capabilities", token).status());
    }

    @Test
    public void auditRowsForEveryCaseDenialsIncludedAndAnIntactChain() {
        String token = enroll("audited");
        http.get("/agent/api/capabilities", key);
        http.post("/agent/api/invoke/tool.notes_write", token, "{}");
        JsonNode denied = http.get("/admin/api/audit?outcome=denied", key).json();
        assertTrue(denied.toString(), denied.toString().contains("gateway.auth"));
        JsonNode pending = http.get("/admin/api/audit?actor=audited&outcome=pending", key).json();
        assertEquals("tool.notes_write", pending.get(0).path("action").asText());
        JsonNode verify = http.get("/admin/api/audit/verify", key).json();
        assertTrue(verify.toString(), verify.path("ok").asBoolean());
        Reply export = http.get("/admin/api/audit/export", key);
        assertEquals(200, export.status());
        assertTrue(export.body().lines().count() >= verify.path("rows").asLong());
    }

    /** Last, by name order within the class: rotation kills every token (test methods share one container). */
    @Test
    public void zRotatingTheConnectionKeyInvalidatesEveryAgentToken() throws Exception {
        String token = enroll("rotated");
        assertEquals(200, http.get("/agent/api/capabilities", token).status());
        Reply rotated = http.post("/admin/api/connection-key/rotate", key, null);
        assertEquals(rotated.toString(), 200, rotated.status());
        assertFalse("the response never carries the key", rotated.body().contains("nexo_admin_"));
        assertEquals(401, http.get("/agent/api/capabilities", token).status());
        assertEquals(401, http.get("/admin/api/grants", key).status());
        String fresh = Files.readString(Path.of(context.getProperty("nexo.state.root"), "connection.key")).trim();
        assertEquals(200, http.get("/admin/api/grants", fresh).status());
        key = fresh;
    }

    /** The operator's Gogo commands see and decide the same queue, ledger and pairing list. */
    @Test
    public void gogoListsAndDecidesApprovalsAndPairing() throws Exception {
        String token = enroll("shell-user");
        String approval = http.post("/agent/api/invoke/tool.notes_write", token, "{\"text\":\"gogo\"}").json().path("approval").asText();
        assertTrue(gogo("nexo:approvals").contains(approval));
        assertTrue(gogo("nexo:approve " + approval + " 1h").contains("(1h)"));
        assertTrue(gogo("nexo:grants").contains("shell-user"));
        assertEquals(200, http.post("/agent/api/invoke/tool.notes_write", token, "{\"text\":\"gogo\"}").status());
        gogo("nexo:pairing seed telegram bot1 alice");
        assertTrue(gogo("nexo:pairing").contains("alice"));
        assertTrue(gogo("nexo:auditverify").contains("intact"));
    }

    private String gogo(String command) throws Exception {
        org.osgi.framework.ServiceReference<org.apache.felix.service.command.CommandProcessor> ref =
                context.getServiceReference(org.apache.felix.service.command.CommandProcessor.class);
        org.apache.felix.service.command.CommandProcessor processor = context.getService(ref);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream print = new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
        try (org.apache.felix.service.command.CommandSession session = processor.createSession(
                new java.io.ByteArrayInputStream(new byte[0]), print, print)) {
            session.execute(command);
        } finally {
            context.ungetService(ref);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private String enroll(String name) {
        TrustClient.Enrolled agent = http.enroll(key, name);
        assertEquals("the code works once", 401,
                http.post("/agent/api/enroll", null, "{\"code\":\"" + agent.code() + "\"}").status());
        return agent.token();
    }

    private void register(String name, Sensitivity sensitivity, AtomicInteger calls) {
        TestTool.register(context, name, sensitivity, ctx -> {
            calls.incrementAndGet();
            return "done for " + ctx.agentId();
        });
    }
}
