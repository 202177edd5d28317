package dev.nexo.broker.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * {@code dev.nexo.broker}: written by the core from {@code broker.yaml} (section {@code broker});
 * the attributes after {@code limits} are not in the YAML schema and keep their defaults unless set
 * in ConfigAdmin directly.
 */
@ObjectClassDefinition(name = "Nexo broker",
        description = "Which broker carries events (in-process or NATS), its disk queue and its delivery retries.")
@interface BrokerConfig {
    String PID = "dev.nexo.broker";

    @AttributeDefinition(description = "local: the in-process broker; nats: a NATS server at url.",
            options = {@org.osgi.service.metatype.annotations.Option(value = "local"),
                @org.osgi.service.metatype.annotations.Option(value = "nats")})
    String type() default "local";

    @AttributeDefinition(description = "NATS server URL, e.g. nats://127.0.0.1:4222; required when type is nats.")
    String url() default "";

    @AttributeDefinition(description = "Keep publishes made while NATS is unreachable in the disk queue.")
    boolean persistence_enabled() default true;

    @AttributeDefinition(description = "Directory of the disk queue and dead letters (broker.db); relative paths "
            + "are under the state root; the default means <state root>/data/broker.")
    String persistence_path() default "./data/queue";

    @AttributeDefinition(description = "fsync every disk-queue commit (true) or leave flushing to the OS (false).")
    boolean persistence_fsync() default true;

    @AttributeDefinition(description = "While NATS is unreachable: local_queue spools publishes to disk, "
            + "drop fails them.")
    String fallback_mode() default "local_queue";

    @AttributeDefinition(description = "Most messages NATS may hold for one subscription before dropping (slow consumer).")
    long limits_max__pending() default 10000;

    @AttributeDefinition(description = "Durable subjects (NATS only): a JetStream stream keeps them, and queue-group "
            + "subscriptions on them acknowledge each event after handling it, so a node that dies hands its "
            + "unacknowledged events to the other members. Needs a server with JetStream (-js).")
    String[] jetstream_subjects() default {};

    @AttributeDefinition(description = "How long a durable event may stay unacknowledged before another member gets it, ms.")
    long jetstream_ack__wait__ms() default 30000;

    @AttributeDefinition(description = "Handler calls per event before it becomes a dead letter.")
    int retry_attempts() default 3;

    @AttributeDefinition(description = "First delay between handler retries in milliseconds; doubles, at most 2 s.")
    long retry_backoff__ms() default 100;

    @AttributeDefinition(description = "Event ids each NATS subscription remembers to drop redeliveries.")
    int dedupe_window() default 16384;

    @AttributeDefinition(description = "How long a switch or shutdown waits for queued events to reach handlers, ms.")
    long drain_timeout__ms() default 5000;
}
