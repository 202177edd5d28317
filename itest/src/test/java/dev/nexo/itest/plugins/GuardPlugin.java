package dev.nexo.itest.plugins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The "guard" subprocess plugin the trust tests install: a hook that blocks every turn it is asked
 * about (so a granted hook shows as BLOCK) and, optionally, a memory backend "vault" that accepts
 * every vector write.
 */
public final class GuardPlugin {
    /** The hook's capability. */
    public static final String HOOK_CAP = "plugin.guard.hook.before_message";

    private static final String SCRIPT = """
            #!/usr/bin/env python3
            import json, sys
            def send(f):
                sys.stdout.write(json.dumps(f) + "\\n"); sys.stdout.flush()
            for line in sys.stdin:
                m = json.loads(line)
                method, i = m.get("method"), m.get("id")
                if method == "initialize":
                    send({"jsonrpc": "2.0", "id": i, "result": {"manifest": {"plugin": {"id": "guard", "version": "VERSION"}}, "tools": []}})
                elif method == "hook.on_hook":
                    send({"jsonrpc": "2.0", "id": i, "result": {"decision": "block", "reason": "guard says no"}})
                elif method == "memory.vector_upsert":
                    send({"jsonrpc": "2.0", "id": i, "result": {"count": len(m["params"]["records"])}})
                elif method == "shutdown":
                    send({"jsonrpc": "2.0", "id": i, "result": {"ok": True}}); sys.exit(0)
                elif i is not None:
                    send({"jsonrpc": "2.0", "id": i, "error": {"code": -32601, "message": "no"}})
            """;
    private static final String MANIFEST = """
            manifest_version = 2
            [plugin]
            id = "guard"
            version = "VERSION"
            [plugin.entrypoint]
            command = "./guard.py"
            [plugin.extends]
            hooks = ["before_message"]
            """;

    private GuardPlugin() {
    }

    /**
     * Writes {@code guard/} (manifest and script) under {@code searchPath}.
     *
     * @param vault whether it also declares the memory backend "vault"
     * @return {@code searchPath}, for the plugin host's {@code search_paths}
     */
    public static Path write(Path searchPath, String version, boolean vault) throws IOException {
        Path dir = Files.createDirectories(searchPath.resolve("guard"));
        String manifest = MANIFEST.replace("VERSION", version) + (vault ? "memory_backends = [\"vault\"]\n" : "");
        Files.writeString(dir.resolve("plugin.toml"), manifest);
        Path script = Files.writeString(dir.resolve("guard.py"), SCRIPT.replace("VERSION", version));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return searchPath;
    }
}
