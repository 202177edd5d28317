package dev.nexo.memory.embed.minilm.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nexo.api.memory.Embedder;
import dev.nexo.api.memory.MemoryErrorCode;
import dev.nexo.api.memory.MemoryException;

/**
 * The offline {@link Embedder}: quantised all-MiniLM-L6-v2 (384 dimensions) on ONNX Runtime. The
 * model loads on its own thread once the container has finished starting (the framework's start
 * level has reached every bundle's; at once when the bundle is installed into a running container), so the container's start neither waits for it nor shares
 * the CPU with it (on two cores the load took ~1 s of CPU from the start); an embedding asked for
 * earlier starts the load at once and waits for it.
 */
@Component(service = Embedder.class, property = Embedder.MODEL + "=" + MiniLmModel.MODEL_ID)
public final class MiniLmEmbedder implements Embedder {
    private static final Logger LOG = LoggerFactory.getLogger(MiniLmEmbedder.class);
    /** ONNX Runtime reads its native libraries from this directory when set. */
    static final String ORT_NATIVE_PATH = "onnxruntime.native.path";

    private final ExecutorService thread;
    private final Path nativeDir;
    private final CompletableFuture<MiniLmModel> model = new CompletableFuture<>();
    private final java.util.concurrent.atomic.AtomicBoolean loading = new java.util.concurrent.atomic.AtomicBoolean();
    /** The framework the load waits for, or null when loading at once. */
    private final BundleContext ctx;
    private final FrameworkListener onStarted = this::frameworkEvent;

    /** @param ctx the bundle context: state root and bundle identity for the native library folder */
    @Activate
    public MiniLmEmbedder(BundleContext ctx) {
        this(nativeDir(ctx), ctx);
        ctx.addFrameworkListener(onStarted);
        if (hasStarted(ctx)) {
            startLoading(); // installed into a running container: STARTED has been and gone
        }
    }

    private void frameworkEvent(FrameworkEvent e) {
        if ((e.getType() == FrameworkEvent.STARTED || e.getType() == FrameworkEvent.STARTLEVEL_CHANGED)
                && hasStarted(ctx)) {
            startLoading();
        }
    }

    /**
     * @return whether the container has finished starting: the framework is active and its start
     *         level has reached every installed bundle's. Neither the system bundle's state nor
     *         the STARTED event tells: Felix is ACTIVE before it raises the start level, and the
     *         bnd launcher starts the framework at level 1 (STARTED fires there) and raises the
     *         level itself afterwards.
     */
    static boolean hasStarted(BundleContext ctx) {
        Bundle system = ctx.getBundle(0);
        if (system.getState() != Bundle.ACTIVE) {
            return false;
        }
        int level = system.adapt(org.osgi.framework.startlevel.FrameworkStartLevel.class).getStartLevel();
        for (Bundle b : ctx.getBundles()) {
            org.osgi.framework.startlevel.BundleStartLevel bsl = b.adapt(org.osgi.framework.startlevel.BundleStartLevel.class);
            if (bsl != null && bsl.getStartLevel() > level) {
                return false;
            }
        }
        return true;
    }

    /** @param nativeDir where to extract ONNX Runtime's native libraries, or null to let it pick a temp folder */
    MiniLmEmbedder(Path nativeDir) {
        this(nativeDir, null);
        startLoading();
    }

    private MiniLmEmbedder(Path nativeDir, BundleContext ctx) {
        this.nativeDir = nativeDir;
        this.ctx = ctx;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "nexo-embed-minilm");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts loading the model on the embedder's thread, once. */
    private void startLoading() {
        if (!loading.compareAndSet(false, true)) {
            return;
        }
        try {
            thread.execute(() -> {
                try {
                    model.complete(load(nativeDir));
                } catch (RuntimeException e) {
                    model.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            model.completeExceptionally(new MemoryException(MemoryErrorCode.UNAVAILABLE, "the local embedder is stopped", e));
        }
    }

    private static Path nativeDir(BundleContext ctx) {
        String root = ctx.getProperty("nexo.state.root");
        Path base = root != null ? Path.of(root) : Path.of(System.getProperty("user.home"), ".nexo");
        // one folder per bundle revision: a JNI library cannot be loaded by two class loaders from one path
        return base.resolve("data").resolve("memory").resolve("native")
                .resolve("onnxruntime-" + ctx.getBundle().getBundleId() + '-' + ctx.getBundle().getLastModified());
    }

    private static MiniLmModel load(Path nativeDir) {
        long t0 = System.nanoTime();
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(MiniLmEmbedder.class.getClassLoader());
        try {
            if (nativeDir != null && extractNatives(nativeDir)) {
                System.setProperty(ORT_NATIVE_PATH, nativeDir.toString());
            }
            MiniLmModel m = MiniLmModel.load();
            LOG.info("local embedder ready model={} dims={} in {} ms", MiniLmModel.MODEL_ID, MiniLmModel.DIMENSIONS,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            return m;
        } catch (IOException | ai.onnxruntime.OrtException | LinkageError e) {
            LOG.error("local embedder {} could not load: {}", MiniLmModel.MODEL_ID, e.toString());
            throw new MemoryException(MemoryErrorCode.UNAVAILABLE, "local embedding model could not load: " + e, e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    /** Copies this platform's ONNX Runtime libraries out of the bundle; false if the bundle has none for it. */
    static boolean extractNatives(Path dir) throws IOException {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String platform = (os.contains("mac") ? "osx" : "linux") + '-'
                + (arch.equals("amd64") || arch.equals("x86_64") ? "x64" : "aarch64");
        String ext = os.contains("mac") ? ".dylib" : ".so";
        String[] libs = {"libonnxruntime" + ext, "libonnxruntime4j_jni" + ext};
        Files.createDirectories(dir);
        removeStale(dir);
        for (String lib : libs) {
            try (InputStream in = MiniLmEmbedder.class.getResourceAsStream("/ai/onnxruntime/native/" + platform + '/' + lib)) {
                if (in == null) {
                    return false;
                }
                Path target = dir.resolve(lib);
                if (!Files.exists(target)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return true;
    }

    /** Deletes folders earlier bundle revisions extracted (a loaded library file may be unlinked safely). */
    private static void removeStale(Path current) {
        try (java.util.stream.Stream<Path> siblings = Files.list(current.getParent())) {
            siblings.filter(p -> !p.equals(current) && p.getFileName().toString().startsWith("onnxruntime-"))
                    .forEach(MiniLmEmbedder::deleteTree);
        } catch (IOException e) {
            LOG.debug("could not list old native library folders", e);
        }
    }

    private static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("could not delete {}", dir, e);
        }
    }

    @Override
    public String modelId() {
        return MiniLmModel.MODEL_ID;
    }

    @Override
    public int dimensions() {
        return MiniLmModel.DIMENSIONS;
    }

    @Override
    public CompletionStage<List<float[]>> embed(List<String> texts) {
        List<String> copy = List.copyOf(texts);
        startLoading(); // asked for before the framework finished starting: load now
        return model.thenApplyAsync(m -> {
            List<float[]> out = new ArrayList<>(copy.size());
            try {
                for (String t : copy) {
                    out.add(m.embed(t));
                }
            } catch (ai.onnxruntime.OrtException e) {
                throw new MemoryException(MemoryErrorCode.UNAVAILABLE, "embedding failed: " + e.getMessage(), e);
            }
            return out;
        }, thread);
    }

    /** @return whether the model's load has been started */
    boolean loadStarted() {
        return loading.get();
    }

    @Deactivate
    void close() {
        if (ctx != null) {
            try {
                ctx.removeFrameworkListener(onStarted);
            } catch (IllegalStateException e) {
                LOG.debug("bundle context already invalid: {}", e.toString());
            }
        }
        model.thenAccept(m -> {
            try {
                m.close();
            } catch (ai.onnxruntime.OrtException e) {
                LOG.debug("closing the ONNX session failed", e);
            }
        });
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
