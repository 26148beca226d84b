package org.mlops4j.monitoring.micrometer;

import io.micrometer.core.instrument.MultiGauge.Row;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.mlops4j.core.signal.MetricName;
import org.mlops4j.monitoring.FeedbackMetrics;
import org.mlops4j.monitoring.WindowMetrics;

/**
 * One gauge name a {@link MicrometerMonitorBinder} publishes, and how each key's rows of it (the
 * series of one {@code MultiGauge}) are made. {@link #ALL} lists every name in one place.
 */
sealed interface MonitorGauge permits MonitorGauge.PerKey, MonitorGauge.PerTag, MonitorGauge.PerFeedback {

    /** @return the meter name */
    String name();

    /** @return the base unit, or null for none (Micrometer's convention) */
    String baseUnit();

    /** @return the meter description */
    String description();

    /**
     * Adds the rows of one key. Each row reads the key's latest figures when a registry asks, so a
     * row is registered once and follows every later window.
     *
     * @param series the key
     * @param out where the rows go
     */
    void rows(KeySeries series, List<Row<?>> out);

    /**
     * Learns what a window brings to its key's rows; called under the binder's lock, before the
     * window is offered to the key.
     *
     * @param series the key the window belongs to
     * @param window the window
     * @return true when the key gains rows of this gauge
     */
    default boolean learn(KeySeries series, WindowMetrics window) {
        return false;
    }

    /** One series per key, read from its latest window. */
    record PerKey(String name, String baseUnit, String description, ToDoubleFunction<WindowMetrics> value)
            implements MonitorGauge {
        @Override
        public boolean learn(KeySeries series, WindowMetrics window) {
            return !series.hasWindow();
        }

        @Override
        public void rows(KeySeries series, List<Row<?>> out) {
            if (series.hasWindow()) {
                out.add(Row.of(series.tags(), series, s -> s.window(value)));
            }
        }
    }

    /**
     * One series per key and tag value (feature, label or quantile) any of its windows has shown,
     * read from its latest window; {@code absent} when the latest window lacks the tag value.
     */
    record PerTag(String name, String description, String tagKey, Function<WindowMetrics, Map<String, Double>> values,
                  double absent) implements MonitorGauge {
        @Override
        public String baseUnit() {
            return null;
        }

        @Override
        public boolean learn(KeySeries series, WindowMetrics window) {
            return series.tagValues(name).addAll(values.apply(window).keySet());
        }

        @Override
        public void rows(KeySeries series, List<Row<?>> out) {
            for (String tagValue : series.tagValues(name)) {
                out.add(Row.of(series.tags().and(tagKey, tagValue), series,
                        s -> s.window(w -> values.apply(w).getOrDefault(tagValue, absent))));
            }
        }
    }

    /** One series per key with feedback, read from its latest feedback figures. */
    record PerFeedback(String name, String description, ToDoubleFunction<FeedbackMetrics> value)
            implements MonitorGauge {
        @Override
        public String baseUnit() {
            return null;
        }

        @Override
        public void rows(KeySeries series, List<Row<?>> out) {
            if (series.hasFeedback()) {
                out.add(Row.of(series.tags(), series, s -> s.feedback(value)));
            }
        }
    }

    /** Every gauge of the binder. */
    List<MonitorGauge> ALL = List.of(
            new PerKey(MetricName.ERROR_RATIO.key(), null, "Failed predictions / predictions in the latest window",
                    WindowMetrics::errorRatio),
            new PerKey(MetricName.TIMEOUT_RATIO.key(), null,
                    "Predictions that timed out / predictions in the latest window", WindowMetrics::timeoutRatio),
            new PerKey(MetricName.CONFIDENCE_P10.key(), null, "10th percentile of answer confidence",
                    WindowMetrics::confidenceP10),
            new PerKey(MetricName.CONFIDENCE_P50.key(), null, "Median answer confidence", WindowMetrics::confidenceP50),
            new PerKey(MetricName.PREDICTION_DRIFT.key(), null,
                    "1 when the latest window's predictions drifted from the reference predictions, 0 when not, "
                            + "NaN when not tested",
                    w -> w.predictionDrift().map(d -> d.drifted() ? 1.0 : 0.0).orElse(Double.NaN)),
            new PerKey(MetricName.LATENCY_P50.key(), "seconds", "Median latency of the latest window",
                    WindowMetrics::latencyP50Seconds),
            new PerKey(MetricName.LATENCY_P95.key(), "seconds", "95th percentile latency of the latest window",
                    WindowMetrics::latencyP95Seconds),
            new PerKey(MetricName.LATENCY_P99.key(), "seconds", "99th percentile latency of the latest window",
                    WindowMetrics::latencyP99Seconds),
            new PerKey(MetricName.THROUGHPUT.key(), null,
                    "Predictions per second over the latest window's wall time", WindowMetrics::throughputPerSecond),
            new PerKey(MetricName.PREDICTION_COUNT.key(), null, "Predictions in the latest window", WindowMetrics::predictions),
            new PerKey(MetricName.NON_FINITE.key(), null, "NaN or infinite input values in the latest window",
                    WindowMetrics::nonFinite),
            new PerKey(MetricName.UNREADABLE_INPUT_RATIO.key(), null,
                    "Inputs whose features the monitor could not read / predictions in the latest window",
                    WindowMetrics::unreadableInputRatio),
            new PerKey(MetricName.NULL_OUTPUT_RATIO.key(), null,
                    "Null or empty answers / successful predictions in the latest window",
                    WindowMetrics::nullOutputRatio),
            new PerKey(MetricName.LOW_CONFIDENCE_RATIO.key(), null,
                    "Answers below the confidence threshold / answers with a confidence in the latest window",
                    WindowMetrics::lowConfidenceRatio),
            new PerKey(MetricName.DRIFT_SHARE.key(), null, "Share of drifted input features in the latest window",
                    WindowMetrics::driftedShare),
            new PerKey(MetricName.DRIFTED_FEATURES.key(), null, "Drifted input features in the latest window",
                    w -> w.driftedFeatures().size()),
            new PerTag(MetricName.MISSING_RATIO.key(), "Missing values / predictions of a feature in the latest window",
                    "feature", WindowMetrics::missingRatio, Double.NaN),
            new PerTag(MetricName.OUT_OF_RANGE_RATIO.key(),
                    "Out-of-range or wrong-type values / predictions of a feature in the latest window",
                    "feature", WindowMetrics::outOfRangeRatio, Double.NaN),
            new PerTag(MetricName.UNSEEN_CATEGORY_RATIO.key(),
                    "Values outside the declared categories / predictions of a feature in the latest window",
                    "feature", WindowMetrics::unseenCategoryRatio, Double.NaN),
            new PerTag(MetricName.OUTPUT_VALUE.key(), "Quantile of the predicted values in the latest window",
                    "quantile", WindowMetrics::outputQuantiles, Double.NaN),
            new PerTag(MetricName.PREDICTION_SHARE.key(),
                    "Share of a predicted label among successful predictions in the latest window",
                    "label", WindowMetrics::predictionShares, 0.0),
            new PerFeedback(MetricName.ACCURACY.key(), "Accuracy over the latest window of labelled predictions",
                    FeedbackMetrics::accuracy),
            new PerFeedback(MetricName.RMSE.key(), "RMSE over the latest window of labelled predictions",
                    FeedbackMetrics::rmse),
            new PerFeedback(MetricName.MAE.key(), "MAE over the latest window of labelled predictions",
                    FeedbackMetrics::mae),
            new PerFeedback(MetricName.REJECTED_RATIO.key(),
                    "Negative user signals (rejected, rephrased, not useful) over the latest window of user signals",
                    FeedbackMetrics::rejectedRatio));
}
