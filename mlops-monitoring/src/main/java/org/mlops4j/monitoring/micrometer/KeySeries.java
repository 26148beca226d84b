package org.mlops4j.monitoring.micrometer;

import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.mlops4j.monitoring.FeedbackMetrics;
import org.mlops4j.monitoring.WindowMetrics;

/**
 * What a {@link MicrometerMonitorBinder} knows of one (endpoint, variant, model version): its latest
 * window, its latest feedback figures, and the tag values (features, labels, quantiles) its windows
 * have shown so far. Every gauge row of the key reads this object.
 *
 * <p>Written only under the binder's lock; gauge reads (scrapes) take no lock and see the latest
 * window and feedback through volatile fields. {@link #tagValues} is touched only under the lock.
 */
final class KeySeries {

    private final String endpoint;
    private final String variant;
    private final String model;
    private final Tags tags;
    private volatile WindowMetrics window;
    private volatile FeedbackMetrics feedback;
    private final Map<String, Set<String>> tagValues = new HashMap<>();

    KeySeries(String endpoint, String variant, String model) {
        this.endpoint = endpoint;
        this.variant = variant;
        this.model = model;
        this.tags = Tags.of("endpoint", endpoint, "variant", variant, "model_version", model);
    }

    /** The map key of a series: endpoint, variant and model version. */
    static String key(String endpoint, String variant, String model) {
        return endpoint + '\u0000' + variant + '\u0000' + model;
    }

    String endpoint() {
        return endpoint;
    }

    String variant() {
        return variant;
    }

    String model() {
        return model;
    }

    /** @return the key tags: endpoint, variant and model_version */
    Tags tags() {
        return tags;
    }

    boolean hasWindow() {
        return window != null;
    }

    boolean hasFeedback() {
        return feedback != null;
    }

    /**
     * Takes a window as the latest unless a newer one of this key is already here (analysis on a
     * pool may finish windows out of order).
     */
    void offer(WindowMetrics w) {
        WindowMetrics current = window;
        if (current == null || w.window() >= current.window()) {
            window = w;
        }
    }

    void feedback(FeedbackMetrics f) {
        feedback = f;
    }

    /** @return the value of the latest window, NaN before the first */
    double window(ToDoubleFunction<WindowMetrics> value) {
        WindowMetrics w = window;
        return w == null ? Double.NaN : value.applyAsDouble(w);
    }

    /** @return the value of the latest feedback figures, NaN before the first */
    double feedback(ToDoubleFunction<FeedbackMetrics> value) {
        FeedbackMetrics f = feedback;
        return f == null ? Double.NaN : value.applyAsDouble(f);
    }

    /** @return the tag values a gauge has seen for this key, in order of first appearance; mutable */
    Set<String> tagValues(String gauge) {
        return tagValues.computeIfAbsent(gauge, g -> new LinkedHashSet<>());
    }
}
