package dev.nexo.core.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateRootTest {
    @TempDir
    Path dir;

    @Test
    void createsTheRootAndItsFoldersOwnerOnly() throws Exception {
        Path root = dir.resolve("state");
        StateRoot state = new StateRoot(root, root.resolve("deploy"), Optional.empty(), () -> { });
        for (Path p : new Path[] {root, state.deployDir(), state.logs(), state.data()}) {
            assertTrue(Files.isDirectory(p), p + " exists");
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
        }
        state.deactivate();
    }

    @Test
    void aSecondContainerOnTheSameRootIsRefusedAndToldWhy() {
        Path root = dir.resolve("shared");
        StateRoot first = new StateRoot(root, root.resolve("deploy"), Optional.empty(), () -> { });
        boolean[] stopped = {false};
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new StateRoot(root, root.resolve("deploy"), Optional.empty(), () -> stopped[0] = true));
        assertTrue(e.getMessage().contains("in use by another Nexo process (pid " + ProcessHandle.current().pid()),
                e.getMessage());
        assertTrue(stopped[0], "the locked-out container stops itself");
        first.deactivate();
        new StateRoot(root, root.resolve("deploy"), Optional.empty(), () -> { }).deactivate();
    }

    @Test
    void tightensAnExistingOpenRoot() throws Exception {
        Path root = Files.createDirectory(dir.resolve("open"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        new StateRoot(root, root.resolve("deploy"), Optional.empty(), () -> { }).deactivate();
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root)));
    }

    @Test
    void pathsComeFromPropertiesFirst() {
        Map<String, String> props = Map.of(NexoPaths.STATE_ROOT, dir.toString(), NexoPaths.CONFIG_DIR, "cfg");
        assertEquals(dir.toAbsolutePath(), NexoPaths.stateRoot(props::get));
        assertEquals(dir.toAbsolutePath().resolve("deploy"), NexoPaths.deployDir(props::get));
        assertEquals(Path.of("cfg").toAbsolutePath(), NexoPaths.configDir(props::get).orElseThrow());
    }
}
