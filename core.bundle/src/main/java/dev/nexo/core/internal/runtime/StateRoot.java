package dev.nexo.core.internal.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one directory that holds Nexo's state: connection-key, databases, logs, deployed bundles.
 * Created on first boot with owner-only permissions (0700); an existing root is tightened if it
 * is group- or world-accessible.
 */
@Component(service = StateRoot.class)
public class StateRoot {
    private static final Logger LOG = LoggerFactory.getLogger(StateRoot.class);

    private final Path root;
    private final Path deployDir;
    private final Optional<Path> configDir;
    private final StateLock lock;

    /** The lock file that keeps two processes off one state root. */
    static final String LOCK_FILE = "nexo.lock";

    @Activate
    public StateRoot(BundleContext context) {
        this(NexoPaths.stateRoot(context::getProperty), NexoPaths.deployDir(context::getProperty),
                NexoPaths.configDir(context::getProperty), () -> stopFramework(context));
    }

    StateRoot(Path root, Path deployDir, Optional<Path> configDir, Runnable onLocked) {
        this.root = root;
        this.deployDir = deployDir;
        this.configDir = configDir;
        boolean created = !Files.exists(root);
        ensurePrivateDir(root);
        ensurePrivateDir(deployDir);
        ensurePrivateDir(logs());
        ensurePrivateDir(data());
        this.lock = StateLock.acquire(root.resolve(LOCK_FILE));
        if (lock == null) {
            String holder = StateLock.holder(root.resolve(LOCK_FILE));
            LOG.error("state root {} is in use by another Nexo process ({}); stop it or start with another NEXO_HOME."
                    + " Stopping this container.", root, holder);
            onLocked.run();
            throw new IllegalStateException("state root " + root + " is in use by another Nexo process (" + holder + ")");
        }
        LOG.info("state root {} ({}), deploy dir {}, config dir {}", root, created ? "created" : "existing",
                deployDir, configDir.map(Path::toString).orElse("none (zero-config)"));
    }

    @Deactivate
    void deactivate() {
        lock.close();
    }

    /** @return the state root directory (0700) */
    public Path root() {
        return root;
    }

    /** @return the watched directory for hot-deployed bundle jars */
    public Path deployDir() {
        return deployDir;
    }

    /** @return the directory for log files */
    public Path logs() {
        return root.resolve("logs");
    }

    /** @return the directory for databases and other persistent data */
    public Path data() {
        return root.resolve("data");
    }

    /** @return the operator's config dir, if one was given */
    public Optional<Path> configDir() {
        return configDir;
    }

    private static void stopFramework(BundleContext context) {
        Thread stopper = new Thread(() -> {
            try {
                context.getBundle(0).stop();
            } catch (BundleException | IllegalStateException e) {
                LOG.error("could not stop the framework: {}", e.getMessage());
            }
        }, "nexo-state-locked");
        stopper.start();
    }

    /** Creates {@code dir} (and parents) if missing and makes it owner-only on POSIX file systems. */
    static void ensurePrivateDir(Path dir) {
        try {
            Files.createDirectories(dir);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare state directory " + dir, e);
        }
    }
}
