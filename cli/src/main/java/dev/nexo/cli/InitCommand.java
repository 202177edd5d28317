package dev.nexo.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code init DIR}: a commented sample config dir that passes check-config. */
@Command(name = "init", exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = "Create a commented sample config directory (refuses to overwrite files).")
final class InitCommand implements Callable<Integer> {
    static final List<String> FILES = List.of("agents.yaml", "llm.yaml", "broker.yaml",
            "plugins/telegram.yaml.example", "secrets/README");

    @Parameters(paramLabel = "DIR", description = "Directory to create, e.g. ./config.")
    Path dir;

    @Option(names = "--force", description = "Overwrite existing files.")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        for (String f : FILES) {
            if (!force && Files.exists(dir.resolve(f))) {
                spec.commandLine().getErr().println("error: " + dir.resolve(f) + " exists (use --force to overwrite)");
                return ExitCodes.FAILED;
            }
        }
        for (String f : FILES) {
            Path target = dir.resolve(f);
            Files.createDirectories(target.getParent());
            try (InputStream in = InitCommand.class.getResourceAsStream("/init/" + f)) {
                Files.write(target, in.readAllBytes());
            }
        }
        try {
            Files.setPosixFilePermissions(dir.resolve("secrets"), PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to tighten
        }
        spec.commandLine().getOut().println("created " + dir + " (" + FILES.size() + " files); next: nexo check-config "
                + dir + " && nexo start --config " + dir);
        return ExitCodes.OK;
    }
}
