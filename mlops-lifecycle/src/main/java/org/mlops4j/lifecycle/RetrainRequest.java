package org.mlops4j.lifecycle;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mlops4j.core.signal.SignalKind;
import org.mlops4j.monitoring.log.CapturedData;
import org.mlops4j.monitoring.log.DatasetLineage;

/**
 * Why a {@link RetrainingPolicy} retrains, and the labelled production data it has for it: the
 * recent labelled examples it kept from feedback ({@code labelled}), and, when the policy retrains
 * on captured data ({@link RetrainingPolicy.Builder#retrainOnCaptured}), the data set a
 * {@code ProductionCapture} captured in a time range with its lineage ({@code captured}), plus the
 * reference data when one is configured ({@link RetrainingPolicy.Builder#referenceData}).
 *
 * @param trigger what triggered it
 * @param signal the kind of the alert behind it, when an alert triggered it
 * @param detail the alert, schedule or count behind it, in words
 * @param time when
 * @param labelled the most recent predictions whose ground truth came back, oldest first (empty
 *     unless the endpoint's feedback join keeps inputs)
 * @param captured the captured production data of the policy's time range, joined with its labels,
 *     when the policy retrains on captured data
 * @param reference the reference data (what the champion was trained on, say), when configured;
 *     empty otherwise
 * @param <I> the input type
 */
public record RetrainRequest<I>(Trigger trigger, Optional<SignalKind> signal, String detail, Instant time,
                                List<LabelledExample<I>> labelled, Optional<CapturedData<I>> captured,
                                List<LabelledExample<I>> reference) {

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
     * @param captured the captured production data of the policy's time range, when it retrains on it
     * @param reference the reference data, when configured; empty otherwise
     */
    public RetrainRequest {
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(captured, "captured");
        labelled = List.copyOf(labelled);
        reference = List.copyOf(reference);
    }

    /**
     * A request without captured or reference data.
     *
     * @param trigger what triggered it
     * @param signal the kind of the alert behind it, when an alert triggered it
     * @param detail the alert, schedule or count behind it, in words
     * @param time when
     * @param labelled the most recent predictions whose ground truth came back, oldest first
     */
    public RetrainRequest(Trigger trigger, Optional<SignalKind> signal, String detail, Instant time,
                          List<LabelledExample<I>> labelled) {
        this(trigger, signal, detail, time, labelled, Optional.empty(), List.of());
    }

    /**
     * @return the lineage of the captured data (content hash, rows, label coverage, time range,
     *     source), when the request carries it; log it on the retraining run with
     *     {@code run.logParams(lineage.params())}
     */
    public Optional<DatasetLineage> dataset() {
        return captured.map(CapturedData::lineage);
    }

    /**
     * @param data the captured data
     * @param referenceData the reference data
     * @return a copy carrying them
     */
    RetrainRequest<I> withData(Optional<CapturedData<I>> data, List<LabelledExample<I>> referenceData) {
        return new RetrainRequest<>(trigger, signal, detail, time, labelled, data, referenceData);
    }
}
