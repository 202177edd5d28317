package dev.nexo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code agents}, {@code grants}, {@code approve}, {@code deny}, {@code audit}: the trust surfaces. */
final class TrustCommands {
    private TrustCommands() {
    }

    @Command(name = "agents", description = "Agents from the configuration, with provider, model and live sessions.")
    static final class Agents extends AdminCommand {
        @Override
        int run(AdminClient client, PrintWriter out) {
            JsonNode list = client.get("/admin/api/runtime/agents");
            if (printedJson(list, out)) {
                return ExitCodes.OK;
            }
            Table t = new Table("ID", "PROVIDER", "MODEL", "BINDINGS", "SESSIONS");
            for (JsonNode a : list) {
                StringBuilder b = new StringBuilder();
                a.path("bindings").forEach(x -> b.append(b.length() == 0 ? "" : ", ").append(x.isTextual() ? x.asText()
                        : x.path("plugin").asText() + (x.hasNonNull("instance") ? "/" + x.path("instance").asText() : "")));
                t.row(a.path("id"), a.path("provider"), a.path("model"), b, a.path("sessions"));
            }
            t.print(out);
            return ExitCodes.OK;
        }
    }

    @Command(name = "grants", description = "The ledger of standing grants; --revoke ID revokes one now.")
    static final class Grants extends AdminCommand {
        @Option(names = "--revoke", paramLabel = "GRANT_ID", description = "Revoke this grant.")
        String revoke;

        @Override
        int run(AdminClient client, PrintWriter out) {
            if (revoke != null) {
                client.delete("/admin/api/grants/" + URLEncoder.encode(revoke, StandardCharsets.UTF_8));
                if (!printedJson(AdminClient.JSON.createObjectNode().put("revoked", revoke), out)) {
                    out.println("revoked grant " + revoke);
                }
                return ExitCodes.OK;
            }
            JsonNode list = client.get("/admin/api/grants");
            if (printedJson(list, out)) {
                return ExitCodes.OK;
            }
            Table t = new Table("ID", "WHO", "CAPABILITY", "WINDOW", "EXPIRES");
            for (JsonNode g : list) {
                t.row(g.path("id"), g.path("subject"), g.path("capability"), g.path("window"),
                        g.hasNonNull("expiresAt") ? g.path("expiresAt").asText() : "until revoked");
            }
            t.print(out);
            return ExitCodes.OK;
        }
    }

    @Command(name = "approvals", description = "Calls waiting for a human (arguments redacted).")
    static final class Approvals extends AdminCommand {
        @Override
        int run(AdminClient client, PrintWriter out) {
            JsonNode list = client.get("/admin/api/approvals");
            if (printedJson(list, out)) {
                return ExitCodes.OK;
            }
            Table t = new Table("ID", "WHO", "CAPABILITY", "SENSITIVITY", "EXPIRES", "ARGUMENTS");
            for (JsonNode a : list) {
                t.row(a.path("id"), a.path("subject"), a.path("capability"), a.path("sensitivity"), a.path("expiresAt"),
                        a.path("arguments").toString());
            }
            t.print(out);
            return ExitCodes.OK;
        }
    }

    @Command(name = "approve", description = "Approve a pending call, optionally for a window (once, 1h, 1d, 7d, until-revoked).")
    static final class Approve extends AdminCommand {
        @Parameters(paramLabel = "APPROVAL_ID")
        String id;

        @Option(names = "--window", paramLabel = "WINDOW", description = "Trust window; execute capabilities are always once.")
        String window;

        @Override
        int run(AdminClient client, PrintWriter out) {
            JsonNode r = client.postJson("/admin/api/approvals/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/approve",
                    window == null ? Map.of() : Map.of("window", window));
            if (!printedJson(r, out)) {
                out.println("approved " + id + (window == null ? "" : " for " + window));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "deny", description = "Deny a pending call; the waiting call fails.")
    static final class Deny extends AdminCommand {
        @Parameters(paramLabel = "APPROVAL_ID")
        String id;

        @Override
        int run(AdminClient client, PrintWriter out) {
            JsonNode r = client.postJson("/admin/api/approvals/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/deny",
                    Map.of());
            if (!printedJson(r, out)) {
                out.println("denied " + id);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "audit", description = "The audit trail, newest last; --verify checks the hash chain (exit 1 if broken).")
    static final class Audit extends AdminCommand {
        @Option(names = "--actor") String actor;
        @Option(names = "--action", description = "Exact action, or a prefix ending in '.'") String action;
        @Option(names = "--outcome") String outcome;
        @Option(names = "--limit", defaultValue = "50") int limit;
        @Option(names = "--verify", description = "Check the hash chain instead of listing rows.") boolean verify;

        @Override
        int run(AdminClient client, PrintWriter out) {
            if (verify) {
                JsonNode v = client.get("/admin/api/audit/verify");
                if (!printedJson(v, out)) {
                    out.println(v.path("ok").asBoolean() ? "audit chain intact (" + v.path("rows").asLong() + " rows)"
                            : "audit chain BROKEN at row " + v.path("brokenAt").asText());
                }
                return v.path("ok").asBoolean() ? ExitCodes.OK : ExitCodes.FAILED;
            }
            StringBuilder q = new StringBuilder("/admin/api/audit?limit=" + Math.max(1, Math.min(1000, limit)));
            param(q, "actor", actor);
            param(q, "action", action);
            param(q, "outcome", outcome);
            JsonNode rows = client.get(q.toString());
            if (printedJson(rows, out)) {
                return ExitCodes.OK;
            }
            Table t = new Table("SEQ", "AT", "ACTOR", "ACTION", "OUTCOME");
            rows.forEach(r -> t.row(r.path("seq"), r.path("at"), r.path("actor"), r.path("action"), r.path("outcome")));
            t.print(out);
            return ExitCodes.OK;
        }

        private static void param(StringBuilder q, String name, String value) {
            if (value != null) {
                q.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
    }
}
