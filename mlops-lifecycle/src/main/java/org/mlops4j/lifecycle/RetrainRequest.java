package org.mlops4j.lifecycle;

import java.time.Instant;
import java.util.Objects;

/**
 * Why a {@link RetrainingPolicy} retrains.
 *
 * @param trigger what triggered it
 * @param detail the alert, schedule or count behind it, in words
 * @param time when
 */
public record RetrainRequest(Trigger trigger, String detail, Instant time) {

    /** What triggers a retraining. */
    public enum Trigger {
        /** The schedule came due. */
        SCHEDULE,
        /** An input-drift alert fired. */
        DATA_DRIFT,
        /** A concept-drift or performance (accuracy, RMSE) alert fired. */
        CONCEPT_DRIFT,
        /** Enough new labelled data arrived. */
        NEW_LABELS,
        /** Someone asked. */
        MANUAL
    }

    /** Validates the request. */
    public RetrainRequest {
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(time, "time");
    }
}
