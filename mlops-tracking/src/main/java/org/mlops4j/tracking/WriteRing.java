package org.mlops4j.tracking;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The bounded queue of an {@link AsyncTracker}: many threads offer, one writer takes. An offer is
 * a compare-and-set on the tail and one store into the array: it takes no lock, so a writer thread
 * that the scheduler stops in the middle of taking (a loaded machine, a store that keeps it busy)
 * never holds up a logging thread, and it wakes the writer only when the writer has gone to sleep
 * after a long idle spell.
 *
 * <p>Closing is part of the tail: {@link #close()} sets a bit in it, after which every offer is
 * refused, so that a write is either accepted before the close, and then taken by the writer
 * before it stops, or refused; none is left behind. A full queue refuses an offer; a caller that
 * waits for space registers itself and is woken by the writer when it takes, so that waiting costs
 * the writer nothing while nobody waits.
 *
 * <p>After Vyukov's bounded queue and JCTools' {@code MpscArrayQueue}: the slot of position
 * {@code p} is {@code p mod 2^k}; a producer claims a position below {@code head + capacity}, then
 * publishes its element into the slot; the writer takes slots in order, each only once published.
 * As there, what the producers write (the tail, their cached bound) and what the writer writes
 * (the head) sit on cache lines of their own ({@link WriteRingFields}): on one line, every head the
 * writer moved would cost the next offer's compare-and-set a transfer of the line between cores.
 */
final class WriteRing extends WriteRingFields.HeadPad {

    /** {@link #offer}'s result: queued. */
    static final int OK = 0;
    /** {@link #offer}'s result: no space. */
    static final int FULL = 1;
    /** {@link #offer}'s result: the ring is closed. */
    static final int CLOSED = 2;

    private static final long CLOSED_BIT = 1L << 62;

    private final AtomicReferenceArray<QueuedWrite> slots;
    private final int mask;
    private final int capacity;
    /** Callers waiting for space, woken when the writer takes. */
    private final ConcurrentLinkedQueue<Thread> waiting = new ConcurrentLinkedQueue<>();

    WriteRing(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive but was " + capacity);
        }
        this.capacity = capacity;
        int size = Integer.highestOneBit(Math.min(capacity, 1 << 30));
        size = size < capacity ? size << 1 : size;
        this.slots = new AtomicReferenceArray<>(size);
        this.mask = size - 1;
        this.producerLimit = capacity;
    }

    /**
     * Queues a write without waiting.
     *
     * @param write the write
     * @return {@link #OK}, {@link #FULL} or {@link #CLOSED}
     */
    int offer(QueuedWrite write) {
        while (true) {
            long t = tail;
            if ((t & CLOSED_BIT) != 0) {
                return CLOSED;
            }
            if (t >= producerLimit) {
                long limit = head + capacity;
                if (t >= limit) {
                    return FULL;
                }
                producerLimit = limit;
            }
            if (casTail(t, t + 1)) {
                // A release store, as JCTools publishes: a volatile one would hold this thread until
                // the slot's line, last cleared by the writer, came back from the writer's core. The
                // claim above is the volatile write ordered before the read of sleepingWriter below,
                // which the writer mirrors (it publishes itself, then reads the tail), so one of them
                // sees the other; a writer that sees the claim before the element waits for it.
                slots.lazySet((int) t & mask, write);
                Thread writer = sleepingWriter;
                if (writer != null) {
                    LockSupport.unpark(writer);
                }
                return OK;
            }
        }
    }

    /**
     * Queues a write, waiting for space until a deadline.
     *
     * @param write the write
     * @param timeoutNanos the longest wait; {@link Long#MAX_VALUE} waits without limit
     * @return {@link #OK}, {@link #FULL} when the time ran out or the thread was interrupted (its
     *     interrupt status is then set), or {@link #CLOSED}
     */
    int offer(QueuedWrite write, long timeoutNanos) {
        int result = offer(write);
        if (result != FULL || timeoutNanos <= 0) {
            return result;
        }
        boolean forever = timeoutNanos == Long.MAX_VALUE;
        long deadline = System.nanoTime() + timeoutNanos;
        Thread me = Thread.currentThread();
        waiting.add(me);
        try {
            while (true) {
                // Registered before this look: a take after it wakes this thread.
                result = offer(write);
                if (result != FULL) {
                    return result;
                }
                if (Thread.interrupted()) {
                    me.interrupt();
                    return FULL;
                }
                if (forever) {
                    LockSupport.park(this);
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return FULL;
                    }
                    LockSupport.parkNanos(this, left);
                }
            }
        } finally {
            waiting.remove(me);
        }
    }

    /**
     * Moves queued writes into a list, in order; called by the writer only.
     *
     * @param into where they go
     * @param max the most to move
     * @return how many were moved
     */
    int drainTo(List<QueuedWrite> into, int max) {
        long h = head;
        int n = 0;
        while (n < max) {
            int slot = (int) h & mask;
            QueuedWrite write = slots.get(slot);
            if (write == null) {
                // Empty, or claimed and not yet published: its producer is about to publish it.
                break;
            }
            slots.lazySet(slot, null);
            into.add(write);
            h++;
            n++;
        }
        if (n > 0) {
            head = h;
            if (!waiting.isEmpty()) {
                for (Thread t : waiting) {
                    LockSupport.unpark(t);
                }
            }
        }
        return n;
    }

    /** @return how many positions have been claimed: every write ever accepted, barriers included */
    long claimed() {
        return tail & ~CLOSED_BIT;
    }

    /** @return whether nothing is queued, not even a write claimed and not yet published */
    boolean isEmpty() {
        return (tail & ~CLOSED_BIT) == head;
    }

    /**
     * @return whether the ring is closed and every write accepted before has been taken: the
     *     writer's signal to stop (one read of the tail, so that no write slips in between)
     */
    boolean closedAndDrained() {
        long t = tail;
        return (t & CLOSED_BIT) != 0 && (t & ~CLOSED_BIT) == head;
    }

    /** @return whether {@link #close()} has been called */
    boolean isClosed() {
        return (tail & CLOSED_BIT) != 0;
    }

    /** Refuses every later offer; writes already accepted stay to be taken. Idempotent. */
    void close() {
        long t;
        do {
            t = tail;
        } while ((t & CLOSED_BIT) == 0 && !casTail(t, t | CLOSED_BIT));
        for (Thread waiter : waiting) {
            LockSupport.unpark(waiter);
        }
        wakeWriter();
    }

    /**
     * Puts the writer to sleep until an offer, a close, or {@link #wakeWriter()}, unless something
     * is queued or the ring is closed; called by the writer only.
     *
     * @param maxNanos the longest sleep
     */
    void sleepWriter(long maxNanos) {
        sleepingWriter = Thread.currentThread();
        try {
            // Published before this look: an offer after it sees the sleeper and wakes it.
            if (isEmpty() && !isClosed()) {
                LockSupport.parkNanos(this, maxNanos);
            }
        } finally {
            sleepingWriter = null;
        }
    }

    /** Wakes the writer if it sleeps in {@link #sleepWriter}. */
    void wakeWriter() {
        Thread writer = sleepingWriter;
        if (writer != null) {
            LockSupport.unpark(writer);
        }
    }
}
