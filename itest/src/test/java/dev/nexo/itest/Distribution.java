package dev.nexo.itest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The bundles and run properties of the built distribution, read from its executable jar
 * ({@code jar/*.jar} plus {@code launcher.properties}), so the in-framework tests boot exactly
 * what {@code nexo.jar} boots rather than a hand-kept list.
 */
final class Distribution {
    private final List<Path> bundles;
    private final List<Path> fragments;
    private final Map<String, String> runProperties;

    private Distribution(List<Path> bundles, List<Path> fragments, Map<String, String> runProperties) {
        this.bundles = bundles;
        this.fragments = fragments;
        this.runProperties = runProperties;
    }

    /** Unpacks the embedded bundles of {@code executableJar} under {@code into}. */
    static Distribution unpack(Path executableJar, Path into) {
        try (ZipFile zip = new ZipFile(executableJar.toFile())) {
            ZipEntry launcher = zip.getEntry("launcher.properties");
            if (launcher == null) {
                throw new IllegalStateException(executableJar + " has no launcher.properties; is it a bnd executable jar?");
            }
            Properties props = new Properties();
            try (InputStream in = zip.getInputStream(launcher)) {
                props.load(in);
            }
            List<Path> bundles = new ArrayList<>();
            List<Path> fragments = new ArrayList<>();
            Files.createDirectories(into);
            for (String entry : props.getProperty("launch.bundles", "").split(",")) {
                if (entry.isBlank()) {
                    continue;
                }
                Path target = into.resolve(Path.of(entry.trim()).getFileName().toString());
                try (InputStream in = zip.getInputStream(zip.getEntry(entry.trim()))) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                bundles.add(target);
                if (hasFragmentHost(target)) {
                    fragments.add(target);
                }
            }
            Map<String, String> run = new LinkedHashMap<>();
            // launch.* configures the bnd launcher itself; everything else is a framework property
            props.stringPropertyNames().stream()
                    .filter(k -> !k.startsWith("launch."))
                    .sorted()
                    .forEach(k -> run.put(k, props.getProperty(k)));
            return new Distribution(List.copyOf(bundles), List.copyOf(fragments), Map.copyOf(run));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the distribution jar " + executableJar, e);
        }
    }

    /** @return the bundle files, in the launcher's install order */
    List<Path> bundles() {
        return bundles;
    }

    /** @return true when {@code bundle} is one of the fragments, which are installed but never started */
    boolean isFragment(Path bundle) {
        return fragments.contains(bundle);
    }

    private static boolean hasFragmentHost(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            return manifest != null && manifest.getMainAttributes().getValue("Fragment-Host") != null;
        }
    }

    /** @return the framework properties the distribution runs with */
    Map<String, String> runProperties() {
        return runProperties;
    }
}
