package dev.nexo.core.internal.config;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * {@link ConfigTarget} over the real ConfigurationAdmin. Configurations are bound to location
 * {@code "?"} so whichever bundle provides the consuming component may use them.
 */
final class CmConfigTarget implements ConfigTarget {
    private static final String LOCATION = "?";
    private static final String MANAGED_FILTER = "(" + PidMapper.MANAGED + "=true)";

    private final ConfigurationAdmin cm;

    CmConfigTarget(ConfigurationAdmin cm) {
        this.cm = cm;
    }

    @Override
    public Map<String, Map<String, Object>> listManaged() throws IOException {
        Map<String, Map<String, Object>> out = new HashMap<>();
        for (Configuration c : list(MANAGED_FILTER)) {
            Map<String, Object> props = new HashMap<>();
            Enumeration<String> keys = c.getProperties().keys();
            for (String key : Collections.list(keys)) {
                props.put(key, c.getProperties().get(key));
            }
            out.put(c.getPid(), props);
        }
        return out;
    }

    @Override
    public void write(DesiredConfig config) throws IOException {
        Configuration c = config.factoryPid() == null
                ? cm.getConfiguration(config.pid(), LOCATION)
                : cm.getFactoryConfiguration(config.factoryPid(), config.name(), LOCATION);
        c.update(new Hashtable<>(config.properties()));
    }

    @Override
    public void delete(String pid) throws IOException {
        for (Configuration c : list("(service.pid=" + escape(pid) + ")")) {
            c.delete();
        }
    }

    private Configuration[] list(String filter) throws IOException {
        try {
            Configuration[] found = cm.listConfigurations(filter);
            return found == null ? new Configuration[0] : found;
        } catch (InvalidSyntaxException e) {
            throw new IOException("bad filter " + filter, e);
        }
    }

    /** RFC 1960 filter value escaping. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("*", "\\*").replace("(", "\\(").replace(")", "\\)");
    }
}
