package dev.nexo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Command;

/** {@code status}: is the container up and ready, what version, how many bundles and channels. */
@Command(name = "status", exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = "Show the running container's status (exit 3 if none answers).")
final class StatusCommand extends AdminCommand {
    @Override
    int run(AdminClient client, PrintWriter out) {
        JsonNode s = client.get("/admin/api/status");
        if (printedJson(s, out)) {
            return ExitCodes.OK;
        }
        out.println("url:       " + client.base());
        out.println("version:   " + s.path("version").asText());
        out.println("ready:     " + (s.path("ready").asBoolean() ? "yes" : "no, waiting for " + s.path("missing")));
        out.println("uptime:    " + Duration.ofMillis(s.path("uptimeMs").asLong()).withNanos(0).toString().substring(2).toLowerCase());
        out.println("state:     " + s.path("stateRoot").asText());
        out.println("config:    " + s.path("configDir").asText("(none: zero-config)"));
        out.println("channels:  " + s.path("channels").asInt());
        StringBuilder b = new StringBuilder();
        s.path("bundles").fields().forEachRemaining(e -> b.append(b.length() == 0 ? "" : ", ")
                .append(e.getValue().asInt()).append(' ').append(e.getKey().toLowerCase()));
        out.println("bundles:   " + b);
        return ExitCodes.OK;
    }
}
