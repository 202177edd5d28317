package dev.nexo.auth.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import dev.nexo.api.trust.AccessRequest;
import dev.nexo.api.trust.Sensitivity;
import dev.nexo.api.trust.TrustDecision;
import dev.nexo.api.trust.TrustWindow;

/**
 * The cost of one trust decision on the hot path (a standing grant, audited to SQLite), against
 * the same-run baseline of the audit append alone. Not part of the default build:
 * {@code ./mvnw -B -q -Pbench -pl auth.bundle -am verify -DskipTests}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class TrustCheckBench {
    private Path dir;
    private TrustDb db;
    private AuditStore audit;
    private TrustPolicyService policy;
    private AccessRequest request;

    @Setup
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("trust-bench");
        db = new TrustDb(dir.resolve("trust.db"));
        Fixtures.ManualClock clock = new Fixtures.ManualClock();
        audit = new AuditStore(db, clock, 0, false);
        policy = new TrustPolicyService(db, audit, clock, Fixtures.config(600, false), false);
        policy.register(Fixtures.capability("tool.notes_read", Sensitivity.READ));
        policy.grantByOperator("agent-a", "default", "tool.notes_read", TrustWindow.UNTIL_REVOKED, "bench");
        request = AccessRequest.builder("default", "agent-a", "tool.notes_read").arguments("{\"q\":\"hello\"}").build();
    }

    @TearDown
    public void tearDown() {
        db.close();
    }

    /** Baseline: one audit row (redaction, hash, chained insert). */
    @Benchmark
    public void auditAppend() {
        audit.record("agent-a", "tool.notes_read", "allowed", "{\"q\":\"hello\"}");
    }

    /** A full decision: registry lookup, grant lookup, audit row. */
    @Benchmark
    public TrustDecision checkWithStandingGrant() {
        return policy.check(request);
    }

    public static void main(String[] args) throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder().include(TrustCheckBench.class.getSimpleName()).build()).run();
        double base = 0;
        double check = 0;
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            double score = r.getPrimaryResult().getScore();
            if (name.endsWith("auditAppend")) {
                base = score;
            } else {
                check = score;
            }
        }
        System.out.printf("trust check %.1f us/op, audit append alone %.1f us/op, ratio check/audit %.2f%n", check, base, check / base);
    }
}
