package org.mlops4j.lifecycle.analysis;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The verdict of {@link CanaryJudge#judge(java.util.Map, java.util.Map)}.
 *
 * @param outcome    PASS, MARGINAL, FAIL or NODATA (see {@link Outcome})
 * @param score      {@code 100 *} (weight of metrics with data that did not fail) / (weight of
 *                   metrics with data), in {@code [0, 100]}; {@code NaN} when no metric had data
 * @param passScore  the judge's pass threshold
 * @param marginalScore the judge's marginal threshold
 * @param judgements one judgement per metric, in the order the metrics were given to the builder
 */
public record JudgeResult(Outcome outcome, double score, double passScore, double marginalScore,
                          List<MetricJudgement> judgements) {

    /** The overall verdict. */
    public enum Outcome {
        /** {@code score >= passScore} and no critical metric failed. */
        PASS,
        /** {@code marginalScore <= score < passScore} and no critical metric failed. */
        MARGINAL,
        /** {@code score < marginalScore}, or a critical metric failed. */
        FAIL,
        /** No metric had enough data to be judged. */
        NODATA
    }

    /**
     * Copies the judgements.
     *
     * @param outcome PASS, MARGINAL, FAIL or NODATA (see {@link Outcome})
     * @param score {@code 100 *} (weight of metrics with data that did not fail) / (weight of
     *     metrics with data), in {@code [0, 100]}; {@code NaN} when no metric had data
     * @param passScore the judge's pass threshold
     * @param marginalScore the judge's marginal threshold
     * @param judgements one judgement per metric, in the order the metrics were given to the builder
     * @throws NullPointerException if {@code outcome} or {@code judgements} is null
     */
    public JudgeResult {
        Objects.requireNonNull(outcome, "outcome");
        judgements = List.copyOf(judgements);
    }

    /**
     * The judgement of one metric.
     *
     * @param name the metric's name
     * @return the judgement, or empty if the judge has no such metric
     */
    public Optional<MetricJudgement> judgement(String name) {
        return judgements.stream().filter(j -> j.name().equals(name)).findFirst();
    }

    /**
     * A human-readable account: the outcome and score on the first line, then one line per
     * metric with its classification, shift, interval, p-value and medians.
     *
     * @return the summary, lines separated by {@code \n}
     */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        long withData = judgements.stream().filter(MetricJudgement::hasData).count();
        long failed = judgements.stream().filter(MetricJudgement::failed).count();
        String criticalFailures = judgements.stream()
                .filter(j -> j.failed() && j.spec().isCritical())
                .map(MetricJudgement::name)
                .reduce((a, b) -> a + ", " + b)
                .map(names -> "; critical failure: " + names)
                .orElse("");
        sb.append(String.format(Locale.ROOT,
                "%s: score %s (pass >= %s, marginal >= %s); %d of %d metrics had data, %d failed%s",
                outcome, Double.isNaN(score) ? "n/a" : String.format(Locale.ROOT, "%.1f", score),
                MetricJudgement.plain(passScore), MetricJudgement.plain(marginalScore), withData,
                judgements.size(), failed, criticalFailures));
        for (MetricJudgement j : judgements) {
            sb.append('\n').append("  ").append(j.line());
        }
        return sb.toString();
    }
}
