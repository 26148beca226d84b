package org.mlops4j.monitoring.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.mlops4j.core.signal.MetricName;
import org.mlops4j.monitoring.review.ReviewMonitor;
import org.mlops4j.monitoring.review.ReviewReading;

/**
 * Publishes the latest readings of a {@link ReviewMonitor} to Micrometer. Every series of a queue is
 * tagged {@code endpoint} and {@code queue} (the queues are fixed when the monitor is built, so the
 * tags are bounded) and reads the queue's latest reading at each scrape; before the first reading of
 * a queue every series of it reads NaN:
 * <ul>
 *   <li>gauges {@code mlops.review.queue.depth} (pending and claimed items), {@code mlops.review.claimed},
 *       {@code mlops.review.age.p50} and {@code .p99} (base unit seconds);</li>
 *   <li>gauges {@code mlops.review.expired}, {@code mlops.review.resolved} and {@code mlops.review.agreed}:
 *       the store's counts of the rows it holds, which a purge lowers, hence gauges and not counters
 *       (a counter that goes down reads as a restart to Prometheus' {@code increase});</li>
 *   <li>gauges {@code mlops.review.agreement.ratio} (the latest reading's period; NaN when it resolved
 *       nothing) and {@code mlops.review.agreement.cumulative.ratio};</li>
 * </ul>
 * and, without queue tags, the counters {@code mlops.review.monitor.store.failures} and
 * {@code mlops.review.monitor.alert.failures} of the monitor. A Prometheus registry names them
 * {@code mlops_review_queue_depth{endpoint="fraud",queue="fraud"}},
 * {@code mlops_review_age_p99_seconds{...}}, {@code mlops_review_monitor_store_failures_total}.
 *
 * <p>The monitor's own schedule takes the readings; the binder only reads them. Thread-safe: binding
 * registers meters, a scrape reads the monitor's latest readings without a lock. Binding a registry
 * twice registers nothing new (Micrometer returns the existing meters).
 */
public final class MicrometerReviewBinder implements MeterBinder {

    private final ReviewMonitor monitor;
    private final Tags commonTags;

    private MicrometerReviewBinder(ReviewMonitor monitor, Tags tags) {
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.commonTags = tags;
    }

    /**
     * Returns a binder of a review monitor with no tags besides {@code endpoint} and {@code queue}.
     *
     * @param monitor the monitor to publish
     * @return the binder, not bound yet
     * @throws NullPointerException if the monitor is null
     */
    public static MicrometerReviewBinder of(ReviewMonitor monitor) {
        return new MicrometerReviewBinder(monitor, Tags.empty());
    }

    /**
     * Returns a binder of a review monitor that adds tags to every series (for example
     * {@code service=checkout}).
     *
     * @param monitor the monitor to publish
     * @param tags the tags added to every series
     * @return the binder, not bound yet
     * @throws NullPointerException if an argument is null
     */
    public static MicrometerReviewBinder of(ReviewMonitor monitor, Iterable<Tag> tags) {
        return new MicrometerReviewBinder(monitor, Tags.of(Objects.requireNonNull(tags, "tags")));
    }

    /**
     * Registers the series of every queue of the monitor and the monitor's counters.
     *
     * @param registry the registry to publish to
     * @throws NullPointerException if the registry is null
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        for (String queue : monitor.queues()) {
            Tags tags = commonTags.and("endpoint", monitor.endpoint(queue).orElseThrow()).and("queue", queue);
            gauge(registry, MetricName.REVIEW_QUEUE_DEPTH, queue, tags, null, r -> r.figures().pending(),
                    "Items waiting for a reviewer, pending and claimed");
            gauge(registry, MetricName.REVIEW_CLAIMED, queue, tags, null, r -> r.figures().claimed(),
                    "Items a reviewer holds a live claim on");
            gauge(registry, MetricName.REVIEW_AGE_P50, queue, tags, "seconds",
                    ReviewReading::ageP50Seconds, "Median age of the waiting items");
            gauge(registry, MetricName.REVIEW_AGE_P99, queue, tags, "seconds",
                    ReviewReading::ageP99Seconds, "99th percentile age of the waiting items");
            gauge(registry, MetricName.REVIEW_EXPIRED, queue, tags, null, r -> r.figures().expired(),
                    "Items that expired unreviewed, of the rows the store holds");
            gauge(registry, MetricName.REVIEW_RESOLVED, queue, tags, null, r -> r.figures().resolved(),
                    "Items a reviewer resolved, of the rows the store holds");
            gauge(registry, MetricName.REVIEW_AGREED, queue, tags, null, r -> r.figures().agreed(),
                    "Resolved items whose reviewer agreed with the model, of the rows the store holds");
            gauge(registry, MetricName.REVIEW_AGREEMENT_RATIO, queue, tags, null, ReviewReading::agreementRate,
                    "Agreement of reviewers with the model over the items resolved in the latest period");
            gauge(registry, MetricName.REVIEW_AGREEMENT_CUMULATIVE_RATIO, queue, tags, null,
                    ReviewReading::cumulativeAgreementRate,
                    "Agreement of reviewers with the model over all the resolved items the store holds");
        }
        FunctionCounter.builder("mlops.review.monitor.store.failures", monitor, ReviewMonitor::storeFailures)
                .description("Reads of a review queue's figures that failed").tags(commonTags).register(registry);
        FunctionCounter.builder("mlops.review.monitor.alert.failures", monitor, ReviewMonitor::alertFailures)
                .description("Alert evaluations of review figures that threw").tags(commonTags).register(registry);
    }

    private void gauge(MeterRegistry registry, MetricName name, String queue, Tags tags, String baseUnit,
                       ToDoubleFunction<ReviewReading> value, String description) {
        Gauge.builder(name.key(), monitor, m -> m.latest(queue).map(value::applyAsDouble).orElse(Double.NaN))
                .tags(tags).baseUnit(baseUnit).description(description).strongReference(true).register(registry);
    }

    @Override
    public String toString() {
        return "MicrometerReviewBinder" + commonTags + " of " + monitor;
    }
}
