package org.mlops4j.lifecycle.analysis;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Objects;

/**
 * The verdict of {@link CanaryJudge} on one metric.
 *
 * <p>The shift is experiment minus control: {@code estimate} is the Hodges-Lehmann estimate (the
 * median of all pairwise differences) and {@code [lower, upper]} its confidence interval at the
 * judge's confidence. For NODATA every statistic is {@code NaN}.
 *
 * @param spec             the metric's spec
 * @param classification   PASS, HIGH, LOW or NODATA (see {@link Classification})
 * @param failed           whether the classification is a failure for the spec's direction
 * @param estimate         Hodges-Lehmann shift, in the metric's unit
 * @param lower            lower end of the shift's confidence interval
 * @param upper            upper end of the shift's confidence interval
 * @param pValue           two-sided Mann-Whitney p-value
 * @param controlMedian    median of the control sample
 * @param experimentMedian median of the experiment sample
 * @param controlCount     number of control values used (NaN values are dropped)
 * @param experimentCount  number of experiment values used
 * @param reason           why the metric has no data, or a one-line account of the comparison
 */
public record MetricJudgement(MetricSpec spec, Classification classification, boolean failed,
                              double estimate, double lower, double upper, double pValue,
                              double controlMedian, double experimentMedian, int controlCount,
                              int experimentCount, String reason) {

    /** Where the experiment lies relative to the control. */
    public enum Classification {
        /**
         * No evidence of a shift that matters: the interval contains 0, or lies entirely within
         * the spec's tolerance of the control median.
         */
        PASS,
        /** The whole interval lies above 0 (and outside the tolerance): the experiment is higher. */
        HIGH,
        /** The whole interval lies below 0 (and outside the tolerance): the experiment is lower. */
        LOW,
        /** A sample was missing or had fewer values than the judge's minimum. */
        NODATA
    }

    /**
     * Validates the judgement.
     *
     * @param spec the metric's spec
     * @param classification PASS, HIGH, LOW or NODATA (see {@link Classification})
     * @param failed whether the classification is a failure for the spec's direction
     * @param estimate Hodges-Lehmann shift, in the metric's unit
     * @param lower lower end of the shift's confidence interval
     * @param upper upper end of the shift's confidence interval
     * @param pValue two-sided Mann-Whitney p-value
     * @param controlMedian median of the control sample
     * @param experimentMedian median of the experiment sample
     * @param controlCount number of control values used (NaN values are dropped)
     * @param experimentCount number of experiment values used
     * @param reason why the metric has no data, or a one-line account of the comparison
     * @throws NullPointerException if {@code spec}, {@code classification} or {@code reason} is null
     */
    public MetricJudgement {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(classification, "classification");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * The metric's name.
     *
     * @return {@code spec().name()}
     */
    public String name() {
        return spec.name();
    }

    /**
     * Whether the metric had enough data to be judged.
     *
     * @return {@code classification() != NODATA}
     */
    public boolean hasData() {
        return classification != Classification.NODATA;
    }

    static MetricJudgement noData(MetricSpec spec, int controlCount, int experimentCount,
                                  String reason) {
        return new MetricJudgement(spec, Classification.NODATA, false, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, controlCount, experimentCount,
                reason);
    }

    /** One line for {@link JudgeResult#summary()}. */
    String line() {
        String tags = (spec.isCritical() ? "critical, " : "") + "weight " + plain(spec.weight());
        String head = String.format(Locale.ROOT, "%s [%s]: %s%s", name(), tags, classification,
                failed ? " (failure)" : "");
        return head + " - " + reason;
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /** A configured number as written: {@code 1}, {@code 0.5}, {@code 95}. */
    static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
