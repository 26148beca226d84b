package org.mlops4j.tribuo.tracking;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.tracking.Goal;
import org.tribuo.Output;

/**
 * What a {@link TribuoSweep} produced.
 *
 * @param parentRunId the sweep's parent run
 * @param trials each trial's result by trial name (its child run's name), in the order they ran; immutable
 * @param bestTrial the name of the trial with the best value of the metric
 * @param metric the metric trials were compared on
 * @param goal whether larger or smaller was better
 * @param modelVersion the version registered from the best trial, when the autolog registers
 * @param <T> the output type
 */
public record SweepResult<T extends Output<T>>(String parentRunId, Map<String, AutologResult<T>> trials,
                                               String bestTrial, String metric, Goal goal,
                                               Optional<ModelVersion> modelVersion) {

    /**
     * Validates and freezes the components.
     *
     * @param parentRunId the sweep's parent run
     * @param trials each trial's result by trial name (its child run's name), in the order they ran; immutable
     * @param bestTrial the name of the trial with the best value of the metric
     * @param metric the metric trials were compared on
     * @param goal whether larger or smaller was better
     * @param modelVersion the version registered from the best trial, when the autolog registers
     * @throws NullPointerException if any component is null
     * @throws IllegalArgumentException if {@code bestTrial} is not one of the trials
     */
    public SweepResult {
        Objects.requireNonNull(parentRunId, "parentRunId");
        trials = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(trials, "trials")));
        Objects.requireNonNull(bestTrial, "bestTrial");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(goal, "goal");
        Objects.requireNonNull(modelVersion, "modelVersion");
        if (!trials.containsKey(bestTrial)) {
            throw new IllegalArgumentException("bestTrial must be one of the trials " + trials.keySet()
                    + " but was '" + bestTrial + "'");
        }
    }

    /** @return the best trial's result */
    public AutologResult<T> best() {
        return trials.get(bestTrial);
    }

    /** @return the best trial's value of the metric */
    public double bestValue() {
        return best().metrics().get(metric);
    }
}
