package dev.nexo.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.nexo.core.internal.config.ConfigParser;
import dev.nexo.core.internal.config.ConfigProblem;
import dev.nexo.core.internal.config.LoadResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code check-config DIR [--strict]}: the container's own validator, run without the container. */
@Command(name = "check-config", exitCodeOnInvalidInput = NexoCli.USAGE, description = {
    "Validate a config dir exactly as the container would (schema, placeholders, cross-checks).",
    "Exit 0: clean. 1: errors (or warnings with --strict). 2: warnings only."})
final class CheckConfigCommand implements Callable<Integer> {
    static final int OK = 0;
    static final int ERRORS = 1;
    static final int WARNINGS = 2;

    @Parameters(index = "0", paramLabel = "DIR", description = "The config dir (agents.yaml, llm.yaml, ...).")
    Path dir;

    @Option(names = "--strict", description = "Treat warnings as errors.")
    boolean strict;

    @ParentCommand
    NexoCli parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isDirectory(dir)) {
            spec.commandLine().getErr().println("error: " + dir + " is not a directory");
            return ERRORS;
        }
        LoadResult result = new ConfigParser(parent.env()).load(dir);
        result.errors().forEach(e -> out.println(e.format()));
        for (ConfigProblem w : result.warnings()) {
            out.println(w.location() + ": warning: " + w.message());
        }
        out.println(summary(result));
        if (!result.errors().isEmpty()) {
            return ERRORS;
        }
        if (!result.warnings().isEmpty()) {
            return strict ? ERRORS : WARNINGS;
        }
        return OK;
    }

    private String summary(LoadResult result) {
        if (result.errors().isEmpty() && result.warnings().isEmpty()) {
            return "config OK: " + result.dir() + " (" + result.config().agents().size() + " agents)";
        }
        return result.errors().size() + " error(s), " + result.warnings().size() + " warning(s) in " + result.dir()
                + (strict && result.errors().isEmpty() ? " (--strict: warnings fail)" : "");
    }
}
