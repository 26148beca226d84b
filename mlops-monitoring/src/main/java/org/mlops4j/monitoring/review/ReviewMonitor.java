package org.mlops4j.monitoring.review;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.mlops4j.core.Clock;
import org.mlops4j.core.StoreException;
import org.mlops4j.core.review.ReviewFigures;
import org.mlops4j.core.review.ReviewStore;
import org.mlops4j.monitoring.alert.AlertEvaluator;
import org.mlops4j.monitoring.alert.MetricSample;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches human-review queues: reads {@link ReviewStore#figures(String)} of each queue, on a
 * schedule the host owns ({@link #schedule}) or on demand ({@link #readNow()}), derives the
 * {@code mlops.review.*} figures of a {@link ReviewReading} (queue depth, claimed items, age p50
 * and p99, items expired, agreement of reviewers with the model in the period and overall), hands
 * them to an {@link AlertEvaluator} as {@link MetricSample}s, so their rules fire and resolve like
 * any metric's (see {@link ReviewAlerts}), and keeps the latest reading of each queue for
 * dashboards, the Micrometer binder ({@code MicrometerReviewBinder}) and the monitoring report.
 *
 * <p>The monitor only reads: it never calls {@link ReviewStore#expire(String)}, whose items belong
 * to whoever completes the callers' answers. With a store shared by the replicas of a fleet (on
 * PostgreSQL) every replica's monitor reads the same fleet-wide figures; one monitor is enough to
 * alert, and dashboards take the maximum over replicas.
 *
 * <p>A read that fails with {@link StoreException} (the database is down) is logged at WARN and
 * counted ({@link #storeFailures()}); that queue keeps its previous reading, the other queues are
 * read, and the next reading's period runs from the last successful one. An evaluator that throws
 * is logged and counted ({@link #alertFailures()}). A scheduled run never ends the schedule: anything
 * else it throws is logged and counted ({@link #runFailures()}).
 *
 * <p>Alert state is kept by the evaluator per rule, endpoint and model, and review samples carry no
 * model: give each queue its own endpoint name (the default is the queue's name). Thread-safe:
 * readings are serialised, so each period follows the previous one; {@link #latest} takes no lock.
 */
public final class ReviewMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReviewMonitor.class);

    private final ReviewStore store;
    /** Queue to endpoint, in the order given. */
    private final Map<String, String> queues;
    /** The queues, in the order given. */
    private final List<String> order;
    private final AlertEvaluator alerts;
    private final Object lock = new Object();
    private final ConcurrentHashMap<String, ReviewReading> latest = new ConcurrentHashMap<>();
    private final LongAdder readings = new LongAdder();
    private final LongAdder storeFailures = new LongAdder();
    private final LongAdder alertFailures = new LongAdder();
    private final LongAdder runFailures = new LongAdder();
    /** Guarded by lock. */
    private ScheduledFuture<?> task;
    /** Guarded by lock. */
    private boolean closed;

    private ReviewMonitor(Builder b) {
        this.store = b.store;
        this.queues = Map.copyOf(b.queues);
        this.order = List.copyOf(b.queues.keySet());
        this.alerts = b.alerts;
    }

    /**
     * Starts describing a monitor of a store's queues.
     *
     * @param store the store holding the queues
     * @return a builder with no queue and no alert rule
     * @throws NullPointerException if {@code store} is null
     */
    public static Builder builder(ReviewStore store) {
        return new Builder(store);
    }

    /**
     * Reads every queue's figures now, on the caller's thread, derives the readings, evaluates the
     * alert rules on them and keeps them as the latest.
     *
     * @return the readings taken, in the order the queues were given; a queue whose read failed
     *     (logged and counted) is missing
     */
    public List<ReviewReading> readNow() {
        synchronized (lock) {
            List<ReviewReading> taken = new ArrayList<>(order.size());
            for (String queue : order) {
                ReviewFigures figures;
                try {
                    figures = store.figures(queue);
                } catch (StoreException e) {
                    storeFailures.increment();
                    LOG.warn("review queue '{}': reading its figures from {} failed ({} failures so far); its latest "
                            + "reading stays, the next read tries again", queue, store, storeFailures.sum(), e);
                    continue;
                }
                ReviewReading previous = latest.get(queue);
                ReviewReading reading = previous == null ? ReviewReading.first(queues.get(queue), figures)
                        : previous.next(figures);
                latest.put(queue, reading);
                readings.increment();
                evaluate(reading);
                taken.add(reading);
            }
            return taken;
        }
    }

    private void evaluate(ReviewReading reading) {
        for (MetricSample sample : reading.toSamples()) {
            try {
                alerts.evaluate(sample);
            } catch (RuntimeException e) {
                // The evaluator guards its sinks; this is its own failure (a fleet store): the other samples still go.
                alertFailures.increment();
                LOG.warn("review queue '{}': evaluating alert rules on {} failed", reading.queue(), sample.metric(), e);
            }
        }
    }

    /**
     * Reads every queue on a scheduler the host owns: at once, then with {@code period} between the
     * end of one reading and the start of the next.
     *
     * @param scheduler runs the readings; the host owns and stops it ({@link #close()} only cancels
     *     this monitor's task)
     * @param period the delay between readings, positive; it is also the period of the period figures
     * @return the scheduled task
     * @throws IllegalArgumentException if {@code period} is not positive
     * @throws IllegalStateException if the monitor is already scheduled or is closed
     */
    public ScheduledFuture<?> schedule(ScheduledExecutorService scheduler, Duration period) {
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(period, "period");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive but was " + period);
        }
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("review monitor of " + order + " is closed");
            }
            if (task != null) {
                throw new IllegalStateException("review monitor of " + order + " is already scheduled");
            }
            task = scheduler.scheduleWithFixedDelay(this::readGuarded, 0L, period.toNanos(), TimeUnit.NANOSECONDS);
            return task;
        }
    }

    /** A scheduled reading: an exception escaping here would end the schedule. */
    private void readGuarded() {
        try {
            readNow();
        } catch (RuntimeException e) {
            runFailures.increment();
            LOG.warn("review monitor of {}: a scheduled reading failed ({} so far); the next one runs as planned",
                    order, runFailures.sum(), e);
        }
    }

    /**
     * The latest reading of a queue.
     *
     * @param queue the queue
     * @return the reading, empty before the first successful read of it or for a queue not watched
     */
    public Optional<ReviewReading> latest(String queue) {
        return Optional.ofNullable(latest.get(Objects.requireNonNull(queue, "queue")));
    }

    /**
     * The latest reading of every queue read so far.
     *
     * @return the readings, in the order the queues were given
     */
    public List<ReviewReading> latest() {
        List<ReviewReading> out = new ArrayList<>(order.size());
        for (String queue : order) {
            ReviewReading r = latest.get(queue);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    /** @return the queues watched, in the order given */
    public List<String> queues() {
        return order;
    }

    /**
     * The endpoint a queue's samples and series name.
     *
     * @param queue a watched queue
     * @return its endpoint, empty for a queue not watched
     */
    public Optional<String> endpoint(String queue) {
        return Optional.ofNullable(queues.get(Objects.requireNonNull(queue, "queue")));
    }

    /** @return queue readings taken so far (one per queue per successful read) */
    public long readings() {
        return readings.sum();
    }

    /** @return reads of a queue's figures that failed with {@link StoreException} (logged) */
    public long storeFailures() {
        return storeFailures.sum();
    }

    /** @return alert evaluations that threw (logged) */
    public long alertFailures() {
        return alertFailures.sum();
    }

    /** @return scheduled readings that threw something other than a store failure (logged) */
    public long runFailures() {
        return runFailures.sum();
    }

    /** Cancels the scheduled readings, if any; the scheduler is the host's. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (task != null) {
                task.cancel(false);
            }
        }
    }

    @Override
    public String toString() {
        return "ReviewMonitor" + order + " of " + store;
    }

    /** Describes a {@link ReviewMonitor}; not thread-safe. {@link #build()} copies every setting. */
    public static final class Builder {

        private final ReviewStore store;
        private final Map<String, String> queues = new LinkedHashMap<>();
        private AlertEvaluator alerts = AlertEvaluator.of(Clock.system(), List.of(), List.of());

        private Builder(ReviewStore store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        /**
         * Watches a queue whose samples and series name the queue itself as their endpoint (a
         * serving layer names its queue after its endpoint).
         *
         * @param queue the queue's name in the store
         * @return this builder
         * @throws IllegalArgumentException if {@code queue} is blank or already watched
         */
        public Builder queue(String queue) {
            return queue(queue, queue);
        }

        /**
         * Watches a queue, naming the endpoint it serves.
         *
         * @param queue the queue's name in the store
         * @param endpoint the endpoint, the {@code endpoint} of its alert samples and series; distinct
         *     per queue, since alert state is kept per rule, endpoint and model
         * @return this builder
         * @throws IllegalArgumentException if a name is blank, the queue is already watched or the
         *     endpoint already names another queue
         */
        public Builder queue(String queue, String endpoint) {
            notBlank(queue, "queue");
            notBlank(endpoint, "endpoint");
            if (queues.containsKey(queue)) {
                throw new IllegalArgumentException("queue '" + queue + "' is already watched");
            }
            if (queues.containsValue(endpoint)) {
                throw new IllegalArgumentException("endpoint must name one queue but '" + endpoint
                        + "' already names another: alert state is kept per endpoint");
            }
            queues.put(queue, endpoint);
            return this;
        }

        /**
         * Sets the evaluator of the readings' samples, for example one holding
         * {@link ReviewAlerts}' rules; it may be shared with a model monitor. None by default (no
         * rule).
         *
         * @param value the evaluator
         * @return this builder
         */
        public Builder alerts(AlertEvaluator value) {
            this.alerts = Objects.requireNonNull(value, "alerts");
            return this;
        }

        /**
         * Builds the monitor; nothing is read until {@link ReviewMonitor#readNow()} or
         * {@link ReviewMonitor#schedule}.
         *
         * @return the monitor
         * @throws IllegalStateException if no queue is watched
         */
        public ReviewMonitor build() {
            if (queues.isEmpty()) {
                throw new IllegalStateException("a review monitor needs at least one queue: call queue(name)");
            }
            return new ReviewMonitor(this);
        }

        private static void notBlank(String value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank but was '" + value + "'");
            }
        }
    }
}
