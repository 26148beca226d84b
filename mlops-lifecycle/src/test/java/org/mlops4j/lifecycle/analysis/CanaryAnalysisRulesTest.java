package org.mlops4j.lifecycle.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.rollout.AnalysisOutcome;
import org.mlops4j.core.rollout.AnalysisResult;
import org.mlops4j.core.rollout.CheckResult;
import org.mlops4j.core.rollout.RolloutContext;
import org.mlops4j.core.rollout.ShadowCounts;
import org.mlops4j.core.signal.VariantFigures;

/**
 * The thresholds of {@link CanaryAnalysis}, each checked at its boundary on figures written by hand
 * (where {@link CanaryAnalysisTest} feeds a real monitor): a count exactly at a minimum decides, one
 * below does not.
 */
class CanaryAnalysisRulesTest {

    private static final Instant T0 = Instant.parse("2025-10-01T00:00:00Z");
    private static final ModelRef CHAMPION = new ModelRef("m", 1);
    private static final ModelRef CANDIDATE = new ModelRef("m", 2);
    private static final double[] NO_LATENCIES = new double[0];

    /** What one arm did: requests, errors, latencies, predicted labels and ground truth. */
    private record Arm(long requests, long errors, double[] latencies, Map<String, Long> labels, long labelled,
                       long correct) {

        static Arm of(long requests, long errors) {
            return new Arm(requests, errors, NO_LATENCIES, Map.of(), 0, 0);
        }

        Arm latencies(double... millis) {
            return new Arm(requests, errors, millis, labels, labelled, correct);
        }

        Arm labels(Map<String, Long> counts) {
            return new Arm(requests, errors, latencies, counts, labelled, correct);
        }

        Arm truth(long labelledAnswers, long correctAnswers) {
            return new Arm(requests, errors, latencies, labels, labelledAnswers, correctAnswers);
        }

        VariantFigures figures(String variant, ModelRef model) {
            return new VariantFigures("e", variant, model, requests, errors, 0, 0, latencies.length, latencies,
                    labels, labelled, correct);
        }
    }

    /** A context whose step is the whole rollout so far. */
    private static RolloutContext context(int weight, Arm champion, Arm candidate) {
        return context(CANDIDATE, 0, weight, ShadowCounts.NONE, champion, candidate, champion, candidate);
    }

    private static RolloutContext context(ModelRef candidateModel, int step, int weight, ShadowCounts shadow,
                                          Arm championStep, Arm candidateStep, Arm championRollout,
                                          Arm candidateRollout) {
        return new RolloutContext("e", "champion", CHAMPION, "candidate", candidateModel, step, "step " + step,
                shadow != ShadowCounts.NONE, weight, T0, T0.plusSeconds(60), shadow,
                championStep.figures("champion", CHAMPION), candidateStep.figures("candidate", candidateModel),
                championRollout.figures("champion", CHAMPION), candidateRollout.figures("candidate", candidateModel));
    }

    private static RolloutContext shadowContext(ShadowCounts shadow, Arm championRollout) {
        return context(CANDIDATE, 0, 0, shadow, Arm.of(0, 0), Arm.of(0, 0), championRollout, Arm.of(0, 0));
    }

    private static Optional<CheckResult> find(AnalysisResult r, String name) {
        return r.checks().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    private static CheckResult check(AnalysisResult r, String name) {
        return find(r, name).orElseThrow(() -> new AssertionError("no " + name + " check in " + r.summary()));
    }

    private static CanaryAnalysis analysis(CanaryAnalysisConfig.Builder config) {
        return CanaryAnalysis.of(config.build());
    }

    private static double[] constant(int n, double millis) {
        double[] v = new double[n];
        Arrays.fill(v, millis);
        return v;
    }

    private static double[] spread(int n, double fromMillis) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = fromMillis + i * 0.01;
        }
        return v;
    }

    // --- a new rollout ---------------------------------------------------------------------------

    @Test
    void aNewCandidateStartsTheSequentialTestsAfreshEvenWithoutStepStarted() {
        CanaryAnalysis a = analysis(CanaryAnalysisConfig.builder().minSamples(100));
        assertThat(check(a.analyse(context(5_000, Arm.of(1_000, 0), Arm.of(1_000, 200))), "error rate").outcome())
                .isEqualTo(AnalysisOutcome.FAIL);

        // The next rollout, of another candidate, reuses the analysis: its smaller counts start anew.
        ModelRef next = new ModelRef("m", 3);
        Arm champion = Arm.of(150, 1);
        Arm candidate = Arm.of(150, 1);
        AnalysisResult r = a.analyse(context(next, 0, 5_000, ShadowCounts.NONE, champion, candidate, champion,
                candidate));
        assertThat(check(r, "error rate").outcome()).as(r.summary()).isEqualTo(AnalysisOutcome.PASS);
        assertThat(check(r, "error rate").detail()).startsWith("candidate 1/150, champion 1/150");
    }

    @Test
    void theAnalysisShowsItsConfiguration() {
        CanaryAnalysisConfig config = CanaryAnalysisConfig.builder().alpha(0.01).minSamples(500).latencyTolerance(0.2)
                .build();
        CanaryAnalysis a = CanaryAnalysis.of(config);
        assertThat(a.config()).isSameAs(config);
        assertThat(a).hasToString("CanaryAnalysis[alpha=0.01, minSamples=500, latencyTolerance=0.2]");
        assertThat(CanaryAnalysis.ofDefaults().config()).isEqualTo(CanaryAnalysisConfig.ofDefaults());
    }

    // --- sample ratio ----------------------------------------------------------------------------

    @Test
    void theSplitIsJudgedFromExactlyMinSamplesRequestsAndTenExpectedPerArm() {
        CanaryAnalysisConfig.Builder config = CanaryAnalysisConfig.builder().minSamples(100);
        // 100 requests at a 10% canary: exactly 10 expected for the candidate, and exactly 10 came.
        CheckResult judged = check(analysis(config).analyse(context(1_000, Arm.of(90, 0), Arm.of(10, 0))),
                "sample ratio");
        assertThat(judged.outcome()).isEqualTo(AnalysisOutcome.PASS);
        assertThat(judged.critical()).isTrue();
        assertThat(judged.detail()).isEqualTo("candidate 10, champion 90 at 10.00% (p=1.00)");

        CheckResult tooFew = check(analysis(config).analyse(context(1_000, Arm.of(89, 0), Arm.of(10, 0))),
                "sample ratio");
        assertThat(tooFew.outcome()).isEqualTo(AnalysisOutcome.INCONCLUSIVE);
        assertThat(tooFew.detail()).startsWith("99 requests, 9.9 expected for the candidate");

        CheckResult tooFewExpected = check(analysis(CanaryAnalysisConfig.builder().minSamples(10))
                .analyse(context(1_000, Arm.of(89, 0), Arm.of(10, 0))), "sample ratio");
        assertThat(tooFewExpected.outcome()).as("9.9 expected for the candidate")
                .isEqualTo(AnalysisOutcome.INCONCLUSIVE);
    }

    @Test
    void theSplitWaitsForMinSamplesRequestsEvenWhenEachArmExpectsEnough() {
        CheckResult split = check(analysis(CanaryAnalysisConfig.builder().minSamples(1_000))
                .analyse(context(5_000, Arm.of(100, 0), Arm.of(100, 0))), "sample ratio");
        assertThat(split.outcome()).isEqualTo(AnalysisOutcome.INCONCLUSIVE);
        assertThat(split.detail()).isEqualTo(
                "200 requests, 100.0 expected for the candidate (need 1000 total and 10 expected per arm)");
    }

    @Test
    void aNearlyFullCanaryWaitsForTenExpectedChampionRequests() {
        // At 99.5%, 1,000 requests expect only 5 for the champion.
        CheckResult split = check(analysis(CanaryAnalysisConfig.builder().minSamples(100))
                .analyse(context(9_950, Arm.of(5, 0), Arm.of(995, 0))), "sample ratio");
        assertThat(split.outcome()).isEqualTo(AnalysisOutcome.INCONCLUSIVE);
        assertThat(split.detail()).startsWith("1000 requests, 995.0 expected for the candidate");
    }

    @Test
    void atFullCandidateWeightThereIsNoSplitToCheck() {
        CheckResult split = check(analysis(CanaryAnalysisConfig.builder().minSamples(100))
                .analyse(context(10_000, Arm.of(3, 0), Arm.of(500, 0))), "sample ratio");
        assertThat(split.outcome()).isEqualTo(AnalysisOutcome.PASS);
        assertThat(split.detail()).isEqualTo("no split at 100% candidate weight");
    }

    // --- error rate ------------------------------------------------------------------------------

    @Test
    void aCandidateWithMoreErrorsFailsTheErrorRateAtOnce() {
        AnalysisResult r = analysis(CanaryAnalysisConfig.builder().minSamples(100))
                .analyse(context(5_000, Arm.of(1_000, 10), Arm.of(1_000, 100)));
        CheckResult errors = check(r, "error rate");
        assertThat(errors.outcome()).isEqualTo(AnalysisOutcome.FAIL);
        assertThat(errors.critical()).isTrue();
        assertThat(errors.detail()).startsWith("candidate 100/1000, champion 10/1000, always-valid p=");
        assertThat(r.criticalFailure()).isTrue();
    }

    @Test
    void theErrorRatePassesFromExactlyMinSamplesRequestsPerArm() {
        CanaryAnalysisConfig.Builder config = CanaryAnalysisConfig.builder().minSamples(100);
        assertThat(check(analysis(config).analyse(context(5_000, Arm.of(100, 1), Arm.of(100, 1))), "error rate")
                .outcome()).isEqualTo(AnalysisOutcome.PASS);
        assertThat(check(analysis(config).analyse(context(5_000, Arm.of(100, 1), Arm.of(99, 1))), "error rate")
                .outcome()).isEqualTo(AnalysisOutcome.INCONCLUSIVE);
        assertThat(check(analysis(config).analyse(context(5_000, Arm.of(99, 1), Arm.of(100, 1))), "error rate")
                .outcome()).isEqualTo(AnalysisOutcome.INCONCLUSIVE);
    }

    @Test
    void atFullWeightWithoutEnoughChampionTrafficAPersonDecides() {
        CanaryAnalysisConfig.Builder config = CanaryAnalysisConfig.builder().minSamples(100);
        String aPersonDecides = "a person decides with promoteNow() or abort()";

        CheckResult noChampion = check(analysis(config).analyse(context(10_000, Arm.of(99, 0), Arm.of(500, 0))),
                "error rate");
        assertThat(noChampion.outcome()).isEqualTo(AnalysisOutcome.INCONCLUSIVE);
        assertThat(noChampion.detail()).contains("no champion traffic to compare with at 100%", aPersonDecides);

        // Enough champion requests from the earlier steps: the candidate only has to catch up.
        CheckResult catchingUp = check(analysis(config).analyse(context(10_000, Arm.of(100, 0), Arm.of(50, 0))),
                "error rate");
        assertThat(catchingUp.outcome()).isEqualTo(AnalysisOutcome.INCONCLUSIVE);
        assertThat(catchingUp.detail()).doesNotContain(aPersonDecides);

        // Below 100% the champion's traffic is still coming.
        CheckResult split = check(analysis(config).analyse(context(9_999, Arm.of(0, 0), Arm.of(50, 0))),
                "error rate");
        assertThat(split.detail()).doesNotContain(aPersonDecides);
    }

    // --- latency ---------------------------------------------------------------------------------

    @Test
    void atFullWeightWithoutChampionLatenciesTheLatencyCheckIsLeftOut() {
        AnalysisResult r = analysis(CanaryAnalysisConfig.builder().minSamples(50))
                .analyse(context(10_000, Arm.of(0, 0), Arm.of(200, 0).latencies(spread(200, 10))));
        assertThat(find(r, "latency")).as(r.summary()).isEmpty();
    }

    @Test
    void belowFullWeightAnInconclusiveLatencyCheckIsKept() {
        AnalysisResult r = analysis(CanaryAnalysisConfig.builder().minSamples(50))
                .analyse(context(5_000, Arm.of(10, 0).latencies(spread(10, 10)),
                        Arm.of(10, 0).latencies(spread(10, 10))));
        assertThat(check(r, "latency").outcome()).as("10 latencies of the 50 the judge needs")
                .isEqualTo(AnalysisOutcome.INCONCLUSIVE);
    }

    @Test
    void belowFullWeightAStepWithoutChampionLatenciesDoesNotBorrowThoseOfTheStepBefore() {
        CanaryAnalysis a = analysis(CanaryAnalysisConfig.builder().minSamples(50));
        Arm champion0 = Arm.of(100, 0).latencies(spread(100, 10));
        Arm candidate0 = Arm.of(100, 0).latencies(spread(100, 10));
        assertThat(check(a.analyse(context(CANDIDATE, 0, 5_000, ShadowCounts.NONE, champion0, candidate0, champion0,
                candidate0)), "latency").outcome()).isEqualTo(AnalysisOutcome.PASS);

        Arm candidate1 = Arm.of(100, 0).latencies(spread(100, 50));
        AnalysisResult r = a.analyse(context(CANDIDATE, 1, 5_000, ShadowCounts.NONE, Arm.of(0, 0), candidate1,
                Arm.of(100, 0), Arm.of(200, 0)));
        assertThat(check(r, "latency").outcome()).as("no champion latencies in this step: no data, not a FAIL")
                .isEqualTo(AnalysisOutcome.INCONCLUSIVE);
    }

    @Test
    void aSignificantSlowdownWithinTheFloorPasses() {
        CanaryAnalysisConfig.Builder config = CanaryAnalysisConfig.builder().minSamples(50).latencyTolerance(0);
        CheckResult halfAMillisecond = check(analysis(config).analyse(context(5_000,
                Arm.of(100, 0).latencies(constant(100, 10.0)), Arm.of(100, 0).latencies(constant(100, 10.5)))),
                "latency");
        assertThat(halfAMillisecond.outcome()).isEqualTo(AnalysisOutcome.PASS);
        assertThat(halfAMillisecond.detail()).startsWith("slower by at most 0.5000 ms, under the 1.000 ms floor");

        CheckResult exactlyTheFloor = check(analysis(config).analyse(context(5_000,
                Arm.of(100, 0).latencies(constant(100, 10.0)), Arm.of(100, 0).latencies(constant(100, 11.0)))),
                "latency");
        assertThat(exactlyTheFloor.outcome()).isEqualTo(AnalysisOutcome.PASS);
        assertThat(exactlyTheFloor.detail()).startsWith("slower by at most 1.0000 ms, under the 1.000 ms floor");

        assertThat(check(analysis(config).analyse(context(5_000, Arm.of(100, 0).latencies(constant(100, 10.0)),
                Arm.of(100, 0).latencies(constant(100, 11.5)))), "latency").outcome())
                .isEqualTo(AnalysisOutcome.FAIL);
    }

    @Test
    void anUnchangedLatencyPassesOnTheJudgesOwnVerdict() {
        CheckResult same = check(analysis(CanaryAnalysisConfig.builder().minSamples(50)).analyse(context(5_000,
                Arm.of(100, 0).latencies(spread(100, 10)), Arm.of(100, 0).latencies(spread(100, 10)))), "latency");
        assertThat(same.outcome()).isEqualTo(AnalysisOutcome.PASS);
        assertThat(same.detail()).doesNotContain("slower by at most");
    }

    // --- accuracy --------------------------------------------------------------------------------

    @Test
    void withoutLabelsAndWithoutALabelMinimumThereIsNoAccuracyCheck() {
        AnalysisResult r = analysis(CanaryAnalysisConfig.builder().minSamples(100))
                .analyse(context(5_000, Arm.of(100, 0), Arm.of(100, 0)));
        assertThat(find(r, "accuracy")).isEmpty();
    }

    @Test
    void aLabelMinimumShowsTheAccuracyCheckBeforeAnyLabelArrives() {
        AnalysisResult r = analysis(CanaryAnalysisConfig.builder().minSamples(100).minLabelled(100))
                .analyse(context(5_000, Arm.of(100, 0), Arm.of(100, 0)));
        assertThat(check(r, "accuracy").outcome()).isEqualTo(AnalysisOutcome.INCONCLUSIVE);
        assertThat(check(r, "accuracy").detail()).startsWith("wrong: candidate 0/0, champion 0/0");
    }

    @Test
    void equallyLabelledArmsAreJudgedOnAccuracyWithoutALabelMinimum() {
        AnalysisResult r = analysis(CanaryAnalysisConfig.builder().minSamples(100))
                .analyse(context(5_000, Arm.of(100, 0).truth(50, 45), Arm.of(100, 0).truth(50, 45)));
        assertThat(check(r, "accuracy").outcome()).isEqualTo(AnalysisOutcome.PASS);
        assertThat(check(r, "accuracy").critical()).isFalse();
        assertThat(check(r, "accuracy").detail()).startsWith("wrong: candidate 5/50, champion 5/50");
    }

    @Test
    void accuracyPassesFromExactlyMinLabelledPerArm() {
        CanaryAnalysisConfig.Builder config = CanaryAnalysisConfig.builder().minSamples(100).minLabelled(100);
        assertThat(check(analysis(config).analyse(context(5_000, Arm.of(200, 0).truth(100, 90),
                Arm.of(200, 0).truth(100, 90))), "accuracy").outcome()).isEqualTo(AnalysisOutcome.PASS);
        assertThat(check(analysis(config).analyse(context(5_000, Arm.of(200, 0).truth(100, 90),
                Arm.of(200, 0).truth(99, 89))), "accuracy").outcome()).isEqualTo(AnalysisOutcome.INCONCLUSIVE);
        assertThat(check(analysis(config).analyse(context(5_000, Arm.of(200, 0).truth(99, 89),
                Arm.of(200, 0).truth(100, 90))), "accuracy").outcome()).isEqualTo(AnalysisOutcome.INCONCLUSIVE);
    }

    // --- shadow ----------------------------------------------------------------------------------

    @Test
    void theShadowCheckDecidesFromExactlyMinSamplesComparisons() {
        CanaryAnalysis a = analysis(CanaryAnalysisConfig.builder().minSamples(100));
        assertThat(a.analyse(shadowContext(new ShadowCounts(99, 99, 0, 0), Arm.of(0, 0))).outcome())
                .isEqualTo(AnalysisOutcome.INCONCLUSIVE);
        assertThat(a.analyse(shadowContext(new ShadowCounts(100, 100, 0, 0), Arm.of(0, 0))).outcome())
                .isEqualTo(AnalysisOutcome.PASS);
    }

    @Test
    void anAgreementOfExactlyTheMinimumPasses() {
        CanaryAnalysis a = analysis(CanaryAnalysisConfig.builder().minSamples(100).minAgreement(0.9));
        assertThat(a.analyse(shadowContext(new ShadowCounts(200, 180, 0, 0), Arm.of(0, 0))).outcome())
                .isEqualTo(AnalysisOutcome.PASS);
        assertThat(a.analyse(shadowContext(new ShadowCounts(200, 179, 0, 0), Arm.of(0, 0))).outcome())
                .isEqualTo(AnalysisOutcome.FAIL);
    }

    @Test
    void failedAndTimedOutShadowCallsMayReachExactlyTheChampionsErrorsPlusTheMargin() {
        CanaryAnalysis a = analysis(CanaryAnalysisConfig.builder().minSamples(100).maxShadowFailures(0.01));
        // 2 of 200 calls = 0.01, against a champion without errors and a margin of 0.01.
        AnalysisResult atTheMargin = a.analyse(shadowContext(new ShadowCounts(198, 198, 1, 1), Arm.of(0, 0)));
        assertThat(atTheMargin.outcome()).isEqualTo(AnalysisOutcome.PASS);
        assertThat(check(atTheMargin, "shadow agreement").detail()).isEqualTo("agreement 1.0000 (min 0.9000) over "
                + "198, failed or timed out 0.0100 (champion errors 0.0000 + margin 0.0100)");
        assertThat(a.analyse(shadowContext(new ShadowCounts(197, 197, 0, 3), Arm.of(0, 0))).outcome())
                .as("3 of 200 timed out").isEqualTo(AnalysisOutcome.FAIL);
    }

    @Test
    void shadowFailuresAreMeasuredAgainstTheChampionsOwnErrorRate() {
        CanaryAnalysis a = analysis(CanaryAnalysisConfig.builder().minSamples(100).maxShadowFailures(0.01));
        // 20 of 220 shadow calls failed (9.1%) while the champion failed 10% of its requests.
        AnalysisResult r = a.analyse(shadowContext(new ShadowCounts(200, 200, 20, 0), Arm.of(100, 10)));
        assertThat(r.outcome()).as(r.summary()).isEqualTo(AnalysisOutcome.PASS);
        assertThat(check(r, "shadow agreement").detail()).contains("(champion errors 0.1000 + margin 0.0100)");
    }

    // --- prediction distribution -----------------------------------------------------------------

    @Test
    void thePredictionDistributionIsCheckedOnlyWhenAskedFor() {
        AnalysisResult r = analysis(CanaryAnalysisConfig.builder().minSamples(100)).analyse(context(5_000,
                Arm.of(100, 0).labels(Map.of("fraud", 10L, "legit", 90L)),
                Arm.of(100, 0).labels(Map.of("fraud", 50L, "legit", 50L))));
        assertThat(find(r, "prediction distribution")).isEmpty();
    }

    @Test
    void theLabelDistributionIsJudgedFromMinSamplesCandidateAnswers() {
        CanaryAnalysisConfig.Builder config = CanaryAnalysisConfig.builder().minSamples(100).predictionDistribution();
        Arm champion = Arm.of(100, 0).labels(Map.of("fraud", 10L, "legit", 90L));

        CheckResult same = check(analysis(config).analyse(context(5_000, champion,
                Arm.of(100, 0).labels(Map.of("fraud", 10L, "legit", 90L)))), "prediction distribution");
        assertThat(same.outcome()).isEqualTo(AnalysisOutcome.PASS);
        assertThat(same.detail()).as("a small reference is tested with a p-value").contains(", p=");

        CheckResult tooFew = check(analysis(config).analyse(context(5_000, champion,
                Arm.of(99, 0).labels(Map.of("fraud", 9L, "legit", 90L)))), "prediction distribution");
        assertThat(tooFew.outcome()).isEqualTo(AnalysisOutcome.INCONCLUSIVE);
        assertThat(tooFew.detail()).isEqualTo("99 of 100 candidate answers");

        CheckResult noChampionLabels = check(analysis(config).analyse(context(5_000, Arm.of(100, 0),
                Arm.of(100, 0).labels(Map.of("fraud", 10L, "legit", 90L)))), "prediction distribution");
        assertThat(noChampionLabels.outcome()).isEqualTo(AnalysisOutcome.INCONCLUSIVE);
    }

    @Test
    void aLargeChampionSampleIsComparedByADistanceWithoutAPValue() {
        CheckResult same = check(analysis(CanaryAnalysisConfig.builder().minSamples(100).predictionDistribution())
                .analyse(context(5_000, Arm.of(2_000, 0).labels(Map.of("fraud", 200L, "legit", 1_800L)),
                        Arm.of(200, 0).labels(Map.of("fraud", 20L, "legit", 180L)))), "prediction distribution");
        assertThat(same.outcome()).isEqualTo(AnalysisOutcome.PASS);
        assertThat(same.detail()).startsWith("jensenshannon statistic").doesNotContain("p=");
    }

    // --- input drift -----------------------------------------------------------------------------

    @Test
    void aDriftedShareOfExactlyTheLimitDefersTheDecision() {
        double[] share = {0.3};
        CanaryAnalysis a = analysis(CanaryAnalysisConfig.builder().minSamples(100).inputDrift(() -> share[0], 0.3));
        CheckResult atLimit = check(a.analyse(context(5_000, Arm.of(100, 0), Arm.of(100, 0))), "input drift");
        assertThat(atLimit.outcome()).isEqualTo(AnalysisOutcome.INCONCLUSIVE);
        assertThat(atLimit.detail()).isEqualTo(
                "drifted feature share 0.300 (>= 0.300): traffic changed during the step, decision deferred");

        share[0] = 0.1;
        CheckResult below = check(a.analyse(context(5_000, Arm.of(200, 0), Arm.of(200, 0))), "input drift");
        assertThat(below.outcome()).isEqualTo(AnalysisOutcome.PASS);
        assertThat(below.detail()).isEqualTo("drifted feature share 0.100 (< 0.300)");
    }

    @Test
    void latencyFloorIsReadInMilliseconds() {
        CheckResult r = check(analysis(CanaryAnalysisConfig.builder().minSamples(50).latencyTolerance(0)
                .latencyFloor(Duration.ofMillis(2))).analyse(context(5_000,
                Arm.of(100, 0).latencies(constant(100, 10.0)), Arm.of(100, 0).latencies(constant(100, 11.5)))),
                "latency");
        assertThat(r.outcome()).isEqualTo(AnalysisOutcome.PASS);
        assertThat(r.detail()).startsWith("slower by at most 1.5000 ms, under the 2.000 ms floor");
    }
}
