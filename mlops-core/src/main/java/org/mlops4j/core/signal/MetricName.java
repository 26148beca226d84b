package org.mlops4j.core.signal;

import java.util.Objects;
import java.util.Optional;

/**
 * Every figure mlops4j names, in one place: the monitor computes them, alert rules watch them, the
 * Micrometer binder exports them under these names, and the control plane reads their
 * {@link SignalKind}.
 *
 * <p>Names follow Micrometer's dotted lower-case convention (a Prometheus registry turns
 * {@code mlops.prediction.error.ratio} into {@code mlops_prediction_error_ratio}). Ratios are in
 * [0, 1], latencies in seconds.
 */
public enum MetricName {

    /** Failed predictions / predictions in a window (timeouts included). */
    ERROR_RATIO("mlops.prediction.error.ratio", SignalKind.SOFTWARE),
    /** Predictions that timed out / predictions in a window. */
    TIMEOUT_RATIO("mlops.prediction.timeout.ratio", SignalKind.SOFTWARE),
    /** Median latency of a window, seconds. */
    LATENCY_P50("mlops.prediction.latency.p50", SignalKind.SOFTWARE),
    /** 95th percentile latency of a window, seconds. */
    LATENCY_P95("mlops.prediction.latency.p95", SignalKind.SOFTWARE),
    /** 99th percentile latency of a window, seconds. */
    LATENCY_P99("mlops.prediction.latency.p99", SignalKind.SOFTWARE),
    /** Predictions per second over a window's wall time. */
    THROUGHPUT("mlops.prediction.throughput", SignalKind.SOFTWARE),
    /** Predictions in a window. */
    PREDICTION_COUNT("mlops.prediction.count", SignalKind.SOFTWARE),

    /** The largest per-feature share of missing values in a window (per feature when tagged). */
    MISSING_RATIO("mlops.input.missing.ratio", SignalKind.DATA_QUALITY),
    /** The largest per-feature share of out-of-range or wrong-type values in a window. */
    OUT_OF_RANGE_RATIO("mlops.input.out_of_range.ratio", SignalKind.DATA_QUALITY),
    /** The largest per-feature share of values outside the declared categories in a window. */
    UNSEEN_CATEGORY_RATIO("mlops.input.unseen_category.ratio", SignalKind.DATA_QUALITY),
    /** NaN or infinite input values in a window. */
    NON_FINITE("mlops.input.nonfinite", SignalKind.DATA_QUALITY),
    /** Inputs the monitor could not read features from / predictions in a window. */
    UNREADABLE_INPUT_RATIO("mlops.input.unreadable.ratio", SignalKind.DATA_QUALITY),

    /** Drifted input features in a window. */
    DRIFTED_FEATURES("mlops.drift.feature.count", SignalKind.DATA_DRIFT),
    /** The share of drifted input features in a window (Evidently's dataset drift). */
    DRIFT_SHARE("mlops.drift.dataset.share", SignalKind.DATA_DRIFT),
    /** 1 when a window's prediction distribution drifted from the reference predictions, else 0. */
    PREDICTION_DRIFT("mlops.output.drift", SignalKind.DATA_DRIFT),
    /** A window's mean PCA reconstruction error (standardised units; NannyML's multivariate drift). */
    MULTIVARIATE_PCA_ERROR("mlops.multivariate.pca.error", SignalKind.DATA_DRIFT),
    /** 1 when a window's PCA reconstruction error is outside the reference's thresholds, else 0. */
    MULTIVARIATE_PCA_DRIFT("mlops.multivariate.pca.drift", SignalKind.DATA_DRIFT),
    /** The permutation p-value of a window's maximum mean discrepancy from the reference. */
    MULTIVARIATE_MMD_P_VALUE("mlops.multivariate.mmd.p_value", SignalKind.DATA_DRIFT),
    /** 1 when a window's MMD p-value is below alpha, else 0. */
    MULTIVARIATE_MMD_DRIFT("mlops.multivariate.mmd.drift", SignalKind.DATA_DRIFT),
    /** The cross-validated ROC AUC of a classifier separating a window from the reference (0.5: no difference). */
    MULTIVARIATE_DOMAIN_AUC("mlops.multivariate.domain.auc", SignalKind.DATA_DRIFT),
    /** 1 when the domain classifier's p-value is below alpha, else 0. */
    MULTIVARIATE_DOMAIN_DRIFT("mlops.multivariate.domain.drift", SignalKind.DATA_DRIFT),

    /** Null or empty answers / answers in a window. */
    NULL_OUTPUT_RATIO("mlops.output.null.ratio", SignalKind.OUTPUT_ANOMALY),
    /** Answers below the confidence threshold / answers with a confidence in a window. */
    LOW_CONFIDENCE_RATIO("mlops.output.low_confidence.ratio", SignalKind.OUTPUT_ANOMALY),
    /** The 10th percentile of the answers' confidence in a window. */
    CONFIDENCE_P10("mlops.output.confidence.p10", SignalKind.OUTPUT_ANOMALY),
    /** The median confidence in a window. */
    CONFIDENCE_P50("mlops.output.confidence.p50", SignalKind.OUTPUT_ANOMALY),
    /** The share of a predicted label in a window (tagged by label). */
    PREDICTION_SHARE("mlops.output.prediction.share", SignalKind.OUTPUT_ANOMALY),
    /** A quantile of the predicted values in a window (tagged by quantile). */
    OUTPUT_VALUE("mlops.output.value", SignalKind.OUTPUT_ANOMALY),
    /** Negative user signals (rejected, rephrased, not useful) / user signals, over a window of signals. */
    REJECTED_RATIO("mlops.output.rejected.ratio", SignalKind.OUTPUT_ANOMALY),

    /** Accuracy over a window of labelled predictions. */
    ACCURACY("mlops.performance.accuracy", SignalKind.PERFORMANCE_DROP),
    /** Root mean squared error over a window of labelled predictions. */
    RMSE("mlops.performance.rmse", SignalKind.PERFORMANCE_DROP),
    /** Mean absolute error over a window of labelled predictions. */
    MAE("mlops.performance.mae", SignalKind.PERFORMANCE_DROP),
    /** Accuracy of a window estimated without labels (CBPE), in [0, 1]. */
    ESTIMATED_ACCURACY("mlops.estimated.accuracy", SignalKind.PERFORMANCE_DROP),
    /** The lower end of the estimated accuracy's sampling-error band. */
    ESTIMATED_ACCURACY_LOWER("mlops.estimated.accuracy.lower", SignalKind.PERFORMANCE_DROP),
    /** The upper end of the estimated accuracy's sampling-error band. */
    ESTIMATED_ACCURACY_UPPER("mlops.estimated.accuracy.upper", SignalKind.PERFORMANCE_DROP),
    /** Precision of a window estimated without labels (macro average for a multiclass model). */
    ESTIMATED_PRECISION("mlops.estimated.precision", SignalKind.PERFORMANCE_DROP),
    /** The lower end of the estimated precision's sampling-error band. */
    ESTIMATED_PRECISION_LOWER("mlops.estimated.precision.lower", SignalKind.PERFORMANCE_DROP),
    /** The upper end of the estimated precision's sampling-error band. */
    ESTIMATED_PRECISION_UPPER("mlops.estimated.precision.upper", SignalKind.PERFORMANCE_DROP),
    /** Recall of a window estimated without labels (macro average for a multiclass model). */
    ESTIMATED_RECALL("mlops.estimated.recall", SignalKind.PERFORMANCE_DROP),
    /** The lower end of the estimated recall's sampling-error band. */
    ESTIMATED_RECALL_LOWER("mlops.estimated.recall.lower", SignalKind.PERFORMANCE_DROP),
    /** The upper end of the estimated recall's sampling-error band. */
    ESTIMATED_RECALL_UPPER("mlops.estimated.recall.upper", SignalKind.PERFORMANCE_DROP),
    /** F1 of a window estimated without labels (macro average for a multiclass model). */
    ESTIMATED_F1("mlops.estimated.f1", SignalKind.PERFORMANCE_DROP),
    /** The lower end of the estimated F1's sampling-error band. */
    ESTIMATED_F1_LOWER("mlops.estimated.f1.lower", SignalKind.PERFORMANCE_DROP),
    /** The upper end of the estimated F1's sampling-error band. */
    ESTIMATED_F1_UPPER("mlops.estimated.f1.upper", SignalKind.PERFORMANCE_DROP),
    /** ROC AUC of a window estimated without labels (macro one-vs-rest for a multiclass model). */
    ESTIMATED_ROC_AUC("mlops.estimated.roc_auc", SignalKind.PERFORMANCE_DROP),
    /** The lower end of the estimated ROC AUC's sampling-error band. */
    ESTIMATED_ROC_AUC_LOWER("mlops.estimated.roc_auc.lower", SignalKind.PERFORMANCE_DROP),
    /** The upper end of the estimated ROC AUC's sampling-error band. */
    ESTIMATED_ROC_AUC_UPPER("mlops.estimated.roc_auc.upper", SignalKind.PERFORMANCE_DROP),
    /** Accuracy of a window's predictions whose labels arrived later, next to its estimate. */
    REALISED_ACCURACY("mlops.realised.accuracy", SignalKind.PERFORMANCE_DROP),
    /** Precision of a window's predictions whose labels arrived later (macro for a multiclass model). */
    REALISED_PRECISION("mlops.realised.precision", SignalKind.PERFORMANCE_DROP),
    /** Recall of a window's predictions whose labels arrived later (macro for a multiclass model). */
    REALISED_RECALL("mlops.realised.recall", SignalKind.PERFORMANCE_DROP),
    /** F1 of a window's predictions whose labels arrived later (macro for a multiclass model). */
    REALISED_F1("mlops.realised.f1", SignalKind.PERFORMANCE_DROP),
    /** Labels that arrived for a window's estimated predictions / its estimated predictions. */
    REALISED_COVERAGE("mlops.realised.coverage", SignalKind.PERFORMANCE_DROP),
    /** Predictions joined with their ground truth (a counter). */
    LABELLED("mlops.feedback.labelled", SignalKind.PERFORMANCE_DROP),

    /** 1 when a concept-drift detector signals drift, then per window of labels 1 if it saw a drift, 0 if not. */
    CONCEPT_DRIFT("mlops.concept.drift", SignalKind.CONCEPT_DRIFT),
    /** Times a concept-drift detector signalled drift (a counter). */
    CONCEPT_DRIFTS("mlops.concept.drifts", SignalKind.CONCEPT_DRIFT),

    /** Items waiting for a reviewer in a human-review queue (pending and claimed), now. */
    REVIEW_QUEUE_DEPTH("mlops.review.queue.depth", SignalKind.SOFTWARE),
    /** Items of a human-review queue a reviewer holds a live claim on, now. */
    REVIEW_CLAIMED("mlops.review.claimed", SignalKind.SOFTWARE),
    /** The median age of the items waiting in a human-review queue, seconds. */
    REVIEW_AGE_P50("mlops.review.age.p50", SignalKind.SOFTWARE),
    /** The 99th percentile age of the items waiting in a human-review queue, seconds. */
    REVIEW_AGE_P99("mlops.review.age.p99", SignalKind.SOFTWARE),
    /** Items of a human-review queue that expired unreviewed since the previous reading. */
    REVIEW_EXPIRED_PERIOD("mlops.review.expired.period", SignalKind.SOFTWARE),
    /** Items of a human-review queue that expired unreviewed, all the store holds (a count). */
    REVIEW_EXPIRED("mlops.review.expired", SignalKind.SOFTWARE),
    /** Items of a human-review queue that a reviewer resolved, all the store holds (a count). */
    REVIEW_RESOLVED("mlops.review.resolved", SignalKind.PERFORMANCE_DROP),
    /** Resolved items whose reviewer agreed with the model, all the store holds (a count). */
    REVIEW_AGREED("mlops.review.agreed", SignalKind.PERFORMANCE_DROP),
    /** Reviewers agreeing with the model / items resolved since the previous reading. */
    REVIEW_AGREEMENT_RATIO("mlops.review.agreement.ratio", SignalKind.PERFORMANCE_DROP),
    /** Reviewers agreeing with the model / items resolved, over all the store holds. */
    REVIEW_AGREEMENT_CUMULATIVE_RATIO("mlops.review.agreement.cumulative.ratio", SignalKind.PERFORMANCE_DROP),

    /** Heap used, bytes. */
    HEAP_USED_BYTES("mlops.process.heap.used.bytes", SignalKind.SOFTWARE),
    /** Heap limit, bytes. */
    HEAP_MAX_BYTES("mlops.process.heap.max.bytes", SignalKind.SOFTWARE),
    /** Heap used / heap limit. */
    HEAP_USED_RATIO("mlops.process.heap.used.ratio", SignalKind.SOFTWARE),
    /** Non-heap memory used, bytes. */
    NON_HEAP_USED_BYTES("mlops.process.nonheap.used.bytes", SignalKind.SOFTWARE),
    /** The process's recent CPU load, in [0, 1]. */
    PROCESS_CPU_LOAD("mlops.process.cpu.load", SignalKind.SOFTWARE),
    /** The machine's recent CPU load, in [0, 1]. */
    SYSTEM_CPU_LOAD("mlops.system.cpu.load", SignalKind.SOFTWARE),
    /** The one-minute system load average. */
    SYSTEM_LOAD_AVERAGE("mlops.system.load.average", SignalKind.SOFTWARE),
    /** Processors available to the JVM. */
    AVAILABLE_PROCESSORS("mlops.system.processors", SignalKind.SOFTWARE),
    /** Live threads. */
    LIVE_THREADS("mlops.process.threads.live", SignalKind.SOFTWARE),
    /** Garbage collections so far. */
    GC_COUNT("mlops.process.gc.count", SignalKind.SOFTWARE),
    /** Time spent in garbage collection so far, milliseconds. */
    GC_TIME_MILLIS("mlops.process.gc.time.millis", SignalKind.SOFTWARE);

    private final String key;
    private final SignalKind kind;

    MetricName(String key, SignalKind kind) {
        this.key = key;
        this.kind = kind;
    }

    /** @return the name as published, for example {@code mlops.prediction.error.ratio} */
    public String key() {
        return key;
    }

    /** @return what the figure says about the model */
    public SignalKind kind() {
        return kind;
    }

    /**
     * Looks a published name up.
     *
     * @param key the name, for example {@code mlops.drift.dataset.share}
     * @return the metric, or empty for a name mlops4j does not define (a custom metric)
     */
    public static Optional<MetricName> of(String key) {
        Objects.requireNonNull(key, "key");
        for (MetricName m : values()) {
            if (m.key.equals(key)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /**
     * The kind of a published name: its {@link #kind()}, or {@link SignalKind#OTHER} for a name
     * mlops4j does not define.
     *
     * @param key the name
     * @return the kind
     */
    public static SignalKind kindOf(String key) {
        return of(key).map(MetricName::kind).orElse(SignalKind.OTHER);
    }

    @Override
    public String toString() {
        return key;
    }
}
