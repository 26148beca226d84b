package org.mlops4j.monitoring.scoping;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.mlops4j.core.Clock;
import org.mlops4j.monitoring.FeedbackMetrics;
import org.mlops4j.monitoring.FeedbackWindow;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.MonitorListener;
import org.mlops4j.monitoring.WindowMetrics;
import org.mlops4j.monitoring.alert.AlertEvaluator;
import org.mlops4j.monitoring.alert.MetricSample;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The targets set in scoping (accuracy, latency, throughput...), checked continuously against a
 * {@link ModelMonitor}: a {@link MonitorListener} that re-checks the targets on a figure each time
 * a window of it closes.
 *
 * <ul>
 *   <li>A target on a window figure ({@link TargetMetric#LATENCY_P99}, {@link TargetMetric#THROUGHPUT},
 *       ...) takes the value of each analysed window ({@link #onWindow}).</li>
 *   <li>A target on a feedback figure ({@link TargetMetric#ACCURACY}, {@link TargetMetric#RMSE},
 *       {@link TargetMetric#MAE}) takes the value of each completed window of labelled predictions
 *       ({@link #onFeedback}); a completed window of user signals, which leaves those figures as they
 *       were, is not checked again.</li>
 * </ul>
 * Only the windows of the endpoint and variant given to the builder count (by default every key's):
 * a target reads the latest window of any matching key, so with several variants serving at once (a
 * canary) give the variant whose promise it is, or accept the latest of either. A window older than
 * the one a target was last checked on (a pool of analysis threads may finish out of order) is
 * ignored.
 *
 * <p>Each check is kept ({@link #checks()}), logged at INFO when the status changes, and sent as a
 * {@link MetricSample} {@code mlops.target.<name>.status} with the status {@linkplain
 * TargetStatus#code() code} to the alert evaluator given to the builder, whose rules may watch it
 * ({@code AlertRule.targetMissed(name)}, {@code AlertRule.targetAtRisk(name)}). Micrometer gauges come
 * from {@code MicrometerTargetBinder}, the report's table from
 * {@code MonitoringReport.Builder.targets}.
 *
 * <p>Attach it with {@link #watch(ModelMonitor)} (which also takes the figures the monitor already
 * has) or {@code ModelMonitor.Builder.listener}. Thread-safe: checks are serialised on this object,
 * alerts are evaluated outside its lock; a failing evaluation is logged and counted
 * ({@link #alertFailures()}).
 */
public final class ScopingTargets implements MonitorListener {

    private static final Logger LOG = LoggerFactory.getLogger(ScopingTargets.class);

    private final List<Target> targets;
    private final String endpoint;
    private final String variant;
    private final AlertEvaluator alerts;
    private final Clock clock;
    /** Target name to its latest check, in target order; guarded by this. */
    private final Map<String, TargetCheck> checks = new LinkedHashMap<>();
    /** Key to the labelled count of its latest feedback figures checked; guarded by this. */
    private final Map<List<String>, Long> labelledSeen = new HashMap<>();
    private final LongAdder alertFailures = new LongAdder();

    private ScopingTargets(Builder b) {
        this.targets = List.copyOf(b.targets.values());
        this.endpoint = b.endpoint;
        this.variant = b.variant;
        this.alerts = b.alerts;
        this.clock = b.clock;
        for (Target t : targets) {
            checks.put(t.name(), TargetCheck.unknown(t));
        }
    }

    /**
     * Starts a set of targets.
     *
     * @return a builder with no targets, every endpoint and variant, no alert evaluator and the
     *     system clock
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Targets with the defaults: every endpoint and variant, no alert evaluator.
     *
     * @param targets the targets, with distinct names
     * @return the targets, every one {@link TargetStatus#UNKNOWN}
     * @throws IllegalArgumentException if there is none or two share a name
     */
    public static ScopingTargets of(Target... targets) {
        Builder b = builder();
        for (Target t : targets) {
            b.target(t);
        }
        return b.build();
    }

    /**
     * Follows a monitor from now on, after taking the latest figures it already has (its recent
     * windows and feedback windows, without alerting on them).
     *
     * @param monitor the monitor
     * @return this
     */
    public ScopingTargets watch(ModelMonitor<?> monitor) {
        Objects.requireNonNull(monitor, "monitor");
        monitor.addListener(this);
        for (WindowMetrics w : monitor.recentWindows()) {
            checkWindow(w);
        }
        for (FeedbackWindow w : monitor.recentFeedbackWindows()) {
            if (matches(w.endpoint(), w.variant())) {
                synchronized (this) {
                    for (Target t : targets) {
                        if (t.metric().fromFeedback()) {
                            update(t, t.metric().read(w), w.end(), source(w.endpoint(), w.variant(), w.model())
                                    + ", feedback window " + w.window() + " (" + w.labelled() + " labelled)",
                                    new ArrayList<>());
                        }
                    }
                }
            }
        }
        return this;
    }

    /** @return the targets, in the order given */
    public List<Target> targets() {
        return targets;
    }

    /** @return the latest check of every target, in the order given */
    public synchronized List<TargetCheck> checks() {
        return List.copyOf(checks.values());
    }

    /**
     * The latest check of one target.
     *
     * @param name the target's name
     * @return its check, empty for a name no target has
     */
    public synchronized Optional<TargetCheck> check(String name) {
        return Optional.ofNullable(checks.get(Objects.requireNonNull(name, "name")));
    }

    /** @return alert evaluations that threw (logged) */
    public long alertFailures() {
        return alertFailures.sum();
    }

    /**
     * Checks the window figures' targets against an analysed window of a matching key.
     *
     * @param metrics the window's metrics
     */
    @Override
    public void onWindow(WindowMetrics metrics) {
        Objects.requireNonNull(metrics, "metrics");
        send(checkWindow(metrics));
    }

    /**
     * Checks the feedback figures' targets against a key's completed feedback window, when it
     * brought new labelled predictions.
     *
     * @param metrics the key's feedback figures
     */
    @Override
    public void onFeedback(FeedbackMetrics metrics) {
        Objects.requireNonNull(metrics, "metrics");
        if (!matches(metrics.endpoint(), metrics.variant())) {
            return;
        }
        List<TargetCheck> changed = new ArrayList<>();
        synchronized (this) {
            Long seen = labelledSeen.put(List.of(metrics.endpoint(), metrics.variant(), metrics.model()),
                    metrics.labelled());
            if (seen != null && seen >= metrics.labelled()) {
                // A window of user signals completed: the labelled figures did not move.
                return;
            }
            Instant now = clock.now();
            String source = source(metrics.endpoint(), metrics.variant(), metrics.model()) + ", after "
                    + metrics.labelled() + " labelled predictions";
            for (Target t : targets) {
                if (t.metric().fromFeedback()) {
                    update(t, t.metric().read(metrics), now, source, changed);
                }
            }
        }
        send(changed);
    }

    /** The checks a window brings, computed under this object's lock; nothing for another key. */
    private synchronized List<TargetCheck> checkWindow(WindowMetrics w) {
        List<TargetCheck> changed = new ArrayList<>();
        if (!matches(w.endpoint(), w.variant())) {
            return changed;
        }
        String source = source(w.endpoint(), w.variant(), w.model()) + ", window " + w.window() + " ("
                + w.predictions() + " predictions)";
        for (Target t : targets) {
            if (!t.metric().fromFeedback()) {
                update(t, t.metric().read(w), w.end(), source, changed);
            }
        }
        return changed;
    }

    /** Keeps a target's new check unless its figure is older than the one kept; the caller holds the lock. */
    private void update(Target t, double value, Instant at, String source, List<TargetCheck> out) {
        TargetCheck old = checks.get(t.name());
        if (old.measuredAt().isPresent() && at.isBefore(old.measuredAt().get())) {
            return;
        }
        TargetCheck next = TargetCheck.of(t, value, at, source);
        checks.put(t.name(), next);
        if (next.status() != old.status()) {
            LOG.info("scoping target {}: {} -> {} ({})", t.describe(), old.status(), next.status(), next);
        }
        out.add(next);
    }

    private void send(List<TargetCheck> checked) {
        if (alerts == null) {
            return;
        }
        for (TargetCheck c : checked) {
            MetricSample sample = new MetricSample(c.target().statusMetric(), c.status().code(),
                    c.measuredAt().orElseThrow(), endpoint == null ? "" : endpoint, "", c.source(), List.of());
            try {
                alerts.evaluate(sample);
            } catch (RuntimeException e) {
                alertFailures.increment();
                LOG.warn("alert evaluation failed for {}", sample.metric(), e);
            }
        }
    }

    private boolean matches(String e, String v) {
        return (endpoint == null || endpoint.equals(e)) && (variant == null || variant.equals(v));
    }

    private static String source(String endpoint, String variant, String model) {
        return endpoint + "/" + variant + " (" + model + ")";
    }

    @Override
    public String toString() {
        return "ScopingTargets" + checks();
    }

    /** Configures {@link ScopingTargets}; not thread-safe, {@link #build()} copies everything. */
    public static final class Builder {
        private final Map<String, Target> targets = new LinkedHashMap<>();
        private String endpoint;
        private String variant;
        private AlertEvaluator alerts;
        private Clock clock = Clock.system();

        private Builder() {
        }

        /**
         * Adds a target.
         *
         * @param value the target
         * @return this builder
         * @throws IllegalArgumentException if a target of the same name was added
         */
        public Builder target(Target value) {
            Objects.requireNonNull(value, "target");
            if (targets.putIfAbsent(value.name(), value) != null) {
                throw new IllegalArgumentException("target name must be unique but '" + value.name()
                        + "' was given twice (Target.withName renames one)");
            }
            return this;
        }

        /**
         * Adds targets, in order.
         *
         * @param values the targets
         * @return this builder
         * @throws IllegalArgumentException if a target of the same name was added
         */
        public Builder targets(java.util.Collection<Target> values) {
            Objects.requireNonNull(values, "targets").forEach(this::target);
            return this;
        }

        /**
         * Counts only the windows of one endpoint (by default every endpoint's).
         *
         * @param value the endpoint
         * @return this builder
         */
        public Builder endpoint(String value) {
            this.endpoint = Objects.requireNonNull(value, "endpoint");
            return this;
        }

        /**
         * Counts only the windows of one variant (by default every variant's).
         *
         * @param value the variant, for example {@code champion}
         * @return this builder
         */
        public Builder variant(String value) {
            this.variant = Objects.requireNonNull(value, "variant");
            return this;
        }

        /**
         * Sends each check's status to an evaluator, as {@code mlops.target.<name>.status}.
         *
         * @param value the evaluator, whose rules may include {@code AlertRule.targetMissed(name)}
         * @return this builder
         */
        public Builder alerts(AlertEvaluator value) {
            this.alerts = Objects.requireNonNull(value, "alerts");
            return this;
        }

        /**
         * Sets the clock that stamps checks of feedback figures (default the system clock); give
         * the monitor's.
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Builds the targets, every one {@link TargetStatus#UNKNOWN} until a figure arrives.
         *
         * @return the targets
         * @throws IllegalArgumentException if no target was added
         */
        public ScopingTargets build() {
            if (targets.isEmpty()) {
                throw new IllegalArgumentException("targets must hold at least one target but was empty");
            }
            return new ScopingTargets(this);
        }
    }
}
