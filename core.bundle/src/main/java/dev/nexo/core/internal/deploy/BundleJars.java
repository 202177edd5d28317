package dev.nexo.core.internal.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

/** Checks uploaded jars and names them safely. */
final class BundleJars {
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}\\.jar");

    /** What a jar says about itself. */
    record Identity(String symbolicName, String version, boolean fragment) {
    }

    private BundleJars() {
    }

    /** Copies at most {@code maxBytes} from {@code in} to {@code target}; larger input is refused. */
    static void copyBounded(InputStream in, Path target, long maxBytes) throws IOException, DeployException {
        long total = 0;
        byte[] buf = new byte[64 * 1024];
        try (var out = Files.newOutputStream(target)) {
            for (int n; (n = in.read(buf)) != -1;) {
                total += n;
                if (total > maxBytes) {
                    throw new DeployException(413, "payload_too_large",
                            "bundle larger than the limit of " + maxBytes + " bytes");
                }
                out.write(buf, 0, n);
            }
        }
        if (total == 0) {
            throw new DeployException(400, "invalid_bundle", "the request body is empty; send the bundle jar");
        }
    }

    /** Reads the OSGi identity from a jar's manifest, refusing anything that is not a bundle. */
    static Identity identify(Path jar) throws DeployException {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            Manifest mf = in.getManifest();
            if (mf == null) {
                throw new DeployException(400, "invalid_bundle", "not a jar with a manifest");
            }
            Attributes a = mf.getMainAttributes();
            String bsn = a.getValue("Bundle-SymbolicName");
            if (bsn == null || bsn.isBlank()) {
                throw new DeployException(400, "invalid_bundle", "the manifest has no Bundle-SymbolicName: not an OSGi bundle");
            }
            String name = bsn.split(";", 2)[0].trim();
            String version = a.getValue("Bundle-Version") == null ? "0.0.0" : a.getValue("Bundle-Version").trim();
            return new Identity(name, version, a.getValue("Fragment-Host") != null);
        } catch (IOException | SecurityException e) {
            throw new DeployException(400, "invalid_bundle", "not a readable jar: " + e.getMessage(), e);
        }
    }

    /** @return {@code requested} if it is a plain, safe jar file name, else one derived from the identity */
    static String fileName(String requested, Identity id) {
        if (safe(requested)) {
            return requested;
        }
        String derived = (id.symbolicName() + "-" + id.version()).replaceAll("[^A-Za-z0-9._-]", "_") + ".jar";
        return derived.length() > 128 ? derived.substring(derived.length() - 128) : derived;
    }

    /** @return true if {@code name} looks like a safe jar file name */
    static boolean safe(String name) {
        return name != null && SAFE_NAME.matcher(name).matches();
    }
}
