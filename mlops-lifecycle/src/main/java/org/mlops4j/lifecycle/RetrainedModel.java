package org.mlops4j.lifecycle;

import java.util.Objects;
import java.util.Optional;
import org.mlops4j.core.Predictor;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.monitoring.Baseline;

/**
 * A model a {@link Retrainer} trained: its predictor (for the holdout comparison and, if it wins,
 * the rollout), how to register it, the tracking run that produced it, and the baseline of the data
 * it was trained on (what the monitor compares traffic with once it is promoted).
 *
 * @param predictor the trained model
 * @param registration its registration, under the champion's model name
 * @param runId the tracking run's id, recorded on the registered version
 * @param baseline the profile of its training data and its predictions on it; when present, a
 *     {@link ClosedLoop} re-baselines its monitor with it after a promotion
 * @param <I> the input type
 * @param <O> the output type
 */
public record RetrainedModel<I, O>(Predictor<I, O> predictor, ModelRegistration registration, String runId,
                                   Optional<Baseline> baseline) {

    /**
     * Validates the model.
     *
     * @param predictor the trained model
     * @param registration its registration, under the champion's model name
     * @param runId the tracking run's id, recorded on the registered version
     * @param baseline the profile of its training data and its predictions on it; when present, a
     *     {@link ClosedLoop} re-baselines its monitor with it after a promotion
     */
    public RetrainedModel {
        Objects.requireNonNull(predictor, "predictor");
        Objects.requireNonNull(registration, "registration");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(baseline, "baseline");
    }

    /**
     * A model without a baseline (the monitor keeps its reference after a promotion).
     *
     * @param predictor the trained model
     * @param registration its registration
     * @param runId the tracking run's id
     */
    public RetrainedModel(Predictor<I, O> predictor, ModelRegistration registration, String runId) {
        this(predictor, registration, runId, Optional.empty());
    }

    /**
     * @param value the baseline of the data this model was trained on
     * @return a copy with it
     */
    public RetrainedModel<I, O> withBaseline(Baseline value) {
        return new RetrainedModel<>(predictor, registration, runId, Optional.of(value));
    }
}
