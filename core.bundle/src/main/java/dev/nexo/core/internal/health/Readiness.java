package dev.nexo.core.internal.health;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.runtime.JaxrsServiceRuntime;
import org.osgi.service.jaxrs.runtime.dto.ApplicationDTO;
import org.osgi.service.jaxrs.runtime.dto.ResourceDTO;
import org.osgi.service.jaxrs.runtime.dto.RuntimeDTO;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Decides whether the container is ready: every required service is registered and every
 * required admin REST resource is live in the JAX-RS whiteboard (resources answer 404 for a
 * moment after Jetty starts, so "registered" is not enough). Lists what is missing otherwise.
 */
@Component(service = Readiness.class, configurationPid = Readiness.PID)
@Designate(ocd = Readiness.Config.class)
public class Readiness {
    /** Configuration PID. */
    public static final String PID = "dev.nexo.ready";

    @ObjectClassDefinition(name = "Nexo readiness", description = "What must be up before GET /ready answers 200.")
    public @interface Config {
        @AttributeDefinition(name = "Required services", description = "Each entry is 'name=(ldap filter)'; "
                + "ready needs at least one service matching every filter.")
        String[] required_services() default {
            "config-admin=(objectClass=org.osgi.service.cm.ConfigurationAdmin)",
            "config-loader=(objectClass=dev.nexo.core.internal.config.ConfigService)",
            "connection-key=(objectClass=dev.nexo.core.internal.security.ConnectionKey)",
            "metrics=(&(objectClass=io.micrometer.core.instrument.MeterRegistry)(nexo.registry=prometheus))",
            "deploy-watcher=(objectClass=dev.nexo.core.internal.deploy.DeployWatcher)",
            "admin-guard=(&(objectClass=javax.servlet.Filter)(component.name=dev.nexo.core.internal.http.AdminGuardFilter))"
        };

        @AttributeDefinition(name = "Required REST resources", description = "osgi.jaxrs.name of admin resources that must be live.")
        String[] required_resources() default {"nexo.admin.status", "nexo.admin.bundles", "nexo.admin.channels"};
    }

    private final BundleContext context;
    private volatile Config config;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile JaxrsServiceRuntime jaxrs;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<ReadinessCheck> checks;

    @Activate
    public Readiness(BundleContext context, Config config) {
        this.context = context;
        this.config = config;
    }

    @Modified
    void modified(Config config) {
        this.config = config;
    }

    /** @return the names of what is still missing; empty when ready */
    public List<String> missing() {
        List<String> missing = new ArrayList<>();
        for (String entry : config.required_services()) {
            int eq = entry.indexOf('=');
            String name = eq > 0 ? entry.substring(0, eq) : entry;
            String filter = eq > 0 ? entry.substring(eq + 1) : entry;
            if (!present(filter)) {
                missing.add(name);
            }
        }
        List<ReadinessCheck> current = checks;
        if (current != null) {
            for (ReadinessCheck check : current) {
                if (!check.isReady()) {
                    missing.add(check.name());
                }
            }
        }
        Set<String> live = liveResources();
        for (String resource : config.required_resources()) {
            if (!live.contains(resource)) {
                missing.add("rest:" + resource);
            }
        }
        return missing;
    }

    private boolean present(String filter) {
        try {
            return context.getServiceReferences((String) null, filter) != null;
        } catch (InvalidSyntaxException e) {
            return false;
        } catch (IllegalStateException stopping) {
            return false;
        }
    }

    private Set<String> liveResources() {
        JaxrsServiceRuntime runtime = jaxrs;
        Set<String> names = new HashSet<>();
        if (runtime == null) {
            return names;
        }
        RuntimeDTO dto = runtime.getRuntimeDTO();
        addResources(names, dto.defaultApplication);
        if (dto.applicationDTOs != null) {
            for (ApplicationDTO app : dto.applicationDTOs) {
                addResources(names, app);
            }
        }
        return names;
    }

    private static void addResources(Set<String> names, ApplicationDTO app) {
        if (app != null && app.resourceDTOs != null) {
            for (ResourceDTO r : app.resourceDTOs) {
                names.add(r.name);
            }
        }
    }
}
