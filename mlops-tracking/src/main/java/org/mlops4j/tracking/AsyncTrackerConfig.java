package org.mlops4j.tracking;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link AsyncTracker} queues, batches and retries writes. Immutable; start from
 * {@link #ofDefaults()} and change what you need:
 *
 * <pre>{@code
 * AsyncTrackerConfig.ofDefaults()
 *         .withQueueFullWait(Duration.ofMillis(10))
 *         .withFailureListener(failure -> alerts.warn(failure.toString()))
 * }</pre>
 *
 * <p>Counts are of entries: each metric value, param and tag is one entry, however it was logged.
 *
 * @param queueCapacity the most writes waiting for the store; each {@code logMetric} call is one
 *     write, each {@code logBatch} call one more. Held in an array allocated up front. Must be
 *     positive; default {@value #DEFAULT_QUEUE_CAPACITY}
 * @param maxBatchSize the most entries sent to the store in one {@link Tracker#logBatch} call, and
 *     the most queued writes the writer takes at a time; in [1, {@value #MAX_BATCH_SIZE}], MLflow's
 *     per-call limit. Default {@value #MAX_BATCH_SIZE}
 * @param queueFullPolicy what a logging call does when the queue is full: {@link QueueFullPolicy#DROP}
 *     drops and counts the write once it has waited {@code queueFullWait}, {@link QueueFullPolicy#BLOCK}
 *     waits as long as it takes; default {@link QueueFullPolicy#DROP}
 * @param queueFullWait the longest a logging call waits for space in a full queue before the
 *     {@link QueueFullPolicy#DROP} policy drops its write; zero drops at once. Ignored under
 *     {@link QueueFullPolicy#BLOCK}. Not negative; default 100 ms
 * @param maxRetries how many times a write that failed with a
 *     {@link org.mlops4j.core.StoreException} is tried again before it is reported; at least 0,
 *     default {@value #DEFAULT_MAX_RETRIES}
 * @param initialBackoff the wait before the first retry, doubled before each later one; positive,
 *     default 100 ms
 * @param maxBackoff the longest wait between two retries; at least {@code initialBackoff}, default
 *     10 s
 * @param failureListener told of every write given up on; default {@link
 *     AsyncTracker.FailureListener#noop()}
 */
public record AsyncTrackerConfig(
        int queueCapacity,
        int maxBatchSize,
        QueueFullPolicy queueFullPolicy,
        Duration queueFullWait,
        int maxRetries,
        Duration initialBackoff,
        Duration maxBackoff,
        AsyncTracker.FailureListener failureListener) {

    /** The default queue capacity, in writes. */
    public static final int DEFAULT_QUEUE_CAPACITY = 65_536;
    /** The largest queue capacity: 2^30 writes (the ring's slots are a power of two at least the capacity). */
    public static final int MAX_QUEUE_CAPACITY = 1 << 30;
    /** MLflow's limit on the entries (and on the metrics) of one log-batch call. */
    public static final int MAX_BATCH_SIZE = 1000;
    /** The default number of retries of a failed write. */
    public static final int DEFAULT_MAX_RETRIES = 5;
    /** The default longest wait of a logging call for space in a full queue: 100 ms. */
    public static final Duration DEFAULT_QUEUE_FULL_WAIT = Duration.ofMillis(100);

    private static final AsyncTrackerConfig DEFAULTS = new AsyncTrackerConfig(DEFAULT_QUEUE_CAPACITY, MAX_BATCH_SIZE,
            QueueFullPolicy.DROP, DEFAULT_QUEUE_FULL_WAIT, DEFAULT_MAX_RETRIES, Duration.ofMillis(100),
            Duration.ofSeconds(10),
            AsyncTracker.FailureListener.noop());

    /**
     * Validates the settings.
     *
     * @param queueCapacity the most writes waiting for the store; each {@code logMetric} call is one
     *     write, each {@code logBatch} call one more. Held in an array allocated up front. Must be
     *     positive; default {@value #DEFAULT_QUEUE_CAPACITY}
     * @param maxBatchSize the most entries sent to the store in one {@link Tracker#logBatch} call, and
     *     the most queued writes the writer takes at a time; in [1, {@value #MAX_BATCH_SIZE}], MLflow's
     *     per-call limit. Default {@value #MAX_BATCH_SIZE}
     * @param queueFullPolicy what a logging call does when the queue is still full after
     *     {@code queueFullWait}; default {@link QueueFullPolicy#DROP}
     * @param queueFullWait how long a logging call waits for room in a full queue before the policy
     *     applies (for {@code BLOCK}, it then waits on); not negative, default 100 ms
     * @param maxRetries how many times a write that failed with a
     *     {@link org.mlops4j.core.StoreException} is tried again before it is reported; at least 0,
     *     default {@value #DEFAULT_MAX_RETRIES}
     * @param initialBackoff the wait before the first retry, doubled before each later one; positive,
     *     default 100 ms
     * @param maxBackoff the longest wait between two retries; at least {@code initialBackoff}, default
     *     10 s
     * @param failureListener told of every write given up on; default {@link
     *     AsyncTracker.FailureListener#noop()}
     * @throws NullPointerException if a policy, duration or listener is null
     * @throws IllegalArgumentException naming the setting and its value when it is out of range (a
     *     negative {@code queueFullWait} among them), or
     *     when {@code maxBackoff} is shorter than {@code initialBackoff}
     */
    public AsyncTrackerConfig {
        Objects.requireNonNull(queueFullPolicy, "queueFullPolicy");
        Objects.requireNonNull(queueFullWait, "queueFullWait");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(failureListener, "failureListener");
        if (queueCapacity <= 0 || queueCapacity > MAX_QUEUE_CAPACITY) {
            throw new IllegalArgumentException("queueCapacity must be in [1, " + MAX_QUEUE_CAPACITY + "] but was "
                    + queueCapacity);
        }
        if (maxBatchSize < 1 || maxBatchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("maxBatchSize must be in [1, " + MAX_BATCH_SIZE + "] but was "
                    + maxBatchSize);
        }
        if (queueFullWait.isNegative()) {
            throw new IllegalArgumentException("queueFullWait must not be negative but was " + queueFullWait);
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative but was " + maxRetries);
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero()) {
            throw new IllegalArgumentException("initialBackoff must be positive but was " + initialBackoff);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must be at least initialBackoff (" + initialBackoff
                    + ") but was " + maxBackoff);
        }
    }

    /**
     * @return the defaults: 65,536 writes, batches of 1,000, a logging call that finds the queue
     *     full waits at most 100 ms for space then drops its write, 5 retries from 100 ms to 10 s
     */
    public static AsyncTrackerConfig ofDefaults() {
        return DEFAULTS;
    }

    /**
     * @param value the queue capacity, in writes
     * @return a copy with that capacity
     * @throws IllegalArgumentException if it is not positive
     */
    public AsyncTrackerConfig withQueueCapacity(int value) {
        return new AsyncTrackerConfig(value, maxBatchSize, queueFullPolicy, queueFullWait, maxRetries, initialBackoff,
                maxBackoff, failureListener);
    }

    /**
     * @param value the most entries per store call
     * @return a copy with that batch size
     * @throws IllegalArgumentException if it is outside [1, {@value #MAX_BATCH_SIZE}]
     */
    public AsyncTrackerConfig withMaxBatchSize(int value) {
        return new AsyncTrackerConfig(queueCapacity, value, queueFullPolicy, queueFullWait, maxRetries, initialBackoff,
                maxBackoff, failureListener);
    }

    /**
     * @param value what to do when the queue is full
     * @return a copy with that policy
     */
    public AsyncTrackerConfig withQueueFullPolicy(QueueFullPolicy value) {
        return new AsyncTrackerConfig(queueCapacity, maxBatchSize, value, queueFullWait, maxRetries, initialBackoff,
                maxBackoff, failureListener);
    }

    /**
     * @param value the longest a logging call waits for space in a full queue before the
     *     {@link QueueFullPolicy#DROP} policy drops its write; zero to drop at once
     * @return a copy with that wait
     * @throws IllegalArgumentException if it is negative
     */
    public AsyncTrackerConfig withQueueFullWait(Duration value) {
        return new AsyncTrackerConfig(queueCapacity, maxBatchSize, queueFullPolicy, value, maxRetries, initialBackoff,
                maxBackoff, failureListener);
    }

    /**
     * @param value how many times a store failure is retried
     * @return a copy with that many retries
     * @throws IllegalArgumentException if it is negative
     */
    public AsyncTrackerConfig withMaxRetries(int value) {
        return new AsyncTrackerConfig(queueCapacity, maxBatchSize, queueFullPolicy, queueFullWait, value,
                initialBackoff, maxBackoff, failureListener);
    }

    /**
     * Sets both backoff bounds at once, so that they are checked against each other and not against
     * a default.
     *
     * @param initial the wait before the first retry
     * @param max the longest wait between retries
     * @return a copy with that backoff
     * @throws IllegalArgumentException if {@code initial} is not positive or {@code max} is shorter
     */
    public AsyncTrackerConfig withBackoff(Duration initial, Duration max) {
        return new AsyncTrackerConfig(queueCapacity, maxBatchSize, queueFullPolicy, queueFullWait, maxRetries, initial,
                max, failureListener);
    }

    /**
     * @param value told of every write given up on
     * @return a copy with that listener
     */
    public AsyncTrackerConfig withFailureListener(AsyncTracker.FailureListener value) {
        return new AsyncTrackerConfig(queueCapacity, maxBatchSize, queueFullPolicy, queueFullWait, maxRetries,
                initialBackoff, maxBackoff, value);
    }
}
