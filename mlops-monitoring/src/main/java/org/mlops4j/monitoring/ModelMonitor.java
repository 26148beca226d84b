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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.mlops4j.core.Clock;
import org.mlops4j.core.OutputKind;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.PredictionListener;
import org.mlops4j.core.features.FeatureExtractor;
import org.mlops4j.core.features.FeatureReader;
import org.mlops4j.core.feedback.FeedbackEvent;
import org.mlops4j.core.feedback.FeedbackListener;
import org.mlops4j.core.feedback.FeedbackMismatchException;
import org.mlops4j.core.feedback.GroundTruth;
import org.mlops4j.core.feedback.PredictionField;
import org.mlops4j.core.feedback.UserSignal;
import org.mlops4j.core.fleet.WindowAggregate;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.ModelSignature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.core.signal.MetricName;
import org.mlops4j.core.signal.SignalKind;
import org.mlops4j.core.signal.VariantFigures;
import org.mlops4j.core.signal.VariantFiguresSource;
import org.mlops4j.monitoring.alert.Alert;
import org.mlops4j.monitoring.alert.AlertEvaluator;
import org.mlops4j.monitoring.alert.DriftedFeature;
import org.mlops4j.monitoring.alert.MetricSample;
import org.mlops4j.monitoring.concept.ConceptDriftDetector;
import org.mlops4j.monitoring.concept.ConceptDriftDetectors;
import org.mlops4j.monitoring.concept.DriftState;
import org.mlops4j.monitoring.multivariate.MultivariateDrift;
import org.mlops4j.monitoring.multivariate.MultivariateDriftResult;
import org.mlops4j.monitoring.multivariate.MultivariateWindow;
import org.mlops4j.monitoring.profile.DriftCheckConfig;
import org.mlops4j.monitoring.profile.ReferenceProfile;
import org.mlops4j.monitoring.profile.WindowDriftCheck;
import org.mlops4j.monitoring.reference.ReferencePolicy;
import org.mlops4j.monitoring.internal.SegmentTally;
import org.mlops4j.monitoring.segment.SegmentWindow;
import org.mlops4j.monitoring.segment.Segmentation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a running model. Attach it to a {@code ModelEndpoint} as a listener (it then also receives
 * the feedback the endpoint joins), or feed it events and feedback from any service. It keeps, per
 * endpoint, variant and model version, windows of predictions (a fixed number of predictions, or
 * time slots aligned to the epoch with {@link Builder#windowDuration}, closing on whichever comes
 * first), and for each window computes
 * <ul>
 *   <li>input metrics: per-feature missing, out-of-range (or wrong-type) and unseen-category ratios
 *       against a {@link Schema}, non-finite values, inputs it could not read, and drift of each
 *       feature against a {@link ReferenceProfile} (settings: {@link Builder#drift});</li>
 *   <li>output metrics: the null/empty-answer ratio, the share of each predicted label (or, for a
 *       regression model, quantiles of the predicted values), the drift of that distribution
 *       against the baseline's predictions, the confidence distribution (p10, p50) and the share
 *       below a threshold;</li>
 *   <li>software metrics: error and timeout ratios, latency p50/p95/p99 (a KLL sketch) and
 *       throughput;</li>
 * </ul>
 * and sends them as {@link MetricSample}s named by {@link MetricName} to an {@link AlertEvaluator},
 * and as {@link WindowMetrics} to its {@link MonitorListener}s.
 *
 * <p><b>Any input, typed outputs.</b> Features are read through a {@link FeatureExtractor} (maps,
 * records and getters by default); an input it cannot read is counted
 * ({@link MetricName#UNREADABLE_INPUT_RATIO}, logged once), never taken for missing values. Answers
 * are read through an {@link OutputReader}: a classifier's labels, a regression model's values.
 *
 * <p><b>Feedback.</b> Ground truth joined to its prediction ({@link #onFeedback}) gives online
 * accuracy (or, for a regression model, RMSE and MAE) every window of labelled predictions, and the
 * errors (0/1, or absolute for regression) feed a concept-drift detector (DDM by default,
 * Page-Hinkley for regression) whose DRIFT becomes a {@link MetricName#CONCEPT_DRIFT} sample of 1 at
 * once; each window of labelled predictions ends with a sample of 1 if it saw a drift and 0 if not,
 * so that a concept-drift alert resolves after a quiet window and fires again at a later drift. User
 * signals give the share of negative ones. Feedback that cannot be compared with its prediction (a
 * value for a classifier, a label for answers the reader cannot label) is refused with a
 * {@link FeedbackMismatchException} rather than counted wrong.
 *
 * <p><b>Figures for rollouts.</b> Per key the monitor also keeps running counters (routed requests,
 * errors, timeouts, fallbacks, the latest 5,000 latencies, label counts, labelled and correct
 * answers), which a rollout's analysis reads as {@link VariantFigures} instead of counting the same
 * traffic again.
 *
 * <p><b>Threads.</b> The serving thread only counts and copies references (no allocation per
 * feature); a closed window's profile, drift tests, alert rules and sinks run on the analysis
 * executor: by default one daemon thread the monitor owns (a bounded queue of 64 windows; a window
 * that finds it full is dropped and counted) and stops on {@link #close()}.
 * {@link Builder#sameThreadAnalysis()} analyses on the calling thread, for tests. Memory is bounded:
 * per key one open window (counters, sketches, the window's input values up to 5,000 rows, then
 * sketches), a reservoir of at most 5,000 predicted values, and the running figures. Thread-safe:
 * each key's window has its own lock, held only while counting one event. A failing analysis,
 * alert evaluation or listener is logged and counted.
 *
 * @param <O> the answer type
 */
public final class ModelMonitor<O> implements PredictionListener<Object, O>, FeedbackListener<Object, O>,
        VariantFiguresSource, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelMonitor.class);
    private static final int RECENT_WINDOWS = 100;
    private static final int ANALYSIS_QUEUE = 64;
    private static final Set<PredictionField> OUTPUT_ONLY = Set.of(PredictionField.OUTPUT);
    /** What a monitor that estimates performance reads: a late label finds its window by the prediction's time. */
    private static final Set<PredictionField> OUTPUT_AND_TIME = Set.of(PredictionField.OUTPUT, PredictionField.TIMESTAMP);

    private record Key(String endpoint, String variant, ModelRef model) {
    }

    /** Labelled-feedback and user-signal state of one key; guarded by its own monitor. */
    private static final class Outcomes {
        final ConceptDriftDetector detector;
        long labelled;
        long correct;
        long windowLabelled;
        long windowCorrect;
        double squaredError;
        double absoluteError;
        double lastAccuracy = Double.NaN;
        double lastRmse = Double.NaN;
        double lastMae = Double.NaN;
        double lastRejected = Double.NaN;
        long conceptDrifts;
        /** Labelled and correct answers of routed calls only (no fallback answers), for rollout figures. */
        long routedLabelled;
        long routedCorrect;
        /** Drifts detected within the current window of labelled predictions. */
        long windowDrifts;
        /** Completed windows of labelled predictions. */
        long feedbackWindows;
        final Map<UserSignal, long[]> signals = new EnumMap<>(UserSignal.class);
        long signalCount;

        Outcomes(ConceptDriftDetector detector) {
            this.detector = detector;
        }
    }

    private volatile MonitorConfig config;
    private final FeatureExtractor<?> extractor;
    private final OutputReader<? super O> outputs;
    private final Clock clock;
    private final AlertEvaluator alerts;
    private final Supplier<ConceptDriftDetector> detectors;
    private final Executor analysis;
    private final ThreadPoolExecutor ownExecutor;
    /** Built with a {@link FleetPublisher}: only then do windows count what a fleet merges. */
    private final boolean fleet;
    private final Map<Key, VariantWindow> windows = new ConcurrentHashMap<>();
    /** The window of the latest event: most events belong to the same variant as the one before. */
    private volatile VariantWindow lastWindow;
    private final Map<Key, Outcomes> outcomes = new ConcurrentHashMap<>();
    private final Deque<WindowMetrics> recent = new ArrayDeque<>();
    private final Deque<FeedbackWindow> recentFeedback = new ArrayDeque<>();
    /** Multivariate drift of each analysed window; null when off. */
    private final MultivariateDrift multivariate;
    private final Deque<MultivariateWindow> recentMultivariate = new ArrayDeque<>();
    /** The latest window profiles per (endpoint, variant, model version as text). */
    private final Map<List<String>, WindowProfiles> profiles = new ConcurrentHashMap<>();
    /** The reference of the latest window per (endpoint, variant, model version as text). */
    private final Map<List<String>, WindowReference> references = new ConcurrentHashMap<>();
    private final List<MonitorListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean warnedUnreadable = new AtomicBoolean();
    private final AtomicBoolean warnedUnlabelled = new AtomicBoolean();
    private final AtomicBoolean warnedMultivariateSchema = new AtomicBoolean();
    private final LongAdder unreadableInputs = new LongAdder();
    private final LongAdder alertFailures = new LongAdder();
    private final LongAdder analysisFailures = new LongAdder();
    private final LongAdder droppedWindows = new LongAdder();
    private final LongAdder functionFailures = new LongAdder();
    private final LongAdder listenerFailures = new LongAdder();
    /** Performance estimation without labels: null when the monitor does not estimate. */
    private final Estimator estimator;
    private final EstimateHistory estimates;
    private final Deque<EstimatedWindow> recentEstimates = new ArrayDeque<>();
    /** Per-segment figures ({@link Builder#segments}): null without segments. */
    private final Segmentation segmentation;
    private final Deque<SegmentWindow> recentSegments = new ArrayDeque<>();
    private final LongAdder segmentFailures = new LongAdder();
    /** Answers whose scores the performance estimate could not read. */
    private final LongAdder scoreFailures = new LongAdder();

    private ModelMonitor(Builder<O> b, MonitorConfig config) {
        this.config = config;
        this.extractor = b.features;
        this.outputs = b.outputs;
        this.clock = b.clock;
        this.alerts = b.alerts;
        this.detectors = b.detectors != null ? b.detectors
                : b.outputs.kind() == OutputKind.REGRESSION ? ConceptDriftDetectors::pageHinkley
                : ConceptDriftDetectors::ddm;
        if (b.analysis != null) {
            this.analysis = b.analysis;
            this.ownExecutor = null;
        } else {
            this.ownExecutor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                    new ArrayBlockingQueue<>(ANALYSIS_QUEUE), r -> {
                        Thread t = new Thread(r, "mlops-monitor-analysis");
                        t.setDaemon(true);
                        return t;
                    });
            this.analysis = ownExecutor;
        }
        listeners.addAll(b.listeners);
        this.estimator = b.estimation == null ? null : b.estimation.bind(b.outputs);
        this.estimates = estimator == null ? null : new EstimateHistory(estimator);
        this.multivariate = b.multivariate;
        this.fleet = b.listeners.stream().anyMatch(FleetPublisher.class::isInstance);
        this.segmentation = b.segmentation;
    }

    /**
     * Starts a monitor of a model whose answers it reads through {@code outputs}.
     *
     * @param outputs reads labels or values (and confidence) of the answers, for example
     *     {@code OutputReader.classifier(Score::label)} or {@code TribuoOutputs.classifier()}
     * @param <O> the answer type
     * @return a builder with windows of 1,000 predictions and no schema, baseline or alerts
     */
    public static <O> Builder<O> builder(OutputReader<? super O> outputs) {
        return new Builder<>(Objects.requireNonNull(outputs, "outputs"));
    }

    /**
     * Starts a monitor of a model whose answers are not declared: plain label types (strings, enums,
     * booleans, integral numbers) are read as labels ({@link OutputReader#undeclared()}).
     *
     * @return a builder with windows of 1,000 predictions and no schema, baseline or alerts
     */
    public static Builder<Object> builder() {
        return new Builder<>(OutputReader.undeclared());
    }

    @Override
    public void onPrediction(PredictionEvent<?, ? extends O> event) {
        Objects.requireNonNull(event, "event");
        O output = event.succeeded() ? event.output().orElse(null) : null;
        String label = label(output);
        double value = value(output);
        // An endpoint passes the same endpoint, variant and model instances with every event of a
        // variant: the window of the previous event is found by identity, without a key or a lookup.
        VariantWindow window = lastWindow;
        if (window == null || window.endpoint != event.endpoint() || window.variant != event.variant()
                || window.modelRef != event.model()) {
            Key key = new Key(event.endpoint(), event.variant(), event.model());
            window = windows.get(key);
            if (window == null) {
                window = windows.computeIfAbsent(key, this::newWindow);
            }
            lastWindow = window;
        }
        ClosedWindow rebased = null;
        ClosedWindow expired = null;
        ClosedWindow full = null;
        boolean readable;
        boolean scored = true;
        RuntimeException scoreError = null;
        MonitorConfig current = config;
        int segment = segmentation == null ? SegmentTally.UNASSIGNED : segment(event.input());
        synchronized (window) {
            if (window.config() != current) {
                rebased = window.rebase(current, event.timestamp());
            }
            if (window.expired(event.timestamp())) {
                expired = window.close(window.slotEnd());
            }
            readable = window.record(event, label, value, segment);
            if (output != null && !event.fallback()) {
                try {
                    scored = window.scores.add(output, label);
                } catch (RuntimeException e) {
                    scored = false;
                    scoreError = e;
                }
            }
            if (window.full()) {
                full = window.close(event.timestamp());
            }
        }
        if (!readable) {
            unreadable(event);
        }
        if (!scored) {
            scoreFailure(output, scoreError);
        }
        submit(rebased);
        submit(expired);
        submit(full);
    }

    private VariantWindow newWindow(Key k) {
        VariantWindow w = new VariantWindow(k.endpoint(), k.variant(), k.model(), config, fleet);
        if (estimator != null) {
            w.scores = new ScoreBuffer(estimator, config.windowSize(), (k.endpoint() + k.variant() + k.model()).hashCode());
            w.estimates = estimates;
        }
        w.segmentBy(segmentation);
        return w;
    }

    /** Counts an answer whose scores the performance estimate could not read, logged at WARN the first time. */
    private void scoreFailure(Object output, RuntimeException error) {
        scoreFailures.increment();
        String type = output == null ? "null" : output.getClass().getName();
        if (scoreFailures.sum() == 1) {
            LOG.warn("performance estimate could not read the scores of an answer of type {} ({}); such answers are "
                    + "left out of the estimate (further failures are logged at DEBUG and counted in scoreFailures())",
                    type, error == null ? "missing or out-of-range score" : "the score function threw", error);
        } else {
            LOG.debug("performance estimate could not read the scores of an answer of type {}", type, error);
        }
    }

    /** The input's segment index; a failing segment function is counted and logged, its row in no segment. */
    private int segment(Object input) {
        try {
            return segmentation.indexOf(input);
        } catch (RuntimeException e) {
            segmentFailures.increment();
            if (segmentFailures.sum() == 1) {
                LOG.warn("segment function failed on an input of type {}; such predictions are counted in no segment "
                        + "(further failures are logged at DEBUG and counted in segmentFailures())",
                        input == null ? "null" : input.getClass().getName(), e);
            } else {
                LOG.debug("segment function failed", e);
            }
            return SegmentTally.UNASSIGNED;
        }
    }

    /** Analyses a closed window per segment, keeps and publishes its figures and evaluates their alert rules. */
    private void publishSegments(ClosedWindow closed, WindowMetrics m) {
        if (closed.segments == null) {
            return;
        }
        SegmentWindow s;
        try {
            s = closed.segments.analyse(m.endpoint(), m.variant(), m.model(), m.window(), m.start(), m.end(),
                    m.predictions());
        } catch (RuntimeException e) {
            analysisFailures.increment();
            LOG.warn("segment analysis of a closed window failed", e);
            return;
        }
        keepRecent(recentSegments, s);
        notify(l -> l.onSegments(s));
        if (alerts != null) {
            evaluate(s.samples());
        }
    }

    /**
     * The per-segment figures of the most recent analysed windows, every key's, in the order they
     * were analysed; empty without segments ({@link Builder#segments}).
     *
     * @return up to 100 windows' segment figures, oldest first
     */
    public List<SegmentWindow> recentSegmentWindows() {
        return recentOf(recentSegments);
    }

    /** @return the monitor's segmentation, empty without segments */
    public Optional<Segmentation> segmentation() {
        return Optional.ofNullable(segmentation);
    }

    /**
     * @return the model's answers whose scores the performance estimate could not read (the score
     *     function threw, or gave a missing or out-of-range score; the first logged at WARN): left out
     *     of the estimate, and per window in {@link EstimatedWindow#unreadable()}; 0 when the monitor does
     *     not estimate
     */
    public long scoreFailures() {
        return scoreFailures.sum();
    }

    /** @return predictions whose segment function threw (the first logged at WARN); they are in no segment */
    public long segmentFailures() {
        return segmentFailures.sum();
    }

    private void unreadable(PredictionEvent<?, ?> event) {
        unreadableInputs.increment();
        if (warnedUnreadable.compareAndSet(false, true)) {
            Object input = event.input();
            LOG.warn("monitor of '{}' cannot read the features {} of inputs of type {}: such inputs are counted "
                    + "as unreadable ({}), not as missing values. Give the monitor a FeatureExtractor that reads "
                    + "them (ModelMonitor.Builder.features)", event.endpoint(), config.reader().features(),
                    input == null ? "null" : input.getClass().getName(), MetricName.UNREADABLE_INPUT_RATIO.key());
        }
    }

    /**
     * Closes every open window that holds a prediction, now (at shutdown, before a report, or
     * before a rollout step is judged), and waits until their analysis is done when the monitor
     * analyses on its own executor (at most 30 seconds).
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
            submit(closed);
        }
        awaitAnalysis();
    }

    /** Waits until the own executor has analysed what was queued before this call. */
    private void awaitAnalysis() {
        if (ownExecutor == null || ownExecutor.isShutdown()) {
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        try {
            // The marker goes straight into the queue (waiting for room, unlike execute): start the
            // worker first, which a monitor that never analysed a window does not have yet.
            ownExecutor.prestartCoreThread();
            ownExecutor.getQueue().put(done::countDown);
            if (!done.await(30, TimeUnit.SECONDS)) {
                LOG.warn("monitor analysis did not catch up within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Closes the time windows whose slot has ended by the clock's now, for endpoints that went
     * quiet (a busy endpoint closes its windows on its next prediction). Call it on a schedule when
     * {@link Builder#windowDuration} is set (the closed loop does); a no-op with count windows only.
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
            submit(closed);
        }
    }

    /**
     * Compares traffic with another baseline from now on: when another model takes over (the
     * closed loop calls this after a promotion), its training data is the reference. Open windows
     * are closed and analysed under the old baseline; the next windows count under the new one.
     * Running figures, feedback windows and concept detectors are kept; the alert rules of data
     * drift start afresh (an incident they had fired is resolved).
     *
     * @param baseline the new baseline; its reference profile's schema becomes the monitor's schema
     * @throws IllegalArgumentException if the baseline's prediction reference does not suit the
     *     monitor's outputs (label counts for a regression model, or values for a classifier)
     */
    public void rebaseline(Baseline baseline) {
        Objects.requireNonNull(baseline, "baseline");
        checkBaseline(baseline, outputs.kind());
        MonitorConfig old = config;
        Schema schema = baseline.reference().map(ReferenceProfile::schema).orElse(old.schema());
        MonitorConfig next = old.with(schema, bind(extractor, schema), baseline);
        config = next;
        Instant now = clock.now();
        java.util.Set<String> endpoints = new java.util.HashSet<>();
        for (Map.Entry<Key, VariantWindow> e : windows.entrySet()) {
            VariantWindow w = e.getValue();
            endpoints.add(e.getKey().endpoint());
            ClosedWindow closed;
            synchronized (w) {
                closed = w.config() == next ? null : w.rebase(next, now);
            }
            submit(closed);
        }
        if (alerts != null) {
            // Drift measured against the old reference says nothing about the new one: its rules start afresh,
            // once the windows closed under the old baseline have been analysed.
            Runnable reset = () -> {
                for (String endpoint : endpoints) {
                    for (Alert a : alerts.reset(endpoint, java.util.Set.of(SignalKind.DATA_DRIFT),
                            "re-baselined: " + baseline)) {
                        notify(l -> l.onAlert(a));
                    }
                }
            };
            try {
                analysis.execute(reset);
            } catch (RejectedExecutionException e) {
                reset.run();
            }
        }
        LOG.info("monitor re-baselined: {}", baseline);
    }

    /** Appends to one of the monitor's lists of recent windows, keeping the newest {@value #RECENT_WINDOWS}. */
    private static <T> void keepRecent(Deque<T> recent, T item) {
        synchronized (recent) {
            recent.addLast(item);
            if (recent.size() > RECENT_WINDOWS) {
                recent.removeFirst();
            }
        }
    }

    /** @return a copy of one of the monitor's lists of recent windows, oldest first */
    private static <T> List<T> recentOf(Deque<T> recent) {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    private static void checkMultivariate(MultivariateDrift multivariate, ReferenceProfile reference) {
        if (reference == null) {
            throw new IllegalArgumentException("multivariateDrift needs a reference profile (Builder.reference or "
                    + "baseline): only then do windows keep the input rows it checks");
        }
        for (Feature f : multivariate.schema().features()) {
            if (reference.schema().feature(f.name()).isEmpty()) {
                throw new IllegalArgumentException("multivariateDrift reads feature '" + f.name()
                        + "' that the monitor's schema lacks: " + reference.schema());
            }
        }
    }

    private static void checkBaseline(Baseline baseline, OutputKind kind) {
        if (baseline.outputsOrNull() != null && kind != OutputKind.REGRESSION) {
            throw new IllegalArgumentException("a baseline of predicted values needs a monitor of a regression model "
                    + "(ModelMonitor.builder(OutputReader.regressor(...))) but the monitor's outputs are " + kind);
        }
        if (baseline.predictions().isPresent() && kind == OutputKind.REGRESSION) {
            throw new IllegalArgumentException("a baseline of predicted label counts needs a classifier's monitor but "
                    + "the monitor's outputs are REGRESSION: give the baseline predicted values (withOutputs)");
        }
    }

    @SuppressWarnings("unchecked")
    private static FeatureReader<Object> bind(FeatureExtractor<?> extractor, Schema schema) {
        List<String> names = schema == null ? List.of() : schema.features().stream().map(Feature::name).toList();
        // The reader checks an input's type (canRead) before reading it: reading through Object is safe.
        return (FeatureReader<Object>) extractor.bind(names);
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
        if (closed == null) {
            return;
        }
        try {
            analysis.execute(() -> {
                closed.owner.handOff.registerClosed(closed.owner);
                ReferenceProfile inputs = null;
                // A fleet's window that only counted labels has no metrics: only its aggregate.
                if (closed.predictions() > 0) {
                    ClosedWindow.Analysis analysed;
                    try {
                        analysed = closed.analyse();
                    } catch (RuntimeException e) {
                        analysisFailures.increment();
                        unestimated(closed);
                        LOG.warn("analysis of a closed window failed", e);
                        return;
                    }
                    keepProfiles(closed.reference(), analysed);
                    closed.compared().ifPresent(this::keepReference);
                    publish(analysed.metrics());
                    estimate(analysed.metrics(), closed.scores);
                    publishSegments(closed, analysed.metrics());
                    multivariate(closed, analysed.metrics());
                    inputs = analysed.current();
                } else {
                    unestimated(closed);
                }
                if (fleet) {
                    WindowAggregate aggregate = closed.aggregate(inputs);
                    notify(l -> l.onWindowAggregate(aggregate));
                }
                // Everything above has read the columns (nothing keeps them): the key's next
                // windows may write over them.
                closed.owner.handOff.recycle(closed);
            });
        } catch (RejectedExecutionException e) {
            droppedWindows.increment();
            // Rare: register what waits (this window included) in order before marking it.
            closed.owner.handOff.registerClosed(closed.owner);
            unestimated(closed);
            LOG.warn("analysis executor rejected a closed window; its metrics are lost ({} so far)",
                    droppedWindows.sum());
        }
    }

    private double value(O output) {
        if (output == null || outputs.kind() != OutputKind.REGRESSION) {
            return Double.NaN;
        }
        try {
            return outputs.value(output);
        } catch (RuntimeException e) {
            functionFailure("value", output, e);
            return Double.NaN;
        }
    }

    private String label(O output) {
        if (output == null || outputs.kind() == OutputKind.REGRESSION) {
            return null;
        }
        try {
            String label = outputs.label(output);
            if (label == null && outputs.kind() == OutputKind.UNDECLARED
                    && warnedUnlabelled.compareAndSet(false, true)) {
                LOG.warn("answers of type {} have no label the monitor can read: label shares, prediction drift and "
                        + "accuracy need ModelMonitor.builder(OutputReader.classifier(...)) (mlops-tribuo: "
                        + "TribuoOutputs.classifier()), RMSE needs OutputReader.regressor(...)",
                        output.getClass().getName());
            }
            return label;
        } catch (RuntimeException e) {
            functionFailure("label", output, e);
            return null;
        }
    }

    /** Keeps a key's latest window profile; a pool of analysis threads may finish windows out of order. */
    private void keepProfiles(ReferenceProfile reference, ClosedWindow.Analysis analysed) {
        if (analysed.current() == null || reference == null) {
            return;
        }
        WindowMetrics m = analysed.metrics();
        WindowProfiles next = new WindowProfiles(m.endpoint(), m.variant(), m.model(), m.window(), m.end(), reference,
                analysed.current());
        profiles.merge(List.of(m.endpoint(), m.variant(), m.model()), next,
                (old, now) -> now.window() >= old.window() ? now : old);
    }

    /** Keeps a key's latest window reference and tells the listeners, before the window's metrics. */
    private void keepReference(WindowReference r) {
        references.merge(List.of(r.endpoint(), r.variant(), r.model()), r,
                (old, now) -> now.window() >= old.window() ? now : old);
        notify(l -> l.onWindowReference(r));
    }

    private void publish(WindowMetrics m) {
        keepRecent(recent, m);
        notify(l -> l.onWindow(m));
        if (alerts == null) {
            return;
        }
        String window = "window " + m.window() + " (" + m.predictions() + " predictions)";
        List<MetricSample> samples = new ArrayList<>();
        samples.add(sample(MetricName.ERROR_RATIO, m.errorRatio(), m, window));
        samples.add(sample(MetricName.TIMEOUT_RATIO, m.timeoutRatio(), m, window));
        samples.add(sample(MetricName.LATENCY_P99, m.latencyP99Seconds(), m, window));
        samples.add(sample(MetricName.NULL_OUTPUT_RATIO, m.nullOutputRatio(), m, window));
        samples.add(sample(MetricName.LOW_CONFIDENCE_RATIO, m.lowConfidenceRatio(), m, window));
        if (!m.missingRatio().isEmpty()) {
            samples.add(sample(MetricName.MISSING_RATIO, m.maxMissingRatio(), m, window));
            samples.add(sample(MetricName.OUT_OF_RANGE_RATIO, m.maxOutOfRangeRatio(), m, window));
            samples.add(sample(MetricName.UNSEEN_CATEGORY_RATIO, m.maxUnseenCategoryRatio(), m, window));
            samples.add(sample(MetricName.UNREADABLE_INPUT_RATIO, m.unreadableInputRatio(), m, window));
        }
        m.predictionDrift().ifPresent(d -> samples.add(sample(MetricName.PREDICTION_DRIFT, d.drifted() ? 1.0 : 0.0, m,
                window)));
        if (!Double.isNaN(m.driftedShare()) || !m.driftedFeatures().isEmpty()) {
            samples.add(sample(MetricName.DRIFTED_FEATURES, m.driftedFeatures().size(), m, window)
                    .withTopDriftedFeatures(top(m)));
            samples.add(sample(MetricName.DRIFT_SHARE, m.driftedShare(), m, window).withTopDriftedFeatures(top(m)));
        }
        evaluate(samples);
    }

    /** A closed window that will not be estimated: the late labels of its interval are not waited for. */
    private void unestimated(ClosedWindow closed) {
        if (estimates != null) {
            closed.unestimated(estimates);
        }
    }

    /** Estimates a closed window's performance (when the monitor estimates) and sends the figures to the alert rules. */
    private void estimate(WindowMetrics m, ScoreBuffer.WindowScores rows) {
        if (estimates == null) {
            return;
        }
        Optional<EstimatedWindow> estimated;
        try {
            estimated = estimates.close(m.endpoint(), m.variant(), m.model(), m.window(), m.start(), m.end(), rows);
        } catch (RuntimeException e) {
            analysisFailures.increment();
            estimates.unestimated(m.endpoint(), m.variant(), m.model(), m.window(), m.start(), m.end());
            LOG.warn("performance estimate of window {} of '{}' failed", m.window(), m.endpoint(), e);
            return;
        }
        estimated.ifPresent(w -> {
            keepRecent(recentEstimates, w);
            notify(l -> l.onEstimate(w));
            evaluate(EstimateHistory.samples(w));
        });
    }

    /**
     * The windows whose performance the monitor estimated ({@link Builder#estimatePerformance}), the
     * most recent 100 of every key in the order they were estimated, each with the realised figures
     * of the labels that have arrived for its predictions until now (see {@link EstimatedWindow}).
     *
     * @return the estimated windows, oldest first; empty when the monitor does not estimate
     */
    public List<EstimatedWindow> recentEstimates() {
        if (estimates == null) {
            return List.of();
        }
        List<EstimatedWindow> order = recentOf(recentEstimates);
        Map<List<Object>, EstimatedWindow> now = new java.util.HashMap<>();
        for (EstimatedWindow w : estimates.windows()) {
            now.put(List.of(w.endpoint(), w.variant(), w.model(), w.window()), w);
        }
        List<EstimatedWindow> out = new ArrayList<>(order.size());
        for (EstimatedWindow w : order) {
            out.add(now.getOrDefault(List.of(w.endpoint(), w.variant(), w.model(), w.window()), w));
        }
        return out;
    }

    /**
     * One key's estimated windows, with the realised figures of the labels that have arrived so far:
     * the windows late labels can still be attributed to (up to 100 per key).
     *
     * @param endpoint the endpoint
     * @param variant the variant
     * @param model the model version, {@code name/version}
     * @return the key's estimated windows by start, oldest first; empty for a key never estimated or a
     *     monitor that does not estimate
     */
    public List<EstimatedWindow> estimates(String endpoint, String variant, String model) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(model, "model");
        return estimates == null ? List.of() : estimates.windows(endpoint, variant, model);
    }

    /**
     * @return labels the performance estimate could not attribute to an estimated window: a class the
     *     estimation does not know, an answer whose scores cannot be read, a prediction time whose window
     *     closed without an estimate or was evicted from the bounded history, or a label beyond the
     *     10,000 waiting per key (0 when the monitor does not estimate)
     */
    public long unattributedLabels() {
        return estimates == null ? 0 : estimates.unattributed();
    }

    /** Checks a window's kept rows for multivariate drift, then tells listeners and alert rules. */
    private void multivariate(ClosedWindow closed, WindowMetrics m) {
        if (multivariate == null) {
            return;
        }
        ReferenceProfile reference = closed.reference();
        String lacking = reference == null ? "(no reference profile)" : multivariate.schema().features().stream()
                .map(Feature::name).filter(name -> reference.schema().feature(name).isEmpty()).findFirst().orElse(null);
        if (lacking != null) {
            // Re-baselined to a schema without one of the detector's features: imputing it would fake a drift.
            if (warnedMultivariateSchema.compareAndSet(false, true)) {
                LOG.warn("multivariate drift skips the windows of '{}': the monitor's schema lacks the detector's feature "
                        + "{} (re-baselined?); build a monitor with a detector fitted on the new reference", m.endpoint(),
                        lacking);
            }
            return;
        }
        List<Map<String, Object>> rows = closed.keptRows();
        if (rows.size() < MultivariateDrift.minRows(multivariate.config())) {
            LOG.debug("window {} of '{}' keeps {} input rows: too few for multivariate drift", m.window(), m.endpoint(),
                    rows.size());
            return;
        }
        MultivariateDriftResult r;
        try {
            r = multivariate.check(rows);
        } catch (RuntimeException e) {
            analysisFailures.increment();
            LOG.warn("multivariate drift of window {} of '{}' failed", m.window(), m.endpoint(), e);
            return;
        }
        MultivariateWindow result = new MultivariateWindow(m.endpoint(), m.variant(), m.model(), m.window(), m.end(), r);
        keepRecent(recentMultivariate, result);
        notify(l -> l.onMultivariateDrift(result));
        String window = "window " + m.window() + " (" + r.rows() + " rows)";
        List<MetricSample> samples = new ArrayList<>();
        r.pca().ifPresent(p -> {
            samples.add(sample(MetricName.MULTIVARIATE_PCA_ERROR, p.error(), m, window));
            samples.add(sample(MetricName.MULTIVARIATE_PCA_DRIFT, p.drifted() ? 1.0 : 0.0, m, window));
        });
        r.mmd().ifPresent(p -> {
            samples.add(sample(MetricName.MULTIVARIATE_MMD_P_VALUE, p.pValue(), m, window));
            samples.add(sample(MetricName.MULTIVARIATE_MMD_DRIFT, p.drifted() ? 1.0 : 0.0, m, window));
        });
        r.domainClassifier().ifPresent(p -> {
            samples.add(sample(MetricName.MULTIVARIATE_DOMAIN_AUC, p.auc(), m, window));
            samples.add(sample(MetricName.MULTIVARIATE_DOMAIN_DRIFT, p.drifted() ? 1.0 : 0.0, m, window));
        });
        evaluate(samples);
    }

    private static List<DriftedFeature> top(WindowMetrics m) {
        return m.driftedFeatures().subList(0, Math.min(5, m.driftedFeatures().size()));
    }

    private static MetricSample sample(MetricName metric, double value, WindowMetrics m, String window) {
        return new MetricSample(metric.key(), value, m.end(), m.endpoint(), m.model(), window, List.of());
    }

    private void evaluate(List<MetricSample> samples) {
        if (alerts == null) {
            return;
        }
        for (MetricSample s : samples) {
            try {
                for (Alert a : alerts.evaluate(s)) {
                    notify(l -> l.onAlert(a));
                }
            } catch (RuntimeException e) {
                alertFailures.increment();
                LOG.warn("alert evaluation failed for {}", s.metric(), e);
            }
        }
    }

    /**
     * Takes feedback joined to one of the monitor's predictions: a ground truth updates accuracy
     * (RMSE and MAE for a regression model) and the concept-drift detector; a user signal the
     * share of negative signals; a reward is ignored.
     *
     * @param event the feedback and its prediction
     * @throws FeedbackMismatchException when the feedback cannot be compared with the prediction: a
     *     value for a classifier, a label for a regression model, or a label for an answer the
     *     monitor's output reader cannot label
     */
    /**
     * @return the output (ground truth is compared with the answer) and, for a monitor that estimates
     *     performance, the timestamp (a late label is attributed to the window of its prediction's
     *     time); the rest of the prediction is not read
     */
    @Override
    public Set<PredictionField> reads() {
        return estimates == null ? OUTPUT_ONLY : OUTPUT_AND_TIME;
    }

    @Override
    public void onFeedback(FeedbackEvent<?, ? extends O> event) {
        Objects.requireNonNull(event, "event");
        PredictionEvent<?, ? extends O> p = event.prediction();
        Key key = new Key(p.endpoint(), p.variant(), p.model());
        if (event.feedback() instanceof GroundTruth truth) {
            groundTruth(key, p, truth);
        } else if (event.feedback() instanceof UserSignal signal) {
            userSignal(key, signal);
        }
    }

    private void groundTruth(Key key, PredictionEvent<?, ? extends O> p, GroundTruth truth) {
        O output = p.output().orElse(null);
        OutputKind kind = outputs.kind();
        boolean regression = kind == OutputKind.REGRESSION;
        if (truth.isLabel() == regression) {
            throw new FeedbackMismatchException("prediction " + p.predictionId() + " of '" + p.endpoint() + "' got "
                    + truth + " but the monitor reads its answers as " + kind + (regression
                    ? ": send GroundTruth.value(...) for a regression model"
                    : ": send GroundTruth.label(...) for a classifier, or build the monitor with "
                    + "OutputReader.regressor(...) for a regression model"));
        }
        double error = Double.NaN;
        boolean correct = false;
        if (regression) {
            double predicted = value(output);
            if (Double.isNaN(predicted)) {
                LOG.debug("prediction {} has no predicted value to compare with {}", p.predictionId(), truth);
                return;
            }
            error = predicted - truth.value();
        } else if (output != null) {
            String predicted = label(output);
            if (predicted == null) {
                throw new FeedbackMismatchException("prediction " + p.predictionId() + " of '" + p.endpoint()
                        + "' answered a " + output.getClass().getName() + " the monitor cannot read a label from, so "
                        + "it cannot compare it with " + truth + ": build the monitor with "
                        + "ModelMonitor.builder(OutputReader.classifier(...)) (mlops-tribuo: TribuoOutputs.classifier())");
            }
            correct = predicted.equals(truth.label());
            if (estimates != null && !p.fallback()) {
                estimates.label(key.endpoint(), key.variant(), key.model().toString(), p.timestamp(), output, predicted,
                        truth.label());
            }
        }
        Outcomes o = outcomes.computeIfAbsent(key, k -> new Outcomes(detectors.get()));
        List<MetricSample> samples = new ArrayList<>(2);
        Instant now = clock.now();
        String model = key.model().toString();
        int size = config.windowSize();
        FeedbackMetrics completed = null;
        FeedbackWindow closedFeedback = null;
        synchronized (o) {
            o.labelled++;
            o.windowLabelled++;
            if (correct) {
                o.correct++;
                o.windowCorrect++;
            }
            if (!p.fallback()) {
                o.routedLabelled++;
                o.routedCorrect += correct ? 1 : 0;
            }
            o.squaredError += regression ? error * error : 0.0;
            o.absoluteError += regression ? Math.abs(error) : 0.0;
            double observed = regression ? Math.abs(error) : correct ? 0.0 : 1.0;
            if (o.detector.update(observed) == DriftState.DRIFT) {
                o.conceptDrifts++;
                o.windowDrifts++;
                samples.add(new MetricSample(MetricName.CONCEPT_DRIFT.key(), 1.0, now, key.endpoint(), model,
                        "after " + o.labelled + " labelled predictions", List.of()));
            }
            if (o.windowLabelled == size) {
                String window = "last " + size + " labelled predictions";
                // The window's verdict: 0 once a whole window of labels went by without a drift, so
                // that a concept-drift alert resolves and can fire again at the next drift.
                samples.add(new MetricSample(MetricName.CONCEPT_DRIFT.key(), o.windowDrifts > 0 ? 1.0 : 0.0, now,
                        key.endpoint(), model, window, List.of()));
                o.windowDrifts = 0;
                if (regression) {
                    o.lastRmse = Math.sqrt(o.squaredError / size);
                    o.lastMae = o.absoluteError / size;
                    samples.add(new MetricSample(MetricName.RMSE.key(), o.lastRmse, now, key.endpoint(), model, window,
                            List.of()));
                    samples.add(new MetricSample(MetricName.MAE.key(), o.lastMae, now, key.endpoint(), model, window,
                            List.of()));
                } else {
                    o.lastAccuracy = (double) o.windowCorrect / size;
                    samples.add(new MetricSample(MetricName.ACCURACY.key(), o.lastAccuracy, now, key.endpoint(), model,
                            window, List.of()));
                }
                closedFeedback = new FeedbackWindow(key.endpoint(), key.variant(), model, ++o.feedbackWindows, now, size,
                        regression ? Double.NaN : o.lastAccuracy, regression ? o.lastRmse : Double.NaN,
                        regression ? o.lastMae : Double.NaN);
                o.windowLabelled = 0;
                o.windowCorrect = 0;
                o.squaredError = 0;
                o.absoluteError = 0;
                completed = feedback(key, o);
            }
        }
        if (fleet && !regression && !p.fallback()) {
            countInWindow(key, correct, now);
        }
        if (closedFeedback != null) {
            keepRecent(recentFeedback, closedFeedback);
        }
        if (completed != null) {
            FeedbackMetrics f = completed;
            notify(l -> l.onFeedback(f));
        }
        evaluate(samples);
    }

    /** Counts a routed answer's label in its key's open window, for the fleet's aggregate. */
    private void countInWindow(Key key, boolean correct, Instant now) {
        VariantWindow w = windows.computeIfAbsent(key, this::newWindow);
        ClosedWindow expired = null;
        synchronized (w) {
            if (w.expired(now)) {
                expired = w.close(w.slotEnd());
            }
            w.feedback(correct, now);
        }
        submit(expired);
    }

    private void userSignal(Key key, UserSignal signal) {
        Outcomes o = outcomes.computeIfAbsent(key, k -> new Outcomes(detectors.get()));
        MetricSample sample = null;
        FeedbackMetrics completed = null;
        int size = config.windowSize();
        synchronized (o) {
            o.signals.computeIfAbsent(signal, s -> new long[1])[0]++;
            o.signalCount++;
            if (o.signalCount % size == 0) {
                long bad = 0;
                for (Map.Entry<UserSignal, long[]> e : o.signals.entrySet()) {
                    bad += e.getKey().negative() ? e.getValue()[0] : 0;
                }
                o.lastRejected = (double) bad / size;
                sample = new MetricSample(MetricName.REJECTED_RATIO.key(), o.lastRejected, clock.now(), key.endpoint(),
                        key.model().toString(), "last " + size + " user signals", List.of());
                o.signals.clear();
                completed = feedback(key, o);
            }
        }
        if (completed != null) {
            FeedbackMetrics f = completed;
            notify(l -> l.onFeedback(f));
            evaluate(List.of(sample));
        }
    }

    /**
     * Adds a listener that hears every analysed window, completed feedback window and alert from
     * now on.
     *
     * @param listener the listener
     * @throws IllegalArgumentException if it is a {@link FleetPublisher} and the monitor was not built
     *     with one ({@link Builder#listener}): only such a monitor counts what a fleet merges
     */
    public void addListener(MonitorListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (listener instanceof FleetPublisher && !fleet) {
            throw new IllegalArgumentException("listener " + listener + " must be given to ModelMonitor.Builder.listener:"
                    + " only a monitor built with a FleetPublisher counts what a fleet merges, from its first window");
        }
        listeners.add(listener);
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

    private void notify(Consumer<MonitorListener> call) {
        for (MonitorListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                listenerFailures.increment();
                LOG.warn("monitor listener {} failed", l, e);
            }
        }
    }

    /**
     * The running figures of one variant, for a rollout's analysis.
     *
     * @param endpoint the endpoint
     * @param variant the variant
     * @param model the model version
     * @return the figures, empty when the monitor has seen no prediction of that key
     */
    @Override
    public Optional<VariantFigures> figures(String endpoint, String variant, ModelRef model) {
        Key key = new Key(Objects.requireNonNull(endpoint, "endpoint"), Objects.requireNonNull(variant, "variant"),
                Objects.requireNonNull(model, "model"));
        VariantWindow w = windows.get(key);
        if (w == null) {
            return Optional.empty();
        }
        long labelled = 0;
        long correct = 0;
        Outcomes o = outcomes.get(key);
        if (o != null) {
            synchronized (o) {
                labelled = o.routedLabelled;
                correct = o.routedCorrect;
            }
        }
        if (outputs.kind() == OutputKind.REGRESSION) {
            // Answers joined with a ground-truth value, not a label: nothing is right or wrong, so a
            // rollout's accuracy check must not see them (it would compare two 100% "wrong" rates).
            labelled = 0;
            correct = 0;
        }
        synchronized (w) {
            return Optional.of(w.figures(labelled, correct));
        }
    }

    /** @return the feedback figures of every key that received feedback or user signals */
    public List<FeedbackMetrics> feedbackMetrics() {
        List<FeedbackMetrics> out = new ArrayList<>();
        outcomes.forEach((key, o) -> {
            synchronized (o) {
                out.add(feedback(key, o));
            }
        });
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
    public Optional<FeedbackMetrics> feedbackMetrics(String endpoint, String variant, String model) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(model, "model");
        for (Map.Entry<Key, Outcomes> e : outcomes.entrySet()) {
            Key k = e.getKey();
            if (k.endpoint().equals(endpoint) && k.variant().equals(variant) && k.model().toString().equals(model)) {
                synchronized (e.getValue()) {
                    return Optional.of(feedback(k, e.getValue()));
                }
            }
        }
        return Optional.empty();
    }

    /** Reads a key's feedback figures; the caller holds the outcomes' monitor. */
    private static FeedbackMetrics feedback(Key key, Outcomes o) {
        return new FeedbackMetrics(key.endpoint(), key.variant(), key.model().toString(), o.labelled, o.lastAccuracy,
                o.lastRmse, o.lastMae, o.lastRejected, o.conceptDrifts);
    }

    /** @return the metrics of the most recent analysed windows (up to 100), oldest first */
    public List<WindowMetrics> recentWindows() {
        return recentOf(recent);
    }

    /**
     * The completed windows of labelled predictions, every key's, in the order they completed: accuracy
     * (a classifier) or RMSE and MAE (a regression model) over time.
     *
     * @return the most recent feedback windows (up to 100), oldest first
     */
    public List<FeedbackWindow> recentFeedbackWindows() {
        return recentOf(recentFeedback);
    }

    /**
     * The multivariate drift of the most recent analysed windows, every key's, in the order they were
     * analysed; empty without {@link Builder#multivariateDrift}.
     *
     * @return up to 100 windows, oldest first
     */
    public List<MultivariateWindow> recentMultivariateWindows() {
        return recentOf(recentMultivariate);
    }

    /**
     * The profile of each key's latest analysed window next to the reference it was compared with,
     * for reference-versus-current distributions. Only the latest window of a key is kept (a
     * profile costs a few KB per numeric feature); empty for a monitor without a reference profile (with
     * a rolling or seasonal reference and no fixed one, until a window's reference is ready).
     *
     * @return one entry per key, ordered by endpoint, variant and model version
     */
    public List<WindowProfiles> latestProfiles() {
        return profiles.values().stream().sorted(java.util.Comparator.comparing(WindowProfiles::endpoint)
                .thenComparing(WindowProfiles::variant).thenComparing(WindowProfiles::model)).toList();
    }

    /**
     * Which reference each key's latest analysed window was compared with
     * ({@link Builder#reference(ReferencePolicy)}): what a report names beside its drift check.
     *
     * @return one entry per key whose windows profile their inputs, ordered by endpoint, variant and model version
     */
    public List<WindowReference> latestReferences() {
        return references.values().stream().sorted(java.util.Comparator.comparing(WindowReference::endpoint)
                .thenComparing(WindowReference::variant).thenComparing(WindowReference::model)).toList();
    }

    /** @return the schema whose features the monitor reads, empty without one */
    public Optional<Schema> schema() {
        return Optional.ofNullable(config.schema());
    }

    /** @return how the monitor reads answers */
    public OutputReader<? super O> outputs() {
        return outputs;
    }

    /** @return inputs whose features the monitor could not read (the first logged at WARN) */
    public long unreadableInputs() {
        return unreadableInputs.sum();
    }

    /** @return alert evaluations that threw */
    public long alertFailures() {
        return alertFailures.sum();
    }

    /** @return answers the label or value function threw on (the first logged at WARN) */
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

    /**
     * Windows compared during the warm-up of a rolling or seasonal reference
     * ({@link Builder#reference(ReferencePolicy)}): with the fixed reference when the baseline has one,
     * otherwise with none (no drift verdict). Counted over the monitor's life, across re-baselines.
     *
     * @return the warm-up windows so far; 0 with the fixed policy
     */
    public long referenceWarmUps() {
        return config.references().warmUps();
    }

    /** @return how windows choose their reference ({@link Builder#reference(ReferencePolicy)}) */
    public ReferencePolicy referencePolicy() {
        return config.references().policy();
    }

    /** @return listener calls that threw (logged) */
    public long listenerFailures() {
        return listenerFailures.sum();
    }

    /**
     * Stops the monitor's own analysis thread after it finished the windows already queued (at
     * most 10 seconds); windows that close afterwards are dropped and counted. Does nothing to an
     * executor given by the host. Idempotent.
     */
    @Override
    public void close() {
        if (ownExecutor == null) {
            return;
        }
        ownExecutor.shutdown();
        try {
            if (!ownExecutor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("monitor analysis thread did not finish its queued windows within 10 s; stopping it");
                ownExecutor.shutdownNow();
            }
        } catch (InterruptedException e) {
            ownExecutor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "ModelMonitor[" + outputs.kind() + ", " + windows.size() + " keys, window " + config.windowSize() + "]";
    }

    /**
     * Configures a {@link ModelMonitor}; not thread-safe. {@link #build()} copies everything, so a
     * builder may be reused.
     *
     * @param <O> the answer type
     */
    public static final class Builder<O> {
        private final OutputReader<? super O> outputs;
        private Schema schema;
        private ModelSignature signature;
        private Baseline baseline = Baseline.none();
        private FeatureExtractor<?> features = FeatureExtractor.auto();
        private DriftCheckConfig drift = DriftCheckConfig.ofDefaults();
        private ReferencePolicy referencePolicy = ReferencePolicy.fixed();
        private int windowSize = 1000;
        private Duration windowDuration;
        private double confidenceThreshold = 0.5;
        private Executor analysis;
        private AlertEvaluator alerts;
        private Clock clock = Clock.system();
        private Supplier<ConceptDriftDetector> detectors;
        private final List<MonitorListener> listeners = new ArrayList<>();
        private PerformanceEstimation<? super O> estimation;
        private Segmentation segmentation;
        private MultivariateDrift multivariate;

        private Builder(OutputReader<? super O> outputs) {
            this.outputs = outputs;
        }

        /**
         * @param value the input schema: enables missing and out-of-range metrics
         * @return this builder
         */
        public Builder<O> schema(Schema value) {
            this.schema = Objects.requireNonNull(value, "schema");
            return this;
        }

        /**
         * Takes the input schema from a model version's signature
         * ({@code ModelVersion.signature()}) when neither {@link #schema(Schema)} nor a
         * {@linkplain #reference reference profile} gives one.
         *
         * @param value the signature of the monitored model
         * @return this builder
         * @throws IllegalArgumentException if the signature's output kind is not the one the output
         *     reader declares (an undeclared reader takes any)
         */
        public Builder<O> signature(ModelSignature value) {
            Objects.requireNonNull(value, "signature");
            if (outputs.kind() != OutputKind.UNDECLARED && outputs.kind() != value.output()) {
                throw new IllegalArgumentException("signature output must match the output reader's kind "
                        + outputs.kind() + " but was " + value.output());
            }
            this.signature = value;
            return this;
        }

        /**
         * Reads input features through this extractor instead of {@link FeatureExtractor#auto()}
         * (which reads maps, records and getters by feature name).
         *
         * @param value the extractor
         * @return this builder
         */
        public Builder<O> features(FeatureExtractor<?> value) {
            this.features = Objects.requireNonNull(value, "features");
            return this;
        }

        /**
         * @param value what traffic is compared with: a reference profile (input drift; its schema
         *     becomes the monitor's schema unless one was given) and reference predictions
         * @return this builder
         */
        public Builder<O> baseline(Baseline value) {
            this.baseline = Objects.requireNonNull(value, "baseline");
            return this;
        }

        /**
         * @param value the reference profile: enables input drift metrics (the same as
         *     {@code baseline(baseline.withReference(value))})
         * @return this builder
         */
        public Builder<O> reference(ReferenceProfile value) {
            this.baseline = baseline.withReference(value);
            return this;
        }

        /**
         * Chooses what each window's inputs are compared with: the baseline's fixed reference profile
         * ({@link ReferencePolicy#fixed()}, the default), the merge of the key's last N windows
         * ({@link ReferencePolicy#rolling}), or the same slot of the last N seasons
         * ({@link ReferencePolicy#seasonal}, {@link ReferencePolicy#hourOfWeek}); see
         * {@link ReferencePolicy} for slots, the warm-up and the memory bound. Prediction drift stays
         * measured against the baseline's fixed predictions.
         *
         * @param value the policy
         * @return this builder
         */
        public Builder<O> reference(ReferencePolicy value) {
            this.referencePolicy = Objects.requireNonNull(value, "reference");
            return this;
        }

        /**
         * Enables prediction-distribution drift for a classifier ({@link Baseline#withPredictions}).
         *
         * @param labelCounts count of each predicted label on the reference data
         * @return this builder
         * @throws IllegalArgumentException if the counts are empty, or a count is negative
         */
        public Builder<O> referencePredictions(Map<String, Long> labelCounts) {
            this.baseline = baseline.withPredictions(labelCounts);
            return this;
        }

        /**
         * Enables prediction-distribution drift for a regression model ({@link Baseline#withOutputs}).
         *
         * @param values predicted values on the reference data
         * @return this builder
         * @throws IllegalArgumentException if there are none, or one is not finite
         */
        public Builder<O> referenceOutputs(double[] values) {
            this.baseline = baseline.withOutputs(values);
            return this;
        }

        /**
         * @param value how windows are compared with the reference profile: the sketch test per
         *     numeric feature and its threshold, the categorical test, the multiple-testing
         *     correction and the drifted share that means dataset drift
         * @return this builder
         */
        public Builder<O> drift(DriftCheckConfig value) {
            this.drift = Objects.requireNonNull(value, "drift");
            return this;
        }

        /**
         * @param value predictions per window (and labelled predictions per accuracy window), >= 2
         * @return this builder
         */
        public Builder<O> windowSize(int value) {
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
        public Builder<O> windowDuration(Duration value) {
            Objects.requireNonNull(value, "windowDuration");
            if (value.toMillis() < 1) {
                throw new IllegalArgumentException("windowDuration must be at least 1 ms but was " + value);
            }
            this.windowDuration = value;
            return this;
        }

        /**
         * Where closed windows are analysed (inputs profiled, drift tests run, alert rules and sinks
         * called) instead of the monitor's own thread. A window the executor rejects is logged and
         * counted ({@link ModelMonitor#droppedWindows()}). Closed windows wait in the executor's
         * queue with their rows (up to 5,000 per window): give it a bounded queue, as the monitor's
         * own thread has (64 windows), so that analysis falling behind the traffic costs windows,
         * counted, rather than heap. An unbounded queue (that of
         * {@code Executors.newSingleThreadExecutor()}, say) holds every window that waits.
         *
         * @param value the executor; the host owns and stops it
         * @return this builder
         */
        public Builder<O> analysisExecutor(Executor value) {
            this.analysis = Objects.requireNonNull(value, "analysisExecutor");
            return this;
        }

        /**
         * Analyses closed windows on the thread that closed them: deterministic, for tests and
         * batch jobs. A service keeps the default (the monitor's own thread), so that a window
         * close never runs drift tests or alert sinks on a request thread.
         *
         * @return this builder
         */
        public Builder<O> sameThreadAnalysis() {
            this.analysis = Runnable::run;
            return this;
        }

        /**
         * @param value answers below it count as low-confidence, in [0, 1]
         * @return this builder
         */
        public Builder<O> confidenceThreshold(double value) {
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException("confidenceThreshold must be in [0, 1] but was " + value);
            }
            this.confidenceThreshold = value;
            return this;
        }

        /**
         * @param value where window metrics are checked
         * @return this builder
         */
        public Builder<O> alerts(AlertEvaluator value) {
            this.alerts = Objects.requireNonNull(value, "alerts");
            return this;
        }

        /**
         * @param value the clock of feedback samples and flushes
         * @return this builder
         */
        public Builder<O> clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * @param value makes the concept-drift detector of each key
         * @return this builder
         */
        public Builder<O> conceptDetector(Supplier<ConceptDriftDetector> value) {
            this.detectors = Objects.requireNonNull(value, "conceptDetector");
            return this;
        }

        /**
         * Checks each closed window for multivariate drift (a change in the relation between features
         * that per-feature tests miss): on the analysis executor, the detector (fitted on reference rows
         * with {@link MultivariateDrift#fit}) checks the window's kept input rows, sends samples named
         * {@code mlops.multivariate.*} ({@link MetricName#MULTIVARIATE_PCA_ERROR} and the others) to the
         * alert rules, and tells listeners ({@link MonitorListener#onMultivariateDrift}). Windows keep
         * their input rows only with a reference profile and up to 5,000 rows: a window that moved its
         * rows into sketches, or has fewer than {@link MultivariateDrift#minRows} rows, is not checked.
         * {@link ModelMonitor#rebaseline} keeps this detector: after a re-baseline to a schema that lacks one
         * of its features the monitor skips multivariate drift (logged once) rather than impute the feature.
         *
         * @param value the fitted detector; its features must be in the monitor's schema
         * @return this builder
         */
        public Builder<O> multivariateDrift(MultivariateDrift value) {
            this.multivariate = Objects.requireNonNull(value, "multivariateDrift");
            return this;
        }

        /**
         * Adds a listener. A {@link FleetPublisher} also makes the monitor count what a fleet merges
         * ({@link MonitorListener#onWindowAggregate}): the routed latencies as a {@code LatencySketch},
         * the routed labels, the labels that arrive per window, and the windows' input and output
         * profiles. A monitor built without one spends nothing on them.
         *
         * @param value hears each analysed window, feedback window and alert
         * @return this builder
         */
        public Builder<O> listener(MonitorListener value) {
            listeners.add(Objects.requireNonNull(value, "listener"));
            return this;
        }

        /**
         * Estimates each window's performance from the model's scores before the labels arrive
         * (CBPE), sends the figures ({@code mlops.estimated.*} with their bands) to the alert rules
         * and keeps them beside the realised figures of the labels that arrive later
         * ({@link ModelMonitor#recentEstimates()}, {@link MonitorListener#onEstimate}). Memory: per key, the
         * open window's scores and predicted class for at most {@link PerformanceEstimation#maxRows()} rows
         * (5,000 by default, then a uniform reservoir), the latest 100 closed windows with their realised
         * counts, and at most 10,000 labels waiting for their window to close. Late labels are attributed by
         * time interval (a window holds [its start, the next window's start)): see docs/monitoring.md. Per event the serving
         * thread reads the score and copies it into the window (measured at under 25 ns in {@code CbpeBenchmark});
         * the estimate runs on the analysis executor.
         *
         * @param value the estimation, calibrated on labelled reference data
         * @return this builder
         */
        public Builder<O> estimatePerformance(PerformanceEstimation<? super O> value) {
            this.estimation = Objects.requireNonNull(value, "estimatePerformance");
            return this;
        }

        /**
         * Computes the figures per segment too: each analysed window also gives a
         * {@link SegmentWindow} ({@link MonitorListener#onSegments}, {@link ModelMonitor#recentSegmentWindows()})
         * whose samples ({@link SegmentWindow#samples()}) go to the alert rules, so that a drift
         * confined to one segment is not diluted in the whole traffic. On the serving thread this
         * costs one call of the segment function, one map lookup and one {@code int} per buffered
         * row; the split and the drift tests per segment run on the analysis executor. Needs a
         * reference profile whose schema is the segmentation's.
         *
         * @param value the segment function, the kept segments and their references
         * @return this builder
         */
        public Builder<O> segments(Segmentation value) {
            this.segmentation = Objects.requireNonNull(value, "segments");
            return this;
        }

        /**
         * @return the monitor; close it to stop its analysis thread
         * @throws IllegalArgumentException if the schema and the reference's schema differ, the
         *     baseline's prediction reference does not suit the outputs (label counts for a
         *     regression model, values for a classifier), a performance estimation is given for
         *     a regression model, segments are given without a reference profile of the
         *     segmentation's schema, or multivariate drift is on without a reference profile or reads
         *     a feature the reference's schema lacks
         */
        public ModelMonitor<O> build() {
            checkBaseline(baseline, outputs.kind());
            if (estimation != null && outputs.kind() == OutputKind.REGRESSION) {
                throw new IllegalArgumentException("estimatePerformance needs a classifier's monitor but the outputs are "
                        + "REGRESSION: " + estimation);
            }
            Schema s = schema;
            ReferenceProfile reference = baseline.reference().orElse(null);
            if (segmentation != null && (reference == null || !reference.schema().equals(segmentation.schema()))) {
                throw new IllegalArgumentException("segments need a reference profile of the segmentation's schema "
                        + segmentation.schema() + " but the reference was "
                        + (reference == null ? "none" : reference.schema()));
            }
            if (reference != null) {
                if (s == null) {
                    s = reference.schema();
                } else if (!s.equals(reference.schema())) {
                    throw new IllegalArgumentException("schema and reference profile schema differ: " + s + " vs "
                            + reference.schema());
                }
            }
            if (s == null && signature != null) {
                s = signature.inputs();
            }
            if (s == null && referencePolicy.kind() != org.mlops4j.monitoring.reference.ReferenceKind.FIXED) {
                throw new IllegalArgumentException("reference " + referencePolicy + " needs a schema to profile "
                        + "windows: give schema(...), a reference profile or a signature");
            }
            if (multivariate != null) {
                checkMultivariate(multivariate, reference);
            }
            @SuppressWarnings("unchecked")
            OutputReader<Object> reader = (OutputReader<Object>) outputs;
            MonitorConfig config = new MonitorConfig(null, new org.mlops4j.core.schema.Feature[0], bind(features, null),
                    null, windowSize, windowDuration, confidenceThreshold, null, null, null, null, reader,
                    WindowDriftCheck.of(drift), new ReferenceHistories(referencePolicy)).with(s, bind(features, s),
                    baseline);
            return new ModelMonitor<>(this, config);
        }
    }
}
