package dev.nexo.core.internal.gogo;

import java.io.PrintStream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.nexo.core.internal.bundles.BundleDTO;
import dev.nexo.core.internal.channel.ChannelRegistry;
import dev.nexo.core.internal.deploy.DeployWatcher;
import dev.nexo.core.internal.status.StatusService;

/** Gogo commands in the {@code nexo} scope: {@code nexo:status}, {@code nexo:bundles}, {@code nexo:channels}. */
@Component(service = NexoCommands.class, property = {
    "osgi.command.scope=nexo",
    "osgi.command.function=status",
    "osgi.command.function=bundles",
    "osgi.command.function=channels"
})
public class NexoCommands {
    private final BundleContext context;
    private final StatusService status;
    private final ChannelRegistry channels;
    private final DeployWatcher deploy;

    @Activate
    public NexoCommands(BundleContext context, @Reference StatusService status, @Reference ChannelRegistry channels,
            @Reference DeployWatcher deploy) {
        this.context = context;
        this.status = status;
        this.channels = channels;
        this.deploy = deploy;
    }

    /** Prints the container summary. */
    public void status() {
        StatusService.StatusDTO s = status.status();
        PrintStream out = System.out;
        out.printf("nexo %s  up %d s  %s%n", s.version, s.uptimeMs / 1000, s.ready ? "READY" : "STARTING, missing " + s.missing);
        out.printf("state root  %s%nconfig dir  %s%ndeploy dir  %s%n", s.stateRoot,
                s.configDir == null ? "(none: zero-config)" : s.configDir, s.deployDir);
        out.printf("channels    %d%nbundles     %s%n", s.channels, s.bundles);
    }

    /** Lists bundles with their state and, when not active, why. */
    public void bundles() {
        PrintStream out = System.out;
        out.printf("%4s  %-11s  %-45s  %s%n", "ID", "STATE", "SYMBOLIC NAME", "VERSION");
        for (Bundle b : context.getBundles()) {
            out.printf("%4d  %-11s  %-45s  %s%s%n", b.getBundleId(), BundleDTO.state(b.getState()), b.getSymbolicName(),
                    b.getVersion(), deploy.isDeployed(b) ? "  [deploy]" : "");
            deploy.error(b).ifPresent(e -> out.printf("      ! %s%n", e));
        }
    }

    /** Lists registered channel instances. */
    public void channels() {
        PrintStream out = System.out;
        out.printf("%-12s  %-20s  %s%n", "KIND", "INSTANCE", "BUNDLE");
        for (ChannelRegistry.ChannelDTO c : channels.list()) {
            out.printf("%-12s  %-20s  %s (%d)%n", c.kind, c.instance, c.bundle, c.bundleId);
        }
    }
}
