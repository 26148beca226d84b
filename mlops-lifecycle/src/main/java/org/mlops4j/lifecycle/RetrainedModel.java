package org.mlops4j.lifecycle;

import java.util.Objects;
import org.mlops4j.core.Predictor;
import org.mlops4j.core.registry.ModelRegistration;

/**
 * A model a {@link Retrainer} trained: its predictor (for the holdout comparison and, if it wins,
 * the rollout), how to register it, and the tracking run that produced it.
 *
 * @param predictor the trained model
 * @param registration its registration, under the champion's model name
 * @param runId the tracking run's id, recorded on the registered version
 * @param <I> the input type
 * @param <O> the output type
 */
public record RetrainedModel<I, O>(Predictor<I, O> predictor, ModelRegistration registration, String runId) {

    /** Validates the model. */
    public RetrainedModel {
        Objects.requireNonNull(predictor, "predictor");
        Objects.requireNonNull(registration, "registration");
        Objects.requireNonNull(runId, "runId");
    }
}
