package dev.nexo.broker.internal;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A broker batch and a baseline batch inside every benchmark invocation, taking turns at going
 * first, with the time each side took and the events it moved as JMH counters: both sides meet the
 * same machine moment for moment, so a noisy neighbour cannot favour the side that happened to run
 * in a quieter second. {@link BrokerBench} prints both rates and their ratio.
 */
@AuxCounters(AuxCounters.Type.EVENTS)
@State(Scope.Thread)
public class Alternation {
    public long brokerNanos;
    public long brokerEvents;
    public long rawNanos;
    public long rawEvents;
    private boolean brokerFirst;

    /** One side's batch. */
    @FunctionalInterface
    interface Batch {
        void run() throws Exception;
    }

    @Setup(Level.Iteration)
    public void reset() {
        brokerNanos = 0;
        brokerEvents = 0;
        rawNanos = 0;
        rawEvents = 0;
    }

    /** Runs both batches of {@code events} events, the other one first than last time. */
    void run(int events, Batch broker, Batch raw) throws Exception {
        brokerFirst = !brokerFirst;
        for (int side = 0; side < 2; side++) {
            boolean viaBroker = (side == 0) == brokerFirst;
            long t0 = System.nanoTime();
            if (viaBroker) {
                broker.run();
                brokerNanos += System.nanoTime() - t0;
                brokerEvents += events;
            } else {
                raw.run();
                rawNanos += System.nanoTime() - t0;
                rawEvents += events;
            }
        }
    }
}
