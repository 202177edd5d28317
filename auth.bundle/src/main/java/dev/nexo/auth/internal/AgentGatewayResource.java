package dev.nexo.auth.internal;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.nexo.api.tool.ToolContext;
import dev.nexo.api.tool.ToolResult;
import dev.nexo.api.trust.AccessRequest;
import dev.nexo.api.trust.AdminCredential;
import dev.nexo.api.trust.AuditLog;
import dev.nexo.api.trust.Capability;
import dev.nexo.api.trust.TrustDecision;
import dev.nexo.api.trust.TrustWindow;

/**
 * The agent-facing gateway, {@code /agent/api}: external agents enroll with their one-time code,
 * discover what they can call now and what needs approval, read how to use it, request grants
 * and invoke — under the same trust policy as in-process agents. Only agent tokens are accepted
 * here; the connection-key is refused.
 */
@Component(service = AgentGatewayResource.class)
@JaxrsResource
@JaxrsName("nexo.agent.gateway")
@JSONRequired
@Path("/agent/api")
@Produces(MediaType.APPLICATION_JSON)
public class AgentGatewayResource {
    private static final Logger LOG = LoggerFactory.getLogger(AgentGatewayResource.class);
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AgentRegistry agents;
    private final TrustPolicyService policy;
    private final AdminCredential adminKey;
    private final AuditLog audit;

    @Activate
    public AgentGatewayResource(@Reference AgentRegistry agents, @Reference TrustPolicyService policy,
            @Reference AdminCredential adminKey, @Reference AuditLog audit) {
        this.agents = agents;
        this.policy = policy;
        this.adminKey = adminKey;
        this.audit = audit;
    }

    @POST
    @Path("enroll")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response enroll(InputStream body) {
        String code = Http.text(Http.object(body, true), "code");
        return agents.redeem(code).map(token -> Response.status(201).type(MediaType.APPLICATION_JSON)
                        .header("Cache-Control", "no-store").entity(Map.of("token", token, "tokenType", "Bearer")).build())
                .orElseGet(() -> Http.error(401, "invalid_enrollment_code", "the enrollment code is unknown, used or expired"));
    }

    @GET
    @Path("capabilities")
    public Response capabilities(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        AgentRegistry.Identity who = authenticate(authorization);
        List<Map<String, Object>> callable = new ArrayList<>();
        List<Map<String, Object>> approval = new ArrayList<>();
        List<GrantLedger.Entry> grants = policy.standingGrants();
        for (Capability c : policy.capabilities()) {
            Optional<GrantLedger.Entry> g = grants.stream().filter(e -> e.grant().subjectId().equals(who.agentId())
                    && e.scope().equals(who.tenant()) && e.grant().capabilityId().equals(c.id())).findFirst();
            Map<String, Object> view = describe(c);
            g.ifPresent(e -> view.put("grant", Views.grant(e.grant(), e.scope())));
            (g.isPresent() ? callable : approval).add(view);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("agent", who.agentId());
        out.put("callable", callable);
        out.put("needsApproval", approval);
        return Http.ok(out);
    }

    @GET
    @Path("capabilities/{id}")
    public Response capability(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id) {
        authenticate(authorization);
        return policy.capability(id).map(c -> Http.ok(describe(c)))
                .orElseGet(() -> Http.error(404, "unknown_capability", "no registered capability with that id"));
    }

    @POST
    @Path("grants")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response requestGrant(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, InputStream body) {
        AgentRegistry.Identity who = authenticate(authorization);
        JsonNode json = Http.object(body, true);
        String capability = Http.text(json, "capability");
        TrustWindow window = Http.window(Http.text(json, "window"));
        if (capability == null) {
            return Http.error(400, "invalid_request", "'capability' is required");
        }
        TrustDecision d = policy.requestGrant(who.agentId(), who.tenant(), capability, window == null ? TrustWindow.ONCE : window);
        return decision(d);
    }

    @GET
    @Path("approvals/{id}")
    public Response approval(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id) {
        AgentRegistry.Identity who = authenticate(authorization);
        return policy.pendingApproval(id).filter(p -> p.subject.equals(who.agentId()))
                .map(p -> Http.ok(Map.of("id", p.id, "status", "pending", "expiresAt", p.expiresAt.toString())))
                .orElseGet(() -> Http.error(404, "not_found", "no pending approval of yours with that id (decided, expired or unknown)"));
    }

    @POST
    @Path("invoke/{capability}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response invoke(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("capability") String capability, InputStream body) {
        AgentRegistry.Identity who = authenticate(authorization);
        byte[] raw = Http.read(body);
        String args = raw.length == 0 ? "{}" : new String(raw, StandardCharsets.UTF_8);
        JsonNode parsed;
        try {
            parsed = JSON.readTree(args);
        } catch (java.io.IOException e) {
            return Http.error(400, "malformed_json", "the arguments are not valid JSON");
        }
        if (parsed == null || !parsed.isObject()) {
            return Http.error(400, "invalid_request", "the arguments must be a JSON object");
        }
        if (policy.capability(capability).isEmpty()) {
            audit.record(who.agentId(), "gateway.invoke", AuditLog.DENIED, "{\"capability\":" + TrustPolicyService.quote(capability) + "}");
            return Http.error(404, "unknown_capability", "no registered capability with that id");
        }
        TrustDecision d = policy.check(AccessRequest.builder(who.tenant(), who.agentId(), capability).arguments(args).build());
        if (!d.isAllowed()) {
            return decision(d);
        }
        return policy.tool(capability).map(t -> run(t, args, who))
                .orElseGet(() -> Http.ok(Map.of("status", "allowed", "grant", d.grantId().orElse(""))));
    }

    private Response run(TrustPolicyService.ToolEntry tool, String args, AgentRegistry.Identity who) {
        ToolContext ctx = ToolContext.builder(who.tenant(), who.agentId(), dev.nexo.api.event.Ids.newId())
                .deadline(policy.now().plus(TOOL_TIMEOUT)).build();
        try {
            ToolResult r = tool.tool().invoke(args, ctx).toCompletableFuture().get(TOOL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("status", r.isError() ? "error" : "ok");
            out.put("content", r.json() ? Views.json(r.content()) : r.content());
            return Http.ok(out);
        } catch (TimeoutException e) {
            return Http.error(504, "tool_timeout", "the tool did not answer in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Http.error(503, "unavailable", "interrupted");
        } catch (ExecutionException | RuntimeException e) {
            LOG.warn("tool {} failed for agent {}", tool.capability().id(), who.agentId(), e);
            return Http.error(502, "tool_failed", "the tool failed; the log has the details");
        }
    }


    private static Response decision(TrustDecision d) {
        if (d.outcome() == TrustDecision.Outcome.PENDING) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("status", "pending");
            out.put("approval", d.approvalId().orElse(null));
            out.put("reason", d.reason());
            out.put("poll", "GET /agent/api/approvals/" + d.approvalId().orElse(""));
            return Response.status(202).type(MediaType.APPLICATION_JSON).entity(out).build();
        }
        if (d.outcome() == TrustDecision.Outcome.DENY) {
            return Http.error(403, "not_allowed", d.reason());
        }
        return Http.ok(Map.of("status", "allowed", "grant", d.grantId().orElse("")));
    }

    private Map<String, Object> describe(Capability c) {
        Map<String, Object> m = Views.capability(c);
        m.put("usage", policy.tool(c.id()).map(TrustPolicyService.ToolEntry::usage).orElse(c.description()));
        m.put("invoke", "POST /agent/api/invoke/" + c.id());
        m.put("approval", c.sensitivity().requiresApproval()
                ? (c.sensitivity().mayStand() ? "human approval; may then stand" : "human approval for every use")
                : "a standing grant is enough");
        return m;
    }

    /** Agent tokens only: the connection-key is refused here, as is anything else. */
    private AgentRegistry.Identity authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new Http.Refusal(401, "unauthorized", "this endpoint needs an agent token as 'Authorization: Bearer nexo_agent_...'");
        }
        String credential = authorization.substring(7).trim();
        if (credential.startsWith(Secrets.ADMIN_PREFIX) || adminKey.matches(credential)) {
            audit.record("admin-key", "gateway.auth", AuditLog.DENIED, null);
            throw new Http.Refusal(401, "wrong_credential", "the connection-key is not accepted on the agent surface; use an agent token");
        }
        return agents.authenticate(credential).orElseThrow(() -> {
            audit.record("anonymous", "gateway.auth", AuditLog.DENIED, null);
            return new Http.Refusal(401, "invalid_token", "the agent token is unknown, revoked or from before a key rotation");
        });
    }

}
