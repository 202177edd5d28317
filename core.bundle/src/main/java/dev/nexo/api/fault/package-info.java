/**
 * Fault-tolerance building blocks shared by every bundle that calls something remote: one
 * {@link dev.nexo.api.fault.CircuitBreaker} with the seed's thresholds, and {@link
 * dev.nexo.api.fault.Backoff} schedules for retries and re-subscriptions.
 *
 * <p>Both are plain, thread-safe classes that take an injectable {@link java.time.Clock} (and a
 * random source for jitter), so tests drive time instead of sleeping. The broker uses them on NATS
 * publish, LLM providers on vendor calls, channels on their APIs and the plugin host on child
 * processes; their state is exported as metrics by the caller.
 */
@Export
@Version("1.0.0")
package dev.nexo.api.fault;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
