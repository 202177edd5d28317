/**
 * The broker service: publish, subscribe with NATS-style patterns, queue groups and request/reply.
 *
 * <p>{@link dev.nexo.api.broker.Broker} and {@link dev.nexo.api.broker.Subscription} are
 * implemented only by Nexo's broker bundle (local in-process or NATS; identical semantics).
 * Subscribers implement {@link dev.nexo.api.broker.handler.EventHandler}, which lives in its own
 * package because it is a consumer-implemented callback. Topic names and patterns are in
 * {@link dev.nexo.api.event}.
 */
@Export
@Version("1.0.0")
package dev.nexo.api.broker;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
