package dev.nexo.itest;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.workingDirectory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ops4j.pax.exam.Option;

/** Pax Exam options that boot Felix with exactly the distribution's bundles and run properties. */
public final class NexoOptions {
    private NexoOptions() {
    }

    /** @return the options for one test class: its own state root and a free loopback port */
    public static Option[] distribution() throws IOException {
        return distribution(Map.of());
    }

    /** As {@link #distribution()}, plus framework properties such as {@code nexo.config.dir}. */
    public static Option[] distribution(Map<String, String> extra) throws IOException {
        Path work = Path.of(System.getProperty("nexo.itest.work", "target/itest-work")).toAbsolutePath();
        Distribution dist = Distribution.unpack(Path.of(System.getProperty("nexo.dist.jar")), work.resolve("bundles"));
        Path state = Files.createTempDirectory(Files.createDirectories(work), "state-");

        Map<String, String> props = new LinkedHashMap<>(dist.runProperties());
        props.put("org.osgi.service.http.port", String.valueOf(freePort()));
        props.put("nexo.state.root", state.toString());
        props.put("gosh.args", "--nointeractive");
        props.putAll(extra);

        List<Option> options = new ArrayList<>();
        props.forEach((k, v) -> options.add(frameworkProperty(k).value(v)));
        for (Path b : dist.bundles()) {
            options.add(dist.isFragment(b) ? bundle(b.toUri().toString()).noStart() : bundle(b.toUri().toString()));
        }
        options.add(junitBundles());
        options.add(workingDirectory(work.resolve("paxexam").toString()));
        options.add(cleanCaches(true));
        return options.toArray(Option[]::new);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
