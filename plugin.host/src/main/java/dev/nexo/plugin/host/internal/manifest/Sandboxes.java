package dev.nexo.plugin.host.internal.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Validation of {@code [plugin.sandbox]}: absolute paths only, {@code ${state_dir}} only as a whole
 * leading segment, nothing that equals, contains or lies inside the hard denylist, and
 * {@code network = "host"} only with the operator's permission.
 */
public final class Sandboxes {
    /** Paths no sandbox may expose, whatever the manifest says (the nexo-rs book's list). */
    public static final List<String> DENYLIST = List.of("/etc/shadow", "/etc/sudoers", "/etc/sudoers.d", "/proc/sys",
            "/proc/kcore", "/proc/kallsyms", "/sys/firmware", "/sys/kernel", "/dev/mem", "/dev/kmem", "/dev/port",
            "/var/run/docker.sock", "/run/docker.sock", "/private/var/run/docker.sock", "/root", "/boot");
    /** The token a write path may start with, replaced by the plugin's state directory. */
    public static final String STATE_DIR = "${state_dir}";

    private Sandboxes() {
    }

    static PluginManifest.Sandbox validate(JsonNode s, List<String> problems, boolean allowHostNetwork) {
        if (s.isMissingNode()) {
            return PluginManifest.Sandbox.DISABLED;
        }
        String network = s.path("network").asText("deny");
        if (!network.equals("deny") && !network.equals("host")) {
            problems.add("plugin.sandbox.network must be \"deny\" or \"host\"");
        }
        boolean host = network.equals("host");
        if (host && !allowHostNetwork) {
            problems.add("plugin.sandbox.network = \"host\" needs the operator's permission "
                    + "(plugins.allow_host_network, or NEXO_PLUGIN_SANDBOX_HOST_NET_ALLOW=1)");
        }
        List<String> read = paths(s.path("fs_read_paths"), "fs_read_paths", false, problems);
        List<String> write = paths(s.path("fs_write_paths"), "fs_write_paths", true, problems);
        return new PluginManifest.Sandbox(s.path("enabled").asBoolean(false), host, read, write,
                s.path("drop_user").asBoolean(true));
    }

    private static List<String> paths(JsonNode list, String what, boolean stateDirAllowed, List<String> problems) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : list) {
            String path = n.asText("");
            if (path.contains("${")) {
                if (!stateDirAllowed || !(path.equals(STATE_DIR) || path.startsWith(STATE_DIR + "/"))
                        || path.indexOf("${", 1) >= 0) {
                    problems.add("plugin.sandbox." + what + " '" + path + "': only a leading ${state_dir} is allowed"
                            + (stateDirAllowed ? "" : " (and only in fs_write_paths)"));
                    continue;
                }
                if (path.contains("..")) {
                    problems.add("plugin.sandbox." + what + " '" + path + "' must not contain '..'");
                    continue;
                }
                out.add(path);
                continue;
            }
            if (!path.startsWith("/")) {
                problems.add("plugin.sandbox." + what + " '" + path + "' must be an absolute path");
                continue;
            }
            String normal = normalise(path);
            String touched = touchesDenylist(normal);
            if (touched != null) {
                problems.add("plugin.sandbox." + what + " '" + path + "' touches the denylisted " + touched);
                continue;
            }
            out.add(normal);
        }
        return List.copyOf(out);
    }

    /** @return the denylisted path that {@code path} equals, contains or lies inside, or null */
    static String touchesDenylist(String path) {
        for (String d : DENYLIST) {
            if (path.equals(d) || path.startsWith(d + "/") || d.startsWith(path.equals("/") ? "/" : path + "/")) {
                return d;
            }
        }
        return null;
    }

    private static String normalise(String path) {
        String n = java.nio.file.Path.of(path).normalize().toString();
        return n.isEmpty() ? "/" : n;
    }
}
