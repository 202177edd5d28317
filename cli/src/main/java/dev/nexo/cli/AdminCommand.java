package dev.nexo.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Base of every command that talks to a running container: common options, connection, and the
 * mapping of failures to exit codes and one {@code error:} line on stderr.
 */
abstract class AdminCommand implements Callable<Integer> {
    @Option(names = "--url", paramLabel = "URL",
            description = "Admin API base URL (default: $NEXO_ADMIN_URL, else <state>/admin.url, else http://127.0.0.1:7077).")
    String url;

    @Option(names = "--state", paramLabel = "DIR",
            description = "State root holding connection.key (default: $NEXO_HOME, else ~/.nexo).")
    Path state;

    @Option(names = "--json", description = "Print the API's JSON instead of a table (for scripts).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return run(AdminClient.connect(url, effectiveState(), env()), out);
        } catch (AdminException e) {
            err.println("error: " + e.getMessage());
            return e.exitCode();
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.USAGE;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /**
     * @param client connected client
     * @param out standard output
     * @return the exit code
     */
    abstract int run(AdminClient client, PrintWriter out);

    /** Prints {@code node} as JSON when {@code --json} is set; returns whether it did. */
    boolean printedJson(JsonNode node, PrintWriter out) {
        if (!json) {
            return false;
        }
        try {
            out.println(AdminClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new AdminException(ExitCodes.FAILED, "cannot print JSON: " + e.getOriginalMessage());
        }
        return true;
    }

    /**
     * The list shape every listing command shares: {@code --json} prints the API's array unchanged,
     * otherwise a table with {@code headers} and one row per element.
     *
     * @param list the API's array
     * @param row the cells of one element, in the order of {@code headers}
     * @return {@link ExitCodes#OK}
     */
    int printTable(JsonNode list, PrintWriter out, Function<JsonNode, Object[]> row, String... headers) {
        if (printedJson(list, out)) {
            return ExitCodes.OK;
        }
        Table t = new Table(headers);
        for (JsonNode n : list) {
            t.row(row.apply(n));
        }
        t.print(out);
        return ExitCodes.OK;
    }

    /**
     * The action shape every changing command shares: {@code --json} prints the API's answer,
     * otherwise one line for people.
     *
     * @return {@link ExitCodes#OK}
     */
    int printDone(JsonNode result, PrintWriter out, String line) {
        if (!printedJson(result, out)) {
            out.println(line);
        }
        return ExitCodes.OK;
    }

    private Path effectiveState() {
        if (state != null) {
            return state;
        }
        Object root = spec.root().userObject();
        return root instanceof NexoCli cli ? cli.state : null;
    }

    private Function<String, String> env() {
        Object root = spec.root().userObject();
        return root instanceof NexoCli cli ? cli.env() : System::getenv;
    }
}
