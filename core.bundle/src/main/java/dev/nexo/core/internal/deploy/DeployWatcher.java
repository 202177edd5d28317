package dev.nexo.core.internal.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nexo.api.trust.AuditLog;
import dev.nexo.core.internal.runtime.StateRoot;

/**
 * Hot deployment: bundle jars in the deploy dir are installed and started, replaced jars update
 * their bundle, deleted jars uninstall it — the same for files dropped by an operator and for
 * uploads through the admin API, which are written here so they survive a restart.
 *
 * <p>A dropped file is acted on once its size and timestamp held still for one poll, so a jar
 * still being copied is never installed half-written. Failures (not a bundle, unresolved
 * requirements) are kept per file with the reason and retried only when the file changes.
 */
@Component(service = DeployWatcher.class, configurationPid = DeployWatcher.PID)
@Designate(ocd = DeployWatcher.Config.class)
public class DeployWatcher {
    /** Configuration PID. */
    public static final String PID = "dev.nexo.deploy";
    private static final Logger LOG = LoggerFactory.getLogger(DeployWatcher.class);
    private static final Logger AUDIT = LoggerFactory.getLogger("nexo.audit");

    /** The durable audit log (auth bundle), when present; the log line is written either way. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile AuditLog auditLog;

    @ObjectClassDefinition(name = "Nexo hot deployment", description = "The watched deploy directory.")
    public @interface Config {
        @AttributeDefinition(name = "Poll interval (ms)", description = "How often the deploy dir is scanned.", min = "100")
        long poll_ms() default 500;

        @AttributeDefinition(name = "Maximum bundle size (bytes)", description = "Uploads larger than this are refused with 413.")
        long max_bundle_bytes() default 64L * 1024 * 1024;
    }

    /** What the watcher knows of one file. */
    private static final class Tracked {
        long size;
        long modified;
        boolean stable;
        Long bundleId;
        String error;
    }

    private final BundleContext context;
    private final Path dir;
    private final Config config;
    private final Map<Path, Tracked> files = new HashMap<>();
    private final ScheduledExecutorService poller;

    @Activate
    public DeployWatcher(BundleContext context, @Reference StateRoot state, Config config) {
        this.context = context;
        this.dir = state.deployDir();
        this.config = config;
        adoptInstalled();
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nexo-deploy-watcher");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::scanQuietly, 0, config.poll_ms(), TimeUnit.MILLISECONDS);
        LOG.info("watching {} for bundles every {} ms", dir, config.poll_ms());
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        poller.shutdownNow();
        if (!poller.awaitTermination(10, TimeUnit.SECONDS)) {
            LOG.warn("deploy watcher did not stop within 10 s");
        }
        LOG.info("stopped watching {}", dir);
    }

    /** @return the watched directory */
    public Path directory() {
        return dir;
    }

    /** @return the maximum accepted bundle size in bytes */
    public long maxBundleBytes() {
        return config.max_bundle_bytes();
    }

    /** @return true if {@code bundle} came from the deploy dir */
    public boolean isDeployed(Bundle bundle) {
        return fileOf(bundle).isPresent();
    }

    /** @return the last install/start error for {@code bundle}'s file, if any */
    public synchronized Optional<String> error(Bundle bundle) {
        return fileOf(bundle).map(files::get).map(t -> t.error);
    }

    /**
     * Saves an uploaded jar into the deploy dir and installs it now.
     *
     * @param requestedName file name asked for (sanitised; derived from the bundle if unsafe)
     * @return the installed bundle (possibly only INSTALLED when it does not resolve; see {@link #error})
     */
    public synchronized Bundle deploy(String requestedName, InputStream jar) throws DeployException {
        Path upload = receive(jar);
        try {
            BundleJars.Identity id = BundleJars.identify(upload);
            for (Bundle b : context.getBundles()) {
                if (id.symbolicName().equals(b.getSymbolicName())) {
                    throw new DeployException(409, "already_installed", "bundle " + id.symbolicName()
                            + " is already installed as id " + b.getBundleId() + "; update it with PUT");
                }
            }
            Path target = dir.resolve(BundleJars.fileName(requestedName, id));
            if (Files.exists(target)) {
                throw new DeployException(409, "file_exists", "the deploy dir already has " + target.getFileName());
            }
            Files.move(upload, target, StandardCopyOption.ATOMIC_MOVE);
            Tracked t = new Tracked();
            files.put(target, t);
            stat(target, t);
            install(target, t);
            return context.getBundle(t.bundleId);
        } catch (IOException e) {
            throw new DeployException(500, "io_error", "could not store the bundle: " + e.getMessage(), e);
        } finally {
            deleteQuietly(upload);
        }
    }

    /** Replaces a bundle with an uploaded jar; deployed bundles get their file replaced too. */
    public synchronized Bundle redeploy(Bundle bundle, InputStream jar) throws DeployException {
        Path upload = receive(jar);
        try {
            BundleJars.identify(upload);
            Optional<Path> file = fileOf(bundle);
            if (file.isPresent()) {
                Files.move(upload, file.get(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                Tracked t = files.computeIfAbsent(file.get(), f -> new Tracked());
                stat(file.get(), t);
                t.bundleId = bundle.getBundleId();
                update(file.get(), t);
            } else {
                try (InputStream in = Files.newInputStream(upload)) {
                    bundle.update(in);
                }
                refresh(List.of(bundle));
                AUDIT.info("bundle.update id={} bsn={} outcome=ok", bundle.getBundleId(), bundle.getSymbolicName());

                durable("bundle.update", bundle, "ok");
            }
            return bundle;
        } catch (BundleException e) {
            throw new DeployException(422, "update_failed", e.getMessage(), e);
        } catch (IOException e) {
            throw new DeployException(500, "io_error", "could not store the bundle: " + e.getMessage(), e);
        } finally {
            deleteQuietly(upload);
        }
    }

    /** Uninstalls a bundle; a deployed bundle's file is deleted so it does not come back on restart. */
    public synchronized void undeploy(Bundle bundle) throws DeployException {
        try {
            Optional<Path> file = fileOf(bundle);
            if (file.isPresent()) {
                Files.deleteIfExists(file.get());
                files.remove(file.get());
            }
            bundle.uninstall();
            refresh(List.of(bundle));
            AUDIT.info("bundle.uninstall id={} bsn={} outcome=ok", bundle.getBundleId(), bundle.getSymbolicName());

            durable("bundle.uninstall", bundle, "ok");
        } catch (BundleException e) {
            throw new DeployException(422, "uninstall_failed", e.getMessage(), e);
        } catch (IOException e) {
            throw new DeployException(500, "io_error", "could not delete the bundle file: " + e.getMessage(), e);
        }
    }

    /** One scan of the deploy dir; public for tests and for an immediate rescan after an upload. */
    public synchronized void scan() {
        Set<Path> seen = new HashSet<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path jar : jars) {
                if (Files.isRegularFile(jar) && !jar.getFileName().toString().startsWith(".")) {
                    seen.add(jar);
                    observe(jar);
                }
            }
        } catch (NoSuchFileException gone) {
            LOG.warn("deploy dir {} does not exist", dir);
        } catch (IOException e) {
            LOG.warn("cannot list deploy dir {}: {}", dir, e.getMessage());
        }
        for (Path gone : new HashSet<>(files.keySet())) {
            if (!seen.contains(gone)) {
                removed(gone, files.remove(gone));
            }
        }
    }

    private void scanQuietly() {
        try {
            scan();
        } catch (RuntimeException e) {
            LOG.error("deploy scan failed", e);
        }
    }

    private void observe(Path jar) {
        Tracked t = files.get(jar);
        if (t == null) {
            t = new Tracked();
            files.put(jar, t);
            stat(jar, t);
            return; // act once the file held still for one poll
        }
        long size = t.size;
        long modified = t.modified;
        stat(jar, t);
        boolean changed = size != t.size || modified != t.modified;
        if (changed) {
            t.stable = false;
            return;
        }
        if (t.stable) {
            return;
        }
        t.stable = true;
        if (t.bundleId == null || context.getBundle(t.bundleId) == null) {
            install(jar, t);
        } else {
            update(jar, t);
        }
    }

    private void install(Path jar, Tracked t) {
        t.stable = true;
        try (InputStream in = Files.newInputStream(jar)) {
            Bundle b = context.installBundle(location(jar), in);
            t.bundleId = b.getBundleId();
            t.error = null;
            AUDIT.info("bundle.install id={} bsn={} file={} outcome=ok", b.getBundleId(), b.getSymbolicName(), jar.getFileName());

            durable("bundle.install", b, "ok");
            start(b, t);
        } catch (BundleException | IOException | IllegalStateException e) {
            t.error = e.getMessage();
            LOG.warn("could not install {}: {}", jar.getFileName(), e.getMessage());
            AUDIT.info("bundle.install file={} outcome=failed", jar.getFileName());

            durable("bundle.install", null, "failed");
        }
    }

    private void update(Path jar, Tracked t) {
        t.stable = true;
        Bundle b = context.getBundle(t.bundleId);
        try (InputStream in = Files.newInputStream(jar)) {
            b.update(in);
            t.error = null;
            refresh(List.of(b));
            AUDIT.info("bundle.update id={} bsn={} file={} outcome=ok", b.getBundleId(), b.getSymbolicName(), jar.getFileName());

            durable("bundle.update", b, "ok");
            start(b, t);
        } catch (BundleException | IOException | IllegalStateException e) {
            t.error = e.getMessage();
            LOG.warn("could not update {} from {}: {}", b.getSymbolicName(), jar.getFileName(), e.getMessage());
        }
    }

    private void removed(Path jar, Tracked t) {
        if (t == null || t.bundleId == null) {
            return;
        }
        Bundle b = context.getBundle(t.bundleId);
        if (b == null) {
            return;
        }
        try {
            b.uninstall();
            refresh(List.of(b));
            AUDIT.info("bundle.uninstall id={} bsn={} file={} outcome=ok", b.getBundleId(), b.getSymbolicName(), jar.getFileName());

            durable("bundle.uninstall", b, "ok");
        } catch (BundleException | IllegalStateException e) {
            LOG.warn("could not uninstall {}: {}", b.getSymbolicName(), e.getMessage());
        }
    }

    private void start(Bundle b, Tracked t) {
        if (b.getHeaders().get("Fragment-Host") != null) {
            return;
        }
        try {
            b.start();
        } catch (BundleException e) {
            t.error = e.getMessage();
            LOG.warn("bundle {} installed but not started: {}", b.getSymbolicName(), e.getMessage());
        }
    }

    /** Bundles left from an earlier run with a persistent framework: keep those whose file is still here. */
    private void adoptInstalled() {
        for (Bundle b : context.getBundles()) {
            fileOf(b).ifPresent(file -> {
                if (Files.isRegularFile(file)) {
                    Tracked t = new Tracked();
                    stat(file, t);
                    t.stable = true;
                    t.bundleId = b.getBundleId();
                    files.put(file, t);
                } else {
                    removed(file, trackedFor(b));
                }
            });
        }
    }

    private static Tracked trackedFor(Bundle b) {
        Tracked t = new Tracked();
        t.bundleId = b.getBundleId();
        return t;
    }

    private Optional<Path> fileOf(Bundle bundle) {
        String loc = bundle.getLocation();
        String prefix = location(dir);
        if (loc != null && loc.startsWith(prefix.endsWith("/") ? prefix : prefix + "/")) {
            return Optional.of(Path.of(java.net.URI.create(loc)));
        }
        return Optional.empty();
    }

    private static String location(Path p) {
        return p.toAbsolutePath().normalize().toUri().toString();
    }

    private Path receive(InputStream jar) throws DeployException {
        try {
            Path incoming = dir.resolve(".incoming");
            Files.createDirectories(incoming);
            Path upload = Files.createTempFile(incoming, "upload", ".part");
            BundleJars.copyBounded(jar, upload, config.max_bundle_bytes());
            return upload;
        } catch (IOException e) {
            throw new DeployException(500, "io_error", "could not receive the bundle: " + e.getMessage(), e);
        }
    }

    private void refresh(List<Bundle> bundles) {
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(bundles);
    }

    private static void stat(Path jar, Tracked t) {
        try {
            t.size = Files.size(jar);
            t.modified = Files.getLastModifiedTime(jar).toMillis();
        } catch (IOException e) {
            t.size = -1;
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // an upload temp file; the next upload or restart leaves no harm
        }
    }

    private void durable(String action, Bundle b, String outcome) {
        AuditLog log = auditLog;
        if (log != null) {
            String bsn = b == null || b.getSymbolicName() == null ? "" : b.getSymbolicName().replaceAll("[\"\\\\]", "_");
            log.record("admin", action, outcome, b == null ? null : "{\"bundle\":" + b.getBundleId() + ",\"bsn\":\"" + bsn + "\"}");
        }
    }
}
