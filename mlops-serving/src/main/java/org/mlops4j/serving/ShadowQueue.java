package org.mlops4j.serving;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.mlops4j.core.PredictionEvent;

/**
 * The shadow's queue of calls: a bounded multi-producer, multi-consumer array queue of (event,
 * primary answer) pairs that serving threads offer to without ever waiting, and that the shadow's
 * threads take from, parking when it is empty.
 *
 * <p>The queue is Dmitry Vyukov's bounded MPMC queue ("Bounded MPMC queue", 1024cores.net): each
 * slot carries a sequence number that says whether it is free for the producer at a position or
 * holds the element for the consumer at that position, so that a producer claims a position with
 * one compare-and-set and then writes its slot, without a lock and without allocating. When the
 * slot at the next position still holds an element, the queue is full and {@link #offer} returns
 * false at once. Positions advance by one within a lap of {@code capacity} slots and jump to the
 * next multiple of a power of two at the end of a lap, so that a slot's index is a mask of its
 * position (no division on the hot path) while the queue holds exactly {@code capacity} calls.
 *
 * <p>Waking: a consumer that finds the queue empty spins briefly, then says it is parking (its
 * state, and a count of parked consumers), looks at the queue once more and parks. A producer, after
 * claiming its position, reads that count (one volatile read, nothing more while no consumer is
 * parked) and unparks one parked consumer when there is one. Both sides write before they read
 * (the consumer the count, the producer its position, each with a full fence), so at least one of
 * them sees the other: the consumer does not park with a call in the queue.
 *
 * <p>Closing: {@link #close()} refuses later offers, wakes every consumer so that it stops, and
 * discards the calls still queued, counting each in the given counter. A producer whose offer races
 * with the close discards what it finds after the close as well: no call stays queued unseen.
 *
 * <p>Thread-safe.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
final class ShadowQueue<I, O> {

    /**
     * How often an idle consumer looks at the queue before it parks, each look after a spin-wait
     * hint: enough for a call that follows at once, short enough that a shadow idle between calls
     * does not take the cores the serving threads need (each idle spell spins once).
     */
    static final int SPINS = 16;
    /** A stalled consumer's timed park, once yielding has not let the producer publish. */
    static final long STALL_PARK_NANOS = 20_000L;
    // Indices into the one array of counters, 128 bytes apart, so that producers (the tail),
    // consumers (the head) and the parked count never share a cache line or its prefetch pair.
    private static final int HEAD = 16;
    private static final int TAIL = 32;
    private static final int PARKED = 48;
    private static final int COUNTERS = 64;

    private final int capacity;
    private final long mask;
    private final AtomicLongArray sequences;
    private final PredictionEvent<I, O>[] events;
    private final Object[] answers;
    private final AtomicLongArray counters = new AtomicLongArray(COUNTERS);
    private final Consumer[] consumers;
    private final LongAdder discarded;
    private volatile boolean closed;

    /**
     * @param capacity how many calls the queue holds, at least 1
     * @param consumers how many threads take from it, at least 1
     * @param discarded counts the calls discarded by {@link #close()} (the shadow's dropped calls)
     */
    @SuppressWarnings("unchecked")
    ShadowQueue(int capacity, int consumers, LongAdder discarded) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1 but was " + capacity);
        }
        if (consumers < 1) {
            throw new IllegalArgumentException("consumers must be >= 1 but was " + consumers);
        }
        this.capacity = capacity;
        // A lap is the power of two at or above the capacity, and at least 2: with one slot per lap, a
        // slot holding the call of position p (sequence p + 1) would look free to position p + 1.
        long lap = Long.highestOneBit(capacity) == capacity ? capacity : Long.highestOneBit(capacity) * 2;
        this.mask = Math.max(2, lap) - 1;
        this.sequences = new AtomicLongArray(capacity);
        for (int i = 0; i < capacity; i++) {
            sequences.set(i, i);
        }
        this.events = (PredictionEvent<I, O>[]) new PredictionEvent<?, ?>[capacity];
        this.answers = new Object[capacity];
        this.consumers = new Consumer[consumers];
        for (int i = 0; i < consumers; i++) {
            this.consumers[i] = new Consumer();
        }
        this.discarded = discarded;
    }

    /** @return how many calls the queue holds at most */
    int capacity() {
        return capacity;
    }

    /** The position after {@code position}: the next slot of this lap, or the first of the next one. */
    long next(long position) {
        return (position & mask) == capacity - 1 ? (position | mask) + 1 : position + 1;
    }

    /**
     * Queues a call, never waiting.
     *
     * @param event the primary's event
     * @param answer the primary's answer, as handed to the strategy
     * @return true when queued; false when the queue is full or closed (the caller counts the drop)
     */
    boolean offer(PredictionEvent<I, O> event, O answer) {
        if (closed) {
            return false;
        }
        long position = counters.get(TAIL);
        int index;
        while (true) {
            index = (int) (position & mask);
            long difference = sequences.getAcquire(index) - position;
            if (difference == 0) {
                if (counters.compareAndSet(TAIL, position, next(position))) {
                    break;
                }
                position = counters.get(TAIL);
            } else if (difference < 0) {
                // The slot still holds the call of the previous lap: full.
                return false;
            } else {
                // Another producer took this position: look again.
                position = counters.get(TAIL);
            }
        }
        events[index] = event;
        answers[index] = answer;
        sequences.setRelease(index, position + 1);
        if (counters.get(PARKED) > 0) {
            wakeOne();
        }
        if (closed) {
            // close() may have discarded the queue before this call was in it.
            discardAll();
        }
        return true;
    }

    /**
     * Takes the oldest call into {@code into}, without waiting.
     *
     * @param into where the call goes
     * @return true when there was one
     */
    boolean poll(Taken<I, O> into) {
        long position = counters.get(HEAD);
        int index;
        while (true) {
            index = (int) (position & mask);
            long difference = sequences.getAcquire(index) - (position + 1);
            if (difference == 0) {
                if (counters.compareAndSet(HEAD, position, next(position))) {
                    break;
                }
                position = counters.get(HEAD);
            } else if (difference < 0) {
                return false;
            } else {
                position = counters.get(HEAD);
            }
        }
        into.event = events[index];
        @SuppressWarnings("unchecked")
        O answer = (O) answers[index];
        into.answer = answer;
        events[index] = null;
        answers[index] = null;
        // Free for the producer of this slot's position in the next lap.
        sequences.setRelease(index, position + mask + 1);
        return true;
    }

    /**
     * Takes the oldest call, waiting (spinning briefly, then parked) until there is one or the queue
     * is closed. Consumer {@code c} must be taken by one thread only.
     *
     * @param c the consumer's number, in [0, consumers)
     * @param into where the call goes
     * @return true with a call in {@code into}; false once the queue is closed
     */
    boolean take(int c, Taken<I, O> into) {
        Consumer me = consumers[c];
        me.thread = Thread.currentThread();
        int stalls = 0;
        while (true) {
            if (closed) {
                return false;
            }
            if (poll(into)) {
                return true;
            }
            if (spinUntilNotEmpty()) {
                // Not empty, yet nothing taken: a producer claimed a position and has not written it
                // (descheduled between the two), or another consumer took it. Back off rather than
                // burn a core the serving threads need until that producer runs again.
                stallBackoff(++stalls);
                continue;
            }
            stalls = 0;
            me.state = Consumer.PARKING;
            counters.incrementAndGet(PARKED);
            // Written the count, now read the positions: a producer that claimed a position before
            // our count was visible is seen here; one after it sees the count and wakes us.
            if (!empty() || closed) {
                if (Consumer.STATE.compareAndSet(me, Consumer.PARKING, Consumer.RUNNING)) {
                    counters.decrementAndGet(PARKED);
                }
                continue;
            }
            while (me.state == Consumer.PARKING && !closed) {
                LockSupport.park(this);
            }
            if (Consumer.STATE.compareAndSet(me, Consumer.PARKING, Consumer.RUNNING)) {
                // Closed while parked: nobody claimed our wake-up.
                counters.decrementAndGet(PARKED);
            }
        }
    }

    /**
     * The pause after the {@code stalls}-th look in a row at a claimed but unwritten position: none
     * for the first {@link #SPINS}, then a yield, then from {@code 4 * SPINS} a timed park of
     * {@link #STALL_PARK_NANOS} (not counted as parked, so no producer has to wake it).
     */
    static void stallBackoff(int stalls) {
        if (stalls <= SPINS) {
            return;
        }
        if (stalls <= 4 * SPINS) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(STALL_PARK_NANOS);
        }
    }

    private boolean spinUntilNotEmpty() {
        for (int i = 0; i < SPINS; i++) {
            Thread.onSpinWait();
            if (!empty() || closed) {
                return true;
            }
        }
        return false;
    }

    /** @return true when no position has been claimed past the consumers' (an element may still be being written) */
    boolean empty() {
        return counters.get(TAIL) == counters.get(HEAD);
    }

    /** Unparks one parked consumer, if one is still parked. */
    private void wakeOne() {
        for (Consumer c : consumers) {
            if (c.state == Consumer.PARKING && Consumer.STATE.compareAndSet(c, Consumer.PARKING, Consumer.RUNNING)) {
                counters.decrementAndGet(PARKED);
                LockSupport.unpark(c.thread);
                return;
            }
        }
    }

    /** @return how many consumers are parked now (for tests) */
    long parked() {
        return counters.get(PARKED);
    }

    /** @return how many calls are queued now; exact only while nobody offers or takes */
    int size() {
        long head = counters.get(HEAD);
        long tail = counters.get(TAIL);
        long lap = mask + 1;
        // Positions are lap * k + index with index < capacity.
        return (int) ((tail / lap - head / lap) * capacity + (tail % lap) - (head % lap));
    }

    /**
     * Refuses later offers, wakes every consumer so that it stops, and discards the queued calls,
     * counting them.
     *
     * @return how many queued calls this call discarded
     */
    int close() {
        closed = true;
        for (Consumer c : consumers) {
            Thread t = c.thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
        // Until no position is claimed past the consumers': a producer that claimed one before the
        // close may not have written its slot yet (it does so without waiting, within nanoseconds),
        // and may have read "open" just before. Producers that claim one later see the close and
        // discard their call themselves.
        Taken<I, O> gone = new Taken<>();
        int n = 0;
        int idle = 0;
        while (!empty()) {
            if (poll(gone)) {
                n++;
            } else if (++idle % SPINS == 0) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
        gone.clear();
        discarded.add(n);
        return n;
    }

    /** @return true once {@link #close()} was called */
    boolean closed() {
        return closed;
    }

    /** Discards what is queued now, counting it: a producer's own clean-up after a close it raced with. */
    private void discardAll() {
        Taken<I, O> gone = new Taken<>();
        int n = 0;
        while (poll(gone)) {
            n++;
        }
        gone.clear();
        discarded.add(n);
    }

    /** A call taken from the queue: the primary's event and answer. */
    static final class Taken<I, O> {
        PredictionEvent<I, O> event;
        O answer;

        /** Lets go of the call, so that a thread waiting for the next one does not keep its input alive. */
        void clear() {
            event = null;
            answer = null;
        }
    }

    /** A consumer's parking state; its thread is set by its first {@link #take}. */
    private static final class Consumer {
        static final int RUNNING = 0;
        static final int PARKING = 1;
        static final AtomicIntegerFieldUpdater<Consumer> STATE =
                AtomicIntegerFieldUpdater.newUpdater(Consumer.class, "state");
        volatile int state;
        volatile Thread thread;
    }
}
