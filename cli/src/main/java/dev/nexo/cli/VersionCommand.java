package dev.nexo.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code version}: the build's version, filtered into a resource by Maven. */
@Command(name = "version", exitCodeOnInvalidInput = NexoCli.USAGE, description = "Print the nexo-cli version.")
final class VersionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    static String version() {
        Properties props = new Properties();
        try (InputStream in = VersionCommand.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            // fall through to "unknown"
        }
        return props.getProperty("version", "unknown");
    }

    @Override
    public Integer call() {
        spec.commandLine().getOut().println("nexo-cli " + version());
        return 0;
    }
}
