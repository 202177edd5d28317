package dev.nexo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code set-broker local|nats [--url URL]}: switches the running container's broker by editing
 * {@code broker.yaml} in its config dir (the container hot-reloads it, keeping in-flight events),
 * then waits until the container reports the new kind.
 */
@Command(name = "set-broker", description = "Switch the running container between the local and the NATS broker "
        + "(edits <config dir>/broker.yaml; no restart, nothing lost).")
final class SetBrokerCommand extends AdminCommand {
    @Parameters(paramLabel = "KIND", description = "local or nats")
    String kind;

    @Option(names = "--nats-url", paramLabel = "URL", description = "NATS server URL, e.g. nats://127.0.0.1:4222")
    String natsUrl;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "30", description = "How long to wait for the switch.")
    int waitSeconds;

    @Override
    @SuppressWarnings("unchecked")
    int run(AdminClient client, PrintWriter out) {
        if (!kind.equals("local") && !kind.equals("nats")) {
            throw new IllegalArgumentException("KIND must be local or nats, not '" + kind + "'");
        }
        JsonNode status = client.get("/admin/api/status");
        if (!status.hasNonNull("configDir")) {
            throw new AdminException(ExitCodes.FAILED, "the container runs without a config dir, so there is no broker.yaml "
                    + "to edit: start it with --config DIR (or switch in Gogo with nexo:setbroker)");
        }
        Path file = Path.of(status.path("configDir").asText()).resolve("broker.yaml");
        try {
            Map<String, Object> root = new LinkedHashMap<>();
            if (Files.isRegularFile(file)) {
                Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
                if (loaded instanceof Map<?, ?> m) {
                    root.putAll((Map<String, Object>) m);
                }
            }
            Map<String, Object> broker = root.get("broker") instanceof Map<?, ?> b
                    ? new LinkedHashMap<>((Map<String, Object>) b) : new LinkedHashMap<>();
            broker.put("type", kind);
            if (natsUrl != null) {
                broker.put("url", natsUrl);
            }
            root.put("broker", broker);
            DumperOptions o = new DumperOptions();
            o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
            Path tmp = file.resolveSibling("broker.yaml.tmp");
            Files.writeString(tmp, "# written by nexo set-broker\n" + new Yaml(new Representer(o), o).dump(root));
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            throw new AdminException(ExitCodes.FAILED, "cannot update " + file + ": " + e.getMessage());
        }
        PrintWriter progress = spec.commandLine().getErr();
        progress.println("wrote " + file + "; waiting for the container to switch …");
        progress.flush();
        long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (kind.equals(client.get("/admin/api/status").path("broker").asText())) {
                if (!printedJson(AdminClient.JSON.createObjectNode().put("broker", kind), out)) {
                    out.println("broker is now " + kind);
                }
                return ExitCodes.OK;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AdminException(ExitCodes.FAILED, "the container did not switch to " + kind + " within " + waitSeconds
                + " s; see `nexo status` and GET /admin/api/config for configuration errors");
    }
}
