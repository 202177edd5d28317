package dev.nexo.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code print-key [--state DIR]}: the admin connection key, for scripts and first login. */
@Command(name = "print-key", exitCodeOnInvalidInput = NexoCli.USAGE, description = "Print the admin connection key from <state>/connection.key.")
final class PrintKeyCommand implements Callable<Integer> {
    @Option(names = "--state", paramLabel = "DIR",
            description = "State root holding connection.key (default: $NEXO_HOME, else ~/.nexo).")
    Path state;

    @ParentCommand
    NexoCli parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path root = state != null ? state : parent.state;
        return ConnectionKey.print(root, parent.env(), spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
