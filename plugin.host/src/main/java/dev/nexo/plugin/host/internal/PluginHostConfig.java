package dev.nexo.plugin.host.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the subprocess plugin host, PID {@code dev.nexo.plugins}. Property names are the
 * method names with {@code __} read as {@code _} (DS maps a single {@code _} to a dot), e.g.
 * {@code read_tools}.
 */
@ObjectClassDefinition(name = "Nexo plugin host", description = "Subprocess plugins (nexo plugin contract v1.10).")
public @interface PluginHostConfig {
    @AttributeDefinition(description = "Start the plugins found at start-up.")
    boolean enabled() default true;

    @AttributeDefinition(description = "Extra directories searched for plugin directories (each holding a "
            + "plugin.toml), besides <state root>/plugins where 'nexo plugin install' puts them.")
    String[] search__paths() default {};

    @AttributeDefinition(description = "Plugin ids never started (listed as skipped).")
    String[] disabled() default {};

    @AttributeDefinition(description = "When not empty, only these plugin ids are started; the others are listed "
            + "as skipped.")
    String[] allowlist() default {};

    @AttributeDefinition(description = "Refuse to start any plugin that does not run in the bwrap sandbox "
            + "(also NEXO_PLUGIN_SANDBOX_REQUIRE=1).")
    boolean require__sandbox() default false;

    @AttributeDefinition(description = "Allow manifests to ask for network = \"host\" in their sandbox "
            + "(also NEXO_PLUGIN_SANDBOX_HOST_NET_ALLOW=1).")
    boolean allow__host__network() default false;

    @AttributeDefinition(description = "How long a child has to answer initialize, in milliseconds.")
    long init__timeout__ms() default 5000;

    @AttributeDefinition(description = "Timeout of tool.invoke and channel calls, in milliseconds.")
    long call__timeout__ms() default 60000;

    @AttributeDefinition(description = "Timeout of hook.on_hook, in milliseconds; a hook that does not answer in "
            + "time counts as continue.")
    long hook__timeout__ms() default 5000;

    @AttributeDefinition(description = "Depth of each plugin's send queue; broker events that do not fit are dropped.")
    int queue__depth() default 64;

    @AttributeDefinition(description = "Largest JSON-RPC line accepted from a plugin, in bytes.")
    int max__frame__bytes() default 1048576;

    @AttributeDefinition(description = "Plugin tools (exposed names, * globs allowed) the operator marks as read "
            + "sensitivity; every other plugin tool is write and pends for approval.")
    String[] read__tools() default {};

    @AttributeDefinition(description = "Largest plugin tarball accepted by install, in bytes.")
    long max__install__bytes() default 268435456L;
}
