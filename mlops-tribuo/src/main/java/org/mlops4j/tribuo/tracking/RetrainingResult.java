package org.mlops4j.tribuo.tracking;

import java.util.Objects;
import java.util.Optional;
import org.tribuo.Model;
import org.tribuo.Output;

/**
 * What one {@link TribuoRetraining} produced.
 *
 * @param model the retrained model
 * @param data which data it was trained on
 * @param runId the tracking run, when the retraining was tracked
 * @param <T> the output type
 */
public record RetrainingResult<T extends Output<T>>(Model<T> model, DatasetFingerprint data, Optional<String> runId) {

    /**
     * Validates the result.
     *
     * @param model the retrained model
     * @param data which data it was trained on
     * @param runId the tracking run, when the retraining was tracked
     * @throws NullPointerException if any component is null
     */
    public RetrainingResult {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(runId, "runId");
    }
}
