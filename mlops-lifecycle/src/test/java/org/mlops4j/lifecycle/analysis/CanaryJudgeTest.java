package org.mlops4j.lifecycle.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mlops4j.lifecycle.analysis.JudgeResult.Outcome;
import org.mlops4j.lifecycle.analysis.MetricJudgement.Classification;

class CanaryJudgeTest {

    private static double[] normal(long seed, int n, double mean, double sd) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            // Box-Muller: enough for test data, and reproducible across JDKs
            double u = 1 - random.nextDouble();
            double v = random.nextDouble();
            out[i] = mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
        }
        return out;
    }

    @Test
    void clearlyWorseLatencyIsHighAndFailsTheCriticalMetricWhateverTheScore() {
        CanaryJudge judge = CanaryJudge.builder()
                .metric(MetricSpec.lowerIsBetter("latency_ms").critical())
                .metric(MetricSpec.lowerIsBetter("error_rate").weight(10))
                .metric(MetricSpec.higherIsBetter("throughput").weight(10))
                .build();

        JudgeResult result = judge.judge(
                Map.of("latency_ms", normal(1, 200, 100, 10), "error_rate", normal(2, 200, 1, 0.1),
                        "throughput", normal(3, 200, 500, 20)),
                Map.of("latency_ms", normal(4, 200, 130, 10), "error_rate", normal(5, 200, 1, 0.1),
                        "throughput", normal(6, 200, 500, 20)));

        MetricJudgement latency = result.judgement("latency_ms").orElseThrow();
        assertThat(latency.classification()).isEqualTo(Classification.HIGH);
        assertThat(latency.failed()).isTrue();
        assertThat(latency.lower()).isGreaterThan(0);
        assertThat(latency.estimate()).isBetween(25.0, 35.0);
        assertThat(latency.pValue()).isLessThan(1e-10);
        // 20 of 21 weight units pass: 95.2 >= 95, but the critical metric fails the analysis
        assertThat(result.score()).isCloseTo(100 * 20.0 / 21, within(1e-9));
        assertThat(result.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(result.summary()).startsWith("FAIL: score 95.2 (pass >= 95, marginal >= 75); 3 of 3 metrics had data, 1 failed")
                .contains("critical failure: latency_ms")
                .contains("latency_ms [critical, weight 1]: HIGH (failure)");
    }

    @Test
    void equalDistributionsPassWithFullScore() {
        CanaryJudge judge = CanaryJudge.builder()
                .metric(MetricSpec.lowerIsBetter("latency_ms").critical())
                .metric(MetricSpec.anyChangeIsBad("score_mean"))
                .build();

        JudgeResult result = judge.judge(
                Map.of("latency_ms", normal(10, 300, 100, 10), "score_mean", normal(11, 300, 0.4, 0.1)),
                Map.of("latency_ms", normal(12, 250, 100, 10), "score_mean", normal(13, 250, 0.4, 0.1)));

        assertThat(result.judgements()).allSatisfy(j -> {
            assertThat(j.classification()).isEqualTo(Classification.PASS);
            assertThat(j.lower()).isLessThanOrEqualTo(0);
            assertThat(j.upper()).isGreaterThanOrEqualTo(0);
        });
        assertThat(result.score()).isEqualTo(100.0);
        assertThat(result.outcome()).isEqualTo(Outcome.PASS);
    }

    @Test
    void tooFewOrMissingSamplesAreNoData() {
        CanaryJudge judge = CanaryJudge.builder().minSamples(20)
                .metric(MetricSpec.lowerIsBetter("latency_ms"))
                .metric(MetricSpec.lowerIsBetter("error_rate"))
                .build();

        double[] nineteenPlusNaN = normal(20, 20, 100, 10);
        nineteenPlusNaN[0] = Double.NaN;
        JudgeResult result = judge.judge(
                Map.of("latency_ms", nineteenPlusNaN),
                Map.of("latency_ms", normal(21, 50, 100, 10), "error_rate", normal(22, 50, 1, 1)));

        MetricJudgement latency = result.judgement("latency_ms").orElseThrow();
        assertThat(latency.classification()).isEqualTo(Classification.NODATA);
        assertThat(latency.controlCount()).isEqualTo(19);
        assertThat(latency.reason()).isEqualTo("too few values: control 19, experiment 50, need 20 each");
        assertThat(latency.estimate()).isNaN();
        assertThat(result.judgement("error_rate").orElseThrow().reason()).isEqualTo("no control sample");
        assertThat(result.outcome()).isEqualTo(Outcome.NODATA);
        assertThat(result.score()).isNaN();
        assertThat(result.summary()).startsWith("NODATA: score n/a");
    }

    @Test
    void noDataMetricNeitherHelpsNorHurtsTheScore() {
        CanaryJudge judge = CanaryJudge.builder().passScore(90).marginalScore(50)
                .metric(MetricSpec.lowerIsBetter("latency_ms"))
                .metric(MetricSpec.lowerIsBetter("gpu_ms").critical())
                .metric(MetricSpec.higherIsBetter("throughput"))
                .build();

        JudgeResult result = judge.judge(
                Map.of("latency_ms", normal(30, 100, 100, 10), "throughput", normal(31, 100, 500, 20)),
                Map.of("latency_ms", normal(32, 100, 100, 10), "throughput", normal(33, 100, 450, 20)));

        assertThat(result.judgement("throughput").orElseThrow().classification())
                .isEqualTo(Classification.LOW);
        assertThat(result.judgement("gpu_ms").orElseThrow().hasData()).isFalse();
        assertThat(result.score()).isEqualTo(50.0);
        assertThat(result.outcome()).isEqualTo(Outcome.MARGINAL);
    }

    @Test
    void changeInTheGoodDirectionIsReportedButDoesNotFail() {
        CanaryJudge judge = CanaryJudge.builder()
                .metric(MetricSpec.lowerIsBetter("latency_ms").critical()).build();

        JudgeResult result = judge.judge(Map.of("latency_ms", normal(40, 100, 100, 10)),
                Map.of("latency_ms", normal(41, 100, 80, 10)));

        MetricJudgement latency = result.judgement("latency_ms").orElseThrow();
        assertThat(latency.classification()).isEqualTo(Classification.LOW);
        assertThat(latency.failed()).isFalse();
        assertThat(result.outcome()).isEqualTo(Outcome.PASS);
    }

    @Test
    void toleranceAbsorbsASignificantButSmallShift() {
        double[] control = normal(50, 2000, 100, 5);
        double[] experiment = normal(51, 2000, 102, 5);
        MetricSpec strict = MetricSpec.lowerIsBetter("latency_ms");

        MetricJudgement noTolerance = CanaryJudge.builder().metric(strict).build()
                .judge(Map.of("latency_ms", control), Map.of("latency_ms", experiment))
                .judgement("latency_ms").orElseThrow();
        MetricJudgement fivePercent = CanaryJudge.builder().metric(strict.tolerance(0.05)).build()
                .judge(Map.of("latency_ms", control), Map.of("latency_ms", experiment))
                .judgement("latency_ms").orElseThrow();

        // the whole interval is above 0 but below 5% of the control median (about 5 ms)
        assertThat(noTolerance.lower()).isGreaterThan(0);
        assertThat(noTolerance.upper()).isLessThan(0.05 * noTolerance.controlMedian());
        assertThat(noTolerance.classification()).isEqualTo(Classification.HIGH);
        assertThat(fivePercent.classification()).isEqualTo(Classification.PASS);
    }

    @Test
    void badArgumentsAreRejectedNamingTheArgumentAndValue() {
        assertThatThrownBy(() -> CanaryJudge.builder().confidence(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("confidence must be in (0, 1) but was NaN");
        assertThatThrownBy(() -> CanaryJudge.builder().confidence(1.0))
                .hasMessage("confidence must be in (0, 1) but was 1.0");
        assertThatThrownBy(() -> MetricSpec.lowerIsBetter("latency_ms").weight(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("weight of metric 'latency_ms' must be finite and > 0 but was 0.0");
        assertThatThrownBy(() -> MetricSpec.lowerIsBetter("latency_ms").weight(-2))
                .hasMessage("weight of metric 'latency_ms' must be finite and > 0 but was -2.0");
        assertThatThrownBy(() -> MetricSpec.lowerIsBetter("latency_ms").tolerance(Double.NaN))
                .hasMessage("tolerance of metric 'latency_ms' must be finite and >= 0 but was NaN");
        assertThatThrownBy(() -> MetricSpec.lowerIsBetter(" "))
                .hasMessage("name must not be blank but was ' '");
        assertThatThrownBy(() -> CanaryJudge.builder().minSamples(0))
                .hasMessage("minSamples must be >= 1 but was 0");
        assertThatThrownBy(() -> CanaryJudge.builder().passScore(101))
                .hasMessage("passScore must be in [0, 100] but was 101.0");
        assertThatThrownBy(() -> CanaryJudge.builder().metric(MetricSpec.lowerIsBetter("latency_ms"))
                .metric(MetricSpec.higherIsBetter("latency_ms")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metric name must be unique but 'latency_ms' was added twice");
        assertThatThrownBy(() -> CanaryJudge.builder().passScore(60).marginalScore(70)
                .metric(MetricSpec.lowerIsBetter("latency_ms")).build())
                .hasMessage("marginalScore must be <= passScore (60.0) but was 70.0");
        assertThatThrownBy(() -> CanaryJudge.builder().build())
                .hasMessage("metrics must not be empty but no metric was added");

        CanaryJudge judge = CanaryJudge.builder().metric(MetricSpec.lowerIsBetter("latency_ms")).build();
        assertThatThrownBy(() -> judge.judge(Map.of("latency_ms", new double[] {1}),
                Map.of("latency", new double[] {1})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("experiment names unknown metric 'latency'; the judge's metrics are [latency_ms]");
        assertThatThrownBy(() -> judge.judge(Map.of("latency_ms", new double[] {1, Double.POSITIVE_INFINITY}),
                Map.of()))
                .hasMessage("control sample of metric 'latency_ms' must hold finite values (or NaN for"
                        + " missing) but held Infinity");
    }
}
