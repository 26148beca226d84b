package org.mlops4j.monitoring.scoping;

import java.util.function.ToDoubleFunction;
import org.mlops4j.core.signal.MetricName;
import org.mlops4j.monitoring.FeedbackMetrics;
import org.mlops4j.monitoring.FeedbackWindow;
import org.mlops4j.monitoring.WindowMetrics;

/**
 * The figures a scoping target can watch, and where each comes from: a window of labelled
 * predictions ({@link FeedbackMetrics}: accuracy, RMSE, MAE) or a window of predictions
 * ({@link WindowMetrics}: latency, throughput, error ratio). Units are those of {@link MetricName}:
 * ratios in [0, 1], latencies in seconds, throughput in predictions per second.
 */
public enum TargetMetric {

    /** Accuracy over the latest window of labelled predictions (a classifier). */
    ACCURACY(MetricName.ACCURACY, null, FeedbackMetrics::accuracy),
    /** Root mean squared error over the latest window of labelled predictions (a regression model). */
    RMSE(MetricName.RMSE, null, FeedbackMetrics::rmse),
    /** Mean absolute error over the latest window of labelled predictions (a regression model). */
    MAE(MetricName.MAE, null, FeedbackMetrics::mae),
    /** Median latency of the latest window, seconds. */
    LATENCY_P50(MetricName.LATENCY_P50, WindowMetrics::latencyP50Seconds, null),
    /** 95th percentile latency of the latest window, seconds. */
    LATENCY_P95(MetricName.LATENCY_P95, WindowMetrics::latencyP95Seconds, null),
    /** 99th percentile latency of the latest window, seconds. */
    LATENCY_P99(MetricName.LATENCY_P99, WindowMetrics::latencyP99Seconds, null),
    /** Predictions per second over the latest window's wall time. */
    THROUGHPUT(MetricName.THROUGHPUT, WindowMetrics::throughputPerSecond, null),
    /** Failed predictions / predictions in the latest window. */
    ERROR_RATIO(MetricName.ERROR_RATIO, WindowMetrics::errorRatio, null);

    private final MetricName name;
    private final ToDoubleFunction<WindowMetrics> window;
    private final ToDoubleFunction<FeedbackMetrics> feedback;

    TargetMetric(MetricName name, ToDoubleFunction<WindowMetrics> window, ToDoubleFunction<FeedbackMetrics> feedback) {
        this.name = name;
        this.window = window;
        this.feedback = feedback;
    }

    /** @return the monitor's name of the figure, for example {@code mlops.performance.accuracy} */
    public MetricName metricName() {
        return name;
    }

    /** @return true for a figure of labelled feedback, false for one of a window of predictions */
    public boolean fromFeedback() {
        return feedback != null;
    }

    /**
     * Reads the figure from a window of predictions.
     *
     * @param metrics the window's metrics
     * @return the figure, NaN for a figure of feedback
     */
    public double read(WindowMetrics metrics) {
        return window == null ? Double.NaN : window.applyAsDouble(metrics);
    }

    /**
     * Reads the figure from a completed window of labelled predictions.
     *
     * @param window the feedback window
     * @return the figure (NaN when it does not apply), NaN for a figure of a window of predictions
     */
    public double read(FeedbackWindow window) {
        return switch (this) {
            case ACCURACY -> window.accuracy();
            case RMSE -> window.rmse();
            case MAE -> window.mae();
            default -> Double.NaN;
        };
    }

    /**
     * Reads the figure from a key's feedback figures.
     *
     * @param metrics the feedback figures
     * @return the figure (NaN when it does not apply, for example accuracy of a regression model),
     *     NaN for a figure of a window of predictions
     */
    public double read(FeedbackMetrics metrics) {
        return feedback == null ? Double.NaN : feedback.applyAsDouble(metrics);
    }
}
