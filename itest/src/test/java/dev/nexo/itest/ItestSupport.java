package dev.nexo.itest;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.ops4j.pax.exam.Option;

import dev.nexo.test.support.Poll;

/** Public entry points to this package's helpers for test classes in sub-packages (e.g. {@code itest.memory}). */
public final class ItestSupport {
    private ItestSupport() {
    }

    /** @see NexoOptions#distribution(Map) */
    public static Option[] distribution(Map<String, String> extra) throws IOException {
        return NexoOptions.distribution(extra);
    }

    /** @see Poll#until */
    public static <T> T until(String what, Duration timeout, Supplier<T> probe, Predicate<? super T> done) {
        return Poll.until(what, timeout, probe, done);
    }
}
