package dev.nexo.core.internal.trust;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.nexo.core.internal.runtime.StateRoot;

/**
 * The operator's policy of granted {@code dev.nexo.capability} names per bundle symbolic name,
 * persisted as JSON in the state root, plus the denials the resolver hook saw. Nexo's own
 * bundles (first party) hold every capability implicitly.
 */
@Component(service = BundlePolicy.class)
public class BundlePolicy {
    /** Where the policy lives, relative to the state root. */
    static final String FILE = "data/trust/bundle-policy.json";
    private static final Logger LOG = LoggerFactory.getLogger(BundlePolicy.class);
    private static final Pattern FIRST_PARTY =
            Pattern.compile("dev\\.nexo\\.(core|auth|broker|llm|memory|logging|channel\\.[a-z0-9_]+)");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Map<String, Set<String>> grants = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> denials = new ConcurrentHashMap<>();

    @Activate
    public BundlePolicy(@Reference StateRoot state) {
        this(state.root().resolve(FILE));
    }

    BundlePolicy(Path file) {
        this.file = file;
        load();
    }

    /** @return whether {@code bsn} may use capability {@code name} */
    public boolean isGranted(String bsn, String name) {
        if (bsn == null) {
            return false;
        }
        return isFirstParty(bsn) || grants.getOrDefault(bsn, Set.of()).contains(name);
    }

    /** @return whether the bundle is one of Nexo's own, which hold every capability */
    public static boolean isFirstParty(String bsn) {
        return bsn != null && FIRST_PARTY.matcher(bsn).matches();
    }

    /** Grants and persists; clears the recorded denial of that name. */
    public synchronized void grant(String bsn, String name) {
        requireName(name);
        grants.computeIfAbsent(requireBsn(bsn), k -> ConcurrentHashMap.newKeySet()).add(name);
        Set<String> denied = denials.get(bsn);
        if (denied != null) {
            denied.remove(name);
            denials.remove(bsn, Set.of());
        }
        save();
    }

    /** @return whether the grant existed */
    public synchronized boolean revoke(String bsn, String name) {
        Set<String> set = grants.get(bsn);
        boolean removed = set != null && set.remove(name);
        if (removed) {
            if (set.isEmpty()) {
                grants.remove(bsn);
            }
            save();
        }
        return removed;
    }

    /** Remembers that the resolver refused {@code bsn} the capability {@code name}. */
    void denied(String bsn, String name) {
        denials.computeIfAbsent(bsn == null ? "(no symbolic name)" : bsn, k -> ConcurrentHashMap.newKeySet()).add(name);
    }

    /** @return a sorted snapshot of explicit grants */
    public Map<String, Set<String>> grants() {
        return snapshot(grants);
    }

    /** @return a sorted snapshot of refused requirements per bundle symbolic name */
    public Map<String, Set<String>> denials() {
        return snapshot(denials);
    }

    /** @return the reason a bundle stays unresolved, if the policy is why */
    public String reason(String bsn) {
        Set<String> denied = denials.get(bsn);
        if (denied == null || denied.isEmpty()) {
            return null;
        }
        return "requires ungranted Nexo capabilities " + new TreeSet<>(denied)
                + "; grant with: nexo:trustgrant " + bsn + " <name> or POST /admin/api/trust/bundles/" + bsn + "/grants";
    }

    static String requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("capability name must match " + NAME.pattern());
        }
        return name;
    }

    private static String requireBsn(String bsn) {
        if (bsn == null || bsn.isBlank() || bsn.length() > 255 || !bsn.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("not a bundle symbolic name");
        }
        return bsn;
    }

    private static Map<String, Set<String>> snapshot(Map<String, Set<String>> m) {
        Map<String, Set<String>> copy = new TreeMap<>();
        m.forEach((k, v) -> {
            if (!v.isEmpty()) {
                copy.put(k, Collections.unmodifiableSet(new TreeSet<>(v)));
            }
        });
        return Collections.unmodifiableMap(copy);
    }

    private void load() {
        if (!Files.exists(file)) {
            return;
        }
        try {
            Map<String, Set<String>> stored = JSON.readValue(file.toFile(), new TypeReference<Map<String, Set<String>>>() { });
            stored.forEach((bsn, names) -> {
                Set<String> set = ConcurrentHashMap.newKeySet();
                set.addAll(names);
                grants.put(bsn, set);
            });
        } catch (IOException e) {
            LOG.error("cannot read the bundle capability policy {}; starting with no explicit grants", file, e);
        }
    }

    private void save() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".policy", ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), grants());
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bundle capability policy " + file, e);
        }
    }
}
