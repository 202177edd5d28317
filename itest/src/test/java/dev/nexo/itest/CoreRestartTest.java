package dev.nexo.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

import dev.nexo.test.support.Poll;
import dev.nexo.test.support.http.Reply;

/**
 * The core bundle itself survives being stopped, started and updated at runtime: its threads
 * and services go with it and come back exactly once, and the admin API is ready again.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CoreRestartTest extends InFramework {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> CORE_THREADS = List.of("nexo-config-watcher", "nexo-deploy-watcher");

    @Inject
    private ServiceComponentRuntime scr;

    @Override
    @Configuration
    public Option[] config() throws IOException {
        // with a config dir, so the config watcher runs too
        Path config = Files.createTempDirectory(Files.createDirectories(
                Path.of(System.getProperty("nexo.itest.work", "target/itest-work")).toAbsolutePath()), "config-");
        Files.writeString(config.resolve("agents.yaml"), "agents: []\n");
        return NexoOptions.distribution(Map.of("nexo.config.dir", config.toString()));
    }

    @Test
    public void coreStopStartAndUpdateLeakNothing() throws Exception {
        AdminClient admin = AdminClient.forFramework(context, WAIT);
        awaitReady(admin);
        awaitThreads(CORE_THREADS);
        Bundle core = core();

        core.stop();
        awaitThreads(List.of());
        assertNull("a stopped core registers no services", core.getRegisteredServices());
        Poll.until("GET /health to stop answering 200 once the core is stopped", WAIT,
                () -> admin.get("/health"), r -> r.status() != 200);

        core.start();
        awaitReady(admin);
        awaitThreads(CORE_THREADS);

        long before = core.getLastModified();
        core.update();
        refresh(core);
        assertNotEquals("the update installed a new revision", before, core.getLastModified());
        assertEquals(Bundle.ACTIVE, core.getState());
        awaitReady(admin);
        awaitThreads(CORE_THREADS);
    }

    /**
     * With the servlet-level guard switched off, the admin resources still refuse requests
     * without the key: the JAX-RS extension they require checks it too.
     */
    @Test
    public void adminResourcesCheckTheKeyEvenWithoutTheServletFilter() throws Exception {
        AdminClient admin = AdminClient.forFramework(context, WAIT);
        awaitReady(admin);
        ComponentDescriptionDTO guard = scr.getComponentDescriptionDTO(core(),
                "dev.nexo.core.internal.http.AdminGuardFilter");
        scr.disableComponent(guard).getValue();
        try {
            Reply anonymous = Poll.until("GET /admin/api/status without key", WAIT,
                    () -> admin.withoutKey().get("/admin/api/status"), r -> r.status() == 401);
            assertEquals("unauthorized", anonymous.json().path("error").asText());
            assertEquals(200, admin.get("/admin/api/status").status());
        } finally {
            scr.enableComponent(guard).getValue();
        }
    }

    private Bundle core() {
        return Arrays.stream(context.getBundles())
                .filter(b -> "dev.nexo.core".equals(b.getSymbolicName()))
                .findFirst().orElseThrow(() -> new AssertionError("dev.nexo.core is not installed"));
    }

    private void refresh(Bundle bundle) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundle), e -> {
            if (e.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        });
        if (!done.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("refresh did not finish in " + WAIT);
        }
    }

    private static void awaitReady(AdminClient admin) {
        Poll.until("GET /ready to answer 200", WAIT, () -> admin.get("/ready"), r -> r.status() == 200);
    }

    /** Waits until the live core threads are exactly {@code expected} (one of each). */
    private static void awaitThreads(List<String> expected) {
        Poll.until("live core threads " + expected, WAIT, CoreRestartTest::coreThreads, expected::equals);
    }

    private static List<String> coreThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(CORE_THREADS::contains)
                .sorted()
                .collect(Collectors.toList());
    }
}
