package dev.nexo.core.internal.agent.admin;

import dev.nexo.core.internal.agent.AgentConfig;
import dev.nexo.core.internal.agent.Binding;
import dev.nexo.core.internal.agent.session.Session;
import java.util.List;

/** What the admin API and the Gogo commands show about agents and sessions. */
public final class AgentDTOs {
    private AgentDTOs() {
    }

    /** One agent. */
    public static final class AgentDTO {
        public String id;
        public String provider;
        public String model;
        public List<String> bindings;
        public List<String> allowedTools;
        public int sessions;
    }

    /** One live session. */
    public static final class SessionDTO {
        public String id;
        public String agent;
        public String channel;
        public String chat;
        public int turns;
        public String createdAt;
        public String lastAccess;
    }

    static AgentDTO agent(AgentConfig c, int sessions) {
        AgentDTO d = new AgentDTO();
        d.id = c.id();
        d.provider = c.provider();
        d.model = c.model();
        d.bindings = c.bindings().stream().map(Binding::id).toList();
        d.allowedTools = c.allowedTools();
        d.sessions = sessions;
        return d;
    }

    static SessionDTO session(Session s) {
        SessionDTO d = new SessionDTO();
        d.id = s.id();
        d.agent = s.key().agentId();
        d.channel = s.key().channel();
        d.chat = s.key().chatId();
        d.turns = s.turnCount();
        d.createdAt = s.createdAt().toString();
        d.lastAccess = s.lastAccess().toString();
        return d;
    }
}
