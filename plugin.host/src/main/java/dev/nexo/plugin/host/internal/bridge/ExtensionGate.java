package dev.nexo.plugin.host.internal.bridge;

import dev.nexo.api.trust.AccessRequest;
import dev.nexo.api.trust.AuditLog;
import dev.nexo.api.trust.Capability;
import dev.nexo.api.trust.Provenance;
import dev.nexo.api.trust.Sensitivity;
import dev.nexo.api.trust.TrustDecision;
import dev.nexo.api.trust.TrustPolicy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's say over a plugin's hooks and memory backends. Like a plugin tool (capability
 * {@code tool.ext_<id>_<tool>}), each such extension is a {@link Capability} of the
 * {@link Provenance#SUBPROCESS_PLUGIN} — {@code plugin.<id>.hook.<point>} and
 * {@code plugin.<id>.memory.<backend>}, both {@link Sensitivity#WRITE} because a hook sees and may
 * block or rewrite every turn and a backend keeps user data — and every use on behalf of an agent
 * is put to the {@link TrustPolicy} first (which audits each decision). Default deny: without an
 * active grant the plugin is not called; the first such use queues an approval the operator
 * decides with a window, and while the trust service is absent nothing is called at all.
 */
final class ExtensionGate {
    private static final Logger LOG = LoggerFactory.getLogger(ExtensionGate.class);

    /** A use's verdict: allowed, or why not (operator-readable, names the approval when one is queued). */
    record Verdict(boolean allowed, String reason) {
    }

    private final String pluginId;
    private final PluginBridges.Trust trust;
    /** (agent, capability) → whether the last decision allowed it, to log changes once, not every turn. */
    private final Map<String, Boolean> last = new ConcurrentHashMap<>();

    ExtensionGate(String pluginId, PluginBridges.Trust trust) {
        this.pluginId = pluginId;
        this.trust = trust;
    }

    static String hookCapability(String pluginId, String hookPoint) {
        return "plugin." + pluginId + ".hook." + hookPoint;
    }

    static String memoryCapability(String pluginId, String backend) {
        return "plugin." + pluginId + ".memory." + backend;
    }

    /** @return the capability the trust policy needs to know before it can grant the extension */
    Capability capability(String capabilityId, String description) {
        return Capability.builder(capabilityId, Sensitivity.WRITE).description("[plugin:" + pluginId + "] " + description)
                .providedBy(Provenance.SUBPROCESS_PLUGIN, pluginId).build();
    }

    /**
     * Decides one use: never blocks and never waits for a human (a pending approval means "not now").
     *
     * @param correlationId the turn's correlation id, or null
     */
    Verdict check(String capabilityId, String tenantId, String agentId, String correlationId) {
        TrustPolicy policy = trust.policy().get();
        Verdict v;
        if (policy == null) {
            AuditLog audit = trust.audit().get();
            if (audit != null) {
                audit.record(agentId, capabilityId, AuditLog.DENIED, "{\"reason\":\"no trust policy service\"}");
            }
            v = new Verdict(false, "no trust policy service is running (default deny)");
        } else {
            v = decide(policy, capabilityId, tenantId, agentId, correlationId);
        }
        log(capabilityId, agentId, v);
        return v;
    }

    private static Verdict decide(TrustPolicy policy, String capabilityId, String tenantId, String agentId,
            String correlationId) {
        try {
            TrustDecision d = policy.check(AccessRequest.builder(tenantId, agentId, capabilityId)
                    .correlationId(correlationId).build());
            return switch (d.outcome()) {
                case ALLOW -> new Verdict(true, "granted");
                case PENDING -> new Verdict(false, d.reason() + "; grant it with: nexo approve "
                        + d.approvalId().orElse("?") + " --window 1h|1d|7d|until-revoked");
                case DENY -> new Verdict(false, d.reason());
            };
        } catch (RuntimeException e) {
            return new Verdict(false, "trust check failed: " + e.getClass().getSimpleName());
        }
    }

    private void log(String capabilityId, String agentId, Verdict v) {
        Boolean before = last.put(agentId + '\u0000' + capabilityId, v.allowed());
        if (before != null && before == v.allowed()) {
            LOG.debug("plugin {}: {} for agent {}: {}", pluginId, capabilityId, agentId, v.reason());
        } else if (v.allowed()) {
            LOG.info("plugin {}: {} is granted for agent {}; the plugin is called", pluginId, capabilityId, agentId);
        } else {
            LOG.warn("plugin {}: {} is not granted for agent {}, so the plugin is not called: {}", pluginId,
                    capabilityId, agentId, v.reason());
        }
    }
}
