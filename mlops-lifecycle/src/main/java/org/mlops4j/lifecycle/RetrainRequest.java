package org.mlops4j.lifecycle;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mlops4j.core.signal.SignalKind;

/**
 * Why a {@link RetrainingPolicy} retrains, and the labelled production data it has for it.
 *
 * @param trigger what triggered it
 * @param signal the kind of the alert behind it, when an alert triggered it
 * @param detail the alert, schedule or count behind it, in words
 * @param time when
 * @param labelled the most recent predictions whose ground truth came back, oldest first (empty
 *     unless the endpoint's feedback join keeps inputs)
 * @param <I> the input type
 */
public record RetrainRequest<I>(Trigger trigger, Optional<SignalKind> signal, String detail, Instant time,
                                List<LabelledExample<I>> labelled) {

    /** What triggers a retraining. */
    public enum Trigger {
        /** The schedule came due. */
        SCHEDULE,
        /** A data-drift alert fired (inputs or predictions moved away from the reference). */
        DATA_DRIFT,
        /** A concept-drift or performance (accuracy, RMSE) alert fired. */
        CONCEPT_DRIFT,
        /** An alert of another kind the policy was told to retrain on fired. */
        ALERT,
        /** Enough new labelled data arrived. */
        NEW_LABELS,
        /** Someone asked. */
        MANUAL;

        /**
         * The trigger of an alert of a kind.
         *
         * @param kind the alert's kind
         * @return DATA_DRIFT, CONCEPT_DRIFT (concept drift and performance drops) or ALERT
         */
        public static Trigger of(SignalKind kind) {
            return switch (Objects.requireNonNull(kind, "kind")) {
                case DATA_DRIFT -> DATA_DRIFT;
                case CONCEPT_DRIFT, PERFORMANCE_DROP -> CONCEPT_DRIFT;
                default -> ALERT;
            };
        }
    }

    /**
     * Validates the request and freezes its data.
     *
     * @param labelled the most recent predictions whose ground truth came back, oldest first (empty
     *     unless the endpoint's feedback join keeps inputs)
     * @param trigger what triggered it
     * @param signal the kind of the alert behind it, when an alert triggered it
     * @param detail the alert, schedule or count behind it, in words
     * @param time when
     */
    public RetrainRequest {
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(time, "time");
        labelled = List.copyOf(labelled);
    }
}
