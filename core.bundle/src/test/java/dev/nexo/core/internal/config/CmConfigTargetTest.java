package dev.nexo.core.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** The ConfigAdmin adapter against a tiny in-memory ConfigurationAdmin built from proxies. */
class CmConfigTargetTest {
    final Map<String, Dictionary<String, Object>> store = new LinkedHashMap<>();
    final List<String> calls = new ArrayList<>();

    private Configuration configuration(String pid) {
        return (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Configuration.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getPid" -> pid;
                    case "getProperties" -> store.get(pid);
                    case "update" -> {
                        @SuppressWarnings("unchecked")
                        Dictionary<String, Object> props = (Dictionary<String, Object>) args[0];
                        props.put("service.pid", pid);
                        store.put(pid, props);
                        yield null;
                    }
                    case "delete" -> store.remove(pid);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private ConfigurationAdmin cm() {
        return (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (proxy, method, args) -> {
                    calls.add(method.getName() + List.of(args));
                    return switch (method.getName()) {
                        case "getConfiguration" -> configuration((String) args[0]);
                        case "getFactoryConfiguration" -> configuration(args[0] + "~" + args[1]);
                        case "listConfigurations" -> store.entrySet().stream()
                                .filter(e -> matches((String) args[0], e.getKey(), e.getValue()))
                                .map(e -> configuration(e.getKey())).toArray(Configuration[]::new);
                        default -> throw new UnsupportedOperationException(method.getName());
                    };
                });
    }

    private static boolean matches(String filter, String pid, Dictionary<String, Object> props) {
        if (filter.equals("(nexo.managed=true)")) {
            return Boolean.TRUE.equals(props.get("nexo.managed"));
        }
        return filter.equals("(service.pid=" + pid + ")");
    }

    @Test
    void namedFactoryConfigurationsAreCreatedListedAndDeleted() throws Exception {
        CmConfigTarget target = new CmConfigTarget(cm());
        store.put("org.other", new Hashtable<>(Map.of("x", "y")));

        target.write(DesiredConfig.factory("dev.nexo.agent", "ana", Map.of("id", "ana", PidMapper.MANAGED, true)));
        target.write(DesiredConfig.singleton("dev.nexo.broker", Map.of("type", "local", PidMapper.MANAGED, true)));

        assertTrue(calls.contains("getFactoryConfiguration[dev.nexo.agent, ana, ?]"), calls.toString());
        assertTrue(calls.contains("getConfiguration[dev.nexo.broker, ?]"), calls.toString());
        assertEquals(Map.of("dev.nexo.agent~ana", Map.of("id", "ana", "nexo.managed", true, "service.pid",
                "dev.nexo.agent~ana"), "dev.nexo.broker", Map.of("type", "local", "nexo.managed", true,
                "service.pid", "dev.nexo.broker")), target.listManaged());

        target.delete("dev.nexo.agent~ana");

        assertEquals(List.of("org.other", "dev.nexo.broker"), List.copyOf(store.keySet()));
        assertEquals("\\(a\\*\\)", CmConfigTarget.escape("(a*)"));
    }
}
