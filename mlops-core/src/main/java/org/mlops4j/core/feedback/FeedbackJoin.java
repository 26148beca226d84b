package org.mlops4j.core.feedback;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
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
 * one evicts the oldest. From a capacity of 1,024 the memory is split into rings chosen by a hash of
 * the prediction id, so that concurrent requests rarely contend on one counter whichever threads
 * serve them, and eviction is oldest-first within a ring: a prediction is remembered for about
 * {@code capacity} later predictions (the rings fill unevenly by a few percent, so the oldest ones
 * may go slightly earlier). Feedback for a forgotten prediction is counted as unmatched.
 *
 * <p><b>Once per prediction.</b> A prediction takes one ground truth and one reward (a second is a
 * duplicate, refused and counted) and any number of user signals.
 *
 * <p>Thread-safe and lock-free apart from the concurrent maps' bins.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
public final class FeedbackJoin<I, O> implements PredictionListener<I, O> {

    private static final Logger LOG = LoggerFactory.getLogger(FeedbackJoin.class);
    private static final int TRUTH = 1;
    private static final int REWARD = 2;
    private static final int ANY = 4;
    /** Capacities from this size on are striped. */
    static final int STRIPED_FROM = 1_024;

    /**
     * One remembered prediction; identity equality, so only this very entry is ever evicted. Without
     * inputs kept, it holds the answered event's fields itself rather than a copy of the event (one
     * object per prediction instead of two), and makes the event, without its input, only when
     * feedback arrives.
     */
    private static final class Entry<I, O> {
        private static final AtomicIntegerFieldUpdater<Entry<?, ?>> FLAGS = flags();

        /** The whole event when inputs are kept, else null. */
        final PredictionEvent<I, O> kept;
        final String predictionId;
        final String requestId;
        final String routingKey;
        /** The timestamp as numbers, so that the event's {@code Instant} is not kept alive. */
        final long epochSecond;
        final int nano;
        final String endpoint;
        final String variant;
        final ModelRef model;
        final O output;
        final double confidence;
        final long latencyNanos;
        final boolean fallback;
        volatile int flags;

        Entry(PredictionEvent<I, O> event, boolean keepInput) {
            this.kept = keepInput ? event : null;
            this.predictionId = event.predictionId();
            this.requestId = event.requestId().orElse(null);
            this.routingKey = keepInput ? null : event.routingKey().orElse(null);
            Instant t = event.timestamp();
            this.epochSecond = t.getEpochSecond();
            this.nano = t.getNano();
            this.endpoint = event.endpoint();
            this.variant = event.variant();
            this.model = event.model();
            this.output = keepInput ? null : event.output().orElse(null);
            this.confidence = keepInput ? Double.NaN : event.confidence().orElse(Double.NaN);
            this.latencyNanos = event.latencyNanos();
            this.fallback = event.fallback();
        }

        /** @return the prediction, without its input unless inputs are kept */
        PredictionEvent<I, O> event() {
            return kept != null ? kept : PredictionEvent.success(predictionId, requestId, routingKey,
                    Instant.ofEpochSecond(epochSecond, nano), endpoint, variant, model, null, output, confidence,
                    latencyNanos, fallback);
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static AtomicIntegerFieldUpdater<Entry<?, ?>> flags() {
            return (AtomicIntegerFieldUpdater) AtomicIntegerFieldUpdater.newUpdater(Entry.class, "flags");
        }

        /** Marks feedback of a kind; false when the kind takes one feedback and had it already. */
        boolean mark(int once) {
            while (true) {
                int current = flags;
                if ((current & once) != 0) {
                    return false;
                }
                if (FLAGS.compareAndSet(this, current, current | once | ANY)) {
                    return true;
                }
            }
        }
    }

    /** A ring of the most recent entries of one stripe. */
    private static final class Stripe<I, O> {
        final AtomicReferenceArray<Entry<I, O>> ring;
        final AtomicLong next = new AtomicLong();

        Stripe(int capacity) {
            this.ring = new AtomicReferenceArray<>(capacity);
        }
    }

    private final FeedbackConfig config;
    private final Clock clock;
    private final ConcurrentHashMap<String, Entry<I, O>> byPrediction = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Entry<I, O>> byRequest = new ConcurrentHashMap<>();
    private final Stripe<I, O>[] stripes;
    /** 32 minus log2 of the number of stripes: the top bits of a mixed hash pick the stripe. */
    private final int stripeShift;
    private final Object listenerLock = new Object();
    private volatile FeedbackListener<? super I, ? super O>[] listeners = newArray(0);

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
            s[i] = new Stripe<>(config.capacity() / count + (i < config.capacity() % count ? 1 : 0));
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
        Entry<I, O> entry = new Entry<>((PredictionEvent<I, O>) event, config.keepInputs());
        String id = entry.predictionId;
        String request = entry.requestId;
        // Into the maps first: an entry in a ring is then always removable by whoever displaces it.
        byPrediction.put(id, entry);
        if (request != null) {
            byRequest.put(request, entry);
        }
        Stripe<I, O> stripe = stripes.length == 1 ? stripes[0] : stripes[stripe(id)];
        int slot = (int) Long.remainderUnsigned(stripe.next.getAndIncrement(), stripe.ring.length());
        Entry<I, O> displaced = stripe.ring.getAndSet(slot, entry);
        if (displaced != null) {
            forget(displaced);
        }
    }

    /**
     * Fibonacci hashing of the id's (cached) string hash: consecutive ids, which differ in their last
     * characters, spread evenly over the stripes, whichever thread served them.
     */
    private int stripe(String predictionId) {
        return (predictionId.hashCode() * 0x9E3779B9) >>> stripeShift;
    }

    private void forget(Entry<I, O> e) {
        boolean removed = byPrediction.remove(e.predictionId, e);
        if (e.requestId != null) {
            byRequest.remove(e.requestId, e);
        }
        if (removed && e.flags == 0) {
            evicted.increment();
        }
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
        return deliver(byPrediction.get(predictionId), feedback);
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
        if (!entry.mark(once)) {
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
     * Adds a listener; from now on the join remembers predictions and delivers feedback to it.
     *
     * @param listener the listener
     */
    public void addListener(FeedbackListener<? super I, ? super O> listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (listenerLock) {
            FeedbackListener<? super I, ? super O>[] next = Arrays.copyOf(listeners, listeners.length + 1);
            next[next.length - 1] = listener;
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
                    listeners = next;
                    return true;
                }
            }
            return false;
        }
    }

    /** @return the join's counters */
    public FeedbackStats stats() {
        return new FeedbackStats(joined.sum(), unmatched.sum(), duplicates.sum(), evicted.sum(),
                listenerFailures.sum(), mismatches.sum(), byPrediction.mappingCount());
    }

    @Override
    public String toString() {
        return "FeedbackJoin[capacity=" + config.capacity() + ", stripes=" + stripes.length + ", listeners="
                + listeners.length + "]";
    }
}
