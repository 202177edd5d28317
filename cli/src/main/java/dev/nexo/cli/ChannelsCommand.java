package dev.nexo.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code channels}: the channel instances the container runs, with their bundles. */
@Command(name = "channels", exitCodeOnInvalidInput = ExitCodes.USAGE, description = "List channel instances.")
final class ChannelsCommand extends AdminCommand {
    @Override
    int run(AdminClient client, PrintWriter out) {
        return printTable(client.get("/admin/api/channels"), out, c -> new Object[] {c.path("kind"), c.path("instance"),
            c.path("state"), c.path("bundle")}, "KIND", "INSTANCE", "STATE", "BUNDLE");
    }
}
