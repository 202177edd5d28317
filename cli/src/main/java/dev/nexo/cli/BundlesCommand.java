package dev.nexo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.FileNotFoundException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code bundles list|install|update|remove}: the container's bundles, changed while it runs. */
@Command(name = "bundles", exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = "List, install, update or remove bundles in the running container.",
        subcommands = {BundlesCommand.List.class, BundlesCommand.Install.class, BundlesCommand.Update.class,
            BundlesCommand.Remove.class, CommandLine.HelpCommand.class})
final class BundlesCommand extends AdminCommand {
    @Override
    int run(AdminClient client, PrintWriter out) {
        return list(client, this, out);
    }

    static int list(AdminClient client, AdminCommand cmd, PrintWriter out) {
        return cmd.printTable(client.get("/admin/api/bundles"), out, b -> new Object[] {b.path("id"), b.path("state"),
            b.path("symbolicName"), b.path("version"),
            b.path("error").isTextual() ? b.path("error") : b.path("deployed").asBoolean() ? "deployed" : ""},
            "ID", "STATE", "NAME", "VERSION", "NOTE");
    }

    static void describe(JsonNode b, PrintWriter out, String verb) {
        out.println(verb + " bundle " + b.path("id").asText() + " " + b.path("symbolicName").asText() + " "
                + b.path("version").asText() + " (" + b.path("state").asText() + ")"
                + (b.path("error").isTextual() ? ": " + b.path("error").asText() : ""));
    }

    /** Finds a bundle by numeric id or symbolic name; exit 5 if there is none. */
    static long resolve(AdminClient client, String ref) {
        if (ref.chars().allMatch(Character::isDigit)) {
            return Long.parseLong(ref);
        }
        for (JsonNode b : client.get("/admin/api/bundles")) {
            if (ref.equals(b.path("symbolicName").asText())) {
                return b.path("id").asLong();
            }
        }
        throw new AdminException(ExitCodes.NOT_FOUND, "no bundle with symbolic name '" + ref + "'");
    }

    static HttpRequest.BodyPublisher jar(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new FileNotFoundException(file.toString());
            }
            return HttpRequest.BodyPublishers.ofFile(file);
        } catch (FileNotFoundException e) {
            throw new AdminException(ExitCodes.FAILED, "no such file: " + file);
        }
    }

    @Command(name = "list", description = "List bundles with id, name, version and state.")
    static final class List extends AdminCommand {
        @Override
        int run(AdminClient client, PrintWriter out) {
            return list(client, this, out);
        }
    }

    @Command(name = "install", description = "Install and start a bundle jar (kept in the deploy dir).")
    static final class Install extends AdminCommand {
        @Parameters(paramLabel = "JAR", description = "The bundle jar.")
        Path jar;

        @Override
        int run(AdminClient client, PrintWriter out) {
            String name = URLEncoder.encode(jar.getFileName().toString(), StandardCharsets.UTF_8);
            JsonNode b = client.post("/admin/api/bundles?name=" + name, jar(jar), "application/java-archive");
            if (!printedJson(b, out)) {
                describe(b, out, "installed");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "update", description = "Replace a bundle with a new jar (by id or symbolic name).")
    static final class Update extends AdminCommand {
        @Parameters(index = "0", paramLabel = "BUNDLE", description = "Bundle id or symbolic name.")
        String bundle;

        @Parameters(index = "1", paramLabel = "JAR", description = "The new jar.")
        Path jar;

        @Override
        int run(AdminClient client, PrintWriter out) {
            HttpRequest.BodyPublisher body = jar(jar);
            JsonNode b = client.put("/admin/api/bundles/" + resolve(client, bundle), body, "application/java-archive");
            if (!printedJson(b, out)) {
                describe(b, out, "updated");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", description = "Stop and uninstall a bundle (by id or symbolic name).")
    static final class Remove extends AdminCommand {
        @Parameters(paramLabel = "BUNDLE", description = "Bundle id or symbolic name.")
        String bundle;

        @Override
        int run(AdminClient client, PrintWriter out) {
            long id = resolve(client, bundle);
            client.delete("/admin/api/bundles/" + id);
            return printDone(AdminClient.JSON.createObjectNode().put("removed", id), out, "removed bundle " + id);
        }
    }
}
