package dev.nexo.core.internal.trust;

import java.io.PrintStream;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Gogo: {@code nexo:trustbundles}, {@code nexo:trustgrant <bsn> <name>}, {@code nexo:trustrevoke <bsn> <name>}. */
@Component(service = BundleTrustCommands.class, property = {
    "osgi.command.scope=nexo",
    "osgi.command.function=trustbundles",
    "osgi.command.function=trustgrant",
    "osgi.command.function=trustrevoke"
})
public class BundleTrustCommands {
    private final BundleTrust trust;

    @Activate
    public BundleTrustCommands(@Reference BundleTrust trust) {
        this.trust = trust;
    }

    /** Lists bundles with Nexo capability grants or refusals, and why a bundle is held back. */
    public void trustbundles() {
        PrintStream out = System.out;
        out.printf("%4s  %-10s  %-40s  %-30s  %s%n", "ID", "STATE", "SYMBOLIC NAME", "GRANTED", "DENIED");
        for (BundleTrust.BundleTrustDTO b : trust.list()) {
            out.printf("%4d  %-10s  %-40s  %-30s  %s%n", b.id, b.state, b.symbolicName, b.granted, b.denied);
            if (b.reason != null) {
                out.printf("      ! %s%n", b.reason);
            }
        }
    }

    /** Grants a bundle a Nexo capability; a bundle waiting for it resolves and starts. */
    public void trustgrant(String bsn, String name) {
        System.out.printf("granted %s to %s; started bundles %s%n", name, bsn, trust.grant(bsn, name, "gogo"));
    }

    /** Revokes a Nexo capability from a bundle; the bundle is refreshed and held back. */
    public void trustrevoke(String bsn, String name) {
        System.out.println(trust.revoke(bsn, name, "gogo") ? "revoked " + name + " from " + bsn : "no such grant");
    }
}
