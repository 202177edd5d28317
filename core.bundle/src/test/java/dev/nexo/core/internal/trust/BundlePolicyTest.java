package dev.nexo.core.internal.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundlePolicyTest {
    @TempDir
    Path dir;

    @Test
    void grantsPersistAndClearTheRecordedDenial() {
        BundlePolicy policy = new BundlePolicy(dir.resolve(BundlePolicy.FILE));
        policy.denied("acme.secrets.reader", "secrets");
        assertTrue(policy.reason("acme.secrets.reader").contains("[secrets]"));
        assertFalse(policy.isGranted("acme.secrets.reader", "secrets"));

        policy.grant("acme.secrets.reader", "secrets");
        assertTrue(policy.isGranted("acme.secrets.reader", "secrets"));
        assertNull(policy.reason("acme.secrets.reader"));
        assertEquals(Map.of("acme.secrets.reader", Set.of("secrets")),
                new BundlePolicy(dir.resolve(BundlePolicy.FILE)).grants(), "survives a restart");

        assertTrue(policy.revoke("acme.secrets.reader", "secrets"));
        assertFalse(policy.isGranted("acme.secrets.reader", "secrets"));
    }

    @Test
    void nexosOwnBundlesHoldEveryCapabilityOthersNone() {
        BundlePolicy policy = new BundlePolicy(dir.resolve(BundlePolicy.FILE));
        assertTrue(policy.isGranted("dev.nexo.channel.telegram", "secrets"));
        assertFalse(policy.isGranted("dev.nexo.itest.trustfixture", "secrets"));
        assertFalse(policy.isGranted(null, "secrets"));
        assertThrows(IllegalArgumentException.class, () -> policy.grant("acme", "BAD NAME"));
    }

    @Test
    void requirementFiltersNameTheirCapabilities() {
        assertEquals(List.of("secrets"), CapabilityResolverHook.names("(dev.nexo.capability=secrets)"));
        assertEquals(List.of("secrets", "outbound.send"),
                CapabilityResolverHook.names("(&(dev.nexo.capability=secrets)(dev.nexo.capability=outbound.send))"));
        assertEquals(List.of("(weird)"), CapabilityResolverHook.names("(weird)"), "an unparsable filter must be granted verbatim");
    }
}
