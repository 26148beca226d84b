package org.mlops4j.monitoring.log;

import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded queue drained by one daemon writer thread, shared by the JSON-lines writers of this
 * package ({@link JsonLinesPredictionLog}, {@link JsonLinesCapture}). Callers {@link #offer} items
 * without waiting: a full queue, or a closed one, drops the item and counts it, with a WARN line at
 * the 1st, 2nd, 4th, 8th, ... such drop (so a writer that cannot keep up is heard of, not only
 * counted, without a line per event). The writer hands
 * each item to a handler, runs the flush hook whenever it has emptied the queue and on
 * {@link #flush()}, and runs the seal hook once when it ends. The handler and hooks run only on the
 * writer thread and must handle their own I/O failures.
 *
 * <p>The writer starts in the constructor, so the owner creates this queue last, once everything
 * the handler and hooks read is set.
 *
 * @param <T> the items written
 */
final class SingleWriterQueue<T> {

    /** Asks the writer to run the flush hook and count the latch down. */
    private record Flush(CountDownLatch done) {
    }

    /** Asks the writer to run the seal hook and end. */
    private record Stop() {
    }

    private static final Logger LOG = LoggerFactory.getLogger(SingleWriterQueue.class);

    private final String name;
    private final int capacity;
    private final AtomicLong refused = new AtomicLong();
    private final BlockingQueue<Object> queue;
    private final Consumer<T> handler;
    private final Runnable flushHook;
    private final Runnable sealHook;
    private final LongAdder dropped;
    private final Thread writer;
    private volatile boolean closed;

    /**
     * Starts the writer thread.
     *
     * @param name what the owner is and where, for messages ({@code "prediction log in /logs"})
     * @param threadName the writer thread's name
     * @param capacity how many items may wait
     * @param dropped the owner's counter of items not written, incremented for each one dropped here
     * @param handler writes one item
     * @param flushHook flushes what was written
     * @param sealHook closes what was written, once, when the writer ends
     */
    SingleWriterQueue(String name, String threadName, int capacity, LongAdder dropped, Consumer<T> handler,
            Runnable flushHook, Runnable sealHook) {
        this.name = Objects.requireNonNull(name, "name");
        // Items are offered (dropped when full); control items from flush() and close() are put,
        // waiting for the writer to make room.
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.capacity = capacity;
        this.dropped = Objects.requireNonNull(dropped, "dropped");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.flushHook = Objects.requireNonNull(flushHook, "flushHook");
        this.sealHook = Objects.requireNonNull(sealHook, "sealHook");
        this.writer = new Thread(this::run, Objects.requireNonNull(threadName, "threadName"));
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Queues an item for the writer, or drops and counts it when the queue is full or closed.
     *
     * @param item the item
     */
    void offer(T item) {
        if (closed || !queue.offer(item)) {
            dropped.increment();
            long n = refused.incrementAndGet();
            if ((n & (n - 1)) == 0) {
                LOG.warn("{}: {} item(s) dropped so far, the writer's queue of {} being full or the writer closed; "
                        + "raise the queue capacity or sample less", name, n, capacity);
            }
        }
    }

    @SuppressWarnings("unchecked")   // only offer(T) puts anything but the private control items
    private void run() {
        try {
            while (true) {
                Object item = queue.take();
                if (item instanceof Flush f) {
                    flushHook.run();
                    f.done().countDown();
                } else if (item instanceof Stop) {
                    break;
                } else {
                    handler.accept((T) item);
                    if (queue.isEmpty()) {
                        flushHook.run();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            sealHook.run();
        }
    }

    /**
     * Waits until the writer has written and flushed everything queued before this call, or has
     * ended.
     *
     * @throws IllegalStateException when closed
     */
    void flush() {
        if (closed) {
            throw new IllegalStateException(name + " is closed");
        }
        CountDownLatch done = new CountDownLatch(1);
        try {
            queue.put(new Flush(done));
            // Stop waiting if close() or a fatal error ended the writer before it reached the item.
            while (!done.await(100, TimeUnit.MILLISECONDS) && writer.isAlive()) {
                // Keep waiting: the writer is still working through earlier items.
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops taking items, lets the writer finish what is queued and seal, and waits for it; idempotent. */
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            queue.put(new Stop());
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Items that raced past the closed check after the stop item are dropped, not lost silently.
        for (Object item : queue) {
            if (item instanceof Flush f) {
                f.done().countDown();
            } else if (!(item instanceof Stop)) {
                dropped.increment();
            }
        }
        queue.clear();
    }
}
