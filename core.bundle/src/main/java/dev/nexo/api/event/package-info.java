/**
 * The event envelope every broker hop carries, and the topic namespace it travels on.
 *
 * <p>An {@link dev.nexo.api.event.Event} mirrors the nexo wire envelope ({@code id, timestamp,
 * topic, source, session_id, correlation_id, payload}) and keeps its payload as raw JSON text, so
 * no JSON library leaks into the API. {@link dev.nexo.api.event.Topics} builds and validates the
 * well-known topic names; {@link dev.nexo.api.event.TopicPattern} matches NATS-style subscription
 * patterns ({@code *} one token, {@code >} the rest).
 *
 * <p>This package holds only immutable value types and pure helpers; it has no service interfaces.
 */
@Export
@Version("1.0.0")
package dev.nexo.api.event;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
