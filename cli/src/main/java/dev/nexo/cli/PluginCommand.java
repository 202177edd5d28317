package dev.nexo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.nexo.plugin.host.internal.conformance.ConformanceKit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code plugin list|install|remove|restart|conformance}: subprocess plugins. */
@Command(name = "plugin", description = "Subprocess plugins: list, install, remove, restart, conformance.",
        subcommands = {PluginCommand.List.class, PluginCommand.Install.class, PluginCommand.Remove.class,
            PluginCommand.Restart.class, PluginCommand.Conformance.class, CommandLine.HelpCommand.class})
final class PluginCommand extends AdminCommand {
    @Override
    int run(AdminClient client, PrintWriter out) {
        return list(client, this, out);
    }

    static int list(AdminClient client, AdminCommand cmd, PrintWriter out) {
        return cmd.printTable(client.get("/admin/api/plugins"), out, p -> new Object[] {p.path("id").asText("-"),
            p.path("version").asText("-"), p.path("state"), p.path("pid").isNumber() ? p.path("pid").asText() : "-",
            p.path("sandboxed").asBoolean() ? "yes" : "no", detail(p)}, "ID", "VERSION", "STATE", "PID", "SANDBOX", "DETAIL");
    }

    private static String detail(JsonNode p) {
        return p.path("problems").size() > 0 ? p.path("dir").asText() + ": " + join(p.path("problems"))
                : !p.path("reason").asText("").isEmpty() ? p.path("reason").asText() : join(p.path("tools"));
    }

    private static String join(JsonNode array) {
        StringBuilder b = new StringBuilder();
        array.forEach(n -> b.append(b.length() == 0 ? "" : ", ").append(n.asText()));
        return b.toString();
    }

    @Command(name = "list", description = "Plugins with version, state, pid and tools (or why they do not run).")
    static final class List extends AdminCommand {
        @Override
        int run(AdminClient client, PrintWriter out) {
            return list(client, this, out);
        }
    }

    @Command(name = "install", description = "Install a plugin from a .tar.gz (checked against --sha256 or "
            + "<tarball>.sha256) or from a directory.")
    static final class Install extends AdminCommand {
        @Parameters(paramLabel = "TARBALL|DIR", description = "Plugin tarball or directory with a plugin.toml.")
        Path source;

        @Option(names = "--sha256", paramLabel = "HEX", description = "Expected sha256 of the tarball.")
        String sha256;

        @Override
        int run(AdminClient client, PrintWriter out) {
            PrintWriter progress = spec.commandLine().getErr();
            byte[] tarball;
            String checksum;
            try {
                if (Files.isDirectory(source)) {
                    progress.println("packing " + source + " …");
                    tarball = pack(source);
                    checksum = sha256(tarball);
                } else if (Files.isRegularFile(source)) {
                    tarball = Files.readAllBytes(source);
                    checksum = sha256 != null ? sha256 : sidecar(source);
                } else {
                    throw new AdminException(ExitCodes.FAILED, "no such file or directory: " + source);
                }
            } catch (IOException e) {
                throw new AdminException(ExitCodes.FAILED, "cannot read " + source + ": " + e.getMessage());
            }
            progress.println("uploading " + tarball.length + " bytes (sha256 " + checksum.substring(0, 12) + "…) …");
            progress.flush();
            JsonNode r = client.post("/admin/api/plugins?sha256=" + checksum, HttpRequest.BodyPublishers.ofByteArray(tarball),
                    "application/gzip");
            return printDone(r, out, (r.path("was_already_present").asBoolean() ? "upgraded " : "installed ")
                    + r.path("id").asText() + " " + r.path("version").asText() + " (" + r.path("state").asText() + ") in "
                    + r.path("plugin_dir").asText());
        }

        private static String sidecar(Path tarball) throws IOException {
            Path file = tarball.resolveSibling(tarball.getFileName() + ".sha256");
            if (!Files.isRegularFile(file)) {
                throw new AdminException(ExitCodes.FAILED, "no checksum: pass --sha256 HEX or put it in " + file);
            }
            return Files.readString(file).strip().split("\\s+")[0];
        }
    }

    @Command(name = "remove", description = "Stop a plugin and delete its installation.")
    static final class Remove extends AdminCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        int run(AdminClient client, PrintWriter out) {
            client.delete("/admin/api/plugins/" + id);
            return printDone(AdminClient.JSON.createObjectNode().put("removed", id), out, "removed plugin " + id);
        }
    }

    @Command(name = "restart", description = "Restart a plugin (also one that failed or gave up).")
    static final class Restart extends AdminCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        int run(AdminClient client, PrintWriter out) {
            return printDone(client.postJson("/admin/api/plugins/" + id + "/restart", java.util.Map.of()), out,
                    "restarting plugin " + id);
        }
    }

    @Command(name = "conformance", description = "Run a plugin through the nexo plugin contract and report "
            + "pass/fail per rule (no container needed). Exit 0 if every rule passes, 1 otherwise.")
    static final class Conformance implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "Plugin directory with a plugin.toml.")
        Path dir;

        @Option(names = "--json", description = "Print the results as JSON.")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            java.util.List<ConformanceKit.Result> results = new ConformanceKit(VersionCommand.version().replace("-SNAPSHOT", "")).run(dir);
            boolean all = results.stream().allMatch(ConformanceKit.Result::passed);
            if (json) {
                ArrayNode a = AdminClient.JSON.createArrayNode();
                results.forEach(r -> a.addObject().put("rule", r.rule()).put("passed", r.passed()).put("detail", r.detail()));
                out.println(a.toPrettyString());
            } else {
                for (ConformanceKit.Result r : results) {
                    out.println((r.passed() ? "PASS  " : "FAIL  ") + r.rule() + (r.detail().isEmpty() ? "" : "  — " + r.detail()));
                }
                out.println(results.stream().filter(ConformanceKit.Result::passed).count() + "/" + results.size()
                        + " rules passed");
            }
            out.flush();
            return all ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    static byte[] pack(Path dir) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes));
                Stream<Path> walk = Files.walk(dir)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
                if (p.equals(dir) || Files.isSymbolicLink(p)) {
                    continue;
                }
                String name = dir.relativize(p).toString().replace('\\', '/');
                TarArchiveEntry e = new TarArchiveEntry(p.toFile(), Files.isDirectory(p) ? name + "/" : name);
                if (Files.isRegularFile(p)) {
                    // keep the executable bit: an entrypoint script must stay runnable once installed
                    e.setMode(Files.isExecutable(p) ? 0100755 : 0100644);
                }
                tar.putArchiveEntry(e);
                if (Files.isRegularFile(p)) {
                    Files.copy(p, tar);
                }
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
