package dev.nexo.core.internal.trust;

import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.hooks.resolver.ResolverHook;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nexo.api.trust.NexoCapabilities;

/**
 * Keeps a bundle unresolved while it requires a {@code dev.nexo.capability} name the operator
 * has not granted it: the hook removes every provider of that requirement, so the framework
 * reports a missing requirement and the policy records why.
 */
@Component(service = ResolverHookFactory.class)
public class CapabilityResolverHook implements ResolverHookFactory {
    private static final Logger LOG = LoggerFactory.getLogger(CapabilityResolverHook.class);
    private static final Pattern NAME_IN_FILTER = Pattern.compile("\\(" + Pattern.quote(NexoCapabilities.NAMESPACE) + "=([^)]*)\\)");

    private final BundlePolicy policy;

    @Activate
    public CapabilityResolverHook(@Reference BundlePolicy policy) {
        this.policy = policy;
    }

    @Override
    public ResolverHook begin(Collection<BundleRevision> triggers) {
        return new ResolverHook() {
            @Override
            public void filterResolvable(Collection<BundleRevision> candidates) {
                // every bundle may try; the requirement filter below decides
            }

            @Override
            public void filterSingletonCollisions(BundleCapability singleton, Collection<BundleCapability> collisionCandidates) {
                // not concerned
            }

            @Override
            public void filterMatches(BundleRequirement requirement, Collection<BundleCapability> candidates) {
                if (!NexoCapabilities.NAMESPACE.equals(requirement.getNamespace()) || candidates.isEmpty()) {
                    return;
                }
                String bsn = requirement.getRevision().getSymbolicName();
                for (String name : names(requirement.getDirectives().get("filter"))) {
                    if (!policy.isGranted(bsn, name)) {
                        LOG.warn("bundle {} requires Nexo capability {} which the operator has not granted; it stays unresolved", bsn, name);
                        policy.denied(bsn, name);
                        candidates.clear();
                        return;
                    }
                }
            }

            @Override
            public void end() {
                // nothing held
            }
        };
    }

    /** @return the capability names a requirement filter asks for; a filter naming none asks for itself */
    static List<String> names(String filter) {
        if (filter == null) {
            return List.of("*");
        }
        Matcher m = NAME_IN_FILTER.matcher(filter);
        List<String> names = new java.util.ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names.isEmpty() ? List.of(filter) : names;
    }
}
