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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded queue of predictions waiting for people. The serving thread only offers: when the
 * queue is full the item is refused and counted (the caller still gets the interim answer), so a
 * slow review team never slows the service. Reviewers take items with {@link #poll(Duration)};
 * observers are told of each item offered. Thread-safe.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
public final class ReviewQueue<I, O> {

    private static final Logger LOG = LoggerFactory.getLogger(ReviewQueue.class);

    private final BlockingQueue<ReviewItem<I, O>> items;
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
        return new ReviewQueue<>(capacity);
    }

    private ReviewQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1 but was " + capacity);
        }
        this.capacity = capacity;
        this.items = new ArrayBlockingQueue<>(capacity);
    }

    /**
     * Offers an item without waiting.
     *
     * @param item the item
     * @return true when queued; false when the queue was full (counted in {@link #refused()})
     */
    public boolean offer(ReviewItem<I, O> item) {
        Objects.requireNonNull(item, "item");
        offered.increment();
        if (!items.offer(item)) {
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
     */
    public Optional<ReviewItem<I, O>> poll(Duration timeout) throws InterruptedException {
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

    /** @return items waiting now */
    public int size() {
        return items.size();
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
}
