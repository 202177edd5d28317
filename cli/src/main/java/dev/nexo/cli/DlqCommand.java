package dev.nexo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code dlq list|replay|purge}: the broker's dead letters. */
@Command(name = "dlq", description = "Dead letters: list, replay one, purge all.",
        subcommands = {DlqCommand.List.class, DlqCommand.Replay.class, DlqCommand.Purge.class, CommandLine.HelpCommand.class})
final class DlqCommand extends AdminCommand {
    @Override
    int run(AdminClient client, PrintWriter out) {
        return list(client, this, out);
    }

    static int list(AdminClient client, AdminCommand cmd, PrintWriter out) {
        return cmd.printTable(client.get("/admin/api/dlq"), out, d -> new Object[] {d.path("id"), d.path("failedAt"),
            d.path("topic"), d.path("attempts"), d.path("error")}, "ID", "FAILED", "TOPIC", "ATTEMPTS", "ERROR");
    }

    @Command(name = "list", description = "Dead letters, oldest first.")
    static final class List extends AdminCommand {
        @Override
        int run(AdminClient client, PrintWriter out) {
            return list(client, this, out);
        }
    }

    @Command(name = "replay", description = "Publish a dead letter again (fresh attempts) and remove it.")
    static final class Replay extends AdminCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        int run(AdminClient client, PrintWriter out) {
            return printDone(client.postJson("/admin/api/dlq/" + id + "/replay", java.util.Map.of()), out, "replayed " + id);
        }
    }

    @Command(name = "purge", description = "Delete every dead letter.")
    static final class Purge extends AdminCommand {
        @Override
        int run(AdminClient client, PrintWriter out) {
            JsonNode r = client.delete("/admin/api/dlq");
            return printDone(r, out, "purged " + r.path("purged").asLong() + " dead letter(s)");
        }
    }
}
