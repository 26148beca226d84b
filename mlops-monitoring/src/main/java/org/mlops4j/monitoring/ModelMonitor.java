package org.mlops4j.monitoring;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import org.mlops4j.core.Clock;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.PredictionListener;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.alert.AlertEvaluator;
import org.mlops4j.monitoring.alert.MetricSample;
import org.mlops4j.monitoring.concept.ConceptDriftDetector;
import org.mlops4j.monitoring.concept.ConceptDriftDetectors;
import org.mlops4j.monitoring.concept.DriftState;
import org.mlops4j.monitoring.profile.ReferenceProfile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a running model: attach it to a {@code ModelEndpoint} as a listener (or feed it events
 * from any service) and it keeps, per endpoint, variant and model version, windows of a fixed
 * number of predictions, and at the end of each window computes
 * <ul>
 *   <li>input metrics: per-feature missing and out-of-range (or unknown-category) ratios against a
 *       {@link Schema}, non-finite values, and drift of each feature against a
 *       {@link ReferenceProfile} (exact tests on small windows, sketches on large ones);</li>
 *   <li>output metrics: the null/empty-answer ratio, the share of each predicted label, and the
 *       share of answers whose confidence is below a threshold;</li>
 *   <li>software metrics: error ratio, latency p50/p95/p99 (a KLL sketch) and throughput;</li>
 * </ul>
 * and sends them as {@link MetricSample}s to an {@link AlertEvaluator}. Feedback that arrives later
 * ({@link #recordFeedback}) is joined to its prediction by id within a bounded join window;
 * online accuracy goes to the alerts every window of labelled predictions and the 0/1 errors feed a
 * concept-drift detector (DDM by default), whose DRIFT becomes a {@code mlops.concept.drift} sample.
 * User signals ({@link #recordUserSignal}) are counted the same way.
 *
 * <p>Memory is bounded: per key one open window (sketches and counters), and a join window of
 * {@code feedbackCapacity} predictions; no raw inputs are kept beyond the current window's exact
 * sample. Thread-safe: each key's window has its own lock, held only while counting one event;
 * alert rules are evaluated outside it. A failing alert evaluation is logged and counted.
 */
public final class ModelMonitor implements PredictionListener<Object, Object> {

    /** Metric: the largest per-feature missing-input ratio of a window. */
    public static final String MISSING_RATIO = "mlops.input.missing.ratio";
    /** Metric: the largest per-feature out-of-range ratio of a window. */
    public static final String OUT_OF_RANGE_RATIO = "mlops.input.out_of_range.ratio";
    /** Metric: null or empty answers / answers. */
    public static final String NULL_OUTPUT_RATIO = "mlops.output.null.ratio";
    /** Metric: answers below the confidence threshold / answers with a confidence. */
    public static final String LOW_CONFIDENCE_RATIO = "mlops.output.low_confidence.ratio";
    /** Metric: failed predictions / predictions. */
    public static final String ERROR_RATIO = "mlops.prediction.error.ratio";
    /** Metric: the window's 99th percentile latency, in seconds. */
    public static final String LATENCY_P99 = "mlops.prediction.latency.p99";
    /** Metric: drifted input features. */
    public static final String DRIFTED_FEATURES = "mlops.drift.feature.count";
    /** Metric: the share of drifted input features. */
    public static final String DRIFT_SHARE = "mlops.drift.dataset.share";
    /** Metric: online accuracy over a window of labelled predictions. */
    public static final String ACCURACY = "mlops.performance.accuracy";
    /** Metric: 1 when the concept-drift detector signals DRIFT. */
    public static final String CONCEPT_DRIFT = "mlops.concept.drift";
    /** Metric: rejected or rephrased answers / user signals, over a window of signals. */
    public static final String REJECTED_RATIO = "mlops.output.rejected.ratio";

    private static final Logger LOG = LoggerFactory.getLogger(ModelMonitor.class);
    private static final int RECENT_WINDOWS = 100;

    private record Pending(String key, String endpoint, String model, String label) {
    }

    /** Labelled-feedback and user-signal state of one key; guarded by its own monitor. */
    private static final class Outcomes {
        final ConceptDriftDetector detector;
        long labelled;
        long correct;
        final Map<UserSignal, long[]> signals = new EnumMap<>(UserSignal.class);
        long signalCount;

        Outcomes(ConceptDriftDetector detector) {
            this.detector = detector;
        }
    }

    private final MonitorConfig config;
    private final Clock clock;
    private final AlertEvaluator alerts;
    private final Function<Object, String> labelOf;
    private final Supplier<ConceptDriftDetector> detectors;
    private final Map<String, VariantWindow> windows = new ConcurrentHashMap<>();
    private final Map<String, Outcomes> outcomes = new ConcurrentHashMap<>();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicReferenceArray<String> joinRing;
    private final AtomicLong joinPosition = new AtomicLong();
    private final Deque<WindowMetrics> recent = new ArrayDeque<>();
    private final LongAdder unmatchedFeedback = new LongAdder();
    private final LongAdder evictedPredictions = new LongAdder();
    private final LongAdder alertFailures = new LongAdder();

    private ModelMonitor(Builder b) {
        this.config = new MonitorConfig(b.schema, b.reference, b.windowSize, b.confidenceThreshold);
        this.clock = b.clock;
        this.alerts = b.alerts;
        this.labelOf = b.labelOf;
        this.detectors = b.detectors;
        this.joinRing = new AtomicReferenceArray<>(b.feedbackCapacity);
    }

    /** @return a builder with windows of 1,000 predictions and no schema, reference or alerts */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void onPrediction(PredictionEvent<?, ?> event) {
        Objects.requireNonNull(event, "event");
        String model = event.model().toString();
        String key = event.endpoint() + '\u0000' + event.variant() + '\u0000' + model;
        String label = event.succeeded() ? label(event.output().orElse(null)) : null;
        VariantWindow window = windows.computeIfAbsent(key,
                k -> new VariantWindow(event.endpoint(), event.variant(), model, config));
        WindowMetrics closed;
        synchronized (window) {
            closed = window.record(event, label);
        }
        if (event.succeeded()) {
            remember(event.predictionId(), new Pending(key, event.endpoint(), model, label));
        }
        if (closed != null) {
            publish(closed);
        }
    }

    private String label(Object output) {
        if (output == null) {
            return null;
        }
        try {
            return labelOf.apply(output);
        } catch (RuntimeException e) {
            LOG.warn("label function failed on {}", output, e);
            return null;
        }
    }

    private void remember(String predictionId, Pending p) {
        pending.put(predictionId, p);
        int slot = (int) (joinPosition.getAndIncrement() % joinRing.length());
        String evicted = joinRing.getAndSet(slot, predictionId);
        if (evicted != null && pending.remove(evicted) != null) {
            evictedPredictions.increment();
        }
    }

    private void publish(WindowMetrics m) {
        synchronized (recent) {
            recent.addLast(m);
            if (recent.size() > RECENT_WINDOWS) {
                recent.removeFirst();
            }
        }
        if (alerts == null) {
            return;
        }
        String window = "window " + m.window() + " (" + m.predictions() + " predictions)";
        List<MetricSample> samples = new ArrayList<>();
        samples.add(sample(ERROR_RATIO, m.errorRatio(), m, window));
        samples.add(sample(LATENCY_P99, m.latencyP99Seconds(), m, window));
        samples.add(sample(NULL_OUTPUT_RATIO, m.nullOutputRatio(), m, window));
        samples.add(sample(LOW_CONFIDENCE_RATIO, m.lowConfidenceRatio(), m, window));
        if (config.schema() != null) {
            samples.add(sample(MISSING_RATIO, m.maxMissingRatio(), m, window));
            samples.add(sample(OUT_OF_RANGE_RATIO,
                    m.outOfRangeRatio().values().stream().mapToDouble(Double::doubleValue).max().orElse(0.0), m, window));
        }
        if (config.reference() != null) {
            samples.add(sample(DRIFTED_FEATURES, m.driftedFeatures().size(), m, window)
                    .withTopDriftedFeatures(top(m)));
            samples.add(sample(DRIFT_SHARE, m.driftedShare(), m, window).withTopDriftedFeatures(top(m)));
        }
        evaluate(samples);
    }

    private static List<org.mlops4j.monitoring.alert.DriftedFeature> top(WindowMetrics m) {
        return m.driftedFeatures().subList(0, Math.min(5, m.driftedFeatures().size()));
    }

    private static MetricSample sample(String metric, double value, WindowMetrics m, String window) {
        return new MetricSample(metric, value, m.end(), m.endpoint(), m.model(), window, List.of());
    }

    private void evaluate(List<MetricSample> samples) {
        for (MetricSample s : samples) {
            try {
                alerts.evaluate(s);
            } catch (RuntimeException e) {
                alertFailures.increment();
                LOG.warn("alert evaluation failed for {}", s.metric(), e);
            }
        }
    }

    /**
     * Joins the true outcome of a prediction: online accuracy and the concept-drift detector.
     *
     * @param predictionId the prediction's id ({@link PredictionEvent#predictionId()})
     * @param groundTruth the true answer, compared with the prediction through the label function
     * @return true when joined; false when the id is unknown, already labelled or out of the join window
     */
    public boolean recordFeedback(String predictionId, Object groundTruth) {
        Objects.requireNonNull(predictionId, "predictionId");
        Objects.requireNonNull(groundTruth, "groundTruth");
        Pending p = pending.remove(predictionId);
        if (p == null) {
            unmatchedFeedback.increment();
            return false;
        }
        boolean correct = Objects.equals(p.label(), label(groundTruth));
        Outcomes o = outcomes.computeIfAbsent(p.key(), k -> new Outcomes(detectors.get()));
        List<MetricSample> samples = new ArrayList<>(2);
        Instant now = clock.now();
        synchronized (o) {
            o.labelled++;
            if (correct) {
                o.correct++;
            }
            if (o.detector.update(correct ? 0.0 : 1.0) == DriftState.DRIFT) {
                samples.add(new MetricSample(CONCEPT_DRIFT, 1.0, now, p.endpoint(), p.model(),
                        "after " + o.labelled + " labelled predictions", List.of()));
            }
            if (o.labelled % config.windowSize() == 0) {
                samples.add(new MetricSample(ACCURACY, (double) o.correct / config.windowSize(), now, p.endpoint(),
                        p.model(), "last " + config.windowSize() + " labelled predictions", List.of()));
                o.correct = 0;
            }
        }
        if (alerts != null) {
            evaluate(samples);
        }
        return true;
    }

    /**
     * Counts what a user did with an answer. Every {@code windowSize} signals of a key, the share of
     * rejected and rephrased answers goes to the alerts as {@value #REJECTED_RATIO}.
     *
     * @param predictionId the prediction's id
     * @param signal what the user did
     * @return true when the prediction is still in the join window
     */
    public boolean recordUserSignal(String predictionId, UserSignal signal) {
        Objects.requireNonNull(predictionId, "predictionId");
        Objects.requireNonNull(signal, "signal");
        Pending p = pending.get(predictionId);
        if (p == null) {
            unmatchedFeedback.increment();
            return false;
        }
        Outcomes o = outcomes.computeIfAbsent(p.key(), k -> new Outcomes(detectors.get()));
        MetricSample sample = null;
        synchronized (o) {
            o.signals.computeIfAbsent(signal, s -> new long[1])[0]++;
            o.signalCount++;
            if (o.signalCount % config.windowSize() == 0) {
                long bad = o.signals.getOrDefault(UserSignal.REJECTED, new long[1])[0]
                        + o.signals.getOrDefault(UserSignal.REPHRASED, new long[1])[0];
                sample = new MetricSample(REJECTED_RATIO, (double) bad / config.windowSize(), clock.now(),
                        p.endpoint(), p.model(), "last " + config.windowSize() + " user signals", List.of());
                o.signals.clear();
            }
        }
        if (sample != null && alerts != null) {
            evaluate(List.of(sample));
        }
        return true;
    }

    /** @return the metrics of the most recent completed windows (up to 100), oldest first */
    public List<WindowMetrics> recentWindows() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    /** @return feedback or signals whose prediction was unknown, already labelled, or evicted */
    public long unmatchedFeedback() {
        return unmatchedFeedback.sum();
    }

    /** @return predictions evicted from the join window before any feedback arrived */
    public long evictedPredictions() {
        return evictedPredictions.sum();
    }

    /** @return alert evaluations that threw */
    public long alertFailures() {
        return alertFailures.sum();
    }

    /** Configures a {@link ModelMonitor}; not thread-safe. */
    public static final class Builder {
        private Schema schema;
        private ReferenceProfile reference;
        private int windowSize = 1000;
        private double confidenceThreshold = 0.5;
        private int feedbackCapacity = 100_000;
        private AlertEvaluator alerts;
        private Clock clock = Clock.system();
        private Function<Object, String> labelOf = String::valueOf;
        private Supplier<ConceptDriftDetector> detectors = ConceptDriftDetectors::ddm;

        private Builder() {
        }

        /** @param value the input schema: enables missing and out-of-range metrics @return this builder */
        public Builder schema(Schema value) {
            this.schema = Objects.requireNonNull(value, "schema");
            return this;
        }

        /**
         * @param value the reference profile: enables input drift metrics (and sets the schema to
         *     its schema unless one was given)
         * @return this builder
         */
        public Builder reference(ReferenceProfile value) {
            this.reference = Objects.requireNonNull(value, "reference");
            return this;
        }

        /**
         * @param value predictions per window (and labelled predictions per accuracy window), >= 2
         * @return this builder
         */
        public Builder windowSize(int value) {
            if (value < 2) {
                throw new IllegalArgumentException("windowSize must be >= 2 but was " + value);
            }
            this.windowSize = value;
            return this;
        }

        /** @param value answers below it count as low-confidence, in [0, 1] @return this builder */
        public Builder confidenceThreshold(double value) {
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException("confidenceThreshold must be in [0, 1] but was " + value);
            }
            this.confidenceThreshold = value;
            return this;
        }

        /** @param value predictions kept for joining feedback, >= 1 @return this builder */
        public Builder feedbackCapacity(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("feedbackCapacity must be >= 1 but was " + value);
            }
            this.feedbackCapacity = value;
            return this;
        }

        /** @param value where window metrics are checked @return this builder */
        public Builder alerts(AlertEvaluator value) {
            this.alerts = Objects.requireNonNull(value, "alerts");
            return this;
        }

        /** @param value the clock of feedback samples @return this builder */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * @param value reads the predicted label of an answer, and of a ground truth (for example
         *     {@code p -> TribuoPredictions.label((Prediction<Label>) p)}); default {@code String::valueOf}
         * @return this builder
         */
        public Builder labelOf(Function<Object, String> value) {
            this.labelOf = Objects.requireNonNull(value, "labelOf");
            return this;
        }

        /** @param value makes the concept-drift detector of each key @return this builder */
        public Builder conceptDetector(Supplier<ConceptDriftDetector> value) {
            this.detectors = Objects.requireNonNull(value, "conceptDetector");
            return this;
        }

        /**
         * @return the monitor
         * @throws IllegalArgumentException if the schema and the reference's schema differ
         */
        public ModelMonitor build() {
            if (reference != null) {
                if (schema == null) {
                    schema = reference.schema();
                } else if (!schema.equals(reference.schema())) {
                    throw new IllegalArgumentException("schema and reference profile schema differ: " + schema
                            + " vs " + reference.schema());
                }
            }
            return new ModelMonitor(this);
        }
    }
}
