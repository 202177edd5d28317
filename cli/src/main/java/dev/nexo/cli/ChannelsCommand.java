package dev.nexo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code channels}: the channel instances the container runs, with their bundles. */
@Command(name = "channels", exitCodeOnInvalidInput = ExitCodes.USAGE, description = "List channel instances.")
final class ChannelsCommand extends AdminCommand {
    @Override
    int run(AdminClient client, PrintWriter out) {
        JsonNode list = client.get("/admin/api/channels");
        if (printedJson(list, out)) {
            return ExitCodes.OK;
        }
        Table t = new Table("KIND", "INSTANCE", "STATE", "BUNDLE");
        for (JsonNode c : list) {
            t.row(c.path("kind"), c.path("instance"), c.path("state"), c.path("bundle"));
        }
        t.print(out);
        return ExitCodes.OK;
    }
}
