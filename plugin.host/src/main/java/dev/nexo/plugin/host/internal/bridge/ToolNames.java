package dev.nexo.plugin.host.internal.bridge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names of plugin tools as agents see them: {@code ext_<plugin id>_<tool>}, at most 64 characters
 * (longer names keep a prefix and end in an 8-character hash, so they stay unique and stable).
 */
final class ToolNames {
    static final int MAX = 64;

    private ToolNames() {
    }

    static String exposed(String pluginId, String toolName) {
        String prefix = "ext_" + pluginId + "_";
        String bare = toolName.startsWith(prefix) ? toolName.substring(prefix.length())
                : toolName.startsWith(pluginId + "_") ? toolName.substring(pluginId.length() + 1) : toolName;
        String name = (prefix + bare).replace('-', '_');
        if (name.length() <= MAX) {
            return name;
        }
        return name.substring(0, MAX - 9) + "_" + hash(name);
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
