package dev.nexo.plugin.host.internal;

import java.util.List;

/** A plugin as the admin API shows it (snake_case JSON through public fields). */
public class PluginDTO {
    public String id;
    public String version;
    public String name;
    public String dir;
    public String state;
    public String reason;
    public List<String> problems;
    public List<String> warnings;
    public Long pid;
    public long uptime_ms;
    public int crashes;
    public Integer last_exit_code;
    public boolean sandboxed;
    public List<String> tools;
    public long dropped_publishes;
    public long dropped_events;
    public List<String> stderr_tail;

    static PluginDTO of(PluginHost host, PluginHost.Entry e, boolean detail) {
        PluginDTO d = new PluginDTO();
        d.dir = e.dir().toString();
        if (e.instance() == null) {
            d.state = "failed";
            d.problems = e.problems();
            d.reason = "invalid manifest";
            return d;
        }
        var p = e.instance();
        var m = p.manifest();
        d.id = m.id();
        d.version = m.version();
        d.name = m.name();
        d.state = p.state().wireName();
        d.reason = p.reason();
        d.problems = List.of();
        d.warnings = m.warnings();
        d.pid = p.pid().orElse(null);
        d.uptime_ms = p.uptimeMs();
        d.crashes = p.crashCount();
        d.last_exit_code = p.lastExitCode().orElse(null);
        d.sandboxed = p.sandboxed();
        d.tools = host.exposedTools(m.id());
        d.dropped_publishes = host.droppedPublishes(m.id());
        d.dropped_events = p.droppedNotifications();
        d.stderr_tail = detail ? p.stderrTail() : null;
        return d;
    }
}
