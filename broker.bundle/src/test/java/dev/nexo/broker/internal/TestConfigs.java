package dev.nexo.broker.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** {@link BrokerConfig} instances from a map, the way DS builds them from ConfigAdmin properties. */
final class TestConfigs {
    private TestConfigs() {
    }

    static BrokerConfig broker(Map<String, Object> values) {
        Map<String, Object> v = new HashMap<>(values);
        return (BrokerConfig) Proxy.newProxyInstance(BrokerConfig.class.getClassLoader(),
                new Class<?>[] {BrokerConfig.class}, (proxy, m, args) -> value(m, v));
    }

    private static Object value(Method m, Map<String, Object> v) {
        String key = m.getName().replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
        Object o = v.get(key);
        return o != null ? o : m.getDefaultValue();
    }
}
