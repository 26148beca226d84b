package org.mlops4j.tribuo.tracking;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mlops4j.core.registry.ModelVersion;
import org.tribuo.Model;
import org.tribuo.Output;

/**
 * What one autologged training produced.
 *
 * @param runId the run it was logged to
 * @param model the trained model
 * @param metrics every metric logged to the run, by key (overall metrics such as {@code accuracy},
 *     then {@code slice.<name>.<metric>}), in logging order; immutable
 * @param modelVersion the registered version, when registration was asked for
 * @param <T> the output type
 */
public record AutologResult<T extends Output<T>>(String runId, Model<T> model, Map<String, Double> metrics,
                                                 Optional<ModelVersion> modelVersion) {

    /**
     * Validates and freezes the components.
     *
     * @param runId the run it was logged to
     * @param model the trained model
     * @param metrics every metric logged to the run, by key (overall metrics such as {@code accuracy},
     *     then {@code slice.<name>.<metric>}), in logging order; immutable
     * @param modelVersion the registered version, when registration was asked for
     * @throws NullPointerException if any component is null
     */
    public AutologResult {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(model, "model");
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(metrics, "metrics")));
        Objects.requireNonNull(modelVersion, "modelVersion");
    }

    /**
     * Looks up a logged metric.
     *
     * @param key the metric key, for example {@code accuracy} or {@code slice.colour_red.accuracy}
     * @return its value, or empty when it was not logged
     */
    public Optional<Double> metric(String key) {
        return Optional.ofNullable(metrics.get(key));
    }
}
