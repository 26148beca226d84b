package org.mlops4j.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.mlops4j.core.Clock;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.PredictionListener;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.alert.AlertEvaluator;
import org.mlops4j.monitoring.alert.MetricSample;
import org.mlops4j.monitoring.concept.ConceptDriftDetector;
import org.mlops4j.monitoring.concept.ConceptDriftDetectors;
import org.mlops4j.monitoring.concept.DriftState;
import org.mlops4j.monitoring.drift.DriftTests;
import org.mlops4j.monitoring.profile.ReferenceProfile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a running model: attach it to a {@code ModelEndpoint} as a listener (or feed it events
 * from any service) and it keeps, per endpoint, variant and model version, windows of predictions
 * (a fixed number of predictions, or time slots aligned to the epoch with
 * {@link Builder#windowDuration}, closing on whichever comes first), and for each window computes
 * <ul>
 *   <li>input metrics: per-feature missing, out-of-range (or wrong-type) and unseen-category
 *       ratios against a {@link Schema}, non-finite values, and drift of each feature against a
 *       {@link ReferenceProfile};</li>
 *   <li>output metrics: the null/empty-answer ratio, the share of each predicted label (or, with
 *       {@link Builder#valueOf}, quantiles of the predicted values), the drift of that
 *       distribution against reference predictions, the confidence distribution (p10, p50) and the
 *       share below a threshold;</li>
 *   <li>software metrics: error and timeout ratios, latency p50/p95/p99 (a KLL sketch) and
 *       throughput;</li>
 * </ul>
 * and sends them as {@link MetricSample}s to an {@link AlertEvaluator}. Feedback that arrives later
 * ({@link #recordFeedback}) is joined to its prediction by id within a bounded join window: online
 * accuracy (or, for a regression model, RMSE and MAE) goes to the alerts every window of labelled
 * predictions, and the errors (0/1, or absolute for regression) feed a concept-drift detector
 * (DDM by default, Page-Hinkley for regression), whose DRIFT becomes a {@code mlops.concept.drift}
 * sample. User signals ({@link #recordUserSignal}) are counted the same way.
 *
 * <p>Cost on the serving thread: counting and copying references only (no allocation per feature);
 * the profile of a closed window's inputs and its drift tests run on the
 * {@link Builder#analysisExecutor analysis executor}, the calling thread by default. Memory is
 * bounded: per key one open window (counters, sketches, and the window's input values up to 5,000
 * rows, then sketches), a reservoir of at most 5,000 predicted values, and a join window of
 * {@code feedbackCapacity} predictions. Thread-safe: each key's window has its own lock, held only
 * while counting one event; analysis and alert rules run outside it. A failing analysis or alert
 * evaluation is logged and counted.
 */
public final class ModelMonitor implements PredictionListener<Object, Object> {

    /** Metric: the largest per-feature missing-input ratio of a window. */
    public static final String MISSING_RATIO = "mlops.input.missing.ratio";
    /** Metric: the largest per-feature out-of-range (or wrong-type) ratio of a window. */
    public static final String OUT_OF_RANGE_RATIO = "mlops.input.out_of_range.ratio";
    /** Metric: the largest per-feature unseen-category ratio of a window. */
    public static final String UNSEEN_CATEGORY_RATIO = "mlops.input.unseen_category.ratio";
    /** Metric: 1 when the window's prediction distribution drifted from the reference predictions. */
    public static final String PREDICTION_DRIFT = "mlops.output.drift";
    /** Metric: predictions that timed out / predictions. */
    public static final String TIMEOUT_RATIO = "mlops.prediction.timeout.ratio";
    /** Metric: root mean squared error over a window of labelled predictions (regression). */
    public static final String RMSE = "mlops.performance.rmse";
    /** Metric: mean absolute error over a window of labelled predictions (regression). */
    public static final String MAE = "mlops.performance.mae";
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

    private record Key(String endpoint, String variant, ModelRef model) {
    }

    private record Pending(Key key, String model, String label, double value) {
    }

    /** Labelled-feedback and user-signal state of one key; guarded by its own monitor. */
    private static final class Outcomes {
        final ConceptDriftDetector detector;
        long labelled;
        long correct;
        double squaredError;
        double absoluteError;
        double lastAccuracy = Double.NaN;
        double lastRmse = Double.NaN;
        double lastMae = Double.NaN;
        double lastRejected = Double.NaN;
        long conceptDrifts;
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
    private final ToDoubleFunction<Object> valueOf;
    private final Supplier<ConceptDriftDetector> detectors;
    private final Executor analysis;
    private final Map<Key, VariantWindow> windows = new ConcurrentHashMap<>();
    private final Map<Key, Outcomes> outcomes = new ConcurrentHashMap<>();
    private final JoinWindow<Pending> pending;
    private final Deque<WindowMetrics> recent = new ArrayDeque<>();
    private final LongAdder unmatchedFeedback = new LongAdder();
    private final LongAdder evictedPredictions = new LongAdder();
    private final LongAdder alertFailures = new LongAdder();
    private final LongAdder analysisFailures = new LongAdder();
    private final LongAdder droppedWindows = new LongAdder();
    private final LongAdder functionFailures = new LongAdder();
    private final LongAdder listenerFailures = new LongAdder();
    private final java.util.List<MonitorListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private ModelMonitor(Builder b) {
        this.config = new MonitorConfig(b.schema, b.reference, b.windowSize, b.windowDuration,
                b.confidenceThreshold, b.referencePredictions,
                b.referencePredictions == null ? null : DriftTests.auto(b.referencePredictions), b.referenceOutputs,
                b.referenceOutputs == null ? null : DriftTests.auto(b.referenceOutputs), b.valueOf);
        this.clock = b.clock;
        this.alerts = b.alerts;
        this.labelOf = b.labelOf;
        this.valueOf = b.valueOf;
        this.detectors = b.detectors != null ? b.detectors
                : b.valueOf != null ? ConceptDriftDetectors::pageHinkley : ConceptDriftDetectors::ddm;
        this.analysis = b.analysis;
        this.pending = new JoinWindow<>(b.feedbackCapacity);
    }

    /** @return a builder with windows of 1,000 predictions and no schema, reference or alerts */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void onPrediction(PredictionEvent<?, ?> event) {
        Objects.requireNonNull(event, "event");
        Key key = new Key(event.endpoint(), event.variant(), event.model());
        Object output = event.succeeded() ? event.output().orElse(null) : null;
        String label = valueOf == null ? label(output) : null;
        double value = value(output);
        VariantWindow window = windows.get(key);
        if (window == null) {
            window = windows.computeIfAbsent(key,
                    k -> new VariantWindow(k.endpoint(), k.variant(), k.model().toString(), config));
        }
        ClosedWindow expired = null;
        ClosedWindow full = null;
        synchronized (window) {
            if (window.expired(event.timestamp())) {
                expired = window.close(window.slotEnd());
            }
            window.record(event, label, value);
            if (window.full()) {
                full = window.close(event.timestamp());
            }
        }
        if (event.succeeded()) {
            remember(event.predictionId(), new Pending(key, window.model, label, value));
        }
        if (expired != null) {
            submit(expired);
        }
        if (full != null) {
            submit(full);
        }
    }

    /**
     * Closes every open window that holds a prediction, now: at shutdown, before a report, or
     * before a rollout step is judged. Their metrics are analysed and published as usual.
     */
    public void flush() {
        Instant now = clock.now();
        for (VariantWindow w : windows.values()) {
            ClosedWindow closed = null;
            synchronized (w) {
                if (!w.isEmpty()) {
                    closed = w.close(now);
                }
            }
            if (closed != null) {
                submit(closed);
            }
        }
    }

    /**
     * Closes the time windows whose slot has ended by the clock's now, for endpoints that went
     * quiet (a busy endpoint closes its windows on its next prediction). Call it on a schedule when
     * {@link Builder#windowDuration} is set; a no-op with count windows only.
     */
    public void closeExpiredWindows() {
        Instant now = clock.now();
        for (VariantWindow w : windows.values()) {
            ClosedWindow closed = null;
            synchronized (w) {
                if (w.expired(now)) {
                    closed = w.close(w.slotEnd());
                }
            }
            if (closed != null) {
                submit(closed);
            }
        }
    }

    /** Counts a failing label or value function; logs the first at WARN and the rest at DEBUG. */
    private void functionFailure(String function, Object answer, RuntimeException e) {
        functionFailures.increment();
        if (functionFailures.sum() == 1) {
            LOG.warn("{} function failed on {}; such answers are counted without it (further failures are logged "
                    + "at DEBUG and counted in functionFailures())", function, answer, e);
        } else {
            LOG.debug("{} function failed on {}", function, answer, e);
        }
    }

    private void submit(ClosedWindow closed) {
        try {
            analysis.execute(() -> {
                WindowMetrics metrics;
                try {
                    metrics = closed.analyse();
                } catch (RuntimeException e) {
                    analysisFailures.increment();
                    LOG.warn("analysis of a closed window failed", e);
                    return;
                }
                publish(metrics);
            });
        } catch (RejectedExecutionException e) {
            droppedWindows.increment();
            LOG.warn("analysis executor rejected a closed window; its metrics are lost", e);
        }
    }

    private double value(Object output) {
        if (valueOf == null || output == null) {
            return Double.NaN;
        }
        try {
            return valueOf.applyAsDouble(output);
        } catch (RuntimeException e) {
            functionFailure("value", output, e);
            return Double.NaN;
        }
    }

    private String label(Object output) {
        if (output == null) {
            return null;
        }
        try {
            return labelOf.apply(output);
        } catch (RuntimeException e) {
            functionFailure("label", output, e);
            return null;
        }
    }

    private void remember(String predictionId, Pending p) {
        if (pending.put(predictionId, p)) {
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
        notify(l -> l.onWindow(m));
        if (alerts == null) {
            return;
        }
        String window = "window " + m.window() + " (" + m.predictions() + " predictions)";
        List<MetricSample> samples = new ArrayList<>();
        samples.add(sample(ERROR_RATIO, m.errorRatio(), m, window));
        samples.add(sample(TIMEOUT_RATIO, m.timeoutRatio(), m, window));
        samples.add(sample(LATENCY_P99, m.latencyP99Seconds(), m, window));
        samples.add(sample(NULL_OUTPUT_RATIO, m.nullOutputRatio(), m, window));
        samples.add(sample(LOW_CONFIDENCE_RATIO, m.lowConfidenceRatio(), m, window));
        if (config.schema() != null) {
            samples.add(sample(MISSING_RATIO, m.maxMissingRatio(), m, window));
            samples.add(sample(OUT_OF_RANGE_RATIO, m.maxOutOfRangeRatio(), m, window));
            samples.add(sample(UNSEEN_CATEGORY_RATIO, m.maxUnseenCategoryRatio(), m, window));
        }
        m.predictionDrift().ifPresent(d -> samples.add(sample(PREDICTION_DRIFT, d.drifted() ? 1.0 : 0.0, m, window)));
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
                for (org.mlops4j.monitoring.alert.Alert a : alerts.evaluate(s)) {
                    notify(l -> l.onAlert(a));
                }
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
        Pending p = pending.take(predictionId).orElse(null);
        if (p == null) {
            unmatchedFeedback.increment();
            return false;
        }
        boolean regression = valueOf != null && !Double.isNaN(p.value());
        double error = regression ? p.value() - value(groundTruth) : Double.NaN;
        if (regression && Double.isNaN(error)) {
            unmatchedFeedback.increment();
            LOG.warn("feedback for {} has no numeric value: {}", predictionId, groundTruth);
            return false;
        }
        boolean correct = !regression && Objects.equals(p.label(), label(groundTruth));
        Outcomes o = outcomes.computeIfAbsent(p.key(), k -> new Outcomes(detectors.get()));
        List<MetricSample> samples = new ArrayList<>(2);
        Instant now = clock.now();
        String endpoint = p.key().endpoint();
        int size = config.windowSize();
        boolean completed;
        synchronized (o) {
            completed = false;
            o.labelled++;
            if (correct) {
                o.correct++;
            }
            o.squaredError += regression ? error * error : 0.0;
            o.absoluteError += regression ? Math.abs(error) : 0.0;
            double observed = regression ? Math.abs(error) : correct ? 0.0 : 1.0;
            if (o.detector.update(observed) == DriftState.DRIFT) {
                o.conceptDrifts++;
                samples.add(new MetricSample(CONCEPT_DRIFT, 1.0, now, endpoint, p.model(),
                        "after " + o.labelled + " labelled predictions", List.of()));
            }
            if (o.labelled % size == 0) {
                String window = "last " + size + " labelled predictions";
                if (regression) {
                    o.lastRmse = Math.sqrt(o.squaredError / size);
                    o.lastMae = o.absoluteError / size;
                    samples.add(new MetricSample(RMSE, o.lastRmse, now, endpoint, p.model(), window, List.of()));
                    samples.add(new MetricSample(MAE, o.lastMae, now, endpoint, p.model(), window, List.of()));
                } else {
                    o.lastAccuracy = (double) o.correct / size;
                    samples.add(new MetricSample(ACCURACY, o.lastAccuracy, now, endpoint, p.model(), window,
                            List.of()));
                }
                o.correct = 0;
                o.squaredError = 0;
                o.absoluteError = 0;
                completed = true;
            }
        }
        if (completed) {
            FeedbackMetrics f = feedback(p.key(), o);
            notify(l -> l.onFeedback(f));
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
        Pending p = pending.get(predictionId).orElse(null);
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
                o.lastRejected = (double) bad / config.windowSize();
                sample = new MetricSample(REJECTED_RATIO, o.lastRejected, clock.now(),
                        p.key().endpoint(), p.model(), "last " + config.windowSize() + " user signals", List.of());
                o.signals.clear();
            }
        }
        if (sample != null) {
            FeedbackMetrics f = feedback(p.key(), o);
            notify(l -> l.onFeedback(f));
        }
        if (sample != null && alerts != null) {
            evaluate(List.of(sample));
        }
        return true;
    }

    /**
     * Adds a listener that hears every analysed window, completed feedback window and alert from
     * now on.
     *
     * @param listener the listener
     */
    public void addListener(MonitorListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Removes a listener added with {@link #addListener}.
     *
     * @param listener the listener
     * @return true when it was registered
     */
    public boolean removeListener(MonitorListener listener) {
        return listeners.remove(Objects.requireNonNull(listener, "listener"));
    }

    /** @return listener calls that threw (logged) */
    public long listenerFailures() {
        return listenerFailures.sum();
    }

    private void notify(java.util.function.Consumer<MonitorListener> call) {
        for (MonitorListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                listenerFailures.increment();
                LOG.warn("monitor listener {} failed", l, e);
            }
        }
    }

    /** @return the feedback figures of every key that received feedback or user signals */
    public List<FeedbackMetrics> feedbackMetrics() {
        List<FeedbackMetrics> out = new ArrayList<>();
        outcomes.forEach((key, o) -> out.add(feedback(key, o)));
        return out;
    }

    /**
     * The feedback figures of one key.
     *
     * @param endpoint the endpoint
     * @param variant the variant
     * @param model the model version, {@code name/version}
     * @return the figures, empty when that key received no feedback or user signal
     */
    public java.util.Optional<FeedbackMetrics> feedbackMetrics(String endpoint, String variant, String model) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(model, "model");
        for (Map.Entry<Key, Outcomes> e : outcomes.entrySet()) {
            Key k = e.getKey();
            if (k.endpoint().equals(endpoint) && k.variant().equals(variant) && k.model().toString().equals(model)) {
                return java.util.Optional.of(feedback(k, e.getValue()));
            }
        }
        return java.util.Optional.empty();
    }

    private static FeedbackMetrics feedback(Key key, Outcomes o) {
        synchronized (o) {
            return new FeedbackMetrics(key.endpoint(), key.variant(), key.model().toString(), o.labelled,
                    o.lastAccuracy, o.lastRmse, o.lastMae, o.lastRejected, o.conceptDrifts);
        }
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

    /** @return answers or ground truths the label or value function threw on (the first logged at WARN) */
    public long functionFailures() {
        return functionFailures.sum();
    }

    /** @return closed windows whose analysis threw (logged) */
    public long analysisFailures() {
        return analysisFailures.sum();
    }

    /** @return closed windows the analysis executor rejected (logged) */
    public long droppedWindows() {
        return droppedWindows.sum();
    }

    /** Configures a {@link ModelMonitor}; not thread-safe. */
    public static final class Builder {
        private Schema schema;
        private ReferenceProfile reference;
        private int windowSize = 1000;
        private Duration windowDuration;
        private double confidenceThreshold = 0.5;
        private Map<String, Long> referencePredictions;
        private double[] referenceOutputs;
        private ToDoubleFunction<Object> valueOf;
        private Executor analysis = Runnable::run;
        private int feedbackCapacity = 100_000;
        private AlertEvaluator alerts;
        private Clock clock = Clock.system();
        private Function<Object, String> labelOf = String::valueOf;
        private Supplier<ConceptDriftDetector> detectors;

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

        /**
         * Makes windows time slots too: a window also closes when a prediction falls in a later
         * slot of this length (slots aligned to the epoch, so every replica cuts the same windows),
         * or on {@link ModelMonitor#closeExpiredWindows()}. Windows still close at
         * {@link #windowSize} predictions; raise it for purely time-based windows.
         *
         * @param value the slot length, at least one millisecond
         * @return this builder
         */
        public Builder windowDuration(Duration value) {
            Objects.requireNonNull(value, "windowDuration");
            if (value.toMillis() < 1) {
                throw new IllegalArgumentException("windowDuration must be at least 1 ms but was " + value);
            }
            this.windowDuration = value;
            return this;
        }

        /**
         * Enables prediction-distribution drift for a classifier: each window's label counts are
         * tested against these (the test {@link DriftTests#auto(Map)} picks).
         *
         * @param labelCounts count of each predicted label on the reference data (e.g. the
         *     champion's predictions on its validation set)
         * @return this builder
         * @throws IllegalArgumentException if the counts are empty, or a count is negative
         */
        public Builder referencePredictions(Map<String, Long> labelCounts) {
            Objects.requireNonNull(labelCounts, "referencePredictions");
            DriftTests.auto(labelCounts);
            this.referencePredictions = Map.copyOf(labelCounts);
            return this;
        }

        /**
         * Enables prediction-distribution drift for a regression model: each window's predicted
         * values (a uniform sample of up to 5,000) are tested against these with the test
         * {@link DriftTests#auto(double[])} picks. Needs {@link #valueOf}.
         *
         * @param values predicted values on the reference data
         * @return this builder
         * @throws IllegalArgumentException if there are none, or one is not finite
         */
        public Builder referenceOutputs(double[] values) {
            Objects.requireNonNull(values, "referenceOutputs");
            for (int i = 0; i < values.length; i++) {
                if (!Double.isFinite(values[i])) {
                    throw new IllegalArgumentException("referenceOutputs[" + i + "] must be finite but was " + values[i]);
                }
            }
            DriftTests.auto(values);
            this.referenceOutputs = values.clone();
            return this;
        }

        /**
         * Declares a regression model: reads the predicted value of an answer and of a ground
         * truth (for example {@code p -> ((Prediction<Regressor>) p).getOutput().getValues()[0]}).
         * Windows then report quantiles of the predicted values, feedback gives RMSE and MAE
         * instead of accuracy, and the concept-drift detector (Page-Hinkley unless set) receives
         * absolute errors.
         *
         * @param value the value function
         * @return this builder
         */
        public Builder valueOf(ToDoubleFunction<Object> value) {
            this.valueOf = Objects.requireNonNull(value, "valueOf");
            return this;
        }

        /**
         * Where closed windows are analysed (inputs profiled, drift tests run, metrics published):
         * the calling thread by default, which is deterministic; a service passes a small executor
         * (one thread is plenty) to keep that work off its serving threads. A window the executor
         * rejects is logged and counted ({@link ModelMonitor#droppedWindows()}).
         *
         * @param value the executor
         * @return this builder
         */
        public Builder analysisExecutor(Executor value) {
            this.analysis = Objects.requireNonNull(value, "analysisExecutor");
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
         * @throws IllegalArgumentException if the schema and the reference's schema differ, or
         *     reference outputs are set without {@link #valueOf} or together with reference predictions
         */
        public ModelMonitor build() {
            if (referenceOutputs != null && valueOf == null) {
                throw new IllegalArgumentException("referenceOutputs needs valueOf: the monitor cannot read the "
                        + "predicted value of an answer without it");
            }
            if (referenceOutputs != null && referencePredictions != null) {
                throw new IllegalArgumentException("set referencePredictions (a classifier) or referenceOutputs "
                        + "(a regression model), not both");
            }
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
