package dev.nexo.plugin.host.internal;

import java.io.PrintStream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Gogo: {@code nexo:plugins}, {@code nexo:plugin <id>}, {@code nexo:pluginrestart <id>}. */
@Component(service = PluginCommands.class, property = {
    "osgi.command.scope=nexo",
    "osgi.command.function=plugins",
    "osgi.command.function=plugin",
    "osgi.command.function=pluginrestart"
})
public class PluginCommands {
    private final PluginHost host;

    @Activate
    public PluginCommands(@Reference PluginHost host) {
        this.host = host;
    }

    /** Lists plugins: id, version, state, pid, tools, and why a plugin is not running. */
    public void plugins() {
        PrintStream out = System.out;
        out.printf("%-20s %-10s %-11s %-8s %s%n", "ID", "VERSION", "STATE", "PID", "DETAIL");
        for (PluginHost.Entry e : host.entries()) {
            PluginDTO d = PluginDTO.of(host, e, false);
            String detail = e.instance() == null ? d.dir + ": " + String.join("; ", d.problems)
                    : d.reason.isEmpty() ? String.join(", ", d.tools) : d.reason;
            out.printf("%-20s %-10s %-11s %-8s %s%n", d.id == null ? "-" : d.id, d.version == null ? "-" : d.version,
                    d.state, d.pid == null ? "-" : d.pid, detail);
        }
    }

    /** Shows one plugin with its stderr tail. */
    public void plugin(String id) {
        host.entries().stream().filter(e -> e.instance() != null && e.instance().id().equals(id)).findFirst()
                .ifPresentOrElse(e -> {
                    PluginDTO d = PluginDTO.of(host, e, true);
                    System.out.println(d.id + " " + d.version + " " + d.state + (d.reason.isEmpty() ? "" : " (" + d.reason + ")"));
                    System.out.println("dir: " + d.dir + "  sandboxed: " + d.sandboxed + "  crashes: " + d.crashes);
                    System.out.println("tools: " + d.tools);
                    d.stderr_tail.forEach(l -> System.out.println("  stderr| " + l));
                }, () -> System.out.println("no plugin '" + id + "'"));
    }

    /** Restarts a plugin (also from failed or gave_up). */
    public void pluginrestart(String id) {
        host.plugin(id).ifPresentOrElse(p -> {
            p.restart();
            System.out.println(id + ": " + p.state().wireName());
        }, () -> System.out.println("no plugin '" + id + "'"));
    }
}
