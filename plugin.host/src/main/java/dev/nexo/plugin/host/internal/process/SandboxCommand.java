package dev.nexo.plugin.host.internal.process;

import dev.nexo.plugin.host.internal.manifest.PluginManifest;
import dev.nexo.plugin.host.internal.manifest.Sandboxes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Wraps a plugin's command line in {@code bwrap} as the plugin contract §2.2 specifies: new pid,
 * uts, ipc (and, unless {@code network = "host"}, net) namespaces, a new session, die with the
 * host, a minimal read-only system, the plugin's own directory read-only, the manifest's allowlisted
 * paths, {@code ${state_dir}} writable, and uid/gid 65534 when {@code drop_user} is set.
 */
public final class SandboxCommand {
    private static final List<String> SYSTEM_RO = List.of("/usr", "/bin", "/sbin", "/lib", "/lib64", "/etc/ssl",
            "/etc/alternatives");

    private SandboxCommand() {
    }

    /**
     * @param bwrap path of the bwrap executable
     * @param sandbox the manifest's sandbox section (enabled)
     * @param pluginDir the plugin's directory (bound read-only, working directory)
     * @param stateDir the plugin's state directory ({@code ${state_dir}})
     * @param command the resolved command and its arguments
     * @return the full bwrap command line
     */
    public static List<String> wrap(String bwrap, PluginManifest.Sandbox sandbox, Path pluginDir, Path stateDir,
            List<String> command) {
        List<String> c = new ArrayList<>(List.of(bwrap, "--die-with-parent", "--unshare-pid", "--unshare-uts",
                "--unshare-ipc", "--new-session", "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"));
        for (String p : SYSTEM_RO) {
            c.addAll(List.of("--ro-bind-try", p, p));
        }
        if (!sandbox.hostNetwork()) {
            c.add("--unshare-net");
        }
        if (sandbox.dropUser()) {
            c.addAll(List.of("--unshare-user", "--uid", "65534", "--gid", "65534"));
        }
        for (String p : sandbox.readPaths()) {
            c.addAll(List.of("--ro-bind-try", p, p));
        }
        String plugin = pluginDir.toString();
        c.addAll(List.of("--ro-bind", plugin, plugin));
        for (String p : sandbox.writePaths()) {
            String path = expand(p, stateDir);
            c.addAll(List.of("--bind", path, path));
        }
        c.addAll(List.of("--setenv", "HOME", stateDir.toString(), "--chdir", plugin, "--"));
        c.addAll(command);
        return c;
    }

    /** @return {@code path} with a leading {@code ${state_dir}} replaced */
    public static String expand(String path, Path stateDir) {
        return path.startsWith(Sandboxes.STATE_DIR) ? stateDir + path.substring(Sandboxes.STATE_DIR.length()) : path;
    }
}
