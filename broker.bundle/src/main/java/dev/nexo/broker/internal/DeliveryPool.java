package dev.nexo.broker.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broker's shared delivery threads. A {@link Mailbox} with events is scheduled here once
 * (not once per event) and run by one worker at a time, so each subscription still sees its events
 * one by one in order, while a publish to 50 subscriptions costs 50 queue offers instead of waking
 * 50 parked threads.
 *
 * <p>A handler that blocks must not starve the others: a watchdog looks at the workers every
 * {@value #WATCH_MILLIS} ms, and a worker that has made no progress (started no event) for longer
 * than {@value #STUCK_MILLIS} ms inside a mailbox's run is <em>retired</em> and replaced by a fresh
 * worker. The retired thread stays with the slow handler (a dedicated thread only where one is
 * needed) and ends once the handler returns; the mailbox's later events go back to the pool.
 *
 * <p>A run keeps its worker while the mailbox has events and no other mailbox waits, so a busy
 * subscription stays on one core. The run queue is lock-free, and a publisher wakes a parked
 * worker only when every awake worker is inside a run (none is about to look at the queue):
 * usually scheduling a mailbox is one queue insertion and no system call. The watchdog also wakes
 * a worker if work waits while one is parked, as a safety net.
 */
final class DeliveryPool {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryPool.class);
    static final long STUCK_MILLIS = 100;
    static final long WATCH_MILLIS = 50;

    private static final java.lang.invoke.VarHandle PROGRESS;

    static {
        try {
            PROGRESS = java.lang.invoke.MethodHandles.lookup().findVarHandle(Worker.class, "progress", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final int size;
    /** Polls of an empty run queue a worker makes before it parks. */
    private static final int SPINS = 64;

    private final ConcurrentLinkedQueue<Mailbox> runQueue = new ConcurrentLinkedQueue<>();
    /** Workers announced idle (parked or about to park), and the parked ones to wake. */
    private final AtomicInteger idle = new AtomicInteger();
    private final ConcurrentLinkedQueue<Worker> parked = new ConcurrentLinkedQueue<>();
    /** Workers (retired ones included) inside a mailbox run. */
    private final AtomicInteger inRun = new AtomicInteger();
    private final List<Worker> workers = new CopyOnWriteArrayList<>();
    private final List<Worker> retired = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final Thread watchdog;
    private volatile boolean running = true;

    DeliveryPool(String name, int size) {
        this.name = name;
        this.size = size;
        this.watchdog = new Thread(this::watch, name + "-watchdog");
        watchdog.setDaemon(true);
    }

    /** @return a pool sized for this machine: the CPU count, at least 2 */
    static DeliveryPool forMachine(String name) {
        return new DeliveryPool(name, Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    DeliveryPool start() {
        for (int i = 0; i < size; i++) {
            addWorker();
        }
        watchdog.start();
        return this;
    }

    /** Queues a mailbox to be run; the caller has just marked it scheduled. */
    void execute(Mailbox m) {
        runQueue.offer(m);
        int i = idle.get();
        if (i > 0 && inRun.get() >= workers.size() - i) {
            wakeOne();
        }
    }

    private void wakeOne() {
        Worker w = parked.poll();
        if (w != null) {
            LockSupport.unpark(w.thread);
        }
    }

    private void addWorker() {
        Worker w = new Worker(name + "-" + ids.incrementAndGet());
        workers.add(w);
        w.thread.start();
    }

    private void watch() {
        while (running) {
            try {
                Thread.sleep(WATCH_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Worker w : workers) {
                Mailbox m = w.current;
                long p = (long) PROGRESS.getOpaque(w);
                if (m == null || p != w.seenProgress) {
                    w.seenProgress = p; // a new event (or run) since the last look: not stuck
                    w.seenAt = now;
                    continue;
                }
                if (now - w.seenAt > TimeUnit.MILLISECONDS.toNanos(STUCK_MILLIS) && running) {
                    w.retired = true;
                    workers.remove(w);
                    retired.add(w);
                    addWorker();
                    LOG.debug("a handler on '{}' has held a delivery thread for over {} ms: it keeps it, the pool "
                            + "gets a new one", m.describe(), STUCK_MILLIS);
                }
            }
            retired.removeIf(w -> !w.thread.isAlive());
            if (!runQueue.isEmpty() && idle.get() > 0) {
                wakeOne();
            }
        }
    }

    /** @return the delivery threads alive now (workers, retired ones still in a handler, the watchdog) */
    int liveThreads() {
        int n = watchdog.isAlive() ? 1 : 0;
        for (Worker w : workers) {
            n += w.thread.isAlive() ? 1 : 0;
        }
        for (Worker w : retired) {
            n += w.thread.isAlive() ? 1 : 0;
        }
        return n;
    }

    /**
     * Stops the workers and the watchdog; threads still inside a handler are interrupted. Mailboxes
     * are drained and closed by their owner before this.
     */
    void close(Duration timeout) {
        running = false;
        watchdog.interrupt();
        List<Worker> all = new java.util.ArrayList<>(workers);
        all.addAll(retired);
        for (Worker w : all) {
            w.thread.interrupt();
            LockSupport.unpark(w.thread);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            watchdog.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            for (Worker w : all) {
                w.thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                if (w.thread.isAlive()) {
                    LOG.warn("delivery thread {} did not stop: a handler ignores interruption", w.thread.getName());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runQueue.clear();
    }

    /** One delivery thread. */
    final class Worker implements Runnable {
        final Thread thread;
        volatile Mailbox current;
        /** Whether this worker is counted in {@code inRun} (its own thread only). */
        private boolean inRunCounted;
        /**
         * Bumped (opaque, no fence) as the worker starts a run and each event in it: the watchdog
         * calls the worker stuck when it sees the same value for over {@value #STUCK_MILLIS} ms.
         */
        long progress;
        /** The watchdog's own: the progress it last saw, and when it changed. */
        long seenProgress;
        long seenAt;
        volatile boolean retired;

        Worker(String threadName) {
            this.thread = new Thread(this, threadName);
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            Mailbox m = null;
            while (running && !retired) {
                if (m == null && (m = next()) == null) {
                    continue;
                }
                progress();
                current = m;
                inRun.incrementAndGet();
                inRunCounted = true;
                boolean again = false;
                try {
                    again = m.runBatch(this);
                } catch (RuntimeException | Error e) {
                    LOG.error("delivery thread {}: {}", thread.getName(), e.toString(), e);
                } finally {
                    leavingRun();
                    current = null;
                    if (running) {
                        Thread.interrupted(); // an interrupt meant for that handler must not reach the next one
                    }
                }
                if (again && retired) {
                    execute(m); // a retired thread takes no more runs: hand the mailbox to the pool
                    again = false;
                } else if (again && !runQueue.isEmpty()) {
                    runQueue.offer(m); // behind the waiting ones; no wake-up: this worker polls next
                    again = false;
                }
                m = again ? m : null;
            }
        }

        /**
         * Stops counting this worker as inside a run: called by the mailbox as its queue runs dry,
         * before it lets go of its schedule, so that a publisher scheduling it again right then
         * does not wake a second worker while this one is about to look at the run queue.
         */
        void leavingRun() {
            if (inRunCounted) {
                inRunCounted = false;
                inRun.decrementAndGet();
            }
        }

        /** Marks progress: the worker is not stuck in a handler. */
        void progress() {
            PROGRESS.setOpaque(this, progress + 1);
        }

        /** @return whether another mailbox waits for a worker */
        boolean othersWaiting() {
            return !runQueue.isEmpty();
        }

        /** @return the next mailbox to run, or {@code null} after a park (look again) */
        private Mailbox next() {
            Mailbox m = runQueue.poll();
            for (int i = 0; m == null && i < SPINS; i++) {
                Thread.onSpinWait();
                m = runQueue.poll();
            }
            if (m != null) {
                return m;
            }
            // announce idleness first, then look once more: a publisher that queued a mailbox
            // before seeing the announcement is found by this poll, one after it unparks us
            idle.incrementAndGet();
            parked.offer(this);
            m = runQueue.poll();
            if (m == null && running) {
                LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
            }
            parked.remove(this);
            idle.decrementAndGet();
            if (running) {
                Thread.interrupted(); // a late interrupt from a closing mailbox is not for the next handler
            }
            return m;
        }
    }
}
