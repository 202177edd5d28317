package dev.nexo.api.fault;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The one circuit breaker every Nexo bundle uses in front of something that can fail remotely.
 *
 * <p>Behaviour (the seed's defaults, see {@link Settings#DEFAULTS}): <b>closed</b> until
 * {@code failureThreshold} consecutive failures, then <b>open</b> for {@code openDuration}, which
 * doubles on every re-open up to {@code maxOpenDuration}; after that one period it is
 * <b>half-open</b> and lets at most {@code successThreshold} trial calls through at a time;
 * {@code successThreshold} successes close it (and reset the open duration), any failure re-opens it.
 *
 * <p>Use it either through {@link #call(Callable)} / {@link #callAsync(Supplier)}, or by hand:
 * {@link #tryAcquire()} before the call (false means refuse), then exactly one of
 * {@link #onSuccess()} / {@link #onFailure()}. Thread-safe; time comes from the injected clock.
 */
public final class CircuitBreaker {
    /**
     * Thresholds of a breaker.
     *
     * @param failureThreshold consecutive failures that open a closed circuit; at least 1
     * @param openDuration first open period
     * @param maxOpenDuration cap for the doubling open period
     * @param successThreshold half-open successes that close the circuit; at least 1
     */
    public record Settings(int failureThreshold, Duration openDuration, Duration maxOpenDuration, int successThreshold) {
        /** 5 failures open; 10 s open, doubling to at most 120 s; 2 successes close. */
        public static final Settings DEFAULTS = new Settings(5, Duration.ofSeconds(10), Duration.ofSeconds(120), 2);

        /** Validates the thresholds. */
        public Settings {
            if (failureThreshold < 1 || successThreshold < 1) {
                throw new IllegalArgumentException("circuit breaker thresholds must be at least 1");
            }
            Objects.requireNonNull(openDuration, "openDuration");
            Objects.requireNonNull(maxOpenDuration, "maxOpenDuration");
            if (openDuration.isNegative() || openDuration.isZero() || maxOpenDuration.compareTo(openDuration) < 0) {
                throw new IllegalArgumentException("circuit breaker needs 0 < openDuration <= maxOpenDuration");
            }
        }
    }

    private final String name;
    private final Settings settings;
    private final Clock clock;
    private final CircuitBreakerListener listener;

    private CircuitState state = CircuitState.CLOSED;
    private int consecutiveFailures;
    private int halfOpenSuccesses;
    private int halfOpenInFlight;
    private Duration currentOpen;
    private Instant openUntil = Instant.MIN;

    /**
     * @param name a name for logs, metrics and {@link CircuitOpenException}, e.g. {@code llm.openai.main}
     * @param settings thresholds
     * @param clock time source; tests pass a controllable clock
     * @param listener told about state changes; may be {@code null}
     */
    public CircuitBreaker(String name, Settings settings, Clock clock, CircuitBreakerListener listener) {
        this.name = Objects.requireNonNull(name, "name");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = listener;
        this.currentOpen = settings.openDuration();
    }

    /**
     * @param name the breaker's name
     * @return a breaker with {@link Settings#DEFAULTS}, the system clock and no listener
     */
    public static CircuitBreaker withDefaults(String name) {
        return new CircuitBreaker(name, Settings.DEFAULTS, Clock.systemUTC(), null);
    }

    /** @return the breaker's name */
    public String name() {
        return name;
    }

    /** @return the current state; an expired open period reads as {@link CircuitState#HALF_OPEN} */
    public synchronized CircuitState state() {
        if (state == CircuitState.OPEN && !clock.instant().isBefore(openUntil)) {
            transition(CircuitState.HALF_OPEN);
        }
        return state;
    }

    /**
     * Asks to make one call. A {@code true} answer must be followed by exactly one of
     * {@link #onSuccess()} or {@link #onFailure()}.
     *
     * @return whether the call may proceed
     */
    public synchronized boolean tryAcquire() {
        switch (state()) {
            case CLOSED:
                return true;
            case HALF_OPEN:
                if (halfOpenInFlight < settings.successThreshold()) {
                    halfOpenInFlight++;
                    return true;
                }
                return false;
            default:
                return false;
        }
    }

    /** @return time until a refused caller may try again; zero unless open */
    public synchronized Duration retryAfter() {
        if (state() != CircuitState.OPEN) {
            return Duration.ZERO;
        }
        return Duration.between(clock.instant(), openUntil);
    }

    /** Records a successful call. */
    public synchronized void onSuccess() {
        if (state == CircuitState.HALF_OPEN) {
            halfOpenInFlight = Math.max(0, halfOpenInFlight - 1);
            if (++halfOpenSuccesses >= settings.successThreshold()) {
                currentOpen = settings.openDuration();
                transition(CircuitState.CLOSED);
            }
        }
        consecutiveFailures = 0;
    }

    /** Records a failed call. */
    public synchronized void onFailure() {
        if (state == CircuitState.HALF_OPEN) {
            Duration doubled = currentOpen.multipliedBy(2);
            currentOpen = doubled.compareTo(settings.maxOpenDuration()) > 0 ? settings.maxOpenDuration() : doubled;
            open();
        } else if (state == CircuitState.CLOSED && ++consecutiveFailures >= settings.failureThreshold()) {
            open();
        }
    }

    /**
     * Runs a blocking call through the breaker.
     *
     * @param <T> the result type
     * @param call the call
     * @return its result
     * @throws CircuitOpenException if the breaker refuses the call
     * @throws Exception whatever the call throws (recorded as a failure)
     */
    public <T> T call(Callable<T> call) throws Exception {
        if (!tryAcquire()) {
            throw new CircuitOpenException(name, retryAfter());
        }
        try {
            T result = call.call();
            onSuccess();
            return result;
        } catch (Exception | Error e) {
            onFailure();
            throw e;
        }
    }

    /**
     * Runs an asynchronous call through the breaker; the outcome of the returned stage is recorded.
     *
     * @param <T> the result type
     * @param call starts the call
     * @return the call's stage, or a stage failed with {@link CircuitOpenException}
     */
    public <T> CompletionStage<T> callAsync(Supplier<? extends CompletionStage<T>> call) {
        if (!tryAcquire()) {
            return CompletableFuture.failedFuture(new CircuitOpenException(name, retryAfter()));
        }
        CompletionStage<T> stage;
        try {
            stage = call.get();
        } catch (RuntimeException e) {
            onFailure();
            return CompletableFuture.failedFuture(e);
        }
        return stage.whenComplete((r, e) -> {
            if (e == null) {
                onSuccess();
            } else {
                onFailure();
            }
        });
    }

    private void open() {
        openUntil = clock.instant().plus(currentOpen);
        transition(CircuitState.OPEN);
    }

    private void transition(CircuitState to) {
        CircuitState from = state;
        state = to;
        consecutiveFailures = 0;
        halfOpenSuccesses = 0;
        halfOpenInFlight = 0;
        if (from != to && listener != null) {
            listener.onStateChange(name, from, to);
        }
    }

    @Override
    public synchronized String toString() {
        return "CircuitBreaker[" + name + ", " + state().wireName() + "]";
    }
}
