package dev.nexo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code memory status|list|recall|store|export}: an agent's long-term memory through
 * {@code /admin/api/memory} (the memory bundle's admin resource). A 404 on that path means the
 * memory bundle is not running, and says so.
 */
@Command(name = "memory", description = "Long-term memory: store counters, and an agent's memories (list, recall, "
        + "store, export).",
        subcommands = {MemoryCommand.Status.class, MemoryCommand.List.class, MemoryCommand.Recall.class,
            MemoryCommand.Store.class, MemoryCommand.Export.class, CommandLine.HelpCommand.class})
final class MemoryCommand extends AdminCommand {
    static final String BASE = "/admin/api/memory";
    /** Longest content shown in a table cell; {@code --json} and export have it whole. */
    static final int CONTENT_CELL = 80;
    /** The API's cap on listed memories. */
    static final int MAX_LIMIT = 1000;

    /** Recall modes the memory store knows. */
    enum Mode { keyword, vector, hybrid }

    @Override
    int run(AdminClient client, PrintWriter out) {
        return Status.print(client, this, out);
    }

    /** Calls the memory API; a 404 means it is not there at all (the memory bundle is not running). */
    static <T> T memoryApi(AdminClient client, Supplier<T> request) {
        try {
            return request.get();
        } catch (AdminException e) {
            if (e.exitCode() == ExitCodes.NOT_FOUND) {
                throw new AdminException(ExitCodes.NOT_FOUND, "no memory admin API at " + client.base() + BASE
                        + " (is the memory bundle installed and active? see `nexo bundles list`)");
            }
            throw e;
        }
    }

    static int printMemories(JsonNode list, AdminCommand cmd, PrintWriter out) {
        return cmd.printTable(list, out, m -> new Object[] {m.path("id"), m.path("created_at"), tags(m.path("tags")),
            cell(m.path("content").asText())}, "ID", "CREATED", "TAGS", "CONTENT");
    }

    static String tags(JsonNode array) {
        StringBuilder b = new StringBuilder();
        array.forEach(t -> b.append(b.length() == 0 ? "" : ",").append(t.asText()));
        return b.toString();
    }

    /** One line, cut to {@value #CONTENT_CELL} characters. */
    static String cell(String content) {
        String line = content.replaceAll("\\s+", " ").strip();
        return line.length() <= CONTENT_CELL ? line : line.substring(0, CONTENT_CELL - 1) + "…";
    }

    @Command(name = "status", description = "The store's counters: embedded since start, stored and indexed vectors, "
            + "embedding queue, graphs, vector failures.")
    static final class Status extends AdminCommand {
        @Override
        int run(AdminClient client, PrintWriter out) {
            return print(client, this, out);
        }

        static int print(AdminClient client, AdminCommand cmd, PrintWriter out) {
            JsonNode s = memoryApi(client, () -> client.get(BASE));
            if (cmd.printedJson(s, out)) {
                return ExitCodes.OK;
            }
            int width = 0;
            for (Iterator<String> it = s.fieldNames(); it.hasNext();) {
                width = Math.max(width, it.next().length());
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                String name = e.getKey().replace('_', ' ');
                JsonNode v = e.getValue();
                out.println(name + ":" + " ".repeat(width - name.length() + 2) + (v.isNull() ? "none" : v.asText()));
            }
            return ExitCodes.OK;
        }
    }

    /** An agent's memories: the AGENT parameter and {@code --tenant}. */
    abstract static class AgentScoped extends AdminCommand {
        @Parameters(index = "0", paramLabel = "AGENT", description = "The agent whose memories these are.")
        String agent;

        @Option(names = "--tenant", paramLabel = "TENANT", defaultValue = "default",
                description = "Tenant of the agent (default: ${DEFAULT-VALUE}).")
        String tenant;

        /** @return {@code /admin/api/memory/<agent><suffix>?tenant=<tenant><query>} */
        String path(String suffix, String query) {
            if (agent.isBlank()) {
                throw new IllegalArgumentException("AGENT must not be blank");
            }
            String segment = URLEncoder.encode(agent, StandardCharsets.UTF_8).replace("+", "%20");
            return BASE + "/" + segment + suffix + "?tenant=" + URLEncoder.encode(tenant, StandardCharsets.UTF_8) + query;
        }
    }

    @Command(name = "list", description = "An agent's memories, oldest first (content cut to one line; --json has it whole).")
    static final class List extends AgentScoped {
        @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
                description = "Most memories to show, 1-" + MAX_LIMIT + " (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        int run(AdminClient client, PrintWriter out) {
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new IllegalArgumentException("--limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
            }
            return printMemories(memoryApi(client, () -> client.get(path("", "&limit=" + limit))), this, out);
        }
    }

    @Command(name = "recall", description = "The agent's memories that best match a query, best first (no scores).")
    static final class Recall extends AgentScoped {
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "QUERY", description = "What to look for (words are joined).")
        java.util.List<String> query = new ArrayList<>();

        @Option(names = "--limit", paramLabel = "N", description = "Most memories to return (default: the API's, 5).")
        Integer limit;

        @Option(names = "--mode", paramLabel = "MODE",
                description = "keyword, vector or hybrid (default: hybrid). vector fails with 'unavailable' until the "
                        + "embedder is ready.")
        Mode mode;

        @Option(names = "--tag", paramLabel = "TAG", description = "Only memories with this tag (repeatable).")
        java.util.List<String> tags = new ArrayList<>();

        @Override
        int run(AdminClient client, PrintWriter out) {
            String text = String.join(" ", query).strip();
            if (text.isEmpty()) {
                throw new IllegalArgumentException("QUERY must not be blank");
            }
            if (limit != null && limit < 1) {
                throw new IllegalArgumentException("--limit must be at least 1, not " + limit);
            }
            ObjectNode body = AdminClient.JSON.createObjectNode().put("query", text);
            if (limit != null) {
                body.put("limit", limit);
            }
            if (mode != null) {
                body.put("mode", mode.name());
            }
            if (!tags.isEmpty()) {
                tags.forEach(body.putArray("tags")::add);
            }
            JsonNode r = memoryApi(client, () -> client.postJson(path("/recall", ""), body));
            if (printedJson(r, out)) {
                return ExitCodes.OK;
            }
            return printMemories(r.path("results"), this, out);
        }
    }

    @Command(name = "store", description = "Store a memory for the agent (refused with 'secret_detected' if it "
            + "looks like a credential).")
    static final class Store extends AgentScoped {
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "TEXT", description = "The memory (words are joined).")
        java.util.List<String> content = new ArrayList<>();

        @Option(names = "--tag", paramLabel = "TAG", description = "A tag for the memory (repeatable).")
        java.util.List<String> tags = new ArrayList<>();

        @Override
        int run(AdminClient client, PrintWriter out) {
            String text = String.join(" ", content).strip();
            if (text.isEmpty()) {
                throw new IllegalArgumentException("TEXT must not be blank");
            }
            ObjectNode body = AdminClient.JSON.createObjectNode().put("content", text);
            tags.forEach(body.putArray("tags")::add);
            JsonNode r = memoryApi(client, () -> client.postJson(path("", ""), body));
            return printDone(r, out, "stored memory " + r.path("id").asText() + " for agent " + agent);
        }
    }

    @Command(name = "export", description = "Every memory of the agent as JSON lines (the memory bundle's export "
            + "format), to standard output or --output FILE. The output is JSON already: --json changes nothing.")
    static final class Export extends AgentScoped {
        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
        Path output;

        @Override
        int run(AdminClient client, PrintWriter out) {
            String lines = memoryApi(client, () -> client.getText(path("/export", ""), "application/x-ndjson"));
            if (output == null) {
                out.print(lines);
                return ExitCodes.OK;
            }
            try {
                Files.writeString(output, lines, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new AdminException(ExitCodes.FAILED, "cannot write " + output + ": " + e.getMessage());
            }
            long n = lines.lines().filter(l -> !l.isBlank()).count();
            out.println("exported " + n + " memor" + (n == 1 ? "y" : "ies") + " of agent " + agent + " to " + output);
            return ExitCodes.OK;
        }
    }
}
