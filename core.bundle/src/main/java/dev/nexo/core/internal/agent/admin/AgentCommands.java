package dev.nexo.core.internal.agent.admin;

import dev.nexo.core.internal.agent.AgentEngine;
import dev.nexo.core.internal.agent.AgentRuntime;
import java.io.PrintStream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Gogo commands {@code nexo:agents} and {@code nexo:sessions}. */
@Component(service = AgentCommands.class, property = {
    "osgi.command.scope=nexo",
    "osgi.command.function=agents",
    "osgi.command.function=sessions"
})
public class AgentCommands {
    private final AgentEngine engine;

    @Activate
    public AgentCommands(@Reference AgentRuntime runtime) {
        this.engine = runtime.engine();
    }

    /** Lists agents with their provider, bindings, sessions and usage. */
    public void agents() {
        PrintStream out = System.out;
        var usage = engine.usage().snapshot();
        out.printf("%-16s  %-24s  %-8s  %-8s  %s%n", "AGENT", "MODEL", "SESSIONS", "TURNS", "BINDINGS");
        for (AgentDTOs.AgentDTO a : new AgentsResourceView(engine).agents()) {
            var u = usage.get(a.id);
            out.printf("%-16s  %-24s  %-8d  %-8d  %s%n", a.id, a.provider + "/" + a.model, a.sessions,
                    u == null ? 0 : u.turns, String.join(", ", a.bindings));
        }
    }

    /** Lists live sessions. */
    public void sessions() {
        PrintStream out = System.out;
        out.printf("%-16s  %-24s  %-20s  %-5s  %s%n", "AGENT", "CHANNEL", "CHAT", "TURNS", "LAST ACCESS");
        for (var s : engine.sessions().list()) {
            AgentDTOs.SessionDTO d = AgentDTOs.session(s);
            out.printf("%-16s  %-24s  %-20s  %-5d  %s%n", d.agent, d.channel, d.chat, d.turns, d.lastAccess);
        }
    }

    /** The resource's listing without JAX-RS. */
    private record AgentsResourceView(AgentEngine engine) {
        java.util.List<AgentDTOs.AgentDTO> agents() {
            return engine.agents().stream().map(c -> AgentDTOs.agent(c, engine.sessions().of(c.id()).size())).toList();
        }
    }
}
