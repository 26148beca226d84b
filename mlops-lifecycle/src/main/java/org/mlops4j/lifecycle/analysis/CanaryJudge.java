package org.mlops4j.lifecycle.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A Kayenta-style canary judge: compares each metric's experiment (candidate) sample with its
 * control (champion) sample and turns the comparisons into a weighted score and a verdict.
 *
 * <p><b>Per metric.</b> NaN values are dropped as missing. If either sample is absent or has
 * fewer than {@code minSamples} values the metric is NODATA. Otherwise the judge computes the
 * Hodges-Lehmann shift of experiment over control (the median of all pairwise differences), its
 * confidence interval by inverting the Mann-Whitney test with the normal approximation, tie
 * correction and continuity correction (R's {@code wilcox.test(experiment, control,
 * conf.int = TRUE, exact = FALSE, correct = TRUE)}, as Kayenta's Mann-Whitney classifier does),
 * and scipy's two-sided {@code mannwhitneyu} p-value. The metric is
 * <ul>
 *   <li>PASS if the interval contains 0, or lies entirely within
 *       {@code ±tolerance * |control median|};</li>
 *   <li>HIGH if the interval lies above 0, LOW if below.</li>
 * </ul>
 * HIGH fails an {@link MetricSpec.Direction#INCREASE_IS_BAD} metric, LOW a
 * {@link MetricSpec.Direction#DECREASE_IS_BAD} one, and either an
 * {@link MetricSpec.Direction#EITHER} one; a change in the good direction is reported but does
 * not fail. The interval is exact for any sample size: its ends are order statistics of the
 * pairwise differences, selected without materialising the {@code n * m} differences.
 *
 * <p><b>Overall.</b> {@code score = 100 * (weight of metrics with data that did not fail) /
 * (weight of metrics with data)}. The outcome is NODATA when no metric had data, FAIL when a
 * critical metric failed (whatever the score), else PASS when {@code score >= passScore},
 * MARGINAL when {@code score >= marginalScore}, FAIL otherwise. A NODATA metric, critical or not,
 * neither helps nor hurts the score.
 *
 * <p>Instances are immutable and thread-safe; build them with {@link #builder()}.
 */
public final class CanaryJudge {

    private final double confidence;
    private final double passScore;
    private final double marginalScore;
    private final int minSamples;
    private final Map<String, MetricSpec> metrics;

    private CanaryJudge(Builder b) {
        this.confidence = b.confidence;
        this.passScore = b.passScore;
        this.marginalScore = b.marginalScore;
        this.minSamples = b.minSamples;
        this.metrics = new LinkedHashMap<>(b.metrics);
    }

    /**
     * A builder with confidence 0.95, pass score 95, marginal score 75, at least 20 values per
     * sample, and no metrics.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Judges an experiment against a control.
     *
     * @param control    per metric name, the control's values; metrics absent here are NODATA
     * @param experiment per metric name, the experiment's values; metrics absent here are NODATA
     * @return the verdict, with one judgement per metric of this judge in the builder's order
     * @throws NullPointerException     if a map, or a sample in it, is null
     * @throws IllegalArgumentException if a map names a metric this judge does not know, or a
     *                                  sample holds an infinite value
     */
    public JudgeResult judge(Map<String, double[]> control, Map<String, double[]> experiment) {
        Objects.requireNonNull(control, "control");
        Objects.requireNonNull(experiment, "experiment");
        checkKnown(control, "control");
        checkKnown(experiment, "experiment");
        List<MetricJudgement> judgements = new ArrayList<>(metrics.size());
        for (MetricSpec spec : metrics.values()) {
            judgements.add(judgeMetric(spec, control.get(spec.name()), experiment.get(spec.name())));
        }
        return combine(judgements);
    }

    private void checkKnown(Map<String, double[]> samples, String argument) {
        for (Map.Entry<String, double[]> e : samples.entrySet()) {
            if (!metrics.containsKey(e.getKey())) {
                throw new IllegalArgumentException(argument + " names unknown metric '" + e.getKey()
                        + "'; the judge's metrics are " + metrics.keySet());
            }
            Objects.requireNonNull(e.getValue(), argument + " sample of '" + e.getKey() + "'");
        }
    }

    private MetricJudgement judgeMetric(MetricSpec spec, double[] rawControl, double[] rawExperiment) {
        double[] c = rawControl == null ? null : clean(rawControl, "control", spec.name());
        double[] e = rawExperiment == null ? null : clean(rawExperiment, "experiment", spec.name());
        int nc = c == null ? 0 : c.length;
        int ne = e == null ? 0 : e.length;
        if (c == null || e == null) {
            return MetricJudgement.noData(spec, nc, ne,
                    "no " + (c == null ? "control" : "experiment") + " sample");
        }
        if (nc < minSamples || ne < minSamples) {
            return MetricJudgement.noData(spec, nc, ne, String.format(Locale.ROOT,
                    "too few values: control %d, experiment %d, need %d each", nc, ne, minSamples));
        }
        RankShift.Result r = RankShift.compare(c, e, confidence);
        double controlMedian = median(c);
        double allowed = spec.tolerance() * Math.abs(controlMedian);
        MetricJudgement.Classification cls;
        if ((r.lower() <= 0 && r.upper() >= 0) || (r.lower() >= -allowed && r.upper() <= allowed)) {
            cls = MetricJudgement.Classification.PASS;
        } else if (r.lower() > 0) {
            cls = MetricJudgement.Classification.HIGH;
        } else {
            cls = MetricJudgement.Classification.LOW;
        }
        String reason = String.format(Locale.ROOT,
                "shift %s [%s, %s] at %s%% (tolerated ±%s), p=%s, median control %s, experiment %s,"
                        + " n=%d/%d",
                MetricJudgement.fmt(r.estimate()), MetricJudgement.fmt(r.lower()),
                MetricJudgement.fmt(r.upper()), MetricJudgement.fmt(100 * confidence),
                MetricJudgement.fmt(allowed), MetricJudgement.fmt(r.pValue()),
                MetricJudgement.fmt(controlMedian), MetricJudgement.fmt(median(e)), nc, ne);
        return new MetricJudgement(spec, cls, spec.fails(cls), r.estimate(), r.lower(), r.upper(),
                r.pValue(), controlMedian, median(e), nc, ne, reason);
    }

    private JudgeResult combine(List<MetricJudgement> judgements) {
        double withData = 0;
        double passing = 0;
        boolean criticalFailed = false;
        for (MetricJudgement j : judgements) {
            if (j.hasData()) {
                withData += j.spec().weight();
                if (!j.failed()) {
                    passing += j.spec().weight();
                }
                criticalFailed |= j.failed() && j.spec().isCritical();
            }
        }
        if (withData == 0) {
            return new JudgeResult(JudgeResult.Outcome.NODATA, Double.NaN, passScore, marginalScore,
                    judgements);
        }
        double score = 100 * passing / withData;
        JudgeResult.Outcome outcome;
        if (criticalFailed) {
            outcome = JudgeResult.Outcome.FAIL;
        } else if (score >= passScore) {
            outcome = JudgeResult.Outcome.PASS;
        } else if (score >= marginalScore) {
            outcome = JudgeResult.Outcome.MARGINAL;
        } else {
            outcome = JudgeResult.Outcome.FAIL;
        }
        return new JudgeResult(outcome, score, passScore, marginalScore, judgements);
    }

    /** A sorted copy without NaN values; infinite values are rejected. */
    private static double[] clean(double[] values, String side, String metric) {
        double[] out = new double[values.length];
        int k = 0;
        for (double v : values) {
            if (Double.isInfinite(v)) {
                throw new IllegalArgumentException(side + " sample of metric '" + metric
                        + "' must hold finite values (or NaN for missing) but held " + v);
            }
            if (!Double.isNaN(v)) {
                out[k++] = v;
            }
        }
        double[] sorted = Arrays.copyOf(out, k);
        Arrays.sort(sorted);
        return sorted;
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * Configures a {@link CanaryJudge}. Each setter checks its argument at once; {@link #build()}
     * checks the combination. Not thread-safe.
     */
    public static final class Builder {

        private double confidence = 0.95;
        private double passScore = 95;
        private double marginalScore = 75;
        private int minSamples = 20;
        private final Map<String, MetricSpec> metrics = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * The two-sided confidence of each metric's interval (Kayenta uses 0.95 to 0.99).
         *
         * @param value in {@code (0, 1)}; default 0.95
         * @return this builder
         * @throws IllegalArgumentException if the value is outside {@code (0, 1)} or NaN
         */
        public Builder confidence(double value) {
            if (!(value > 0 && value < 1)) {
                throw new IllegalArgumentException("confidence must be in (0, 1) but was " + value);
            }
            this.confidence = value;
            return this;
        }

        /**
         * The score at or above which the outcome is PASS.
         *
         * @param value in {@code [0, 100]}; default 95
         * @return this builder
         * @throws IllegalArgumentException if the value is outside {@code [0, 100]} or NaN
         */
        public Builder passScore(double value) {
            this.passScore = score("passScore", value);
            return this;
        }

        /**
         * The score at or above which (and below the pass score) the outcome is MARGINAL.
         *
         * @param value in {@code [0, 100]}, at most the pass score; default 75
         * @return this builder
         * @throws IllegalArgumentException if the value is outside {@code [0, 100]} or NaN
         */
        public Builder marginalScore(double value) {
            this.marginalScore = score("marginalScore", value);
            return this;
        }

        /**
         * The fewest values each sample of a metric needs; below it the metric is NODATA.
         *
         * @param value {@code >= 1}; default 20
         * @return this builder
         * @throws IllegalArgumentException if the value is below 1
         */
        public Builder minSamples(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("minSamples must be >= 1 but was " + value);
            }
            this.minSamples = value;
            return this;
        }

        /**
         * Adds a metric to judge.
         *
         * @param spec the metric; its name must differ from every metric added before
         * @return this builder
         * @throws NullPointerException     if {@code spec} is null
         * @throws IllegalArgumentException if a metric of that name was already added
         */
        public Builder metric(MetricSpec spec) {
            Objects.requireNonNull(spec, "spec");
            if (metrics.containsKey(spec.name())) {
                throw new IllegalArgumentException(
                        "metric name must be unique but '" + spec.name() + "' was added twice");
            }
            metrics.put(spec.name(), spec);
            return this;
        }

        /**
         * Builds the judge.
         *
         * @return the judge
         * @throws IllegalArgumentException if no metric was added, or the marginal score exceeds
         *                                  the pass score
         */
        public CanaryJudge build() {
            if (metrics.isEmpty()) {
                throw new IllegalArgumentException("metrics must not be empty but no metric was added");
            }
            if (marginalScore > passScore) {
                throw new IllegalArgumentException("marginalScore must be <= passScore (" + passScore
                        + ") but was " + marginalScore);
            }
            return new CanaryJudge(this);
        }

        private static double score(String name, double value) {
            if (!(value >= 0 && value <= 100)) {
                throw new IllegalArgumentException(name + " must be in [0, 100] but was " + value);
            }
            return value;
        }
    }
}
