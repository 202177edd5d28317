package dev.nexo.api.hook;

/** Where in a turn a hook runs. Wire names are the nexo hook names, e.g. {@code before_message}. */
public enum HookPoint {
    /** After an inbound message is accepted, before the LLM sees it. May block or transform. */
    BEFORE_MESSAGE("before_message"),
    /** After the reply is produced. Observe only. */
    AFTER_MESSAGE("after_message"),
    /** Before a tool runs. May block or override the arguments. */
    BEFORE_TOOL_CALL("before_tool_call"),
    /** After a tool ran. Observe only. */
    AFTER_TOOL_CALL("after_tool_call"),
    /** A conversation session was created. */
    SESSION_START("on_session_start"),
    /** A conversation session expired or was closed. */
    SESSION_END("on_session_end");

    private final String wireName;

    HookPoint(String wireName) {
        this.wireName = wireName;
    }

    /** @return the wire name */
    public String wireName() {
        return wireName;
    }

    /**
     * @param name a wire name ({@code before_message}) or constant name ({@code BEFORE_MESSAGE}),
     *     the latter being what {@link HookRegistration} puts in service properties
     * @return the hook point
     * @throws IllegalArgumentException for an unknown name
     */
    public static HookPoint parse(String name) {
        for (HookPoint p : values()) {
            if (p.wireName.equals(name) || p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown hook point: " + name);
    }

    /** @return whether a hook here may change the flow (block, transform, override) */
    public boolean canIntervene() {
        return this == BEFORE_MESSAGE || this == BEFORE_TOOL_CALL;
    }
}
