package dev.nexo.core.internal.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A ConfigAdmin stand-in: a map of PID to properties, recording every write and delete. */
final class InMemoryTarget implements ConfigTarget {
    final Map<String, Map<String, Object>> configs = new LinkedHashMap<>();
    final List<String> writes = new ArrayList<>();
    final List<String> deletes = new ArrayList<>();

    @Override
    public Map<String, Map<String, Object>> listManaged() {
        Map<String, Map<String, Object>> out = new HashMap<>();
        configs.forEach((pid, props) -> {
            if (Boolean.TRUE.equals(props.get(PidMapper.MANAGED))) {
                out.put(pid, new HashMap<>(props));
            }
        });
        return out;
    }

    @Override
    public void write(DesiredConfig config) {
        Map<String, Object> props = new HashMap<>(config.properties());
        props.put("service.pid", config.pid());
        configs.put(config.pid(), props);
        writes.add(config.pid());
    }

    @Override
    public void delete(String pid) {
        configs.remove(pid);
        deletes.add(pid);
    }
}
