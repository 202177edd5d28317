package dev.nexo.mcp.client.internal;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.zip.CRC32;

/** Nexo names for MCP tools: {@code {server}_{tool}}, within the tool-name syntax and length. */
final class ToolNames {
    private static final int MAX = 64;

    private ToolNames() {
    }

    /**
     * @return {@code server_tool} with characters outside {@code [A-Za-z0-9_-]} replaced by
     *         {@code _}; names over 64 characters are cut and end with a checksum of the full name,
     *         so two long names stay distinct
     */
    static String exposed(String server, String tool) {
        String raw = server + "_" + tool;
        String clean = raw.replaceAll("[^A-Za-z0-9_-]", "_");
        if (clean.length() <= MAX) {
            return clean;
        }
        CRC32 crc = new CRC32();
        crc.update(raw.getBytes(StandardCharsets.UTF_8));
        String suffix = "_" + HexFormat.of().toHexDigits((int) crc.getValue());
        return clean.substring(0, MAX - suffix.length()) + suffix;
    }
}
