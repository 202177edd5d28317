package dev.nexo.auth.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.nexo.api.trust.Capability;
import dev.nexo.api.trust.Grant;

/** JSON shapes shared by the admin and agent surfaces. */
final class Views {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private Views() {
    }

    static Map<String, Object> capability(Capability c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("sensitivity", c.sensitivity().wireName());
        m.put("description", c.description());
        m.put("provenance", c.provenance().wireName());
        m.put("owner", c.owner());
        m.put("requestSchema", c.requestSchema().map(Views::json).orElse(null));
        return m;
    }

    static Map<String, Object> grant(Grant g, String scope) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", g.id());
        m.put("subject", g.subjectId());
        m.put("scope", scope);
        m.put("capability", g.capabilityId());
        m.put("sensitivity", g.sensitivity().wireName());
        m.put("window", g.window().wireName());
        m.put("grantedAt", g.grantedAt().toString());
        m.put("grantedBy", g.grantedBy());
        m.put("expiresAt", g.expiresAt().map(Object::toString).orElse(null));
        m.put("revokedAt", g.revokedAt().map(Object::toString).orElse(null));
        return m;
    }

    static Object json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            return text;
        }
    }
}
