package dev.nexo.e2e;

import static dev.nexo.e2e.NexoProcess.BOOT;
import static dev.nexo.e2e.NexoProcess.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

import dev.nexo.test.support.Poll;
import dev.nexo.test.support.http.Reply;

/**
 * The built distribution as an operator runs it: one {@code nexo.jar} process for the class,
 * driven over its loopback HTTP API, its state root and its deploy dir.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NexoDistributionIT {
    private static final String FIXTURE_BSN = "dev.nexo.itest.fixture";

    @AutoClose
    private NexoProcess nexo;
    private Http anonymous;

    @BeforeAll
    void start() throws IOException {
        // a root that does not exist yet, so the container creates it (and its permissions)
        nexo = NexoProcess.launch("run").start();
        nexo.awaitHealthy(BOOT);
        anonymous = nexo.http();
    }

    @Test
    void healthIsUp() {
        Reply health = anonymous.get("/health");
        assertEquals(200, health.status(), health::toString);
        assertEquals("UP", health.json().path("status").asText(), health::toString);
    }

    @Test
    void readyEventually() {
        Reply ready = Poll.until("GET /ready to answer 200", BOOT, () -> anonymous.get("/ready"), r -> {
            // while starting, the only acceptable answer is 503 STARTING with what is missing
            if (r.status() == 503) {
                assertEquals("STARTING", r.json().path("status").asText(), r::toString);
                assertTrue(r.json().path("missing").isArray(), r::toString);
            }
            return r.status() == 200;
        });
        assertEquals("READY", ready.json().path("status").asText(), ready::toString);
    }

    @Test
    void metricsArePrometheusText() {
        Reply metrics = anonymous.get("/metrics");
        assertEquals(200, metrics.status(), metrics::toString);
        assertTrue(metrics.contentType().startsWith("text/plain"), metrics.contentType());
        assertTrue(metrics.contentType().contains("version=0.0.4"), metrics.contentType());
        assertTrue(metrics.body().contains("jvm_memory_used_bytes"), "no jvm_memory_used_bytes in /metrics");
        assertTrue(metrics.body().contains("nexo_bundles"), "no nexo_bundles in /metrics");
    }

    @Test
    void adminApiNeedsTheConnectionKey() {
        Reply none = anonymous.get("/admin/api/bundles");
        assertEquals(401, none.status(), none::toString);
        assertEquals("unauthorized", none.json().path("error").asText(), none::toString);

        Reply wrong = anonymous.withKey("not-the-key").get("/admin/api/bundles");
        assertEquals(401, wrong.status(), wrong::toString);

        Reply ok = admin().get("/admin/api/bundles");
        assertEquals(200, ok.status(), ok::toString);
        JsonNode core = bundle(ok.json(), "dev.nexo.core")
                .orElseThrow(() -> new AssertionError("dev.nexo.core missing from " + ok));
        assertEquals("ACTIVE", core.path("state").asText(), core::toString);
    }

    @Test
    void stateRootAndKeyFileArePrivate() throws IOException {
        nexo.awaitKey(WAIT);
        assertEquals(PosixFilePermissions.fromString("rwx------"), perms(nexo.stateRoot()), "state root mode");
        assertEquals(PosixFilePermissions.fromString("rw-------"), perms(nexo.stateRoot().resolve("connection.key")),
                "connection.key mode");
    }

    @Test
    void foreignHostIsForbidden() {
        Reply foreign = anonymous.rawGet("/health", "attacker.invalid:" + nexo.port());
        assertEquals(403, foreign.status(), foreign::toString);
        assertEquals("host_forbidden", foreign.json().path("error").asText(), foreign::toString);

        Reply local = anonymous.rawGet("/health", "localhost:" + nexo.port());
        assertEquals(200, local.status(), local::toString);
    }

    @Test
    void foreignOriginIsForbidden() {
        Reply foreign = anonymous.get("/health", "Origin", "http://attacker.invalid");
        assertEquals(403, foreign.status(), foreign::toString);
        assertEquals("origin_forbidden", foreign.json().path("error").asText(), foreign::toString);

        Reply keyed = admin().get("/admin/api/bundles", "Origin", "http://attacker.invalid");
        assertEquals(403, keyed.status(), "a valid key must not let a foreign origin through: " + keyed);

        Reply local = anonymous.get("/health", "Origin", "http://127.0.0.1:" + nexo.port());
        assertEquals(200, local.status(), local::toString);
    }

    @Test
    void unknownBundleIsNotFound() {
        Reply missing = admin().get("/admin/api/bundles/987654");
        assertEquals(404, missing.status(), missing::toString);
        assertEquals("not_found", missing.json().path("error").asText(), missing::toString);
    }

    @Test
    void deployDirInstallsAndUninstalls() throws IOException {
        Http admin = admin();
        Path deploy = Poll.until("the deploy dir " + nexo.deployDir(), WAIT, nexo::deployDir, Files::isDirectory);
        Path dropped = deploy.resolve("fixture-dropped.jar");
        // write beside the dir and move in atomically, so the watcher never sees half a jar
        Path staging = Files.copy(fixture("nexo.fixture.v1"), deploy.resolveSibling("fixture-dropped.jar.part"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.move(staging, dropped, StandardCopyOption.ATOMIC_MOVE);
        try {
            JsonNode installed = awaitFixtureBundle(admin, b -> "ACTIVE".equals(b.path("state").asText()));
            assertEquals("1.0.0", installed.path("version").asText(), installed::toString);
            awaitChannel(admin, installed.path("id").asLong(), "one");
        } finally {
            Files.deleteIfExists(dropped);
        }
        awaitNoFixtureBundle(admin);
    }

    @Test
    void restApiInstallsUpdatesAndDeletes() throws IOException {
        Http admin = admin();
        Reply created = admin.post("/admin/api/bundles?name=fixture-rest.jar", Files.readAllBytes(fixture("nexo.fixture.v1")));
        assertEquals(201, created.status(), created::toString);
        long id = created.json().path("id").asLong();
        assertEquals(FIXTURE_BSN, created.json().path("symbolicName").asText(), created::toString);
        try {
            awaitBundle(admin, id, b -> "ACTIVE".equals(b.path("state").asText()) && "1.0.0".equals(b.path("version").asText()));
            assertTrue(Files.isRegularFile(nexo.deployDir().resolve("fixture-rest.jar")),
                    "an uploaded jar is kept in the deploy dir so it survives a restart");

            Reply updated = admin.put("/admin/api/bundles/" + id, Files.readAllBytes(fixture("nexo.fixture.v2")));
            assertEquals(200, updated.status(), updated::toString);
            awaitBundle(admin, id, b -> "ACTIVE".equals(b.path("state").asText()) && "2.0.0".equals(b.path("version").asText()));
            awaitChannel(admin, id, "two");
        } finally {
            Reply deleted = admin.delete("/admin/api/bundles/" + id);
            assertEquals(204, deleted.status(), deleted::toString);
        }
        Reply gone = admin.get("/admin/api/bundles/" + id);
        assertEquals(404, gone.status(), gone::toString);
        awaitNoFixtureBundle(admin);
        Poll.until("fixture-rest.jar to leave the deploy dir", WAIT,
                () -> Files.exists(nexo.deployDir().resolve("fixture-rest.jar")), exists -> !exists);
    }

    // --- helpers ---

    @Test
    void badRequestsGetTypedErrorsAndChangeNothing() {
        Http admin = admin();
        int bundlesBefore = admin.get("/admin/api/bundles").json().size();
        expectError(admin.send("POST", "/admin/api/bundles", "text/plain", "x".getBytes(StandardCharsets.UTF_8)),
                415, "unsupported_media_type");
        expectError(admin.send("POST", "/admin/api/bundles?name=evil.jar", "application/java-archive",
                "not a jar".getBytes(StandardCharsets.UTF_8)), 400, "invalid_bundle");
        expectError(admin.send("POST", "/admin/api/bundles", "application/java-archive", new byte[0]), 400, "invalid_bundle");
        expectError(admin.send("PUT", "/admin/api/bundles/0", "application/java-archive", new byte[] {1}), 409, "protected_bundle");
        expectError(admin.send("PATCH", "/admin/api/bundles/1", "application/json", new byte[0]), 405, "method_not_allowed");
        expectError(admin.get("/admin/api/no-such-thing"), 404, "not_found");
        expectError(admin.get("/admin/api/bundles/not-a-number"), 404, "not_found");
        assertEquals(bundlesBefore, admin.get("/admin/api/bundles").json().size(), "refused requests installed nothing");
        assertFalse(Files.exists(nexo.deployDir().resolve("evil.jar")), "a refused upload leaves no file behind");
    }

    private static void expectError(Reply reply, int status, String code) {
        assertEquals(status, reply.status(), reply::toString);
        assertEquals(code, reply.json().path("error").asText(), reply::toString);
    }

    private Http admin() {
        return anonymous.withKey(nexo.awaitKey(WAIT));
    }

    private JsonNode awaitFixtureBundle(Http admin, java.util.function.Predicate<JsonNode> state) {
        Reply list = Poll.until(FIXTURE_BSN + " in GET /admin/api/bundles", WAIT, () -> admin.get("/admin/api/bundles"),
                r -> r.status() == 200 && bundle(r.json(), FIXTURE_BSN).filter(state).isPresent());
        return bundle(list.json(), FIXTURE_BSN).orElseThrow();
    }

    private void awaitNoFixtureBundle(Http admin) {
        Poll.until(FIXTURE_BSN + " to leave GET /admin/api/bundles", WAIT, () -> admin.get("/admin/api/bundles"),
                r -> r.status() == 200 && bundle(r.json(), FIXTURE_BSN).isEmpty());
        Poll.until("the fixture channel to leave GET /admin/api/channels", WAIT, () -> admin.get("/admin/api/channels"),
                r -> r.status() == 200 && StreamSupport.stream(r.json().spliterator(), false)
                        .noneMatch(c -> "fixture".equals(c.path("kind").asText())));
    }

    private void awaitBundle(Http admin, long id, java.util.function.Predicate<JsonNode> condition) {
        Poll.until("bundle " + id + " in GET /admin/api/bundles/" + id, WAIT, () -> admin.get("/admin/api/bundles/" + id),
                r -> r.status() == 200 && condition.test(r.json()));
    }

    private void awaitChannel(Http admin, long bundleId, String instance) {
        Poll.until("channel fixture/" + instance + " of bundle " + bundleId + " in GET /admin/api/channels", WAIT,
                () -> admin.get("/admin/api/channels"),
                r -> r.status() == 200 && StreamSupport.stream(r.json().spliterator(), false).anyMatch(c ->
                        "fixture".equals(c.path("kind").asText()) && instance.equals(c.path("instance").asText())
                                && c.path("bundleId").asLong() == bundleId
                                && FIXTURE_BSN.equals(c.path("bundle").asText())));
    }

    private static Optional<JsonNode> bundle(JsonNode bundles, String bsn) {
        return StreamSupport.stream(bundles.spliterator(), false)
                .filter(b -> bsn.equals(b.path("symbolicName").asText()))
                .findFirst();
    }

    private static Path fixture(String property) {
        Path jar = Path.of(System.getProperty(property, "")).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "fixture jar " + property + " not found: " + jar);
        return jar;
    }

    private static Set<PosixFilePermission> perms(Path p) throws IOException {
        assertFalse(Files.isSymbolicLink(p), p + " is a symlink");
        return Files.getPosixFilePermissions(p);
    }
}
