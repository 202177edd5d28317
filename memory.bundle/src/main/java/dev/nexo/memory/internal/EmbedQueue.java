package dev.nexo.memory.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded queue between a stored memory and its vector: {@link #offer} never blocks the
 * message path; a full queue drops the job (the memory stays keyword-searchable and the backlog
 * sweep embeds it later). One worker thread takes jobs in batches and hands them on.
 */
final class EmbedQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbedQueue.class);

    /** One memory waiting for its vector. */
    record Job(long seq, String text) {
    }

    private final BlockingQueue<Job> queue;
    private final int batchSize;
    private final Consumer<List<Job>> worker;
    private final Runnable idle;
    private final Thread thread;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean running = true;

    /**
     * @param capacity most jobs waiting
     * @param batchSize most jobs per batch
     * @param worker embeds and stores one batch (runs on the queue's thread)
     * @param idle called when the queue has been empty for a while (the backlog sweep)
     */
    EmbedQueue(int capacity, int batchSize, Consumer<List<Job>> worker, Runnable idle) {
        this.queue = new ArrayBlockingQueue<>(Math.max(1, capacity));
        this.batchSize = Math.max(1, batchSize);
        this.worker = worker;
        this.idle = idle;
        this.thread = new Thread(this::run, "nexo-memory-embed");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** @return whether the job was queued; false when full (counted as dropped) */
    boolean offer(Job job) {
        if (queue.offer(job)) {
            return true;
        }
        dropped.incrementAndGet();
        return false;
    }

    int pending() {
        return queue.size();
    }

    int remainingCapacity() {
        return queue.remainingCapacity();
    }

    long dropped() {
        return dropped.get();
    }

    private void run() {
        while (running) {
            try {
                Job first = queue.poll(5, TimeUnit.SECONDS);
                if (first == null) {
                    idle.run();
                    continue;
                }
                List<Job> batch = new ArrayList<>(batchSize);
                batch.add(first);
                queue.drainTo(batch, batchSize - 1);
                worker.accept(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("memory embedding batch failed: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
