package dev.nexo.core.internal.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleJarsTest {
    @TempDir
    Path dir;

    @Test
    void readsTheBundleIdentity() throws Exception {
        Path jar = jar("com.example.hello;singleton:=true", "1.2.3", null);
        BundleJars.Identity id = BundleJars.identify(jar);
        assertEquals("com.example.hello", id.symbolicName());
        assertEquals("1.2.3", id.version());
        assertFalse(id.fragment());
    }

    @Test
    void refusesJarsThatAreNotBundles() throws Exception {
        Path plain = jar(null, null, null);
        DeployException e = assertThrows(DeployException.class, () -> BundleJars.identify(plain));
        assertEquals("invalid_bundle", e.code());
        Path garbage = Files.writeString(dir.resolve("g.jar"), "not a zip");
        assertEquals(400, assertThrows(DeployException.class, () -> BundleJars.identify(garbage)).status());
    }

    @Test
    void refusesOversizedAndEmptyUploads() {
        Path target = dir.resolve("up.part");
        DeployException big = assertThrows(DeployException.class,
                () -> BundleJars.copyBounded(new ByteArrayInputStream(new byte[2048]), target, 1024));
        assertEquals(413, big.status());
        DeployException empty = assertThrows(DeployException.class,
                () -> BundleJars.copyBounded(new ByteArrayInputStream(new byte[0]), target, 1024));
        assertEquals("invalid_bundle", empty.code());
    }

    @Test
    void namesFilesSafely() {
        BundleJars.Identity id = new BundleJars.Identity("com.example/../x", "1.0.0", false);
        assertEquals("hello.jar", BundleJars.fileName("hello.jar", id));
        assertEquals("com.example_.._x-1.0.0.jar", BundleJars.fileName("../../etc/passwd.jar", id));
        assertTrue(BundleJars.safe("a-b_c.1.jar"));
        assertFalse(BundleJars.safe(".hidden.jar"));
        assertFalse(BundleJars.safe("x/y.jar"));
    }

    private Path jar(String bsn, String version, String host) throws Exception {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (bsn != null) {
            a.putValue("Bundle-SymbolicName", bsn);
            a.putValue("Bundle-ManifestVersion", "2");
        }
        if (version != null) {
            a.putValue("Bundle-Version", version);
        }
        if (host != null) {
            a.putValue("Fragment-Host", host);
        }
        Path jar = Files.createTempFile(dir, "b", ".jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, mf)) {
            j.flush();
        }
        return jar;
    }
}
