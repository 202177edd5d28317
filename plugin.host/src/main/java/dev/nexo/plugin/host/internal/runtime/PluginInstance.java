package dev.nexo.plugin.host.internal.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nexo.api.fault.Backoff;
import dev.nexo.plugin.host.internal.manifest.PluginManifest;
import dev.nexo.plugin.host.internal.process.ChildEnvironment;
import dev.nexo.plugin.host.internal.process.SandboxCommand;
import dev.nexo.plugin.host.internal.process.StderrTail;
import dev.nexo.plugin.host.internal.rpc.RpcChannel;
import dev.nexo.plugin.host.internal.rpc.RpcException;
import dev.nexo.plugin.host.internal.rpc.RpcHandler;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subprocess plugin and its supervisor: spawn (optionally under bwrap), the {@code initialize}
 * handshake with the identity check, {@code plugin.configure}, bridges, crash detection, opt-in
 * respawn with doubling backoff (capped at 60 s) limited within a sliding window, {@code gave_up},
 * and graceful {@code shutdown} followed by a kill. All control state lives here, in the host: the
 * child can be inspected, stopped, replaced or rescued without losing it.
 */
public final class PluginInstance implements RpcHandler {
    /** Crashes are counted within this window; more than {@code max_attempts} respawns in it gives up. */
    static final Duration CRASH_WINDOW = Duration.ofMinutes(10);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final PluginManifest manifest;
    private final PluginContext context;
    private final Logger log;
    private final StderrTail stderr;

    private PluginState state = PluginState.STOPPED;
    private String reason = "";
    private Process process;
    private RpcChannel rpc;
    private AutoCloseable bridges;
    private ScheduledFuture<?> pendingRespawn;
    private int generation;
    private long startedAtMs;
    private long firstStartMs;
    private int respawnAttempt;
    private Integer lastExitCode;
    private final Deque<Long> crashTimes = new ArrayDeque<>();
    private List<String> tools = List.of();
    private boolean sandboxed;

    public PluginInstance(PluginManifest manifest, PluginContext context) {
        this.manifest = manifest;
        this.context = context;
        this.log = LoggerFactory.getLogger("nexo.plugin." + manifest.id());
        this.stderr = new StderrTail(manifest.supervisor().stderrTailLines());
    }

    public PluginManifest manifest() {
        return manifest;
    }

    public String id() {
        return manifest.id();
    }

    public synchronized PluginState state() {
        return state;
    }

    /** @return why the plugin is failed, skipped or crashed; empty otherwise */
    public synchronized String reason() {
        return reason;
    }

    public synchronized Optional<Long> pid() {
        return process != null && process.isAlive() ? Optional.of(process.pid()) : Optional.empty();
    }

    public synchronized long uptimeMs() {
        return state == PluginState.RUNNING ? System.currentTimeMillis() - startedAtMs : 0;
    }

    public synchronized int crashCount() {
        return crashTimes.size();
    }

    public synchronized Optional<Integer> lastExitCode() {
        return Optional.ofNullable(lastExitCode);
    }

    public synchronized List<String> advertisedTools() {
        return tools;
    }

    public synchronized boolean sandboxed() {
        return sandboxed;
    }

    public synchronized long droppedNotifications() {
        return rpc == null ? 0 : rpc.droppedCount();
    }

    public List<String> stderrTail() {
        return stderr.lines();
    }

    /** Marks the plugin skipped (a requirement is missing); it is not started. */
    public synchronized void skip(String why) {
        state = PluginState.SKIPPED;
        reason = why;
        log.warn("plugin {} skipped: {}", id(), why);
    }

    /** Starts the plugin unless it is already up; failures end in FAILED, CRASHED or RESPAWNING. */
    public synchronized void start() {
        if (state == PluginState.RUNNING || state == PluginState.STARTING || state == PluginState.SKIPPED) {
            return;
        }
        firstStartMs = firstStartMs == 0 ? System.currentTimeMillis() : firstStartMs;
        spawn();
    }

    /** Shuts the plugin down: {@code shutdown} request, a grace period, then a kill. Blocks for at most a few seconds. */
    public void stop(String why) {
        Process p;
        RpcChannel channel;
        synchronized (this) {
            cancelRespawn();
            if (state == PluginState.SKIPPED) {
                return;
            }
            if (process == null || !process.isAlive()) {
                closeBridges();
                if (state != PluginState.FAILED && state != PluginState.GAVE_UP) {
                    state = PluginState.STOPPED;
                }
                return;
            }
            state = PluginState.STOPPING;
            p = process;
            channel = rpc;
        }
        Duration grace = context.shutdownGrace();
        try {
            channel.request("shutdown", F.objectNode().put("reason", why), grace).get(grace.toMillis() + 100,
                    TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.debug("plugin {} did not acknowledge shutdown: {}", id(), e.toString());
        }
        terminate(p, grace);
        synchronized (this) {
            if (process == p) {
                detach("plugin " + id() + " stopped");
                state = PluginState.STOPPED;
                reason = why;
            }
        }
    }

    /** Operator restart: from any state, resets the crash count, emits {@code restarted_manually}. */
    public void restart() {
        long previousUptime = uptimeMs();
        stop("restarted by operator");
        synchronized (this) {
            crashTimes.clear();
            respawnAttempt = 0;
            reason = "";
            state = PluginState.STOPPED;
            spawn();
            ObjectNode ev = payload().put("previous_uptime_ms", previousUptime)
                    .put("restarted_at_ms", System.currentTimeMillis());
            pid().ifPresent(pid -> ev.put("new_pid", pid));
            context.lifecycle(id(), "restarted_manually", ev);
        }
    }

    private void spawn() {
        generation++;
        int gen = generation;
        state = PluginState.STARTING;
        reason = "";
        stderr.clear();
        List<String> command;
        Path stateDir = context.stateDir(id());
        try {
            command = command(stateDir);
        } catch (IllegalStateException e) {
            fail(e.getMessage());
            return;
        }
        ProcessBuilder pb = new ProcessBuilder(command).directory(manifest.dir().toFile());
        pb.environment().clear();
        pb.environment().putAll(ChildEnvironment.build(context.hostEnvironment(), manifest, stateDir,
                context.nexoVersion()));
        try {
            process = pb.start();
        } catch (IOException e) {
            log.warn("plugin {} could not be spawned: {}", id(), e.getMessage());
            process = null;
            crashed(gen, -1);
            return;
        }
        startedAtMs = System.currentTimeMillis();
        log.info("plugin {} spawned pid={} sandboxed={}", id(), process.pid(), sandboxed);
        rpc = new RpcChannel(id(), process.getInputStream(), process.getOutputStream(), this, context.queueDepth(),
                context.maxFrameBytes());
        rpc.start();
        startStderrReader(process, gen);
        Process p = process;
        p.onExit().thenRun(() -> onExit(gen, p.exitValue()));
        ObjectNode params = F.objectNode().put("nexo_version", context.nexoVersion());
        rpc.request("initialize", params, context.initTimeout())
                .whenComplete((result, e) -> context.scheduler().execute(() -> handshake(gen, result, e)));
    }

    private List<String> command(Path stateDir) {
        List<String> cmd = new ArrayList<>();
        cmd.add(resolveCommand(manifest.entrypoint().command()));
        cmd.addAll(manifest.entrypoint().args());
        PluginManifest.Sandbox sb = manifest.sandbox();
        Optional<String> bwrap = context.bwrap();
        if (sb.enabled() && bwrap.isPresent()) {
            sandboxed = true;
            for (String w : sb.writePaths()) {
                try {
                    Files.createDirectories(Path.of(SandboxCommand.expand(w, stateDir)));
                } catch (IOException e) {
                    throw new IllegalStateException("cannot create sandbox write path " + w + ": " + e.getMessage());
                }
            }
            return SandboxCommand.wrap(bwrap.get(), sb, manifest.dir(), stateDir, cmd);
        }
        sandboxed = false;
        if (context.requireSandbox()) {
            throw new IllegalStateException(sb.enabled()
                    ? "the sandbox is required but bwrap is not installed (apt-get install bubblewrap)"
                    : "the operator requires sandboxed plugins and this manifest does not enable [plugin.sandbox]");
        }
        if (sb.enabled()) {
            log.warn("plugin {} asks for a sandbox but bwrap is not installed: running it unsandboxed", id());
        }
        return cmd;
    }

    private String resolveCommand(String command) {
        if (command.startsWith("/")) {
            return command;
        }
        if (command.contains("/")) {
            return manifest.dir().resolve(command).normalize().toString();
        }
        return Requirements.onPath(command, context.hostEnvironment()).map(Path::toString).orElse(command);
    }

    private void startStderrReader(Process p, int gen) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    stderr.add(line);
                    log.info("[{}] {}", id(), line);
                }
            } catch (IOException e) {
                // the child is gone
            }
        }, "nexo-plugin-" + id() + "-stderr");
        t.setDaemon(true);
        t.start();
    }

    private synchronized void handshake(int gen, JsonNode result, Throwable e) {
        if (gen != generation || state != PluginState.STARTING) {
            return;
        }
        if (e != null) {
            Throwable c = e.getCause() != null && !(e instanceof RpcException) ? e.getCause() : e;
            fail(c instanceof RpcException r && r.code() == RpcException.TIMEOUT
                    ? "did not answer initialize within " + context.initTimeout().toMillis() + " ms"
                    : "initialize failed: " + c.getMessage());
            return;
        }
        String answered = result.path("manifest").path("plugin").path("id").asText("");
        if (!manifest.id().equals(answered)) {
            fail("answered initialize as plugin '" + answered + "' but its manifest says '" + manifest.id()
                    + "' (refused: a plugin must not impersonate another)");
            return;
        }
        List<String> advertised = new ArrayList<>();
        Set<String> declared = new HashSet<>(manifest.extensions().tools());
        for (JsonNode t : result.path("tools")) {
            String name = t.path("name").asText("");
            if (!declared.contains(name)) {
                fail("advertises tool '" + name + "' that its manifest does not declare in [plugin.extends] tools");
                return;
            }
            advertised.add(name);
        }
        for (String d : declared) {
            if (!advertised.contains(d)) {
                log.warn("plugin {} declares tool {} but does not advertise it; calls to it will fail", id(), d);
            }
        }
        tools = List.copyOf(advertised);
        Optional<JsonNode> config;
        try {
            config = context.configuration(id());
        } catch (IllegalArgumentException ce) {
            fail(ce.getMessage());
            return;
        }
        CompletionStage<JsonNode> configured = config.isEmpty() ? CompletableFuture.completedFuture(null)
                : rpc.request("plugin.configure", F.objectNode().set("value", config.get()), context.initTimeout());
        configured.whenComplete((r, ce) -> context.scheduler().execute(() -> attach(gen, result, ce)));
    }

    private synchronized void attach(int gen, JsonNode initResult, Throwable configureError) {
        if (gen != generation || state != PluginState.STARTING) {
            return;
        }
        if (configureError != null) {
            Throwable c = configureError.getCause() != null ? configureError.getCause() : configureError;
            fail("rejected its configuration (plugin.configure): " + c.getMessage());
            return;
        }
        try {
            bridges = context.attach(this, rpc, initResult);
        } catch (Exception ex) {
            fail("could not be connected: " + ex.getMessage());
            return;
        }
        state = PluginState.RUNNING;
        log.info("plugin {} handshake ok version={} server_version={}", id(), manifest.version(),
                initResult.path("server_version").asText(manifest.label()));
        if (respawnAttempt > 0) {
            context.lifecycle(id(), "respawned", payload().put("attempt", respawnAttempt)
                    .put("total_uptime_ms", System.currentTimeMillis() - firstStartMs));
        }
        context.lifecycle(id(), "started", payload().put("version", manifest.version())
                .put("pid", process.pid()).put("sandboxed", sandboxed));
    }

    /** Handshake or contract failure: one diagnostic, the child killed, no retry loop. */
    private void fail(String why) {
        state = PluginState.FAILED;
        reason = why;
        log.error("plugin {} failed: {}", id(), why);
        ObjectNode ev = payload().put("reason", why);
        ev.set("stderr_tail", tail());
        context.lifecycle(id(), "failed", ev);
        Process p = process;
        detach("plugin " + id() + " failed: " + why);
        if (p != null) {
            context.scheduler().execute(() -> terminate(p, Duration.ZERO));
        }
    }

    private void onExit(int gen, int exitCode) {
        context.scheduler().execute(() -> crashed(gen, exitCode));
    }

    private synchronized void crashed(int gen, int exitCode) {
        if (gen != generation) {
            return;
        }
        lastExitCode = exitCode;
        if (state == PluginState.STOPPING || state == PluginState.STOPPED || state == PluginState.FAILED) {
            return;
        }
        detach("plugin " + id() + " crashed; retry");
        log.warn("plugin {} exited with code {}", id(), exitCode);
        ObjectNode ev = payload().put("exit_code", exitCode);
        ev.set("stderr_tail", tail());
        context.lifecycle(id(), "crashed", ev);
        state = PluginState.CRASHED;
        reason = "exited with code " + exitCode;
        PluginManifest.Supervisor sup = manifest.supervisor();
        if (!sup.respawn()) {
            return;
        }
        long now = System.currentTimeMillis();
        crashTimes.addLast(now);
        while (!crashTimes.isEmpty() && crashTimes.peekFirst() < now - CRASH_WINDOW.toMillis()) {
            crashTimes.removeFirst();
        }
        if (crashTimes.size() > sup.maxAttempts()) {
            state = PluginState.GAVE_UP;
            reason = "gave up after " + sup.maxAttempts() + " respawns within " + CRASH_WINDOW.toMinutes()
                    + " minutes; restart it from the admin API or Gogo";
            ObjectNode g = payload().put("attempts", sup.maxAttempts()).put("last_exit_code", exitCode);
            g.set("stderr_tail", tail());
            context.lifecycle(id(), "gave_up", g);
            log.error("plugin {} {}", id(), reason);
            return;
        }
        respawnAttempt = crashTimes.size();
        Duration backoff = Backoff.exponential(Duration.ofMillis(sup.backoffMs()), MAX_BACKOFF).delay(respawnAttempt, null);
        state = PluginState.RESPAWNING;
        context.lifecycle(id(), "respawning", payload().put("attempt", respawnAttempt).put("backoff_ms", backoff.toMillis()));
        pendingRespawn = context.scheduler().schedule(this::respawnNow, backoff.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void respawnNow() {
        if (state == PluginState.RESPAWNING) {
            spawn();
        }
    }

    private void cancelRespawn() {
        if (pendingRespawn != null) {
            pendingRespawn.cancel(false);
            pendingRespawn = null;
        }
    }

    private void detach(String why) {
        if (rpc != null) {
            rpc.close(why);
        }
        closeBridges();
    }

    private void closeBridges() {
        AutoCloseable b = bridges;
        bridges = null;
        if (b != null) {
            try {
                b.close();
            } catch (Exception e) {
                log.warn("plugin {}: closing its bridges failed: {}", id(), e.toString());
            }
        }
    }

    private static void terminate(Process p, Duration grace) {
        try {
            if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }

    private ObjectNode payload() {
        return F.objectNode().put("plugin_id", id());
    }

    private JsonNode tail() {
        com.fasterxml.jackson.databind.node.ArrayNode a = F.arrayNode();
        stderr.lines().forEach(a::add);
        return a;
    }

    // --- RpcHandler: frames the child sends on its own -------------------------------------------

    @Override
    public CompletionStage<JsonNode> onRequest(String method, JsonNode params) {
        return context.childRequest(this, method, params);
    }

    @Override
    public void onNotification(String method, JsonNode params) {
        context.childNotification(this, method, params);
    }

    @Override
    public void onProtocolError(String why) {
        context.scheduler().execute(() -> {
            synchronized (this) {
                if (state == PluginState.STARTING || state == PluginState.RUNNING) {
                    fail(why);
                }
            }
        });
    }

    @Override
    public void onClosed() {
        // the exit callback does the bookkeeping; stdout can close a little before the process ends
    }
}
