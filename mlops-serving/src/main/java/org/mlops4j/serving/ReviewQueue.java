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
 * @param <I> the input type
 * @param <O> the output type
 */
public final class ReviewQueue<I, O> {

    private static final Logger LOG = LoggerFactory.getLogger(ReviewQueue.class);

    private final BlockingQueue<ReviewItem<I, O>> items;
    private final SharedReviewItems<I, O> shared;
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
        return new ReviewQueue<>(capacity, null, null, null, null);
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
                Objects.requireNonNull(answers, "answers"));
    }

    private ReviewQueue(int capacity, FleetState state, String queue, TextCodec<I> inputs, TextCodec<O> answers) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1 but was " + capacity);
        }
        this.capacity = capacity;
        this.items = state == null ? new ArrayBlockingQueue<>(capacity) : null;
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
        Objects.requireNonNull(item, "item");
        offered.increment();
        if (!(shared == null ? items.offer(item) : shared.offer(item))) {
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

    /**
     * Takes the oldest item, waiting up to a timeout.
     *
     * @param timeout how long to wait
     * @return the item, or empty when none arrived in time
     * @throws InterruptedException if interrupted while waiting
     * @throws org.mlops4j.core.StoreException if a shared queue's store fails
     */
    public Optional<ReviewItem<I, O>> poll(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
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
        return shared == null ? items.size() : shared.size();
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
        return shared == null ? "ReviewQueue.of(" + capacity + ")" : "ReviewQueue.shared(" + shared + ", " + capacity + ")";
    }
}
