package org.mlops4j.monitoring.micrometer;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.mlops4j.core.signal.MetricName;
import org.mlops4j.monitoring.EstimatedWindow;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.MonitorListener;
import org.mlops4j.monitoring.RealisedPerformance;
import org.mlops4j.monitoring.estimate.EstimatedMetric;

/**
 * Publishes a {@link ModelMonitor}'s performance estimates ({@code ModelMonitor.Builder.estimatePerformance})
 * to Micrometer, beside the realised figures of the labels that arrived later. Per (endpoint,
 * variant, model version), tagged {@code endpoint}, {@code variant} and {@code model_version}:
 * <ul>
 *   <li>{@code mlops.estimated.accuracy}, {@code .precision}, {@code .recall}, {@code .f1} and
 *       {@code .roc_auc}, each with {@code .lower} and {@code .upper} (the sampling-error band): the
 *       key's most recently estimated window;</li>
 *   <li>{@code mlops.realised.accuracy}, {@code .precision}, {@code .recall}, {@code .f1} and
 *       {@code mlops.realised.coverage} (labelled / estimated predictions): the most recent of the
 *       key's kept windows that has received a label, read from the monitor at each scrape (labels
 *       arrive late, so the latest window usually has none yet); NaN before the first label.</li>
 * </ul>
 * A key's gauges appear with its first estimated window (heard as a {@link MonitorListener}, or
 * found in {@link ModelMonitor#recentEstimates()} at bind time) and are never removed.
 *
 * <p>Thread-safe: binding and the monitor's notifications are serialised on a private lock;
 * scrapes take no lock of this binder (they read a volatile field, and the monitor's estimate
 * history under its key's lock). {@link #close()} removes the listener; the gauges stay and read
 * the last estimate heard.
 */
public final class MicrometerEstimateBinder implements MeterBinder, AutoCloseable {

    private final ModelMonitor<?> monitor;
    private final Tags commonTags;
    private final Object lock = new Object();
    /** Guarded by lock. */
    private final Map<String, Key> keys = new LinkedHashMap<>();
    /** Guarded by lock. */
    private final List<MeterRegistry> registries = new ArrayList<>();
    /** Guarded by lock. */
    private boolean listening;
    private final MonitorListener listener = new MonitorListener() {
        @Override
        public void onEstimate(EstimatedWindow window) {
            offer(window);
        }
    };

    private MicrometerEstimateBinder(ModelMonitor<?> monitor, Tags tags) {
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.commonTags = Objects.requireNonNull(tags, "tags");
    }

    /**
     * A binder of a monitor's estimates, without tags besides the per-key ones.
     *
     * @param monitor the monitor, built with a performance estimation
     * @return the binder, not bound yet
     * @throws NullPointerException if the monitor is null
     */
    public static MicrometerEstimateBinder of(ModelMonitor<?> monitor) {
        return new MicrometerEstimateBinder(monitor, Tags.empty());
    }

    /**
     * A binder of a monitor's estimates whose series also carry these tags.
     *
     * @param monitor the monitor, built with a performance estimation
     * @param tags tags added to every series (for example the application)
     * @return the binder, not bound yet
     * @throws NullPointerException if an argument is null
     */
    public static MicrometerEstimateBinder of(ModelMonitor<?> monitor, Tags tags) {
        return new MicrometerEstimateBinder(monitor, tags);
    }

    /** One key's gauges' state. */
    private final class Key {
        final String endpoint;
        final String variant;
        final String model;
        final Tags tags;
        volatile EstimatedWindow latest;

        Key(EstimatedWindow w) {
            this.endpoint = w.endpoint();
            this.variant = w.variant();
            this.model = w.model();
            this.tags = commonTags.and("endpoint", endpoint, "variant", variant, "model_version", model);
        }

        double estimated(ToDoubleFunction<EstimatedWindow> value) {
            EstimatedWindow w = latest;
            return w == null ? Double.NaN : value.applyAsDouble(w);
        }

        double realised(ToDoubleFunction<RealisedPerformance> value) {
            List<EstimatedWindow> kept = monitor.estimates(endpoint, variant, model);
            for (int i = kept.size() - 1; i >= 0; i--) {
                RealisedPerformance r = kept.get(i).realised();
                if (r.labelled() > 0) {
                    return value.applyAsDouble(r);
                }
            }
            return Double.NaN;
        }
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        synchronized (lock) {
            registries.add(registry);
            if (!listening) {
                listening = true;
                monitor.addListener(listener);
                for (EstimatedWindow w : monitor.recentEstimates()) {
                    offer(w);
                }
            }
            for (Key k : keys.values()) {
                register(registry, k);
            }
        }
    }

    private void offer(EstimatedWindow w) {
        synchronized (lock) {
            String id = w.endpoint() + '\u0000' + w.variant() + '\u0000' + w.model();
            Key k = keys.get(id);
            if (k == null) {
                k = new Key(w);
                keys.put(id, k);
                for (MeterRegistry r : registries) {
                    register(r, k);
                }
            }
            EstimatedWindow current = k.latest;
            if (current == null || w.window() >= current.window()) {
                k.latest = w;
            }
        }
    }

    private static void register(MeterRegistry registry, Key k) {
        for (EstimatedMetric m : EstimatedMetric.values()) {
            String name = "mlops.estimated." + m.key();
            gauge(registry, k, name, "estimated " + m.key() + " of the latest window, without labels",
                    k2 -> k2.estimated(w -> w.value(m)));
            gauge(registry, k, name + ".lower", "lower end of the estimated " + m.key() + "'s band",
                    k2 -> k2.estimated(w -> w.lower(m)));
            gauge(registry, k, name + ".upper", "upper end of the estimated " + m.key() + "'s band",
                    k2 -> k2.estimated(w -> w.upper(m)));
            if (m != EstimatedMetric.ROC_AUC) {
                gauge(registry, k, "mlops.realised." + m.key(), "realised " + m.key()
                        + " of the latest estimated window with labels", k2 -> k2.realised(r -> r.value(m)));
            }
        }
        gauge(registry, k, MetricName.REALISED_COVERAGE.key(),
                "labelled / estimated predictions of the latest estimated window with labels",
                k2 -> k2.realised(RealisedPerformance::coverage));
    }

    private static void gauge(MeterRegistry registry, Key k, String name, String description, ToDoubleFunction<Key> f) {
        Gauge.builder(name, k, f).tags(k.tags).description(description).strongReference(true).register(registry);
    }

    /** Stops following the monitor; the gauges stay registered and read the last estimate heard. */
    @Override
    public void close() {
        synchronized (lock) {
            if (listening) {
                monitor.removeListener(listener);
                listening = false;
            }
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "MicrometerEstimateBinder[" + keys.size() + " keys, " + registries.size() + " registries]";
        }
    }
}
