package dev.nexo.core.internal.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The effective config as an operator may see it: every placeholder-derived value and every value
 * under a secret-looking key ({@code *token*}, {@code *secret*}, {@code *password*}, {@code *key*})
 * replaced by {@value Secret#MASK}. Empty strings stay visible: they reveal nothing and explain
 * "why is my key not used".
 */
final class Masker {
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(token|secret|password|passwd|key).*");

    private Masker() {
    }

    /** The masked view: agents, llm, broker, memory, runtime and the channel files. */
    static Map<String, Object> view(EffectiveConfig config) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("agents", mask(config.agents(), false));
        view.put("llm", mask(config.root(FileKind.LLM), false));
        view.put("broker", mask(config.section(FileKind.BROKER, "broker"), false));
        view.put("memory", mask(config.root(FileKind.MEMORY), false));
        view.put("runtime", mask(config.root(FileKind.RUNTIME), false));
        view.put("telegram", mask(config.instances(FileKind.TELEGRAM, "telegram"), false));
        view.put("whatsapp", mask(config.instances(FileKind.WHATSAPP, "whatsapp"), false));
        view.put("email", mask(config.section(FileKind.EMAIL, "email"), false));
        return view;
    }

    static boolean isSecretKey(String key) {
        return SECRET_KEY.matcher(key).matches();
    }

    static Object mask(Object value, boolean secretKey) {
        if (value instanceof Secret) {
            return Secret.MASK;
        } else if (value instanceof JsonValue json) {
            return mask(json.value(), secretKey);
        } else if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), mask(v, secretKey || isSecretKey(String.valueOf(k)))));
            return out;
        } else if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(mask(v, secretKey)));
            return out;
        }
        return secretKey && value != null && !"".equals(value) ? Secret.MASK : value;
    }
}
