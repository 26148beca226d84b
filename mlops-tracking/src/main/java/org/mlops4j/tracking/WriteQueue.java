package org.mlops4j.tracking;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded queue of an {@link AsyncTracker} and the life of its writer thread: offers under the
 * queue-full policy, flush barriers, and a close that loses no accepted write. Thread-safe.
 */
final class WriteQueue {

    /** A wait with no limit, in nanoseconds. */
    static final long FOREVER_NANOS = Long.MAX_VALUE;

    private static final Logger LOG = LoggerFactory.getLogger(AsyncTracker.class);

    private final Tracker delegate;
    private final AsyncTrackerConfig config;
    private final BlockingQueue<QueuedWrite> queue;
    private final BatchWriter writer;
    private final Thread writerThread;
    private final LongAdder enqueued = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean dropLogged = new AtomicBoolean();
    private final CountDownLatch terminated = new CountDownLatch(1);

    WriteQueue(Tracker delegate, AsyncTrackerConfig config, BatchWriter.Pause pause) {
        this.delegate = delegate;
        this.config = config;
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
        this.writer = new BatchWriter(queue, delegate, config, pause);
        this.writerThread = new Thread(writer, "mlops-async-tracker");
        writerThread.setDaemon(true);
        writerThread.start();
    }

    /** @return the duration in nanoseconds, saturated at about 292 years rather than overflowing */
    static long nanos(Duration d) {
        return d.compareTo(Duration.ofNanos(FOREVER_NANOS)) >= 0 ? FOREVER_NANOS : d.toNanos();
    }

    AsyncTracker.Stats stats() {
        // Written and failed are read first: they never count an entry before enqueued does.
        long written = writer.written.sum();
        long failed = writer.failed.sum();
        return new AsyncTracker.Stats(enqueued.sum(), written, dropped.sum(), failed, writer.retried.sum());
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
        requireOpen();
        // Counted before the offer, so that stats never show more written than enqueued.
        enqueued.add(entries);
        if (!queue.offer(write) && !waitForSpace(write)) {
            enqueued.add(-entries);
            dropped.add(entries);
            if (dropLogged.compareAndSet(false, true)) {
                LOG.warn("async tracker queue of {} writes is full (the store is behind, locked or down): dropping"
                        + " writes after waiting {} for space, counted in stats().dropped()", config.queueCapacity(),
                        config.queueFullWait());
            }
            return;
        }
        // A write that raced with close() may sit behind the writer's stopping barrier, where close()
        // may already have looked: take it back if it is still there. Records compare by value, and two
        // equal writes are interchangeable, so taking back either is right.
        if (closed.get() && queue.remove(write)) {
            enqueued.add(-entries);
            throw closedError();
        }
    }

    /** @return true if the write was queued after a wait: without limit under BLOCK, at most queueFullWait under DROP */
    private boolean waitForSpace(QueuedWrite write) {
        try {
            if (config.queueFullPolicy() == QueueFullPolicy.BLOCK) {
                queue.put(write);
                return true;
            }
            long wait = nanos(config.queueFullWait());
            return wait > 0 && queue.offer(write, wait, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** @throws IllegalStateException if the queue is closed */
    void requireOpen() {
        if (closed.get()) {
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
            if (closed.get()) {
                return terminated.await(timeoutNanos, TimeUnit.NANOSECONDS);
            }
            QueuedWrite.Barrier barrier = new QueuedWrite.Barrier(false);
            // A barrier is never dropped, whatever the policy: it waits for space like any caller.
            if (!queue.offer(barrier, timeoutNanos, TimeUnit.NANOSECONDS)) {
                return false;
            }
            // The writer may be pausing between looks at the queue: a flush should not wait out the pause.
            LockSupport.unpark(writerThread);
            long left = timeoutNanos - (System.nanoTime() - start);
            if (closed.get() && queue.remove(barrier)) {
                return terminated.await(left, TimeUnit.NANOSECONDS);
            }
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

    /** Drains, stops the writer, closes the delegate; a second call waits for the first. */
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
                interrupted = stopWriter();
                // Writes that raced with close() may have landed behind the stopping barrier; the writer
                // has stopped, so this thread writes them.
                List<QueuedWrite> rest = new ArrayList<>();
                queue.drainTo(rest);
                writer.process(rest);
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
    private boolean stopWriter() {
        boolean interrupted = false;
        QueuedWrite.Barrier stop = new QueuedWrite.Barrier(true);
        while (true) {
            try {
                queue.put(stop);
                LockSupport.unpark(writerThread);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
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
