package dev.nexo.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Function;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nexo-cli}: operator commands that run without the container. Exit code 64 means the
 * command line itself was wrong, so scripts can tell it apart from check-config's 1 and 2.
 */
@Command(name = "nexo-cli", exitCodeOnInvalidInput = NexoCli.USAGE, usageHelpAutoWidth = true,
        description = "Nexo operator tools: talk to a running container, scaffold and validate config, print the admin key.",
        subcommands = {StatusCommand.class, BundlesCommand.class, ChannelsCommand.class, PluginCommand.class,
            TrustCommands.Agents.class, TrustCommands.Grants.class, TrustCommands.Approvals.class,
            TrustCommands.Approve.class, TrustCommands.Deny.class, TrustCommands.Audit.class, DlqCommand.class,
            MemoryCommand.class,
            SetBrokerCommand.class, InitCommand.class, McpServeCommand.class,
            CheckConfigCommand.class, PrintKeyCommand.class, VersionCommand.class,
            CommandLine.HelpCommand.class})
public final class NexoCli implements Callable<Integer> {
    /** Exit code for a malformed command line (sysexits EX_USAGE). */
    static final int USAGE = ExitCodes.USAGE;

    @Option(names = "--print-key", description = "Print the admin connection key (same as `print-key`).")
    boolean printKey;

    @Option(names = "--state", paramLabel = "DIR",
            description = "State root holding connection.key (default: $NEXO_HOME, else ~/.nexo).")
    Path state;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Spec
    CommandSpec spec;

    private final Function<String, String> env;

    public NexoCli() {
        this(System::getenv);
    }

    /** @param env environment lookup; tests pass a map instead of the real environment */
    NexoCli(Function<String, String> env) {
        this.env = env;
    }

    Function<String, String> env() {
        return env;
    }

    @Override
    public Integer call() {
        if (printKey) {
            return ConnectionKey.print(state, env, spec.commandLine().getOut(), spec.commandLine().getErr());
        }
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    static CommandLine commandLine(Function<String, String> env) {
        CommandLine cli = new CommandLine(new NexoCli(env));
        usageExitCode(cli);
        return cli;
    }

    /** Every (sub)command reports a malformed command line with the same exit code. */
    private static void usageExitCode(CommandLine cli) {
        cli.getCommandSpec().exitCodeOnInvalidInput(USAGE);
        cli.getSubcommands().values().forEach(NexoCli::usageExitCode);
    }

    public static void main(String[] args) {
        System.exit(commandLine(System::getenv).execute(args));
    }
}
