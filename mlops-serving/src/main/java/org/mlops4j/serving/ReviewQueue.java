package org.mlops4j.serving;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import org.mlops4j.core.review.ReviewStore;
import org.mlops4j.core.fleet.FleetState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded queue of predictions waiting for people. The serving thread only offers: when the
 * queue is full the item is refused and counted (the caller still gets the interim answer), so a
 * slow review team never slows the service. Reviewers take items with {@link #poll(Duration)};
 * observers are told of each item offered. Thread-safe.
 *
 * <p><b>A fleet.</b> {@link #shared} keeps the items in a {@link FleetState} queue instead: an item
 * offered on any replica can be polled on any, and each item is handed out once fleet-wide (the
 * store's take is atomic). The capacity bounds the fleet's queue; an offer is one store write and a
 * poll one store write per attempt (a waiting poll looks again every 50 ms). A store failure
 * surfaces as {@link org.mlops4j.core.StoreException} from {@link #offer}, {@link #poll} and
 * {@link #size}; {@link HumanReviewStrategy} logs and counts a failed offer and still returns the
 * interim answer. Observers hear of the items offered on this replica. {@link #of} keeps the queue in
 * this JVM.
 *
 * <p><b>Durable, with decisions.</b> {@link #durable} keeps the items in a {@link ReviewStore}: they
 * survive restarts, are shared by every replica on the same store, wait until a deadline, and are
 * claimed (with a lease), resolved and released by people through a {@link ReviewDesk}, which also
 * sends each decision back as feedback and completes the callers' handles.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
public final class ReviewQueue<I, O> {

    private static final Logger LOG = LoggerFactory.getLogger(ReviewQueue.class);
    /** How often a blocked offer on a shared or durable queue looks for room again. */
    static final long FULL_RETRY_MILLIS = 10;

    private final BlockingQueue<ReviewItem<I, O>> items;
    private final SharedReviewItems<I, O> shared;
    private final StoredReviewItems<I, O> stored;
    private final int capacity;
    private final List<Consumer<? super ReviewItem<I, O>>> observers = new CopyOnWriteArrayList<>();
    private final LongAdder offered = new LongAdder();
    private final LongAdder refused = new LongAdder();

    /**
     * Creates a queue.
     *
     * @param capacity how many items may wait, at least 1
     * @param <I> the input type
     * @param <O> the output type
     * @return the empty queue
     * @throws IllegalArgumentException if {@code capacity < 1}
     */
    public static <I, O> ReviewQueue<I, O> of(int capacity) {
        return new ReviewQueue<>(capacity, null, null, null, null, null);
    }

    /**
     * Creates a queue that the replicas of a fleet share (see the class comment).
     *
     * @param state the fleet's store
     * @param name the queue's name in the fleet, usually the endpoint's name; the store's queue is
     *     {@code "review/" + name}
     * @param capacity how many items may wait fleet-wide, at least 1
     * @param inputs how inputs are stored as text
     * @param answers how model answers are stored as text
     * @param <I> the input type
     * @param <O> the output type
     * @return the queue, holding what the store holds already
     * @throws IllegalArgumentException if {@code capacity < 1} or {@code name} is blank or too long
     */
    public static <I, O> ReviewQueue<I, O> shared(FleetState state, String name, int capacity, TextCodec<I> inputs,
                                                  TextCodec<O> answers) {
        Objects.requireNonNull(state, "state");
        String queue = FleetState.checkName("name", "review/" + FleetState.checkName("name", name));
        return new ReviewQueue<>(capacity, state, queue, Objects.requireNonNull(inputs, "inputs"),
                Objects.requireNonNull(answers, "answers"), null);
    }

    /**
     * Creates a queue whose items a {@link ReviewStore} keeps durably (on a database with
     * {@code JdbcReviewStore}, across restarts and replicas): people claim, resolve and release them
     * through a {@link ReviewDesk}, not with {@link #poll}. Each item is due within {@code maxWait} of
     * its prediction; a desk's sweep expires it after that. Priority 0 for every item.
     *
     * @param store the store
     * @param name the queue's name in the store, usually the endpoint's name; non-blank, at most 200 characters
     * @param inputs how inputs are stored as text
     * @param answers how model answers and reviewers' decisions are stored as text
     * @param capacity how many items may wait (pending or claimed) in the store's queue, at least 1
     * @param maxWait how long an item may wait for a decision, positive
     * @param <I> the input type
     * @param <O> the output type
     * @return the queue
     * @throws IllegalArgumentException naming the bad setting and its value
     */
    public static <I, O> ReviewQueue<I, O> durable(ReviewStore store, String name, TextCodec<I> inputs,
                                                   TextCodec<O> answers, int capacity, Duration maxWait) {
        return durable(store, name, inputs, answers, capacity, maxWait, item -> 0);
    }

    /**
     * Creates a durable queue (see {@link #durable(ReviewStore, String, TextCodec, TextCodec, int, Duration)})
     * whose items have a priority: reviewers see higher priorities first, then older items first.
     *
     * @param store the store
     * @param name the queue's name in the store; non-blank, at most 200 characters
     * @param inputs how inputs are stored as text
     * @param answers how model answers and reviewers' decisions are stored as text
     * @param capacity how many items may wait in the store's queue, at least 1
     * @param maxWait how long an item may wait for a decision, positive
     * @param priority an item's priority, higher first (for example from the amount at stake); called
     *     on the serving thread, so keep it quick
     * @param <I> the input type
     * @param <O> the output type
     * @return the queue
     * @throws IllegalArgumentException naming the bad setting and its value
     */
    public static <I, O> ReviewQueue<I, O> durable(ReviewStore store, String name, TextCodec<I> inputs,
                                                   TextCodec<O> answers, int capacity, Duration maxWait,
                                                   ToIntFunction<? super ReviewItem<I, O>> priority) {
        StoredReviewItems<I, O> stored = new StoredReviewItems<>(store, name, capacity, maxWait,
                Objects.requireNonNull(inputs, "inputs"), Objects.requireNonNull(answers, "answers"),
                Objects.requireNonNull(priority, "priority"));
        return new ReviewQueue<>(capacity, null, null, null, null, stored);
    }

    private ReviewQueue(int capacity, FleetState state, String queue, TextCodec<I> inputs, TextCodec<O> answers,
                        StoredReviewItems<I, O> stored) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1 but was " + capacity);
        }
        this.capacity = capacity;
        this.stored = stored;
        this.items = state == null && stored == null ? new ArrayBlockingQueue<>(capacity) : null;
        this.shared = state == null ? null : new SharedReviewItems<>(state, queue, capacity, inputs, answers);
    }

    /**
     * Offers an item without waiting.
     *
     * @param item the item
     * @return true when queued (shared: also when an item of the same prediction id was waiting
     *     already); false when the queue was full (counted in {@link #refused()})
     * @throws org.mlops4j.core.StoreException if a shared queue's store fails
     */
    public boolean offer(ReviewItem<I, O> item) {
        return offer(item, Duration.ZERO);
    }

    /**
     * Offers an item, waiting up to a bound for room when the queue is full (a shared or durable
     * queue looks again every {@value #FULL_RETRY_MILLIS} ms). An interrupt ends the wait: the item
     * is refused and the thread stays interrupted.
     *
     * @param item the item
     * @param wait how long to wait for room at most; zero does not wait
     * @return true when queued (shared or durable: also when an item of the same prediction id was
     *     there already); false when the queue was still full (counted in {@link #refused()})
     * @throws org.mlops4j.core.StoreException if a shared or durable queue's store fails
     * @throws IllegalArgumentException if {@code wait} is negative
     */
    public boolean offer(ReviewItem<I, O> item, Duration wait) {
        return offer(item, wait, () -> { });
    }

    /**
     * Offers as {@link #offer(ReviewItem, Duration)}; {@code onWait} runs when the queue was full and
     * the wait for room starts.
     */
    boolean offer(ReviewItem<I, O> item, Duration wait, Runnable onWait) {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(wait, "wait");
        if (wait.isNegative()) {
            throw new IllegalArgumentException("wait must not be negative but was " + wait);
        }
        offered.increment();
        boolean queued = tryOffer(item);
        if (!queued && !wait.isZero()) {
            onWait.run();
            queued = offerWaiting(item, wait);
        }
        if (!queued) {
            refused.increment();
            return false;
        }
        for (Consumer<? super ReviewItem<I, O>> o : observers) {
            try {
                o.accept(item);
            } catch (RuntimeException e) {
                LOG.warn("review queue observer failed on prediction {}", item.predictionId(), e);
            }
        }
        return true;
    }

    private boolean tryOffer(ReviewItem<I, O> item) {
        return items != null ? items.offer(item) : shared != null ? shared.offer(item) : stored.offer(item);
    }

    private boolean offerWaiting(ReviewItem<I, O> item, Duration wait) {
        if (items != null) {
            try {
                return items.offer(item, wait.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                Thread.sleep(Math.max(1, Math.min(FULL_RETRY_MILLIS, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (tryOffer(item)) {
                return true;
            }
        }
    }

    /**
     * Takes the oldest item, waiting up to a timeout.
     *
     * @param timeout how long to wait
     * @return the item, or empty when none arrived in time
     * @throws InterruptedException if interrupted while waiting
     * @throws org.mlops4j.core.StoreException if a shared queue's store fails
     * @throws IllegalStateException on a {@linkplain #durable durable} queue, whose items are claimed
     *     and resolved through a {@link ReviewDesk}
     */
    public Optional<ReviewItem<I, O>> poll(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        if (stored != null) {
            throw new IllegalStateException("review queue " + this + " keeps its items in a review store: "
                    + "reviewers claim and resolve them through a ReviewDesk, not poll");
        }
        if (shared != null) {
            return shared.poll(timeout);
        }
        return Optional.ofNullable(items.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
    }

    /**
     * Registers an observer told of every item queued (on the serving thread: keep it quick).
     *
     * @param observer the observer
     */
    public void observe(Consumer<? super ReviewItem<I, O>> observer) {
        observers.add(Objects.requireNonNull(observer, "observer"));
    }

    /**
     * @return items waiting now (shared: fleet-wide)
     * @throws org.mlops4j.core.StoreException if a shared queue's store fails
     */
    public int size() {
        return items != null ? items.size() : shared != null ? shared.size() : stored.size();
    }

    /** @return the store's items when the queue is durable, for a {@link ReviewDesk} */
    Optional<StoredReviewItems<I, O>> stored() {
        return Optional.ofNullable(stored);
    }

    /** @return the capacity */
    public int capacity() {
        return capacity;
    }

    /** @return items offered so far, queued or not */
    public long offered() {
        return offered.sum();
    }

    /** @return items refused because the queue was full */
    public long refused() {
        return refused.sum();
    }

    @Override
    public String toString() {
        return stored != null ? "ReviewQueue.durable(" + stored + ", " + capacity + ")"
                : shared == null ? "ReviewQueue.of(" + capacity + ")"
                : "ReviewQueue.shared(" + shared + ", " + capacity + ")";
    }
}
