package org.mlops4j.tracking;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded queue of an {@link AsyncTracker} and the life of its writer thread: offers under the
 * queue-full policy, flush barriers, and a close that loses no accepted write. The queue is a
 * {@link WriteRing}: a logging call takes no lock and does not wake the writer while it is busy, so
 * that a writer the scheduler has stopped, or a store that keeps it busy, does not hold the caller
 * up. Thread-safe.
 */
final class WriteQueue {

    /** A wait with no limit, in nanoseconds. */
    static final long FOREVER_NANOS = Long.MAX_VALUE;

    private static final Logger LOG = LoggerFactory.getLogger(AsyncTracker.class);

    private final Tracker delegate;
    private final AsyncTrackerConfig config;
    private final WriteRing ring;
    private final BatchWriter writer;
    private final Thread writerThread;
    /**
     * The entries accepted are counted from the ring's claimed positions, one per write, without an
     * atomic operation of their own on the logging call: a second locked instruction per call there
     * cost the caller's 99th percentile about 100 ns whenever the writer's core held a line it
     * waited for. To the positions, these add each batch's entries beyond its first (before its
     * offer, taken back if refused) and take away the flush barriers, which hold none (after their
     * offer: an accepted barrier is counted for a moment, never an entry written before it is).
     */
    private final LongAdder extraEntries = new LongAdder();
    private final LongAdder barriers = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean dropLogged = new AtomicBoolean();
    private final CountDownLatch terminated = new CountDownLatch(1);

    WriteQueue(Tracker delegate, AsyncTrackerConfig config, BatchWriter.Pause pause) {
        this.delegate = delegate;
        this.config = config;
        this.ring = new WriteRing(config.queueCapacity());
        this.writer = new BatchWriter(ring, delegate, config, pause);
        this.writerThread = new Thread(writer, "mlops-async-tracker");
        writerThread.setDaemon(true);
        writerThread.start();
    }

    /** @return the duration in nanoseconds, saturated at about 292 years rather than overflowing */
    static long nanos(Duration d) {
        return d.compareTo(Duration.ofNanos(FOREVER_NANOS)) >= 0 ? FOREVER_NANOS : d.toNanos();
    }

    AsyncTracker.Stats stats() {
        // Written and failed are read first: they never count an entry before enqueued does. The
        // barriers are read before the positions: a barrier counted here was claimed before, so
        // the positions read next include it.
        long written = writer.written.sum();
        long failed = writer.failed.sum();
        long flushes = barriers.sum();
        long extra = extraEntries.sum();
        long enqueued = ring.claimed() + extra - flushes;
        return new AsyncTracker.Stats(enqueued, written, dropped.sum(), failed, writer.retried.sum());
    }

    /**
     * Queues a write; when the queue is full, waits for space by the policy and drops the write if
     * none frees in time.
     *
     * @param write the write
     * @param entries how many entries it holds
     * @throws IllegalStateException if the queue is closed
     */
    void add(QueuedWrite write, int entries) {
        // A write's first entry is counted by the position it claims; a batch's others before the
        // offer, so that stats never show more written than enqueued.
        if (entries != 1) {
            extraEntries.add(entries - 1L);
        }
        int result = ring.offer(write);
        if (result == WriteRing.FULL) {
            result = waitForSpace(write);
        }
        if (result == WriteRing.OK) {
            return;
        }
        if (entries != 1) {
            extraEntries.add(1L - entries);
        }
        if (result == WriteRing.CLOSED) {
            throw closedError();
        }
        dropped.add(entries);
        if (dropLogged.compareAndSet(false, true)) {
            LOG.warn("async tracker queue of {} writes is full (the store is behind, locked or down): dropping"
                    + " writes after waiting {} for space, counted in stats().dropped()", config.queueCapacity(),
                    config.queueFullWait());
        }
    }

    /** @return the ring's answer after a wait: without limit under BLOCK, at most queueFullWait under DROP */
    private int waitForSpace(QueuedWrite write) {
        if (config.queueFullPolicy() == QueueFullPolicy.BLOCK) {
            return ring.offer(write, FOREVER_NANOS);
        }
        long wait = nanos(config.queueFullWait());
        return wait > 0 ? ring.offer(write, wait) : WriteRing.FULL;
    }

    /** @throws IllegalStateException if the queue is closed */
    void requireOpen() {
        if (ring.isClosed()) {
            throw closedError();
        }
    }

    private static IllegalStateException closedError() {
        return new IllegalStateException("the async tracker is closed: it accepts no more metrics, params or tags");
    }

    /**
     * Waits until every write queued before the call is written or given up on.
     *
     * @param timeoutNanos the longest wait
     * @return false on timeout or interrupt
     */
    boolean flush(long timeoutNanos) {
        requireNotWriter("flush()");
        long start = System.nanoTime();
        try {
            QueuedWrite.Barrier barrier = new QueuedWrite.Barrier();
            // A barrier is never dropped, whatever the policy: it waits for space like any caller.
            int result = ring.offer(barrier, timeoutNanos);
            long left = timeoutNanos == FOREVER_NANOS ? FOREVER_NANOS : timeoutNanos - (System.nanoTime() - start);
            if (result == WriteRing.CLOSED) {
                // Closed: everything accepted is written before the writer stops.
                return terminated.await(left, TimeUnit.NANOSECONDS);
            }
            if (result != WriteRing.OK) {
                return false;
            }
            barriers.increment();
            // The writer may be napping between looks at the queue: a flush should not wait out the nap.
            LockSupport.unpark(writerThread);
            return barrier.await(left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void requireNotWriter(String operation) {
        if (Thread.currentThread() == writerThread) {
            throw new IllegalStateException(operation + " cannot be called from the failure listener:"
                    + " the writer thread would wait for itself");
        }
    }

    /** Refuses later writes, lets the writer write everything accepted, closes the delegate; a second call waits for the first. */
    void close() {
        requireNotWriter("close()");
        boolean interrupted = false;
        if (!closed.compareAndSet(false, true)) {
            while (true) {
                try {
                    terminated.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } else {
            try {
                ring.close();
                LockSupport.unpark(writerThread);
                interrupted = joinWriter();
                long lost = dropped.sum();
                if (lost > 0) {
                    LOG.warn("async tracker dropped {} entries because its queue was full", lost);
                }
            } finally {
                try {
                    delegate.close();
                } finally {
                    terminated.countDown();
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return whether the closing thread was interrupted while it waited */
    private boolean joinWriter() {
        boolean interrupted = false;
        while (true) {
            try {
                writerThread.join();
                return interrupted;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
    }
}
