package dev.nexo.core.internal.trust;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nexo.api.trust.AuditLog;

/**
 * Operator actions on the bundle capability policy, shared by the admin API and Gogo: granting
 * resolves and starts the waiting bundles without a restart; revoking refreshes them so they
 * drop back to INSTALLED.
 */
@Component(service = BundleTrust.class)
public class BundleTrust {
    private static final Logger LOG = LoggerFactory.getLogger(BundleTrust.class);
    private static final Logger AUDIT = LoggerFactory.getLogger("nexo.audit");

    private final BundleContext context;
    private final BundlePolicy policy;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile AuditLog audit;

    @Activate
    public BundleTrust(BundleContext context, @Reference BundlePolicy policy) {
        this.context = context;
        this.policy = policy;
    }

    /** One bundle's view: its state, explicit grants and why it is held back. */
    public static final class BundleTrustDTO {
        public long id;
        public String symbolicName;
        public String state;
        public boolean firstParty;
        public List<String> granted;
        public List<String> denied;
        public String reason;
    }

    /** @return every bundle that declares or was refused a Nexo capability, plus explicit grants */
    public List<BundleTrustDTO> list() {
        Map<String, Set<String>> grants = policy.grants();
        Map<String, Set<String>> denials = policy.denials();
        List<BundleTrustDTO> out = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            String bsn = b.getSymbolicName();
            if (bsn == null || !(grants.containsKey(bsn) || denials.containsKey(bsn))) {
                continue;
            }
            BundleTrustDTO dto = new BundleTrustDTO();
            dto.id = b.getBundleId();
            dto.symbolicName = bsn;
            dto.state = state(b);
            dto.firstParty = BundlePolicy.isFirstParty(bsn);
            dto.granted = new ArrayList<>(grants.getOrDefault(bsn, Set.of()));
            dto.denied = new ArrayList<>(denials.getOrDefault(bsn, Set.of()));
            dto.reason = b.getState() == Bundle.INSTALLED ? policy.reason(bsn) : null;
            out.add(dto);
        }
        return out;
    }

    /** @return the explicit policy, bundle symbolic name to granted names */
    public Map<String, Set<String>> policy() {
        return new LinkedHashMap<>(policy.grants());
    }

    /**
     * Grants, then resolves and starts the bundles with that symbolic name that were waiting.
     *
     * @return the bundles started
     */
    public List<Long> grant(String bsn, String name, String actor) {
        policy.grant(bsn, name);
        record(actor, "trust.bundle.grant", bsn, name);
        List<Bundle> waiting = bundles(bsn).stream().filter(b -> b.getState() == Bundle.INSTALLED).toList();
        List<Long> started = new ArrayList<>();
        if (waiting.isEmpty()) {
            return started;
        }
        context.getBundle(0).adapt(FrameworkWiring.class).resolveBundles(waiting);
        for (Bundle b : waiting) {
            if (b.getState() == Bundle.RESOLVED && !isFragment(b)) {
                try {
                    b.start();
                    started.add(b.getBundleId());
                } catch (BundleException | IllegalStateException e) {
                    LOG.warn("bundle {} resolved after the grant of {} but did not start", bsn, name, e);
                }
            }
        }
        return started;
    }

    /** Revokes and refreshes that bundle so it is held back again. @return whether the grant existed */
    public boolean revoke(String bsn, String name, String actor) {
        boolean existed = policy.revoke(bsn, name);
        if (existed) {
            record(actor, "trust.bundle.revoke", bsn, name);
            List<Bundle> affected = bundles(bsn);
            if (!affected.isEmpty()) {
                context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(affected);
            }
        }
        return existed;
    }

    private void record(String actor, String action, String bsn, String name) {
        AUDIT.info("{} bundle={} capability={} actor={} outcome=ok", action, bsn, name, actor);
        AuditLog log = audit;
        if (log != null) {
            log.record(actor, action, "ok", "{\"bundle\":\"" + bsn + "\",\"capability\":\"" + name + "\"}");
        }
    }

    private List<Bundle> bundles(String bsn) {
        List<Bundle> out = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                out.add(b);
            }
        }
        return out;
    }

    private static boolean isFragment(Bundle b) {
        BundleRevision rev = b.adapt(BundleRevision.class);
        return rev != null && (rev.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
    }

    static String state(Bundle b) {
        return switch (b.getState()) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNINSTALLED";
        };
    }
}
