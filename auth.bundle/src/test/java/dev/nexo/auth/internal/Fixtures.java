package dev.nexo.auth.internal;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import dev.nexo.api.trust.AdminCredential;
import dev.nexo.api.trust.Capability;
import dev.nexo.api.trust.Provenance;
import dev.nexo.api.trust.Sensitivity;

/** Shared pieces for the unit tests: a clock tests move by hand, a key that rotates, configs. */
final class Fixtures {
    private Fixtures() {
    }

    /** A clock that only moves when told to. */
    static final class ManualClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Stands in for the core's connection-key: matches one value, epoch changes on rotation. */
    static final class RotatingKey implements AdminCredential {
        private final AtomicInteger generation = new AtomicInteger();

        String current() {
            return "nexo_admin_test" + generation.get();
        }

        @Override
        public boolean matches(String presented) {
            return current().equals(presented);
        }

        @Override
        public boolean matchesAuthorization(String authorization) {
            return authorization != null && authorization.equals("Bearer " + current());
        }

        @Override
        public String epoch() {
            return "epoch-" + generation.get();
        }

        @Override
        public void rotate() {
            generation.incrementAndGet();
        }
    }

    static TrustDb db(Path dir) {
        return new TrustDb(dir.resolve("trust.db"));
    }

    static Capability capability(String id, Sensitivity s) {
        return Capability.builder(id, s).description("test capability " + id).requestSchema("{\"type\":\"object\"}")
                .providedBy(Provenance.FIRST_PARTY, "dev.nexo.auth").build();
    }

    static TrustPolicyService.Config config(int approvalSeconds, boolean autoRead) {
        return new TrustPolicyService.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return TrustPolicyService.Config.class;
            }

            @Override
            public int approval_timeout_seconds() {
                return approvalSeconds;
            }

            @Override
            public boolean auto_grant_read() {
                return autoRead;
            }

            @Override
            public String auto_grant_read_window() {
                return "1h";
            }
        };
    }
}
