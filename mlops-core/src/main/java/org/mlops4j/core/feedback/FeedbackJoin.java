package org.mlops4j.core.feedback;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.mlops4j.core.Clock;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.PredictionListener;
import org.mlops4j.core.registry.ModelRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one feedback entry of the library: remembers the most recent answered predictions, takes
 * feedback about them keyed by prediction id ({@link #record}) or by the caller's own request id
 * ({@link #recordForRequest}), joins it to its prediction, and fans it out to every
 * {@link FeedbackListener} (a monitor, a bandit strategy, retraining data).
 *
 * <pre>{@code
 * PredictionResult<Prediction<Label>> r = endpoint.serve(row, customerId, transactionId);
 * // ... weeks later, when the chargeback data arrives:
 * endpoint.feedback().recordForRequest(transactionId, GroundTruth.label("fraud"));
 * }</pre>
 *
 * <p>A {@code ModelEndpoint} owns one and feeds it its events; a service that emits events itself
 * attaches a join as a {@link PredictionListener}. Only answered predictions are remembered (a
 * failed attempt has no answer to judge), and only while the join has a listener: with none, a
 * prediction costs nothing here.
 *
 * <p><b>Bounded.</b> At most {@link FeedbackConfig#capacity()} predictions are remembered; a new
 * one evicts the oldest. From a capacity of 1,024 the memory is split into stripes chosen by a hash
 * of the prediction id (each a ring of entries with an index of its own, under its own lock), so that
 * concurrent requests rarely meet on one lock whichever threads serve them, and eviction is
 * oldest-first within a stripe: a prediction is remembered for about
 * {@code capacity} later predictions (the stripes fill unevenly by a few percent, so the oldest ones
 * may go slightly earlier). Feedback for a forgotten prediction is counted as unmatched.
 *
 * <p><b>What is kept.</b> Each prediction's ids, endpoint, variant, model and fallback flag, plus
 * the parts its listeners read ({@link FeedbackListener#reads()}, {@link PredictionField}): a bandit
 * alone makes the join keep no more, a monitor adds the output, a listener that does not say keeps
 * everything but the input. The input only with {@link FeedbackConfig#keepInputs()}.
 *
 * <p><b>Once per prediction.</b> A prediction takes one ground truth and one reward (a second is a
 * duplicate, refused and counted) and any number of user signals.
 *
 * <p>Thread-safe: each stripe has a lock of its own, held only to store or find an entry (never while
 * a listener runs).
 *
 * @param <I> the input type
 * @param <O> the output type
 */
public final class FeedbackJoin<I, O> implements PredictionListener<I, O> {

    private static final Logger LOG = LoggerFactory.getLogger(FeedbackJoin.class);
    private static final int TRUTH = 1;
    private static final int REWARD = 2;
    /** Capacities from this size on are striped. */
    static final int STRIPED_FROM = 1_024;
    private static final int OUTPUT_ONLY = 1 << PredictionField.OUTPUT.ordinal();

    /**
     * One remembered prediction, with what a join always keeps; identity equality, so only this very
     * entry is ever evicted. The subclasses add what the listeners read ({@link PredictionField}):
     * the smaller the entry, the less a join of 100,000 predictions costs in memory and cache, on
     * the serving thread. The event is made again, without its input, only when feedback arrives.
     */
    private static class Entry<I, O> {

        final String predictionId;
        /** The prediction id's hash, which picks the stripe and the index cell. */
        final int hash;
        final String requestId;
        final String endpoint;
        final String variant;
        final ModelRef model;
        final boolean fallback;
        /** The kinds of feedback it had; guarded by its stripe's lock. */
        int flags;
        /** Its place in its stripe's ring; set under the stripe's lock. */
        int slot;

        Entry(PredictionEvent<I, O> event) {
            this.predictionId = event.predictionId();
            this.hash = predictionId.hashCode();
            this.requestId = event.requestId().orElse(null);
            this.endpoint = event.endpoint();
            this.variant = event.variant();
            this.model = event.model();
            this.fallback = event.fallback();
        }

        /** @return the prediction as remembered: no input, and no part that no listener reads */
        PredictionEvent<I, O> event() {
            return event(null, Instant.EPOCH, null, Double.NaN, 0L);
        }

        final PredictionEvent<I, O> event(String routingKey, Instant timestamp, O output, double confidence,
                                          long latencyNanos) {
            return PredictionEvent.success(predictionId, requestId, routingKey, timestamp, endpoint, variant, model,
                    null, output, confidence, latencyNanos, fallback);
        }

        /** Marks feedback of a kind, under its stripe's lock; false when the kind takes one feedback and had it already. */
        boolean mark(int once) {
            if ((flags & once) != 0) {
                return false;
            }
            flags |= once;
            return true;
        }
    }

    /** An entry that keeps the output too: what a monitor reads. */
    private static final class OutputEntry<I, O> extends Entry<I, O> {
        final O output;

        OutputEntry(PredictionEvent<I, O> event) {
            super(event);
            this.output = event.output().orElse(null);
        }

        @Override
        PredictionEvent<I, O> event() {
            return event(null, Instant.EPOCH, output, Double.NaN, 0L);
        }
    }

    /** An entry that keeps every part but the input: what a listener that reads everything gets. */
    private static final class FullEntry<I, O> extends Entry<I, O> {
        final String routingKey;
        /** The timestamp as numbers, so that the event's {@code Instant} is not kept alive. */
        final long epochSecond;
        final int nano;
        final O output;
        final double confidence;
        final long latencyNanos;

        FullEntry(PredictionEvent<I, O> event) {
            super(event);
            this.routingKey = event.routingKey().orElse(null);
            Instant t = event.timestamp();
            this.epochSecond = t.getEpochSecond();
            this.nano = t.getNano();
            this.output = event.output().orElse(null);
            this.confidence = event.confidence().orElse(Double.NaN);
            this.latencyNanos = event.latencyNanos();
        }

        @Override
        PredictionEvent<I, O> event() {
            return event(routingKey, Instant.ofEpochSecond(epochSecond, nano), output, confidence, latencyNanos);
        }
    }

    /** An entry that keeps the whole event, input included ({@link FeedbackConfig#keepInputs()}). */
    private static final class KeptEntry<I, O> extends Entry<I, O> {
        final PredictionEvent<I, O> kept;

        KeptEntry(PredictionEvent<I, O> event) {
            super(event);
            this.kept = event;
        }

        @Override
        PredictionEvent<I, O> event() {
            return kept;
        }
    }

    /**
     * The most recent entries of one stripe: a ring in arrival order, which is the storage; beside it,
     * per slot, the entry's hash and state, so that evicting the oldest entry reads only arrays in
     * ring order and not the entry itself (entries displaced from several stripes in turn are not in
     * allocation order, and reading each would miss the cache); and an open-addressing index from the
     * prediction id's hash to ring slots (each cell the id's hash and its slot plus one, 0 when empty;
     * linear probing, deletion by backward shift, at most half full), so that no node is allocated
     * per prediction. Guarded by its own lock, which no other object can take.
     */
    private static final class Stripe<I, O> {
        /** A newer entry of the same prediction id took the slot's place in the index. */
        private static final byte SUPERSEDED = 1;
        /** The slot's entry had feedback. */
        private static final byte FEEDBACK = 2;
        /** The slot's entry has a request id, to forget in the request map. */
        private static final byte REQUEST = 4;

        private final Object lock = new Object();
        private final LongAdder evicted;
        private final Entry<I, O>[] ring;
        private final int[] hashes;
        private final byte[] states;
        private final long[] index;
        private final int mask;
        private long next;
        private int size;

        @SuppressWarnings({"unchecked", "rawtypes"})
        Stripe(int capacity, LongAdder evicted) {
            this.evicted = evicted;
            this.ring = new Entry[capacity];
            this.hashes = new int[capacity];
            this.states = new byte[capacity];
            int cells = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) * 2;
            this.index = new long[cells];
            this.mask = cells - 1;
        }

        private static long cell(int hash, int slot) {
            return ((long) hash << 32) | (slot + 1L);
        }

        private static int hashOf(long cell) {
            return (int) (cell >>> 32);
        }

        private int home(int hash) {
            int h = hash * 0x85EBCA6B;
            return (h ^ (h >>> 15)) & mask;
        }

        /**
         * Stores an entry in place of the oldest one, which is forgotten (and counted as evicted when it
         * never had feedback).
         *
         * @return the displaced entry when its request id is to be forgotten too, else null
         */
        Entry<I, O> add(Entry<I, O> entry) {
            synchronized (lock) {
                int slot = (int) (next++ % ring.length);
                Entry<I, O> displaced = null;
                if (ring[slot] != null) {
                    int hash = hashes[slot];
                    byte state = states[slot];
                    // An entry whose id a newer entry took over is no longer indexed: nothing to look up or count.
                    if ((state & SUPERSEDED) == 0) {
                        unindex(hash, cell(hash, slot));
                        if ((state & FEEDBACK) == 0) {
                            evicted.increment();
                        }
                    }
                    if ((state & REQUEST) != 0) {
                        displaced = ring[slot];
                    }
                }
                entry.slot = slot;
                ring[slot] = entry;
                hashes[slot] = entry.hash;
                states[slot] = entry.requestId != null ? REQUEST : 0;
                index(entry, cell(entry.hash, slot));
                return displaced;
            }
        }

        /** Indexes an entry; a newer entry of the same id takes the older one's place in the index. */
        private void index(Entry<I, O> entry, long value) {
            int i = home(entry.hash);
            while (true) {
                long c = index[i];
                if (c == 0) {
                    index[i] = value;
                    size++;
                    return;
                }
                if (hashOf(c) == entry.hash) {
                    int older = (int) c - 1;
                    if (ring[older].predictionId.equals(entry.predictionId)) {
                        states[older] |= SUPERSEDED;
                        index[i] = value;
                        return;
                    }
                }
                i = (i + 1) & mask;
            }
        }

        /** Removes the cell of an indexed entry, shifting back the cells after it that probed past it. */
        private void unindex(int hash, long value) {
            int i = home(hash);
            while (index[i] != value) {
                if (index[i] == 0) {
                    // Cannot happen: an entry that no newer one superseded is indexed until it leaves.
                    LOG.error("feedback join: the entry of ring slot {} was not in its index", (int) value - 1);
                    return;
                }
                i = (i + 1) & mask;
            }
            int j = i;
            while (true) {
                j = (j + 1) & mask;
                long c = index[j];
                if (c == 0) {
                    break;
                }
                int k = home(hashOf(c));
                // The cell at j may move into the hole at i unless its home lies cyclically in (i, j].
                boolean stays = i <= j ? i < k && k <= j : i < k || k <= j;
                if (!stays) {
                    index[i] = c;
                    i = j;
                }
            }
            index[i] = 0;
            size--;
        }

        Entry<I, O> find(String predictionId, int hash) {
            synchronized (lock) {
                int i = home(hash);
                while (true) {
                    long c = index[i];
                    if (c == 0) {
                        return null;
                    }
                    if (hashOf(c) == hash) {
                        Entry<I, O> e = ring[(int) c - 1];
                        if (e.predictionId.equals(predictionId)) {
                            return e;
                        }
                    }
                    i = (i + 1) & mask;
                }
            }
        }

        /**
         * Marks feedback of a kind on an entry of this stripe.
         *
         * @return false when the kind takes one feedback and the entry had it already
         */
        boolean mark(Entry<I, O> entry, int once) {
            synchronized (lock) {
                if (!entry.mark(once)) {
                    return false;
                }
                if (ring[entry.slot] == entry) {
                    states[entry.slot] |= FEEDBACK;
                }
                return true;
            }
        }

        int size() {
            synchronized (lock) {
                return size;
            }
        }
    }

    private final FeedbackConfig config;
    private final Clock clock;
    private final ConcurrentHashMap<String, Entry<I, O>> byRequest = new ConcurrentHashMap<>();
    private final Stripe<I, O>[] stripes;
    /** 32 minus log2 of the number of stripes: the top bits of a mixed hash pick the stripe. */
    private final int stripeShift;
    private final Object listenerLock = new Object();
    private volatile FeedbackListener<? super I, ? super O>[] listeners = newArray(0);
    /** The parts of a prediction the listeners read, one bit per {@link PredictionField} ordinal. */
    private volatile int reads;

    private final LongAdder joined = new LongAdder();
    private final LongAdder unmatched = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder evicted = new LongAdder();
    private final LongAdder listenerFailures = new LongAdder();
    private final LongAdder mismatches = new LongAdder();

    private FeedbackJoin(FeedbackConfig config, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        int count = config.capacity() < STRIPED_FROM ? 1
                : Math.min(64, Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors()) * 4 - 1) * 2);
        @SuppressWarnings({"unchecked", "rawtypes"})
        Stripe<I, O>[] s = new Stripe[count];
        for (int i = 0; i < count; i++) {
            // Spread the capacity exactly: the first (capacity % count) stripes take one more.
            s[i] = new Stripe<>(config.capacity() / count + (i < config.capacity() % count ? 1 : 0), evicted);
        }
        this.stripes = s;
        this.stripeShift = 32 - Integer.numberOfTrailingZeros(count);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <I, O> FeedbackListener<? super I, ? super O>[] newArray(int n) {
        return new FeedbackListener[n];
    }

    /**
     * Creates a join.
     *
     * @param config its capacity, and whether it keeps inputs
     * @param clock stamps {@link FeedbackEvent#receivedAt()}
     * @param <I> the input type
     * @param <O> the output type
     * @return the join, with no listener yet
     */
    public static <I, O> FeedbackJoin<I, O> of(FeedbackConfig config, Clock clock) {
        return new FeedbackJoin<>(config, clock);
    }

    /**
     * Creates a join with {@link FeedbackConfig#ofDefaults()} and the system clock.
     *
     * @param <I> the input type
     * @param <O> the output type
     * @return the join, with no listener yet
     */
    public static <I, O> FeedbackJoin<I, O> of() {
        return of(FeedbackConfig.ofDefaults(), Clock.system());
    }

    /** @return the configuration */
    public FeedbackConfig config() {
        return config;
    }

    /** @return true while the join has a listener, that is while it remembers predictions */
    public boolean active() {
        return listeners.length > 0;
    }

    /**
     * Remembers an answered prediction while the join has listeners; ignores failed attempts.
     *
     * @param event the prediction
     */
    @Override
    public void onPrediction(PredictionEvent<? extends I, ? extends O> event) {
        if (listeners.length == 0 || !event.succeeded()) {
            return;
        }
        @SuppressWarnings("unchecked")
        PredictionEvent<I, O> e = (PredictionEvent<I, O>) event;
        int parts = reads;
        Entry<I, O> entry = config.keepInputs() ? new KeptEntry<>(e)
                : parts == 0 ? new Entry<>(e)
                : parts == OUTPUT_ONLY ? new OutputEntry<>(e)
                : new FullEntry<>(e);
        String request = entry.requestId;
        // Into the request map first: an entry in a ring is then always removable by whoever displaces it.
        if (request != null) {
            byRequest.put(request, entry);
        }
        Entry<I, O> displaced = stripe(entry.hash).add(entry);
        if (displaced != null) {
            byRequest.remove(displaced.requestId, displaced);
        }
    }

    /**
     * Fibonacci hashing of the id's string hash: consecutive ids, which differ in their last
     * characters, spread evenly over the stripes, whichever thread served them.
     */
    private Stripe<I, O> stripe(int hash) {
        return stripes.length == 1 ? stripes[0] : stripes[(hash * 0x9E3779B9) >>> stripeShift];
    }

    /**
     * Joins feedback to a prediction by its id and delivers it to every listener.
     *
     * @param predictionId the id the endpoint gave the prediction
     * @param feedback what came back
     * @return true when joined and delivered; false, and counted, when the prediction is unknown or
     *     forgotten, or when it already had its one ground truth or reward
     * @throws NullPointerException if an argument is null
     * @throws FeedbackMismatchException when a listener cannot use this feedback with this prediction
     *     (the other listeners still received it)
     */
    public boolean record(String predictionId, Feedback feedback) {
        Objects.requireNonNull(predictionId, "predictionId");
        Objects.requireNonNull(feedback, "feedback");
        int hash = predictionId.hashCode();
        return deliver(stripe(hash).find(predictionId, hash), feedback);
    }

    /**
     * Joins feedback to a prediction by the caller's request id (given to the endpoint with the
     * request) and delivers it to every listener.
     *
     * @param requestId the caller's id of the request
     * @param feedback what came back
     * @return as {@link #record}
     * @throws NullPointerException if an argument is null
     * @throws FeedbackMismatchException as {@link #record}
     */
    public boolean recordForRequest(String requestId, Feedback feedback) {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(feedback, "feedback");
        return deliver(byRequest.get(requestId), feedback);
    }

    private boolean deliver(Entry<I, O> entry, Feedback feedback) {
        if (entry == null) {
            unmatched.increment();
            return false;
        }
        int once = feedback instanceof GroundTruth ? TRUTH : feedback instanceof Reward ? REWARD : 0;
        if (!stripe(entry.hash).mark(entry, once)) {
            duplicates.increment();
            return false;
        }
        FeedbackEvent<I, O> event = new FeedbackEvent<>(entry.event(), feedback, clock.now());
        FeedbackMismatchException mismatch = null;
        for (FeedbackListener<? super I, ? super O> l : listeners) {
            try {
                l.onFeedback(event);
            } catch (FeedbackMismatchException e) {
                mismatches.increment();
                if (mismatch == null) {
                    mismatch = e;
                } else {
                    mismatch.addSuppressed(e);
                }
            } catch (RuntimeException e) {
                listenerFailures.increment();
                long n = listenerFailures.sum();
                if (n == 1 || n % 1000 == 0) {
                    LOG.warn("feedback listener {} failed on {} ({} failures so far)", l, event, n, e);
                } else {
                    LOG.debug("feedback listener {} failed on {}", l, event, e);
                }
            }
        }
        joined.increment();
        if (mismatch != null) {
            throw mismatch;
        }
        return true;
    }

    /**
     * Adds a listener; from now on the join remembers predictions and delivers feedback to it. A
     * listener already added (an equal one) is not added again, so each feedback reaches it once:
     * {@code ModelEndpoint.addListener} subscribes a listener that also listens to feedback, and a
     * second {@code feedback().addListener} of the same object changes nothing.
     *
     * @param listener the listener
     */
    public void addListener(FeedbackListener<? super I, ? super O> listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (listenerLock) {
            for (FeedbackListener<? super I, ? super O> l : listeners) {
                if (l.equals(listener)) {
                    return;
                }
            }
            FeedbackListener<? super I, ? super O>[] next = Arrays.copyOf(listeners, listeners.length + 1);
            next[next.length - 1] = listener;
            reads = readsOf(next);
            listeners = next;
        }
    }

    /**
     * Removes a listener (the first one equal to it).
     *
     * @param listener the listener
     * @return true when it was registered
     */
    public boolean removeListener(FeedbackListener<? super I, ? super O> listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (listenerLock) {
            for (int i = 0; i < listeners.length; i++) {
                if (listeners[i].equals(listener)) {
                    FeedbackListener<? super I, ? super O>[] next = newArray(listeners.length - 1);
                    System.arraycopy(listeners, 0, next, 0, i);
                    System.arraycopy(listeners, i + 1, next, i, listeners.length - i - 1);
                    reads = readsOf(next);
                    listeners = next;
                    return true;
                }
            }
            return false;
        }
    }

    /** The union of what the listeners read, as bits; a listener's failure to say counts as reading everything. */
    private static int readsOf(FeedbackListener<?, ?>[] listeners) {
        int bits = 0;
        for (FeedbackListener<?, ?> l : listeners) {
            Set<PredictionField> parts;
            try {
                parts = Objects.requireNonNull(l.reads(), "reads()");
            } catch (RuntimeException e) {
                LOG.warn("feedback listener {} failed to say what it reads; the join keeps every part for it", l, e);
                parts = PredictionField.all();
            }
            for (PredictionField f : parts) {
                bits |= 1 << f.ordinal();
            }
        }
        return bits;
    }

    /** @return the join's counters */
    public FeedbackStats stats() {
        return new FeedbackStats(joined.sum(), unmatched.sum(), duplicates.sum(), evicted.sum(),
                listenerFailures.sum(), mismatches.sum(), pending());
    }

    private long pending() {
        long n = 0;
        for (Stripe<I, O> s : stripes) {
            n += s.size();
        }
        return n;
    }

    @Override
    public String toString() {
        return "FeedbackJoin[capacity=" + config.capacity() + ", stripes=" + stripes.length + ", listeners="
                + listeners.length + "]";
    }
}
