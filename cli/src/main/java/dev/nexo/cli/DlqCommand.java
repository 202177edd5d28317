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
        return List.print(client.get("/admin/api/dlq"), this, out);
    }

    @Command(name = "list", description = "Dead letters, oldest first.")
    static final class List extends AdminCommand {
        @Override
        int run(AdminClient client, PrintWriter out) {
            return print(client.get("/admin/api/dlq"), this, out);
        }

        static int print(JsonNode list, AdminCommand cmd, PrintWriter out) {
            if (cmd.printedJson(list, out)) {
                return ExitCodes.OK;
            }
            Table t = new Table("ID", "FAILED", "TOPIC", "ATTEMPTS", "ERROR");
            list.forEach(d -> t.row(d.path("id"), d.path("failedAt"), d.path("topic"), d.path("attempts"), d.path("error")));
            t.print(out);
            return ExitCodes.OK;
        }
    }

    @Command(name = "replay", description = "Publish a dead letter again (fresh attempts) and remove it.")
    static final class Replay extends AdminCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        int run(AdminClient client, PrintWriter out) {
            JsonNode r = client.postJson("/admin/api/dlq/" + id + "/replay", java.util.Map.of());
            if (!printedJson(r, out)) {
                out.println("replayed " + id);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "purge", description = "Delete every dead letter.")
    static final class Purge extends AdminCommand {
        @Override
        int run(AdminClient client, PrintWriter out) {
            JsonNode r = client.delete("/admin/api/dlq");
            if (!printedJson(r, out)) {
                out.println("purged " + r.path("purged").asLong() + " dead letter(s)");
            }
            return ExitCodes.OK;
        }
    }
}
