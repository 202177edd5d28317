package dev.nexo.auth.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.nexo.api.trust.AdminCredential;
import dev.nexo.api.trust.AuditLog;

/**
 * Agents known to the gateway and their credentials: a one-time enrollment code (15 minutes,
 * single use) is redeemed for a per-agent token. Only SHA-256 hashes are stored. Codes and
 * tokens are bound to the connection-key's epoch, so rotating the key invalidates them all.
 */
@Component(service = AgentRegistry.class)
public class AgentRegistry {
    /** How long an enrollment code is valid. */
    public static final Duration ENROLLMENT_TTL = Duration.ofMinutes(15);
    private static final Pattern AGENT_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private final TrustDb db;
    private final AuditLog audit;
    private final AdminCredential key;
    private final Clock clock;

    @Activate
    public AgentRegistry(@Reference TrustDb db, @Reference AuditLog audit, @Reference AdminCredential key) {
        this(db, audit, key, Clock.systemUTC());
    }

    AgentRegistry(TrustDb db, AuditLog audit, AdminCredential key, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.key = key;
        this.clock = clock;
    }

    /** An agent as listed to the operator. */
    public static final class AgentDTO {
        public String id;
        public String tenant;
        public String createdAt;
        public String revokedAt;
        public int activeTokens;
    }

    /** Who a valid token belongs to. */
    record Identity(String agentId, String tenant) {
    }

    static String requireAgentId(String id) {
        if (id == null || !AGENT_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("agent name must be 1..64 characters of [a-z0-9_-], starting with a letter or digit");
        }
        return id;
    }

    /**
     * Creates (or re-enrolls) an agent and mints its one-time enrollment code.
     *
     * @return the code, shown once
     */
    String connect(String agentId, String tenant) {
        requireAgentId(agentId);
        Ids.requireTenant(tenant);
        String code = Secrets.token(Secrets.ENROLL_PREFIX);
        Instant now = clock.instant();
        db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO agents(id, tenant, created_at, revoked_at) VALUES (?,?,?,NULL)"
                    + " ON CONFLICT(id) DO UPDATE SET tenant = excluded.tenant, revoked_at = NULL")) {
                ps.setString(1, agentId);
                ps.setString(2, tenant);
                ps.setLong(3, now.toEpochMilli());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO enrollment(code_hash, agent, epoch, expires_at, used_at) VALUES (?,?,?,?,NULL)")) {
                ps.setString(1, Secrets.sha256(code));
                ps.setString(2, agentId);
                ps.setString(3, key.epoch());
                ps.setLong(4, now.plus(ENROLLMENT_TTL).toEpochMilli());
                ps.executeUpdate();
            }
            return null;
        });
        audit.record("admin", "agent.connect", "ok", "{\"agent\":" + TrustPolicyService.quote(agentId) + "}");
        return code;
    }

    /**
     * Redeems an enrollment code once.
     *
     * @return the agent's new token, or empty when the code is unknown, used, expired or from an old key
     */
    Optional<String> redeem(String code) {
        if (code == null || !code.startsWith(Secrets.ENROLL_PREFIX) || code.length() > 128) {
            audit.record("anonymous", "agent.enroll", AuditLog.DENIED, null);
            return Optional.empty();
        }
        Instant now = clock.instant();
        String epoch = key.epoch();
        String token = Secrets.token(Secrets.TOKEN_PREFIX);
        Optional<String> agent = db.tx(c -> {
            String agentId = null;
            try (PreparedStatement ps = c.prepareStatement("UPDATE enrollment SET used_at = ? WHERE code_hash = ? AND used_at IS NULL"
                    + " AND expires_at > ? AND epoch = ? RETURNING agent")) {
                ps.setLong(1, now.toEpochMilli());
                ps.setString(2, Secrets.sha256(code));
                ps.setLong(3, now.toEpochMilli());
                ps.setString(4, epoch);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        agentId = rs.getString(1);
                    }
                }
            }
            if (agentId == null) {
                return Optional.<String>empty();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO tokens(token_hash, agent, epoch, created_at, revoked_at) VALUES (?,?,?,?,NULL)")) {
                ps.setString(1, Secrets.sha256(token));
                ps.setString(2, agentId);
                ps.setString(3, epoch);
                ps.setLong(4, now.toEpochMilli());
                ps.executeUpdate();
            }
            return Optional.of(agentId);
        });
        audit.record(agent.orElse("anonymous"), "agent.enroll", agent.isPresent() ? "ok" : AuditLog.DENIED, null);
        return agent.map(a -> token);
    }

    /** @return who holds {@code token}, when it is live, bound to the current key and its agent is not revoked */
    Optional<Identity> authenticate(String token) {
        if (token == null || !token.startsWith(Secrets.TOKEN_PREFIX) || token.length() > 128) {
            return Optional.empty();
        }
        String epoch = key.epoch();
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT a.id, a.tenant FROM tokens t JOIN agents a ON a.id = t.agent"
                    + " WHERE t.token_hash = ? AND t.revoked_at IS NULL AND a.revoked_at IS NULL AND t.epoch = ?")) {
                ps.setString(1, Secrets.sha256(token));
                ps.setString(2, epoch);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Identity(rs.getString(1), rs.getString(2))) : Optional.<Identity>empty();
                }
            }
        });
    }

    /** Revokes an agent and all its tokens. @return whether it existed and was live */
    boolean revoke(String agentId, String by) {
        long at = clock.millis();
        boolean done = db.tx(c -> {
            int n;
            try (PreparedStatement ps = c.prepareStatement("UPDATE agents SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
                ps.setLong(1, at);
                ps.setString(2, agentId);
                n = ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE tokens SET revoked_at = ? WHERE agent = ? AND revoked_at IS NULL")) {
                ps.setLong(1, at);
                ps.setString(2, agentId);
                ps.executeUpdate();
            }
            return n > 0;
        });
        if (done) {
            audit.record(by, "agent.revoke", "revoked", "{\"agent\":" + TrustPolicyService.quote(agentId) + "}");
        }
        return done;
    }

    /** Marks every token and unused code revoked (after a key rotation; they are already dead by epoch). @return tokens revoked */
    int revokeAllCredentials(String by) {
        long at = clock.millis();
        int n = db.tx(c -> {
            int tokens;
            try (PreparedStatement ps = c.prepareStatement("UPDATE tokens SET revoked_at = ? WHERE revoked_at IS NULL")) {
                ps.setLong(1, at);
                tokens = ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE enrollment SET used_at = ? WHERE used_at IS NULL")) {
                ps.setLong(1, at);
                ps.executeUpdate();
            }
            return tokens;
        });
        audit.record(by, "agent.revoke_all_tokens", "revoked", "{\"count\":" + n + "}");
        return n;
    }

    List<AgentDTO> list() {
        String epoch = key.epoch();
        return db.with(c -> {
            List<AgentDTO> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT a.id, a.tenant, a.created_at, a.revoked_at,"
                    + " (SELECT count(*) FROM tokens t WHERE t.agent = a.id AND t.revoked_at IS NULL AND t.epoch = ?) FROM agents a ORDER BY a.id");
                    ) {
                ps.setString(1, epoch);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        AgentDTO a = new AgentDTO();
                        a.id = rs.getString(1);
                        a.tenant = rs.getString(2);
                        a.createdAt = Instant.ofEpochMilli(rs.getLong(3)).toString();
                        long revoked = rs.getLong(4);
                        a.revokedAt = rs.wasNull() ? null : Instant.ofEpochMilli(revoked).toString();
                        a.activeTokens = rs.getInt(5);
                        out.add(a);
                    }
                }
            }
            return out;
        });
    }

    /** Tenant ids: the same lexical rule as agent ids. */
    static final class Ids {
        private Ids() {
        }

        static String requireTenant(String tenant) {
            if (tenant == null || !AGENT_ID.matcher(tenant).matches()) {
                throw new IllegalArgumentException("tenant must be 1..64 characters of [a-z0-9_-]");
            }
            return tenant;
        }
    }
}
