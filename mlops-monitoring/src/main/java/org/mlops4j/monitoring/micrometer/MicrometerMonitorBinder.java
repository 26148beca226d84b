package org.mlops4j.monitoring.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.MultiGauge.Row;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.mlops4j.core.feedback.FeedbackJoin;
import org.mlops4j.core.signal.MetricName;
import org.mlops4j.monitoring.FeedbackMetrics;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.MonitorListener;
import org.mlops4j.monitoring.WindowMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * Monitor-wide function counters, without key tags: {@code mlops.monitor.unreadable.inputs},
 * {@code mlops.monitor.alert.failures}, {@code mlops.monitor.analysis.failures},
 * {@code mlops.monitor.windows.dropped}, {@code mlops.monitor.function.failures} and
 * {@code mlops.monitor.listener.failures}. Given the endpoint's feedback join
 * ({@link Builder#feedback}), also its counters {@code mlops.feedback.joined},
 * {@code mlops.feedback.unmatched}, {@code mlops.feedback.duplicates},
 * {@code mlops.feedback.evicted} and {@code mlops.feedback.mismatches}, and the gauge
 * {@code mlops.feedback.pending}.
 *
 * <p>The binder follows the monitor by itself: on the first {@link #bindTo} it adds itself as a
 * {@link MonitorListener} of the monitor (once, however many registries it is bound to) and fills
 * its series from {@link ModelMonitor#recentWindows()} and {@link ModelMonitor#feedbackMetrics()}.
 * Each gauge name is a Micrometer {@link MultiGauge} per registry with one row per series; a window
 * or feedback figure that brings a new key, feature, label or quantile adds its rows at once, on the
 * monitor's thread, so nothing needs to be called on a schedule. A series reads the latest window of
 * its key, never replaced by an older one (a pool of analysis threads may finish windows out of
 * order); a label absent from the latest window reads 0, a feature or quantile absent from it reads
 * NaN. Series are never removed: a key that stops receiving predictions keeps its last values. A
 * key's feedback series appear at bind time, or with its first completed feedback window; its
 * counters read the monitor at each scrape.
 *
 * <p>JVM and system figures come from Micrometer's own binders: unless
 * {@link Builder#jvmMetrics(boolean) turned off}, {@link #bindTo} also binds
 * {@code JvmMemoryMetrics}, {@code JvmGcMetrics}, {@code JvmThreadMetrics}, {@code ProcessorMetrics}
 * and {@code ClassLoaderMetrics} to the registry, without this binder's tags so that their series
 * are the standard ones ({@code jvm.memory.used}, {@code process.cpu.usage}, ...). A binder whose
 * meters the registry already has (Spring Boot binds them itself) is skipped, so binding into such
 * a registry adds nothing and counts each GC pause once. {@link MicrometerSystemMetrics} reads these
 * meters back for the alert rules of a {@code MetricsSampler}.
 *
 * <p>Build with {@link #of(ModelMonitor)} or {@link #builder(ModelMonitor)}; the settings are fixed
 * once built.
 *
 * <p>Thread-safe: {@link #bindTo}, {@link #close()} and the updates from the monitor's threads are
 * serialised on this binder; scrapes take no lock of it. Rows hold their state strongly, so the
 * registry keeps them alive on its own. {@link #close()} removes the listener and closes the
 * {@code JvmGcMetrics} it bound (which holds GC notification listeners): series stay registered and
 * read the last figures received.
 */
public final class MicrometerMonitorBinder implements MeterBinder, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MicrometerMonitorBinder.class);

    private final ModelMonitor<?> monitor;
    private final Tags commonTags;
    private final boolean jvmMetrics;
    private final FeedbackJoin<?, ?> feedbackJoin;
    private final MonitorListener listener = new Updates();
    /** Guards the fields below; private, so that no other object can hold up the monitor's listener. */
    private final Object lock = new Object();
    /** Every key seen, in order of appearance; guarded by lock. */
    private final Map<String, KeySeries> series = new LinkedHashMap<>();
    /** Guarded by lock. */
    private final List<Bound> registries = new ArrayList<>();
    /** The GC binders bound by this binder, closed with it; guarded by lock. */
    private final List<JvmGcMetrics> gcMetrics = new ArrayList<>();
    /** Guarded by lock. */
    private boolean listening;
    /** Guarded by lock. */
    private boolean closed;

    /** A registry this binder is bound to, and its multi-gauge of each gauge name. */
    private record Bound(MeterRegistry registry, Map<String, MultiGauge> gauges) {
    }

    private MicrometerMonitorBinder(Builder b) {
        this.monitor = b.monitor;
        this.commonTags = b.tags;
        this.jvmMetrics = b.jvmMetrics;
        this.feedbackJoin = b.feedbackJoin;
    }

    /**
     * Returns a binder for a monitor with the default settings: no tags besides the per-key ones,
     * and Micrometer's JVM binders bound too.
     *
     * @param monitor the monitor to publish
     * @return the binder, not bound yet
     * @throws NullPointerException if the monitor is null
     */
    public static MicrometerMonitorBinder of(ModelMonitor<?> monitor) {
        return builder(monitor).build();
    }

    /**
     * Returns a builder of a binder for a monitor.
     *
     * @param monitor the monitor to publish
     * @return a builder with the default settings
     * @throws NullPointerException if the monitor is null
     */
    public static Builder builder(ModelMonitor<?> monitor) {
        return new Builder(monitor);
    }

    /**
     * Registers the monitor-wide counters and the series of every key the monitor has figures for,
     * binds Micrometer's JVM binders the registry lacks (unless turned off), and, on the first call,
     * starts following the monitor. Binding a registry it is already bound to does nothing.
     *
     * @param registry the registry to publish to; a binder may be bound to several
     * @throws NullPointerException if the registry is null
     * @throws IllegalStateException if the binder is closed
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        synchronized (lock) {
            bindLocked(registry);
        }
    }

    private void bindLocked(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (closed) {
            throw new IllegalStateException("binder is closed; build a new one to bind " + registry);
        }
        for (Bound b : registries) {
            if (b.registry() == registry) {
                return;
            }
        }
        if (!listening) {
            // Listen first, so that no figure published while the recent ones are read is missed;
            // the listener waits for this lock, and an older window never replaces a newer one.
            monitor.addListener(listener);
            listening = true;
            for (WindowMetrics w : monitor.recentWindows()) {
                KeySeries s = series(w.endpoint(), w.variant(), w.model());
                for (MonitorGauge g : MonitorGauge.ALL) {
                    g.learn(s, w);
                }
                s.offer(w);
            }
            for (FeedbackMetrics f : monitor.feedbackMetrics()) {
                series(f.endpoint(), f.variant(), f.model()).feedback(f);
            }
        }
        monitorCounters(registry);
        Map<String, MultiGauge> gauges = new HashMap<>();
        for (MonitorGauge g : MonitorGauge.ALL) {
            MultiGauge gauge = MultiGauge.builder(g.name()).tags(commonTags).baseUnit(g.baseUnit())
                    .description(g.description()).register(registry);
            gauge.register(rows(g), false);
            gauges.put(g.name(), gauge);
        }
        registries.add(new Bound(registry, gauges));
        for (KeySeries s : series.values()) {
            if (s.hasFeedback()) {
                feedbackCounters(registry, s);
            }
        }
        if (jvmMetrics) {
            JvmMeters.bind(registry).ifPresent(gcMetrics::add);
        }
    }

    /**
     * Stops following the monitor and closes the {@code JvmGcMetrics} this binder bound (GC pauses
     * are no longer recorded by it). The registered series stay and keep their last values; the
     * counters still read the monitor. Idempotent.
     */
    @Override
    public void close() {
        synchronized (lock) {
            closeLocked();
        }
    }

    private void closeLocked() {
        if (closed) {
            return;
        }
        closed = true;
        if (listening) {
            monitor.removeListener(listener);
        }
        for (JvmGcMetrics gc : gcMetrics) {
            try {
                gc.close();
            } catch (RuntimeException e) {
                // Closing the other GC binders matters more than this one's failure.
                LOG.warn("closing {} failed", gc, e);
            }
        }
        gcMetrics.clear();
    }

    /** Folds a window into its key and registers the rows it brings on every bound registry. */
    private void window(WindowMetrics w) {
        synchronized (lock) {
            windowLocked(w);
        }
    }

    private void windowLocked(WindowMetrics w) {
        if (closed) {
            return;
        }
        KeySeries s = series(w.endpoint(), w.variant(), w.model());
        List<MonitorGauge> grown = new ArrayList<>();
        for (MonitorGauge g : MonitorGauge.ALL) {
            if (g.learn(s, w)) {
                grown.add(g);
            }
        }
        s.offer(w);
        for (MonitorGauge g : grown) {
            register(g);
        }
    }

    /** Keeps a key's feedback figures; registers its feedback series when they are its first. */
    private void feedback(FeedbackMetrics f) {
        synchronized (lock) {
            feedbackLocked(f);
        }
    }

    private void feedbackLocked(FeedbackMetrics f) {
        if (closed) {
            return;
        }
        KeySeries s = series(f.endpoint(), f.variant(), f.model());
        boolean first = !s.hasFeedback();
        // The monitor tells listeners outside its lock, so two completions of one key (a labelled
        // window and a user-signal window) may arrive out of order; reading the key again under this
        // lock keeps the newest figures.
        s.feedback(monitor.feedbackMetrics(f.endpoint(), f.variant(), f.model()).orElse(f));
        if (first) {
            for (MonitorGauge g : MonitorGauge.ALL) {
                if (g instanceof MonitorGauge.PerFeedback) {
                    register(g);
                }
            }
            for (Bound b : registries) {
                feedbackCounters(b.registry(), s);
            }
        }
    }

    /**
     * Registers the rows of a gauge on every bound registry. Existing rows are kept, not
     * overwritten: they read their key's latest figures live, and replacing them would remove and
     * re-add each series, which a concurrent scrape could see missing.
     */
    private void register(MonitorGauge g) {
        List<Row<?>> rows = rows(g);
        for (Bound b : registries) {
            b.gauges().get(g.name()).register(rows, false);
        }
    }

    private List<Row<?>> rows(MonitorGauge g) {
        List<Row<?>> rows = new ArrayList<>();
        for (KeySeries s : series.values()) {
            g.rows(s, rows);
        }
        return rows;
    }

    private KeySeries series(String endpoint, String variant, String model) {
        return series.computeIfAbsent(KeySeries.key(endpoint, variant, model),
                k -> new KeySeries(endpoint, variant, model));
    }

    private void monitorCounters(MeterRegistry registry) {
        counter(registry, "mlops.monitor.unreadable.inputs", ModelMonitor::unreadableInputs,
                "Inputs whose features the monitor could not read");
        counter(registry, "mlops.monitor.alert.failures", ModelMonitor::alertFailures, "Alert evaluations that threw");
        counter(registry, "mlops.monitor.analysis.failures", ModelMonitor::analysisFailures,
                "Closed windows whose analysis threw");
        counter(registry, "mlops.monitor.windows.dropped", ModelMonitor::droppedWindows,
                "Closed windows the analysis executor rejected");
        counter(registry, "mlops.monitor.function.failures", ModelMonitor::functionFailures,
                "Answers or ground truths the label or value function threw on");
        if (feedbackJoin != null) {
            joinCounter(registry, "mlops.feedback.joined", j -> j.stats().joined(),
                    "Feedback joined to its prediction and delivered");
            joinCounter(registry, "mlops.feedback.unmatched", j -> j.stats().unmatched(),
                    "Feedback whose prediction was unknown or already forgotten");
            joinCounter(registry, "mlops.feedback.duplicates", j -> j.stats().duplicates(),
                    "A second ground truth or reward for one prediction, refused");
            joinCounter(registry, "mlops.feedback.evicted", j -> j.stats().evicted(),
                    "Predictions forgotten before any feedback arrived");
            joinCounter(registry, "mlops.feedback.mismatches", j -> j.stats().mismatches(),
                    "Feedback refused as unusable with its prediction");
            Gauge.builder("mlops.feedback.pending", feedbackJoin, j -> j.stats().pending())
                    .description("Predictions the feedback join remembers now").tags(commonTags)
                    .strongReference(true).register(registry);
        }
        counter(registry, "mlops.monitor.listener.failures", ModelMonitor::listenerFailures,
                "Monitor listener calls that threw");
    }

    private void joinCounter(MeterRegistry registry, String name, ToDoubleFunction<FeedbackJoin<?, ?>> count,
                             String description) {
        FunctionCounter.builder(name, feedbackJoin, count).description(description).tags(commonTags)
                .register(registry);
    }

    private void counter(MeterRegistry registry, String name, ToDoubleFunction<ModelMonitor<?>> count,
                         String description) {
        FunctionCounter.builder(name, monitor, count).description(description).tags(commonTags).register(registry);
    }

    /** The key's counters, read from the monitor at each scrape: they move between feedback windows. */
    private void feedbackCounters(MeterRegistry registry, KeySeries s) {
        Tags tags = commonTags.and(s.tags());
        FunctionCounter.builder(MetricName.LABELLED.key(), monitor, m -> m.feedbackMetrics(s.endpoint(), s.variant(),
                        s.model()).map(FeedbackMetrics::labelled).orElse(0L))
                .description("Predictions joined with their ground truth").tags(tags).register(registry);
        FunctionCounter.builder(MetricName.CONCEPT_DRIFTS.key(), monitor, m -> m.feedbackMetrics(s.endpoint(), s.variant(),
                        s.model()).map(FeedbackMetrics::conceptDrifts).orElse(0L))
                .description("Times the concept-drift detector signalled drift").tags(tags).register(registry);
    }

    /** Hears the monitor; added on the first {@link #bindTo}, removed by {@link #close()}. */
    private final class Updates implements MonitorListener {
        @Override
        public void onWindow(WindowMetrics metrics) {
            window(metrics);
        }

        @Override
        public void onFeedback(FeedbackMetrics metrics) {
            feedback(metrics);
        }

        @Override
        public String toString() {
            return "MicrometerMonitorBinder" + commonTags;
        }
    }

    /**
     * Settings of a {@link MicrometerMonitorBinder}. Not thread-safe; {@link #build()} copies them,
     * so a builder may be reused.
     */
    public static final class Builder {

        private final ModelMonitor<?> monitor;
        private Tags tags = Tags.empty();
        private boolean jvmMetrics = true;
        private FeedbackJoin<?, ?> feedbackJoin;

        private Builder(ModelMonitor<?> monitor) {
            this.monitor = Objects.requireNonNull(monitor, "monitor");
        }

        /**
         * Sets the tags added to every series of the monitor (for example {@code service=checkout});
         * none by default. Replaces tags set before.
         *
         * @param value the tags
         * @return this builder
         * @throws NullPointerException if the tags are null
         */
        public Builder tags(Iterable<Tag> value) {
            this.tags = Tags.of(Objects.requireNonNull(value, "tags"));
            return this;
        }

        /**
         * Sets whether {@link MicrometerMonitorBinder#bindTo} also binds Micrometer's
         * {@code JvmMemoryMetrics}, {@code JvmGcMetrics}, {@code JvmThreadMetrics},
         * {@code ProcessorMetrics} and {@code ClassLoaderMetrics} (each only when the registry
         * lacks its meters); on by default. Turn it off when the host binds its JVM metrics in a
         * registry this binder is bound to later, or wants none.
         *
         * @param value true to bind them
         * @return this builder
         */
        public Builder jvmMetrics(boolean value) {
            this.jvmMetrics = value;
            return this;
        }

        /**
         * Also exports the counters of a feedback join: the endpoint's
         * ({@code endpoint.feedback()}), whose feedback the monitor receives.
         *
         * @param value the join
         * @return this builder
         */
        public Builder feedback(FeedbackJoin<?, ?> value) {
            this.feedbackJoin = Objects.requireNonNull(value, "feedback");
            return this;
        }

        /**
         * Builds the binder; bind it with {@link MicrometerMonitorBinder#bindTo}.
         *
         * @return the binder, not bound yet
         */
        public MicrometerMonitorBinder build() {
            return new MicrometerMonitorBinder(this);
        }
    }
}
