package org.mlops4j.monitoring.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.mlops4j.core.signal.MetricName;
import org.mlops4j.monitoring.FeedbackMetrics;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.WindowMetrics;

/**
 * Publishes the metrics of a {@link ModelMonitor} to Micrometer. Every series is tagged
 * {@code endpoint}, {@code variant} and {@code model_version} ({@code name/version}) and reads the
 * most recent completed window of its key:
 * <ul>
 *   <li>{@code mlops.prediction.error.ratio}, {@code mlops.prediction.timeout.ratio},
 *       {@code mlops.prediction.latency.p50}, {@code .p95} and {@code .p99} (base unit seconds),
 *       {@code mlops.prediction.throughput} (predictions per second), {@code mlops.prediction.count}
 *       (predictions in the window);</li>
 *   <li>{@code mlops.input.missing.ratio}, {@code mlops.input.out_of_range.ratio} and
 *       {@code mlops.input.unseen_category.ratio}, tagged {@code feature};
 *       {@code mlops.input.nonfinite} (non-finite values in the window);</li>
 *   <li>{@code mlops.output.null.ratio}, {@code mlops.output.low_confidence.ratio},
 *       {@code mlops.output.confidence.p10} and {@code .p50}, {@code mlops.output.prediction.share}
 *       tagged {@code label} (0 for a label absent from the latest window), {@code mlops.output.value}
 *       tagged {@code quantile} (regression), {@code mlops.output.drift} (1, 0, or NaN when not
 *       tested);</li>
 *   <li>{@code mlops.drift.dataset.share} (NaN without a reference profile) and
 *       {@code mlops.drift.feature.count};</li>
 *   <li>per key with feedback: {@code mlops.performance.accuracy}, {@code .rmse}, {@code .mae} and
 *       {@code mlops.output.rejected.ratio} (the latest feedback window), and the counters
 *       {@code mlops.feedback.labelled} and {@code mlops.concept.drifts}.</li>
 * </ul>
 * Monitor-wide function counters, without key tags: {@code mlops.feedback.unmatched},
 * {@code mlops.feedback.evicted}, {@code mlops.monitor.alert.failures},
 * {@code mlops.monitor.analysis.failures}, {@code mlops.monitor.windows.dropped} and
 * {@code mlops.monitor.function.failures}.
 *
 * <p>Values of registered gauges are read live from {@link ModelMonitor#recentWindows()} at each
 * scrape. Micrometer registers a series once per name and tags, so series for keys, features and
 * labels that appear after binding are added by {@link #refresh()}: call it on the scrape or
 * reporting schedule (it is cheap when nothing is new). {@link #bindTo} refreshes once. A key
 * whose windows have all left the monitor's recent list keeps its last values.
 *
 * <p>Thread-safe: {@link #bindTo} and {@link #refresh()} are serialised on this binder; gauge reads
 * take no lock. Gauges hold their state strongly, so the registry keeps them alive on its own.
 */
public final class MicrometerMonitorBinder implements MeterBinder {

    private static final String SHARE = "mlops.output.prediction.share";

    private final ModelMonitor<?> monitor;
    private final Tags commonTags;
    /** Latest window per key, never replaced by an older one. */
    private final Map<String, WindowMetrics> latest = new ConcurrentHashMap<>();
    /** The last window seen by {@link #update()}: when it has not changed, nothing is new. */
    private volatile WindowMetrics lastSeen;
    private final List<Bound> registries = new ArrayList<>();

    /** A registry this binder is bound to and the series already registered on it. */
    private record Bound(MeterRegistry registry, Set<String> series) {
    }

    /** What a gauge reads: one key of the monitor, and the binder that knows its latest window. */
    private record Series(MicrometerMonitorBinder binder, String key) {
        double read(ToDoubleFunction<WindowMetrics> value) {
            binder.update();
            WindowMetrics w = binder.latest.get(key);
            return w == null ? Double.NaN : value.applyAsDouble(w);
        }
    }

    /**
     * Creates a binder for a monitor, with no tags besides the per-key ones.
     *
     * @param monitor the monitor to publish
     * @throws NullPointerException if the monitor is null
     */
    public MicrometerMonitorBinder(ModelMonitor<?> monitor) {
        this(monitor, Tags.empty());
    }

    /**
     * Creates a binder for a monitor that adds tags to every series.
     *
     * @param monitor the monitor to publish
     * @param tags tags added to every series (for example {@code service=checkout})
     * @throws NullPointerException if the monitor or the tags are null
     */
    public MicrometerMonitorBinder(ModelMonitor<?> monitor, Iterable<Tag> tags) {
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.commonTags = Tags.of(Objects.requireNonNull(tags, "tags"));
    }

    /**
     * Registers the monitor-wide counters and the series of every key with a completed window.
     *
     * @param registry the registry to publish to; a binder may be bound to several
     * @throws NullPointerException if the registry is null
     */
    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        for (Bound b : registries) {
            if (b.registry() == registry) {
                refresh();
                return;
            }
        }
        counter(registry, "mlops.monitor.alert.failures", m -> m.alertFailures(), "Alert evaluations that threw");
        counter(registry, "mlops.monitor.analysis.failures", m -> m.analysisFailures(),
                "Closed windows whose analysis threw");
        counter(registry, "mlops.monitor.windows.dropped", m -> m.droppedWindows(),
                "Closed windows the analysis executor rejected");
        counter(registry, "mlops.monitor.function.failures", m -> m.functionFailures(),
                "Answers or ground truths the label or value function threw on");
        registries.add(new Bound(registry, new HashSet<>()));
        refresh();
    }

    /**
     * Registers, on every bound registry, the series of keys, features and labels that appeared in
     * windows completed since the last call. Idempotent; does nothing before {@link #bindTo}.
     */
    public synchronized void refresh() {
        update();
        for (WindowMetrics w : latest.values()) {
            for (Bound b : registries) {
                register(b, w);
            }
        }
        for (FeedbackMetrics f : monitor.feedbackMetrics()) {
            for (Bound b : registries) {
                registerFeedback(b, f);
            }
        }
    }

    private void counter(MeterRegistry registry, String name, ToDoubleFunction<ModelMonitor<?>> count,
                         String description) {
        FunctionCounter.builder(name, monitor, count).description(description).tags(commonTags).register(registry);
    }

    private void registerFeedback(Bound b, FeedbackMetrics f) {
        String key = f.endpoint() + '\u0000' + f.variant() + '\u0000' + f.model();
        if (!b.series().add(key + "\u0000feedback")) {
            return;
        }
        Tags tags = commonTags.and("endpoint", f.endpoint(), "variant", f.variant(), "model_version", f.model());
        feedbackGauge(b, f, tags, MetricName.ACCURACY.key(), "Accuracy over the latest window of labelled predictions",
                FeedbackMetrics::accuracy);
        feedbackGauge(b, f, tags, MetricName.RMSE.key(), "RMSE over the latest window of labelled predictions",
                FeedbackMetrics::rmse);
        feedbackGauge(b, f, tags, MetricName.MAE.key(), "MAE over the latest window of labelled predictions",
                FeedbackMetrics::mae);
        feedbackGauge(b, f, tags, MetricName.REJECTED_RATIO.key(),
                "Rejected or rephrased answers over the latest window of user signals", FeedbackMetrics::rejectedRatio);
        FunctionCounter.builder("mlops.feedback.labelled", monitor, m -> m.feedbackMetrics(f.endpoint(), f.variant(),
                        f.model()).map(FeedbackMetrics::labelled).orElse(0L))
                .description("Predictions joined with their ground truth").tags(tags).register(b.registry());
        FunctionCounter.builder("mlops.concept.drifts", monitor, m -> m.feedbackMetrics(f.endpoint(), f.variant(),
                        f.model()).map(FeedbackMetrics::conceptDrifts).orElse(0L))
                .description("Times the concept-drift detector signalled drift").tags(tags).register(b.registry());
    }

    private void feedbackGauge(Bound b, FeedbackMetrics f, Tags tags, String name, String description,
                               ToDoubleFunction<FeedbackMetrics> value) {
        Gauge.builder(name, monitor, m -> m.feedbackMetrics(f.endpoint(), f.variant(), f.model())
                        .map(value::applyAsDouble).orElse(Double.NaN))
                .tags(tags).description(description).strongReference(true).register(b.registry());
    }

    /** Folds the monitor's recent windows into {@link #latest}; lock-free, safe from gauge reads. */
    private void update() {
        List<WindowMetrics> recent = monitor.recentWindows();
        if (recent.isEmpty() || recent.get(recent.size() - 1) == lastSeen) {
            return;
        }
        for (WindowMetrics w : recent) {
            latest.merge(key(w), w, (old, now) -> now.window() >= old.window() ? now : old);
        }
        lastSeen = recent.get(recent.size() - 1);
    }

    private void register(Bound b, WindowMetrics w) {
        String key = key(w);
        Tags tags = commonTags.and("endpoint", w.endpoint(), "variant", w.variant(), "model_version", w.model());
        Series s = new Series(this, key);
        if (b.series().add(key)) {
            gauge(b, s, tags, MetricName.ERROR_RATIO.key(), null, "Failed predictions / predictions in the latest window",
                    WindowMetrics::errorRatio);
            gauge(b, s, tags, MetricName.TIMEOUT_RATIO.key(), null,
                    "Predictions that timed out / predictions in the latest window", WindowMetrics::timeoutRatio);
            gauge(b, s, tags, "mlops.output.confidence.p10", null, "10th percentile of answer confidence",
                    WindowMetrics::confidenceP10);
            gauge(b, s, tags, "mlops.output.confidence.p50", null, "Median answer confidence",
                    WindowMetrics::confidenceP50);
            gauge(b, s, tags, MetricName.PREDICTION_DRIFT.key(), null,
                    "1 when the latest window's predictions drifted from the reference predictions, 0 when not, "
                            + "NaN when not tested",
                    m -> m.predictionDrift().map(d -> d.drifted() ? 1.0 : 0.0).orElse(Double.NaN));
            gauge(b, s, tags, "mlops.prediction.latency.p50", "seconds", "Median latency of the latest window",
                    WindowMetrics::latencyP50Seconds);
            gauge(b, s, tags, "mlops.prediction.latency.p95", "seconds",
                    "95th percentile latency of the latest window", WindowMetrics::latencyP95Seconds);
            gauge(b, s, tags, MetricName.LATENCY_P99.key(), "seconds", "99th percentile latency of the latest window",
                    WindowMetrics::latencyP99Seconds);
            gauge(b, s, tags, "mlops.prediction.throughput", null,
                    "Predictions per second over the latest window's wall time", WindowMetrics::throughputPerSecond);
            gauge(b, s, tags, "mlops.prediction.count", null, "Predictions in the latest window",
                    WindowMetrics::predictions);
            gauge(b, s, tags, "mlops.input.nonfinite", null, "NaN or infinite input values in the latest window",
                    WindowMetrics::nonFinite);
            gauge(b, s, tags, MetricName.NULL_OUTPUT_RATIO.key(), null,
                    "Null or empty answers / successful predictions in the latest window",
                    WindowMetrics::nullOutputRatio);
            gauge(b, s, tags, MetricName.LOW_CONFIDENCE_RATIO.key(), null,
                    "Answers below the confidence threshold / answers with a confidence in the latest window",
                    WindowMetrics::lowConfidenceRatio);
            gauge(b, s, tags, MetricName.DRIFT_SHARE.key(), null, "Share of drifted input features in the latest window",
                    WindowMetrics::driftedShare);
            gauge(b, s, tags, MetricName.DRIFTED_FEATURES.key(), null, "Drifted input features in the latest window",
                    m -> m.driftedFeatures().size());
        }
        for (String feature : w.missingRatio().keySet()) {
            if (b.series().add(key + "\u0000missing\u0000" + feature)) {
                gauge(b, s, tags.and("feature", feature), MetricName.MISSING_RATIO.key(),
                        null, "Missing values / predictions of a feature in the latest window",
                        m -> m.missingRatio().getOrDefault(feature, Double.NaN));
            }
        }
        for (String feature : w.outOfRangeRatio().keySet()) {
            if (b.series().add(key + "\u0000range\u0000" + feature)) {
                gauge(b, s, tags.and("feature", feature),
                        MetricName.OUT_OF_RANGE_RATIO.key(), null,
                        "Out-of-range or wrong-type values / predictions of a feature in the latest window",
                        m -> m.outOfRangeRatio().getOrDefault(feature, Double.NaN));
            }
        }
        for (String feature : w.unseenCategoryRatio().keySet()) {
            if (b.series().add(key + "\u0000unseen\u0000" + feature)) {
                gauge(b, s, tags.and("feature", feature), MetricName.UNSEEN_CATEGORY_RATIO.key(), null,
                        "Values outside the declared categories / predictions of a feature in the latest window",
                        m -> m.unseenCategoryRatio().getOrDefault(feature, Double.NaN));
            }
        }
        for (String quantile : w.outputQuantiles().keySet()) {
            if (b.series().add(key + "\u0000output\u0000" + quantile)) {
                gauge(b, s, tags.and("quantile", quantile), "mlops.output.value", null,
                        "Quantile of the predicted values in the latest window",
                        m -> m.outputQuantiles().getOrDefault(quantile, Double.NaN));
            }
        }
        for (String label : w.predictionShares().keySet()) {
            if (b.series().add(key + "\u0000label\u0000" + label)) {
                gauge(b, s, tags.and("label", label), SHARE, null,
                        "Share of a predicted label among successful predictions in the latest window",
                        m -> m.predictionShares().getOrDefault(label, 0.0));
            }
        }
    }

    private static void gauge(Bound b, Series series, Tags tags, String name, String baseUnit, String description,
                              ToDoubleFunction<WindowMetrics> value) {
        Gauge.builder(name, series, s -> s.read(value))
                .tags(tags)
                .baseUnit(baseUnit)
                .description(description)
                .strongReference(true)
                .register(b.registry());
    }

    private static String key(WindowMetrics w) {
        return w.endpoint() + '\u0000' + w.variant() + '\u0000' + w.model();
    }
}
