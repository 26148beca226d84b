package org.mlops4j.lifecycle.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.rollout.AnalysisOutcome;
import org.mlops4j.core.rollout.AnalysisResult;
import org.mlops4j.core.rollout.CheckResult;
import org.mlops4j.core.rollout.RolloutContext;
import org.mlops4j.core.rollout.ShadowCounts;
import org.mlops4j.core.signal.VariantFigures;
import org.mlops4j.monitoring.ModelMonitor;

/**
 * The checks of {@link CanaryAnalysis}, fed synthetic prediction events with fixed seeds through a
 * real monitor, whose figures make the contexts as a rollout makes them.
 */
class CanaryAnalysisTest {

    private static final Instant T0 = Instant.parse("2025-10-01T00:00:00Z");
    private static final ModelRef CHAMPION = new ModelRef("m", 1);
    private static final ModelRef CANDIDATE = new ModelRef("m", 2);
    private final SplittableRandom rnd = new SplittableRandom(17);
    private final ModelMonitor<Object> monitor = ModelMonitor.builder().sameThreadAnalysis().build();
    private VariantFigures championStart = VariantFigures.none("e", "champion", CHAMPION);
    private VariantFigures candidateStart = VariantFigures.none("e", "candidate", CANDIDATE);
    private long ids;

    private VariantFigures figures(String variant, ModelRef model) {
        return monitor.figures("e", variant, model).orElseGet(() -> VariantFigures.none("e", variant, model));
    }

    /** The context of a rollout whose step began at the last {@link #startStep}, as a rollout builds it. */
    private RolloutContext context(int step, int weight, ShadowCounts shadow) {
        VariantFigures champion = figures("champion", CHAMPION);
        VariantFigures candidate = figures("candidate", CANDIDATE);
        return new RolloutContext("e", "champion", CHAMPION, "candidate", CANDIDATE, step, "step " + step,
                weight == 0, weight, T0, T0.plusSeconds(60), shadow, champion.since(championStart),
                candidate.since(candidateStart), champion, candidate);
    }

    private void startStep(CanaryAnalysis a, int step, int weight) {
        championStart = figures("champion", CHAMPION);
        candidateStart = figures("candidate", CANDIDATE);
        a.stepStarted(context(step, weight, ShadowCounts.NONE));
    }

    private void serve(CanaryAnalysis a, String variant, int n, double errorRate, long latencyNanos) {
        ModelRef model = variant.equals("candidate") ? CANDIDATE : CHAMPION;
        for (int i = 0; i < n; i++) {
            String id = "p" + ids++;
            monitor.onPrediction(rnd.nextDouble() < errorRate
                    ? PredictionEvent.failure(id, T0, "e", variant, model, "x", latencyNanos, new IllegalStateException())
                    : PredictionEvent.success(id, T0, "e", variant, model, "x", "yes", 0.9, latencyNanos));
        }
    }

    private static CheckResult check(AnalysisResult r, String name) {
        return r.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aSplitThatDoesNotMatchTheWeightIsACriticalFailure() {
        CanaryAnalysis a = CanaryAnalysis.ofDefaults();
        startStep(a, 0, 1_000);
        serve(a, "champion", 900, 0.0, 1_000_000);
        serve(a, "candidate", 300, 0.0, 1_000_000);
        AnalysisResult r = a.analyse(context(0, 1_000, ShadowCounts.NONE));
        assertThat(check(r, "sample ratio").outcome()).isEqualTo(AnalysisOutcome.FAIL);
        assertThat(r.criticalFailure()).isTrue();
    }

    @Test
    void theSplitIsNotJudgedUntilEachArmExpectsTenRequests() {
        CanaryAnalysis a = CanaryAnalysis.of(CanaryAnalysisConfig.builder().minSamples(100).build());
        startStep(a, 0, 100);
        // 7 of 200 at a 1% canary: chi-square p = 4e-4 with 2 expected, a false alarm waiting to happen.
        serve(a, "champion", 193, 0.0, 1_000_000);
        serve(a, "candidate", 7, 0.0, 1_000_000);
        CheckResult split = check(a.analyse(context(0, 100, ShadowCounts.NONE)), "sample ratio");
        assertThat(split.outcome()).isEqualTo(AnalysisOutcome.INCONCLUSIVE);
        assertThat(split.detail()).contains("2.0 expected for the candidate");
        serve(a, "champion", 990, 0.0, 1_000_000);
        serve(a, "candidate", 10, 0.0, 1_000_000);
        assertThat(check(a.analyse(context(0, 100, ShadowCounts.NONE)), "sample ratio").outcome())
                .isEqualTo(AnalysisOutcome.PASS);
    }

    @Test
    void fallbackAnswersOfTheChampionDoNotDistortTheSplit() {
        CanaryAnalysis a = CanaryAnalysis.of(CanaryAnalysisConfig.builder().minSamples(50).build());
        startStep(a, 0, 5_000);
        serve(a, "champion", 100, 0.0, 1_000_000);
        serve(a, "candidate", 100, 0.3, 1_000_000);
        // Every failed candidate call was answered by the champion as its fallback.
        for (int i = 0; i < 30; i++) {
            monitor.onPrediction(PredictionEvent.success("f" + i, null, null, T0, "e", "champion", CHAMPION, "x",
                    "yes", 0.9, 1_000_000, true));
        }
        CheckResult split = check(a.analyse(context(0, 5_000, ShadowCounts.NONE)), "sample ratio");
        assertThat(split.outcome()).isEqualTo(AnalysisOutcome.PASS);
        assertThat(split.detail()).contains("candidate 100, champion 100");
    }

    @Test
    void equalVariantsPassOnceBothArmsHaveEnoughRequests() {
        CanaryAnalysis a = CanaryAnalysis.of(CanaryAnalysisConfig.builder().minSamples(100).build());
        startStep(a, 0, 5_000);
        serve(a, "champion", 50, 0.01, 2_000_000);
        serve(a, "candidate", 50, 0.01, 2_000_000);
        assertThat(a.analyse(context(0, 5_000, ShadowCounts.NONE)).outcome()).isEqualTo(AnalysisOutcome.INCONCLUSIVE);
        serve(a, "champion", 500, 0.01, 2_000_000);
        serve(a, "candidate", 500, 0.01, 2_000_000);
        AnalysisResult r = a.analyse(context(0, 5_000, ShadowCounts.NONE));
        assertThat(r.outcome()).as(r.summary()).isEqualTo(AnalysisOutcome.PASS);
    }

    @Test
    void aSlowerCandidateFailsTheLatencyCheckAboveTheFloor() {
        CanaryAnalysis a = CanaryAnalysis.ofDefaults();
        startStep(a, 0, 5_000);
        serve(a, "champion", 300, 0.0, 10_000_000);
        serve(a, "candidate", 300, 0.0, 15_000_000);
        assertThat(check(a.analyse(context(0, 5_000, ShadowCounts.NONE)), "latency").outcome())
                .isEqualTo(AnalysisOutcome.FAIL);
    }

    @Test
    void inputDriftDefersTheDecision() {
        double[] share = {0.0};
        CanaryAnalysis a = CanaryAnalysis.of(CanaryAnalysisConfig.builder().minSamples(50)
                .inputDrift(() -> share[0], 0.3).build());
        startStep(a, 0, 5_000);
        serve(a, "champion", 200, 0.0, 1_000_000);
        serve(a, "candidate", 200, 0.0, 1_000_000);
        assertThat(check(a.analyse(context(0, 5_000, ShadowCounts.NONE)), "input drift").outcome())
                .isEqualTo(AnalysisOutcome.PASS);
        share[0] = 0.5;
        AnalysisResult r = a.analyse(context(0, 5_000, ShadowCounts.NONE));
        assertThat(check(r, "input drift").outcome()).isEqualTo(AnalysisOutcome.INCONCLUSIVE);
        assertThat(r.outcome()).isEqualTo(AnalysisOutcome.INCONCLUSIVE);
        share[0] = Double.NaN;
        assertThat(a.analyse(context(0, 5_000, ShadowCounts.NONE)).checks())
                .noneMatch(c -> c.name().equals("input drift"));
        assertThatThrownBy(() -> CanaryAnalysisConfig.builder().inputDrift(() -> 0.0, 1.5).build())
                .hasMessageContaining("maxDriftedShare").hasMessageContaining("1.5");
    }

    @Test
    void theShadowStepJudgesAgreementAndFailures() {
        CanaryAnalysis a = CanaryAnalysis.of(CanaryAnalysisConfig.builder().minSamples(100).minAgreement(0.9).build());
        assertThat(a.analyse(context(0, 0, new ShadowCounts(50, 50, 0, 0))).outcome())
                .isEqualTo(AnalysisOutcome.INCONCLUSIVE);
        assertThat(a.analyse(context(0, 0, new ShadowCounts(200, 190, 1, 0))).outcome())
                .isEqualTo(AnalysisOutcome.PASS);
        assertThat(a.analyse(context(0, 0, new ShadowCounts(200, 150, 0, 0))).outcome())
                .isEqualTo(AnalysisOutcome.FAIL);
        assertThat(a.analyse(context(0, 0, new ShadowCounts(200, 200, 20, 0))).outcome())
                .as("10% of shadow calls failing against a champion without errors").isEqualTo(AnalysisOutcome.FAIL);
    }

    @Test
    void accuracyIsJudgedOnTheGroundTruthTheMonitorJoined() {
        org.mlops4j.core.feedback.FeedbackJoin<Object, Object> join = org.mlops4j.core.feedback.FeedbackJoin.of();
        join.addListener(monitor);
        CanaryAnalysis a = CanaryAnalysis.of(CanaryAnalysisConfig.builder().minSamples(100).minLabelled(100).build());
        startStep(a, 0, 5_000);
        for (int i = 0; i < 2_000; i++) {
            boolean candidate = i % 2 == 0;
            PredictionEvent<String, Object> e = PredictionEvent.success("q" + i, T0, "e",
                    candidate ? "candidate" : "champion", candidate ? CANDIDATE : CHAMPION, "x", "yes", 0.9, 1_000_000);
            monitor.onPrediction(e);
            join.onPrediction(e);
            // The champion is right 95% of the time, the candidate 60%.
            boolean right = rnd.nextDouble() < (candidate ? 0.6 : 0.95);
            join.record("q" + i, org.mlops4j.core.feedback.GroundTruth.label(right ? "yes" : "no"));
        }
        CheckResult accuracy = check(a.analyse(context(0, 5_000, ShadowCounts.NONE)), "accuracy");
        assertThat(accuracy.outcome()).as(accuracy.detail()).isEqualTo(AnalysisOutcome.FAIL);
        assertThat(accuracy.detail()).contains("/1000");
    }

    @Test
    void aFullStepComparesLatencyWithTheChampionOfTheStepBefore() {
        CanaryAnalysis a = CanaryAnalysis.of(CanaryAnalysisConfig.builder().minSamples(50).build());
        startStep(a, 0, 5_000);
        serve(a, "champion", 200, 0.0, 10_000_000);
        serve(a, "candidate", 200, 0.0, 10_000_000);
        assertThat(check(a.analyse(context(0, 5_000, ShadowCounts.NONE)), "latency").outcome())
                .isEqualTo(AnalysisOutcome.PASS);
        startStep(a, 1, 10_000);
        serve(a, "candidate", 200, 0.0, 20_000_000);
        assertThat(check(a.analyse(context(1, 10_000, ShadowCounts.NONE)), "latency").outcome())
                .as("no champion traffic at 100%: the step before is the control").isEqualTo(AnalysisOutcome.FAIL);
    }

    @Test
    void theCandidatesLabelDistributionIsTestedWhenAskedFor() {
        CanaryAnalysis a = CanaryAnalysis.of(CanaryAnalysisConfig.builder().minSamples(100)
                .predictionDistribution().build());
        startStep(a, 0, 5_000);
        for (int i = 0; i < 600; i++) {
            boolean candidate = i % 2 == 0;
            String answer = candidate ? (rnd.nextDouble() < 0.5 ? "fraud" : "legit")
                    : (rnd.nextDouble() < 0.1 ? "fraud" : "legit");
            monitor.onPrediction(PredictionEvent.success("d" + i, T0, "e", candidate ? "candidate" : "champion",
                    candidate ? CANDIDATE : CHAMPION, "x", answer, 0.9, 1_000_000));
        }
        assertThat(check(a.analyse(context(0, 5_000, ShadowCounts.NONE)), "prediction distribution").outcome())
                .isEqualTo(AnalysisOutcome.FAIL);
    }
}
