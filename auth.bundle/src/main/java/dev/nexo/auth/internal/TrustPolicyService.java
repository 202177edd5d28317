package dev.nexo.auth.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nexo.api.tool.Tool;
import dev.nexo.api.tool.ToolDescriptor;
import dev.nexo.api.trust.AccessRequest;
import dev.nexo.api.trust.AuditLog;
import dev.nexo.api.trust.Capability;
import dev.nexo.api.trust.Grant;
import dev.nexo.api.trust.Provenance;
import dev.nexo.api.trust.Sensitivity;
import dev.nexo.api.trust.TrustDecision;
import dev.nexo.api.trust.TrustPolicy;
import dev.nexo.api.trust.TrustWindow;

/**
 * The trust decision point: the capability registry (tools and contributed capabilities, as
 * they come and go), the grants ledger and the approval queue. Default deny; write and execute
 * pend for a human; execute grants are spent on their one use; every decision is audited.
 */
@Component(service = {TrustPolicy.class, TrustPolicyService.class}, configurationPid = TrustPolicyService.PID)
@Designate(ocd = TrustPolicyService.Config.class)
public class TrustPolicyService implements TrustPolicy {
    /** Configuration PID. */
    public static final String PID = "dev.nexo.auth.trust";
    /** Tool or capability service property: where the code comes from ({@code installed-bundle}, {@code mcp-server}, ...). */
    public static final String PROVENANCE = "nexo.trust.provenance";
    /**
     * Tool or capability service property: the resource a capability is bound to (a subprocess
     * plugin's {@code <id>@<version>}); it is stored, and a registration with another target purges
     * the capability's grants, also when the change happened while the container was down.
     */
    public static final String TARGET = "nexo.trust.target";
    /** Tool service property: how to use it, shown to external agents next to the schema. */
    public static final String USAGE = "nexo.tool.usage";
    private static final Logger LOG = LoggerFactory.getLogger(TrustPolicyService.class);

    @ObjectClassDefinition(name = "Nexo trust policy", description = "Approvals and automatic read grants.")
    public @interface Config {
        @AttributeDefinition(name = "Approval timeout (seconds)", description = "A pending approval nobody decided "
                + "within this time is denied, and the waiting call fails.", min = "1")
        int approval_timeout_seconds() default 600;

        @AttributeDefinition(name = "Grant read capabilities automatically", description = "When true, a read "
                + "capability without a grant is granted by policy for the read window instead of pending for a human.")
        boolean auto_grant_read() default false;

        @AttributeDefinition(name = "Automatic read window", description = "Trust window of automatic read grants: 1h, 1d, 7d or until-revoked.")
        String auto_grant_read_window() default "1h";
    }

    /** A tool registered as a capability. */
    record ToolEntry(Tool tool, Capability capability, String usage, Object target) {
    }

    private final AuditLog audit;
    private final Clock clock;
    private final GrantLedger ledger;
    private final ApprovalQueue approvals;
    private final boolean autoGrantRead;
    private final TrustWindow autoReadWindow;
    private final Map<String, ToolEntry> tools = new ConcurrentHashMap<>();
    private final Map<String, Capability> contributed = new ConcurrentHashMap<>();
    /** Last known sensitivity and schema of each capability in this run, to detect a reconfiguration. */
    private final Map<String, Object> shapes = new ConcurrentHashMap<>();
    /** Last target of each capability, persisted: compared on every registration, in-run and after a restart. */
    private final CapabilityTargets targets;
    /** Makes compare, purge and store one step per registration. */
    private final Object regating = new Object();
    private final ScheduledExecutorService expiry;

    @Activate
    public TrustPolicyService(@Reference TrustDb db, @Reference AuditLog audit, Config config) {
        this(db, audit, Clock.systemUTC(), config, true);
    }

    TrustPolicyService(TrustDb db, AuditLog audit, Clock clock, Config config, boolean schedule) {
        this.audit = audit;
        this.clock = clock;
        this.ledger = new GrantLedger(db);
        this.targets = new CapabilityTargets(db);
        this.approvals = new ApprovalQueue(db, Duration.ofSeconds(Math.max(1, config.approval_timeout_seconds())));
        recoverApprovals();
        this.autoGrantRead = config.auto_grant_read();
        this.autoReadWindow = TrustWindow.parse(config.auto_grant_read_window());
        if (schedule) {
            expiry = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "nexo-approval-expiry"));
            expiry.scheduleWithFixedDelay(this::expireDue, 1, 1, TimeUnit.SECONDS);
        } else {
            expiry = null;
        }
    }

    @Deactivate
    void deactivate() {
        if (expiry != null) {
            expiry.shutdownNow();
        }
        for (ApprovalQueue.Pending p : approvals.shutdown(clock.instant())) {
            if (p.awaited) {
                audit.record("policy", "approval." + p.capability.id(), ApprovalQueue.ABANDONED,
                        "{\"approval\":" + quote(p.id) + ",\"reason\":\"the trust service stopped\"}");
            }
            p.decision.complete(TrustDecision.deny("the trust service stopped before a decision"));
        }
    }

    /** Approvals a previous run left pending: restored, or closed as expired / abandoned with an audit row each. */
    private void recoverApprovals() {
        ApprovalQueue.Recovered r = approvals.recover(clock.instant());
        for (ApprovalQueue.Pending p : r.expired()) {
            audit.record("policy", "approval." + p.capability.id(), ApprovalQueue.EXPIRED,
                    "{\"approval\":" + quote(p.id) + ",\"reason\":\"expired while the trust service was down\"}");
        }
        for (ApprovalQueue.Pending p : r.abandoned()) {
            audit.record("policy", "approval." + p.capability.id(), ApprovalQueue.ABANDONED,
                    "{\"approval\":" + quote(p.id) + ",\"reason\":\"its caller did not survive the restart\"}");
        }
        if (!r.restored().isEmpty() || !r.expired().isEmpty() || !r.abandoned().isEmpty()) {
            LOG.info("approvals from the previous run: {} still pending, {} expired, {} abandoned", r.restored().size(),
                    r.expired().size(), r.abandoned().size());
        }
    }

    // ---- capability registry (whiteboard) ----

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addTool(Tool tool, ServiceReference<Tool> ref) {
        ToolDescriptor d = tool.descriptor();
        Capability cap = Capability.builder(d.capabilityId(), d.sensitivity()).description(d.description())
                .requestSchema(d.inputSchema()).providedBy(provenance(ref), owner(ref)).build();
        String usage = ref.getProperty(USAGE) instanceof String s ? s : d.description();
        // re-gate first: the new registration is never callable on the old target's grants
        regateIfChanged(cap, ref.getProperty(TARGET));
        tools.put(cap.id(), new ToolEntry(tool, cap, usage, ref.getProperty(TARGET)));
    }

    void updatedTool(Tool tool, ServiceReference<Tool> ref) {
        addTool(tool, ref);
    }

    void removeTool(Tool tool, ServiceReference<Tool> ref) {
        tools.values().removeIf(e -> e.tool() == tool);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCapability(Capability capability, Map<String, Object> props) {
        regateIfChanged(capability, props.get(TARGET));
        contributed.put(capability.id(), capability);
    }

    void updatedCapability(Capability capability, Map<String, Object> props) {
        addCapability(capability, props);
    }

    void removeCapability(Capability capability) {
        contributed.remove(capability.id(), capability);
    }

    /**
     * The one re-gating path for every registration: a target other than the stored one (from
     * this run or an earlier one) or, within this run, another sensitivity or schema purges the
     * capability's grants; then the target is stored. Purging before storing means a crash in
     * between purges again on the next start instead of keeping the old grants.
     */
    private void regateIfChanged(Capability cap, Object targetProperty) {
        String target = targetProperty == null ? null : targetProperty.toString();
        List<Object> shape = java.util.Arrays.asList(cap.sensitivity(), cap.requestSchema().orElse(null));
        synchronized (regating) {
            Object before = shapes.put(cap.id(), shape);
            Optional<CapabilityTargets.Change> moved = targets.compare(cap.id(), target);
            if (moved.isPresent()) {
                CapabilityTargets.Change m = moved.get();
                purge(cap.id(), "capability " + cap.id() + " was registered with target " + m.to() + " (was " + m.from() + ")",
                        ",\"from\":" + quote(m.from()) + ",\"to\":" + quote(m.to()));
            } else if (before != null && !before.equals(shape)) {
                purge(cap.id(), "capability " + cap.id() + " was reconfigured", "");
            }
            targets.store(cap.id(), target, clock.instant());
        }
    }

    private static Provenance provenance(ServiceReference<?> ref) {
        if (ref.getProperty(PROVENANCE) instanceof String p) {
            try {
                return Provenance.fromWire(p);
            } catch (IllegalArgumentException e) {
                LOG.warn("ignoring unknown {}={} on {}", PROVENANCE, p, ref);
            }
        }
        Bundle b = ref.getBundle();
        String bsn = b == null ? null : b.getSymbolicName();
        return bsn != null && bsn.matches("dev\\.nexo\\.(core|auth|broker|llm|memory|channel\\.[a-z0-9_]+)")
                ? Provenance.FIRST_PARTY : Provenance.INSTALLED_BUNDLE;
    }

    private static String owner(ServiceReference<?> ref) {
        Bundle b = ref.getBundle();
        return b == null || b.getSymbolicName() == null ? "unknown" : b.getSymbolicName();
    }

    /** Registers a capability directly (tests, and first-party actions without a service). */
    void register(Capability capability) {
        regateIfChanged(capability, null);
        contributed.put(capability.id(), capability);
    }

    @Override
    public Optional<Capability> capability(String capabilityId) {
        ToolEntry t = capabilityId == null ? null : tools.get(capabilityId);
        if (t != null) {
            return Optional.of(t.capability());
        }
        return Optional.ofNullable(capabilityId == null ? null : contributed.get(capabilityId));
    }

    @Override
    public Collection<Capability> capabilities() {
        Map<String, Capability> all = new java.util.TreeMap<>(contributed);
        tools.forEach((id, t) -> all.put(id, t.capability()));
        return List.copyOf(all.values());
    }

    Optional<ToolEntry> tool(String capabilityId) {
        return Optional.ofNullable(tools.get(capabilityId));
    }

    // ---- decisions ----

    @Override
    public TrustDecision check(AccessRequest request) {
        String subject = request.subjectId();
        String args = request.arguments().orElse(null);
        Optional<Capability> found = capability(request.capabilityId());
        if (found.isEmpty()) {
            audit.record(subject, request.capabilityId(), AuditLog.DENIED, args);
            return TrustDecision.deny("unknown capability " + request.capabilityId());
        }
        Capability cap = found.get();
        Instant now = clock.instant();
        Optional<GrantLedger.Entry> grant = ledger.active(subject, request.tenantId(), cap.id(), now);
        // a once grant is spent by removing it from the live ledger: of two racing calls only one wins it
        if (grant.isPresent() && (grant.get().grant().window().isStanding() || ledger.revoke(grant.get().grant().id(), now).isPresent())) {
            audit.record(subject, cap.id(), AuditLog.ALLOWED, args);
            return TrustDecision.allow(grant.get().grant().id());
        }
        if (cap.sensitivity() == Sensitivity.READ && autoGrantRead) {
            Grant g = ledger.grant(cap, subject, request.tenantId(), autoReadWindow, now, "policy").grant();
            audit.record("policy", "grant." + cap.id(), "granted", "{\"subject\":" + quote(subject) + ",\"window\":\""
                    + g.window().wireName() + "\"}");
            audit.record(subject, cap.id(), AuditLog.ALLOWED, args);
            return TrustDecision.allow(g.id());
        }
        return pend(subject, request.tenantId(), cap, args, TrustWindow.ONCE);
    }

    private TrustDecision pend(String subject, String tenant, Capability cap, String args, TrustWindow window) {
        Optional<ApprovalQueue.Pending> p = approvals.request(subject, tenant, cap, args, window, clock.instant());
        if (p.isEmpty()) {
            audit.record(subject, cap.id(), AuditLog.DENIED, args);
            return TrustDecision.deny("too many approvals waiting for " + subject);
        }
        audit.record(subject, cap.id(), "pending", args);
        return TrustDecision.pending(p.get().id, cap.sensitivity().wireName() + " capability " + cap.id()
                + " needs a human's approval");
    }

    /**
     * An agent asks for a grant ahead of use. It only ever creates a pending approval: no agent
     * can grant itself anything.
     */
    TrustDecision requestGrant(String subject, String tenant, String capabilityId, TrustWindow window) {
        Optional<Capability> cap = capability(capabilityId);
        if (cap.isEmpty()) {
            audit.record(subject, "grant.request", AuditLog.DENIED, "{\"capability\":" + quote(capabilityId) + "}");
            return TrustDecision.deny("unknown capability " + capabilityId);
        }
        return pend(subject, tenant, cap.get(), null, window.clampFor(cap.get().sensitivity()));
    }

    @Override
    public CompletionStage<TrustDecision> awaitApproval(String approvalId) {
        Optional<ApprovalQueue.Pending> p = approvals.get(approvalId);
        if (p.isPresent()) {
            approvals.awaited(p.get());
        } else {
            p = approvals.decided(approvalId); // a human may decide before the caller starts waiting
        }
        if (p.isEmpty()) {
            return CompletableFuture.completedFuture(TrustDecision.deny("no pending approval " + approvalId));
        }
        // the waiting call is the one use of a once grant: spend it when the decision reaches it
        return p.get().decision.thenApply(d -> {
            d.grantId().flatMap(ledger::get).filter(e -> !e.grant().window().isStanding())
                    .ifPresent(e -> ledger.revoke(e.grant().id(), clock.instant()));
            return d;
        });
    }

    /**
     * @param window requested window, or null for what the request asked (once for calls)
     * @return the grant made, or empty when no such approval is pending
     */
    Optional<Grant> approve(String approvalId, TrustWindow window, String approver) {
        Optional<ApprovalQueue.Pending> taken = approvals.take(approvalId, ApprovalQueue.APPROVED, approver, clock.instant());
        if (taken.isEmpty()) {
            return Optional.empty();
        }
        ApprovalQueue.Pending p = taken.get();
        TrustWindow w = (window == null ? p.requestedWindow : window).clampFor(p.capability.sensitivity());
        Grant g = ledger.grant(p.capability, p.subject, p.tenant, w, clock.instant(), approver).grant();
        audit.record(approver, "approval." + p.capability.id(), "approved",
                "{\"approval\":" + quote(p.id) + ",\"subject\":" + quote(p.subject) + ",\"window\":\"" + w.wireName() + "\"}");
        p.decision.complete(TrustDecision.allow(g.id()));
        return Optional.of(g);
    }

    /**
     * An operator grants directly (e.g. an agent's starting capabilities at connect).
     *
     * @return the grant, or empty for an unknown capability
     */
    Optional<Grant> grantByOperator(String subject, String tenant, String capabilityId, TrustWindow window, String by) {
        Optional<Capability> cap = capability(capabilityId);
        cap.ifPresent(c -> {
            Grant g = ledger.grant(c, subject, tenant, window, clock.instant(), by).grant();
            audit.record(by, "grant." + c.id(), "granted", "{\"subject\":" + quote(subject) + ",\"window\":\""
                    + g.window().wireName() + "\",\"grant\":" + quote(g.id()) + "}");
        });
        return cap.flatMap(c -> ledger.active(subject, tenant, c.id(), clock.instant()).map(GrantLedger.Entry::grant));
    }

    /** @return whether a pending approval was denied */
    boolean deny(String approvalId, String approver) {
        Optional<ApprovalQueue.Pending> taken = approvals.take(approvalId, ApprovalQueue.DENIED, approver, clock.instant());
        taken.ifPresent(p -> {
            audit.record(approver, "approval." + p.capability.id(), AuditLog.DENIED,
                    "{\"approval\":" + quote(p.id) + ",\"subject\":" + quote(p.subject) + "}");
            p.decision.complete(TrustDecision.deny("denied by " + approver));
        });
        return taken.isPresent();
    }

    /** Denies every approval past its expiry; the waiting calls fail. @return how many */
    int expireDue() {
        List<ApprovalQueue.Pending> due = approvals.expire(clock.instant());
        for (ApprovalQueue.Pending p : due) {
            audit.record("policy", "approval." + p.capability.id(), "expired", "{\"approval\":" + quote(p.id) + "}");
            p.decision.complete(TrustDecision.deny("approval expired"));
        }
        return due.size();
    }

    List<ApprovalQueue.Pending> pendingApprovals() {
        return approvals.list();
    }

    /** @return approvals closed as abandoned or expired lately, for the operator's list */
    List<ApprovalQueue.Pending> closedApprovals() {
        return approvals.closed(clock.instant());
    }

    Optional<ApprovalQueue.Pending> pendingApproval(String id) {
        return approvals.get(id);
    }

    List<GrantLedger.Entry> standingGrants() {
        return ledger.standing(clock.instant());
    }

    Optional<Grant> revokeGrant(String id, String by) {
        Optional<Grant> g = ledger.revoke(id, clock.instant());
        g.ifPresent(x -> audit.record(by, "grant.revoke", "revoked", "{\"grant\":" + quote(id) + ",\"capability\":"
                + quote(x.capabilityId()) + ",\"subject\":" + quote(x.subjectId()) + "}"));
        return g;
    }

    /** Revokes every grant of one subject (an agent revoked). @return how many */
    int revokeSubject(String subject, String by) {
        List<Grant> revoked = ledger.revokeAll(g -> g.subjectId().equals(subject), clock.instant());
        revoked.forEach(g -> audit.record(by, "grant.revoke", "revoked", "{\"grant\":" + quote(g.id()) + "}"));
        for (ApprovalQueue.Pending p : approvals.list()) {
            if (p.subject.equals(subject)) {
                deny(p.id, by);
            }
        }
        return revoked.size();
    }

    /** Everything goes: every grant revoked and every approval denied (the connection-key was rotated). */
    int revokeEverything(String by) {
        List<Grant> revoked = ledger.revokeAll(g -> true, clock.instant());
        audit.record(by, "grant.revoke_all", "revoked", "{\"count\":" + revoked.size() + "}");
        for (ApprovalQueue.Pending p : approvals.drain(ApprovalQueue.DENIED, by, clock.instant())) {
            p.decision.complete(TrustDecision.deny("all grants were revoked"));
        }
        return revoked.size();
    }

    @Override
    public int purgeGrants(String capabilityId, String reason) {
        Objects.requireNonNull(capabilityId, "capabilityId");
        return purge(capabilityId, reason, "");
    }

    /** @param extraFields more audit argument fields, each as {@code ,"name":value}, or empty */
    private int purge(String capabilityId, String reason, String extraFields) {
        List<Grant> revoked = ledger.revokeAll(g -> g.capabilityId().equals(capabilityId)
                || g.capabilityId().startsWith(capabilityId + "."), clock.instant());
        if (!revoked.isEmpty()) {
            LOG.info("re-gated {}: revoked {} grants ({})", capabilityId, revoked.size(), reason);
        }
        audit.record("policy", "grant.purge", "revoked", "{\"capability\":" + quote(capabilityId) + ",\"count\":"
                + revoked.size() + ",\"reason\":" + quote(reason) + extraFields + "}");
        List<ApprovalQueue.Pending> stale = new ArrayList<>();
        for (ApprovalQueue.Pending p : approvals.list()) {
            if (p.capability.id().equals(capabilityId) || p.capability.id().startsWith(capabilityId + ".")) {
                stale.add(p);
            }
        }
        stale.forEach(p -> deny(p.id, "policy"));
        return revoked.size();
    }

    Instant now() {
        return clock.instant();
    }

    static String quote(String s) {
        return s == null ? "null"
                : '"' + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(s)) + '"';
    }
}
