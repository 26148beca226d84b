package org.mlops4j.lifecycle.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.rollout.AnalysisOutcome;
import org.mlops4j.core.rollout.AnalysisResult;
import org.mlops4j.core.rollout.CheckResult;
import org.mlops4j.core.rollout.RolloutAnalysis;
import org.mlops4j.core.rollout.RolloutContext;
import org.mlops4j.core.rollout.ShadowCounts;
import org.mlops4j.core.signal.VariantFigures;
import org.mlops4j.monitoring.drift.DriftResult;
import org.mlops4j.monitoring.drift.DriftTests;

/**
 * The analysis of a canary rollout. It counts no traffic itself: it reads what champion and
 * candidate did in the step and in the whole rollout from the {@link RolloutContext}, whose figures
 * the rollout takes from the endpoint's monitor. Checks, candidate against champion:
 * <ul>
 *   <li><b>sample ratio</b> (critical, canary steps): the step's routed request counts fit the
 *       configured weight ({@link SampleRatioMismatch}, p &lt; 0.001 fails): broken routing
 *       invalidates every other comparison. Answers the champion gave as the fallback of a failed
 *       candidate call are not routed requests and do not count;</li>
 *   <li><b>error rate</b> (critical): an always-valid mixture SPRT ({@link Msprt}) over the whole
 *       rollout, one-sided: TREATMENT_WORSE fails at once; PASS once both arms have
 *       {@code minSamples} requests without that;</li>
 *   <li><b>latency</b>: the Mann-Whitney judge ({@link CanaryJudge}) on the step's latencies (the
 *       latest 5,000 per arm), lower is better, with a relative tolerance; PASS passes, MARGINAL and
 *       NODATA are inconclusive, FAIL fails unless the whole increase stays under an absolute floor
 *       (1 ms by default). A step that sends all traffic to the candidate compares with the
 *       champion's latencies of the step before;</li>
 *   <li><b>accuracy</b>, when ground truth arrives: a second one-sided mSPRT on wrong answers over
 *       the rollout; TREATMENT_WORSE fails; PASS once both arms have {@code minLabelled} labels;</li>
 *   <li><b>shadow agreement</b> (shadow steps): the share of shadow answers agreeing with the
 *       champion must reach {@code minAgreement}, and the share of failed or timed-out shadow calls
 *       may exceed the champion's error rate by at most {@code maxShadowFailures};</li>
 *   <li><b>prediction distribution</b> (opt-in): the candidate's label counts in the step tested
 *       against the champion's; a difference fails;</li>
 *   <li><b>input drift</b> (opt-in): while the share of drifted input features is at or above a
 *       limit, the check is inconclusive, so no step passes on traffic that is shifting under it.</li>
 * </ul>
 * A check without enough data is INCONCLUSIVE; the rollout waits for the step's minimums before
 * acting on anything but a critical failure. Thread-safe.
 */
public final class CanaryAnalysis implements RolloutAnalysis {

    /** Expected requests per arm before the sample-ratio test is trusted. */
    private static final int MIN_EXPECTED = 10;

    private final CanaryAnalysisConfig config;
    /** Guards the sequential tests' state below; held only while computing. */
    private final Object lock = new Object();
    private ModelRef candidateModel;
    private int step = -1;
    private Msprt errors;
    private Msprt wrong;
    /** The champion's latencies of the last step that had any: the control of a 100% step. */
    private double[] controlLatencies = new double[0];

    private CanaryAnalysis(CanaryAnalysisConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.errors = newMsprt();
        this.wrong = newMsprt();
    }

    /**
     * Creates an analysis.
     *
     * @param config how it judges
     * @return the analysis
     */
    public static CanaryAnalysis of(CanaryAnalysisConfig config) {
        return new CanaryAnalysis(config);
    }

    /** @return an analysis with {@link CanaryAnalysisConfig#ofDefaults()} */
    public static CanaryAnalysis ofDefaults() {
        return of(CanaryAnalysisConfig.ofDefaults());
    }

    /** @return how it judges */
    public CanaryAnalysisConfig config() {
        return config;
    }

    private Msprt newMsprt() {
        return Msprt.builder().alpha(config.alpha()).oneSided(true).minSamplesPerArm(config.minSamples()).build();
    }

    @Override
    public void stepStarted(RolloutContext context) {
        Objects.requireNonNull(context, "context");
        synchronized (lock) {
            restart(context);
        }
    }

    private void restart(RolloutContext context) {
        if (!context.candidate().equals(candidateModel)) {
            // A new rollout: the sequential tests start afresh.
            candidateModel = context.candidate();
            errors = newMsprt();
            wrong = newMsprt();
            controlLatencies = new double[0];
        }
        step = context.step();
    }

    @Override
    public AnalysisResult analyse(RolloutContext context) {
        Objects.requireNonNull(context, "context");
        synchronized (lock) {
            return analyseLocked(context);
        }
    }

    private AnalysisResult analyseLocked(RolloutContext context) {
        if (!context.candidate().equals(candidateModel) || context.step() != step) {
            restart(context);
        }
        VariantFigures champion = context.championStep();
        VariantFigures candidate = context.candidateStep();
        VariantFigures champ = context.championRollout();
        VariantFigures cand = context.candidateRollout();
        errors.update(champ.errors(), champ.requests(), cand.errors(), cand.requests());
        wrong.update(champ.labelled() - champ.correct(), champ.labelled(), cand.labelled() - cand.correct(),
                cand.labelled());
        List<CheckResult> checks = new ArrayList<>();
        if (context.shadowStep()) {
            checks.add(shadow(context.shadow(), champ));
            return AnalysisResult.of(checks);
        }
        checks.add(sampleRatio(context, champion, candidate));
        checks.add(errorRate(context));
        double[] control = champion.recentLatenciesMillis();
        if (control.length > 0) {
            controlLatencies = control;
        } else if (context.candidateWeightBasisPoints() >= 10_000) {
            control = controlLatencies;
        }
        CheckResult latency = latency(control, candidate.recentLatenciesMillis());
        if (context.candidateWeightBasisPoints() < 10_000 || latency.outcome() != AnalysisOutcome.INCONCLUSIVE) {
            // At 100% there may be no champion latencies to compare with (a resumed rollout): then skip.
            checks.add(latency);
        }
        CheckResult accuracy = accuracy();
        if (accuracy != null) {
            checks.add(accuracy);
        }
        if (config.predictionDistribution()) {
            checks.add(predictions(champion.predictedLabels(), candidate.predictedLabels()));
        }
        config.driftedShare().ifPresent(supplier -> {
            double share = supplier.getAsDouble();
            if (!Double.isNaN(share)) {
                boolean drifted = share >= config.maxDriftedShare();
                checks.add(new CheckResult("input drift", drifted ? AnalysisOutcome.INCONCLUSIVE : AnalysisOutcome.PASS,
                        false, String.format("drifted feature share %.3f (%s %.3f)%s", share, drifted ? ">=" : "<",
                                config.maxDriftedShare(), drifted ? ": traffic changed during the step, decision deferred"
                                        : "")));
            }
        });
        return AnalysisResult.of(checks);
    }

    private CheckResult shadow(ShadowCounts s, VariantFigures champ) {
        if (s.compared() < config.minSamples()) {
            return new CheckResult("shadow agreement", AnalysisOutcome.INCONCLUSIVE, false,
                    s.compared() + " of " + config.minSamples() + " comparisons");
        }
        double failures = s.calls() == 0 ? 0.0 : (double) (s.failed() + s.timedOut()) / s.calls();
        double championErrors = champ.requests() == 0 ? 0.0 : champ.errorRate();
        String detail = String.format("agreement %.4f (min %.4f) over %d, failed or timed out %.4f (champion errors "
                + "%.4f + margin %.4f)", s.agreement(), config.minAgreement(), s.compared(), failures, championErrors,
                config.maxShadowFailures());
        boolean ok = s.agreement() >= config.minAgreement() && failures <= championErrors + config.maxShadowFailures();
        return new CheckResult("shadow agreement", ok ? AnalysisOutcome.PASS : AnalysisOutcome.FAIL, false, detail);
    }

    private CheckResult sampleRatio(RolloutContext context, VariantFigures champion, VariantFigures candidate) {
        long cand = candidate.requests();
        long champ = champion.requests();
        int bp = context.candidateWeightBasisPoints();
        if (bp >= 10_000) {
            // No split to check; champion answers here are fallbacks for failed candidate calls.
            return new CheckResult("sample ratio", AnalysisOutcome.PASS, true, "no split at 100% candidate weight");
        }
        long total = cand + champ;
        double expectedCandidate = total * bp / 10_000.0;
        double expectedChampion = total - expectedCandidate;
        if (total < config.minSamples() || Math.min(expectedCandidate, expectedChampion) < MIN_EXPECTED) {
            // The chi-square approximation needs about 10 expected requests per arm; below that a
            // 1% canary would be "mismatched" by chance far more often than the threshold says.
            return new CheckResult("sample ratio", AnalysisOutcome.INCONCLUSIVE, true, String.format(
                    "%d requests, %.1f expected for the candidate (need %d total and %d expected per arm)", total,
                    expectedCandidate, config.minSamples(), MIN_EXPECTED));
        }
        SampleRatioMismatch srm = SampleRatioMismatch.check(Map.of("champion", champ, "candidate", cand),
                Map.of("champion", (double) (10_000 - bp), "candidate", (double) bp), config.sampleRatioThreshold());
        String detail = String.format("candidate %d, champion %d at %.2f%% (p=%.3g)", cand, champ, bp / 100.0,
                srm.pValue());
        return new CheckResult("sample ratio", srm.mismatch() ? AnalysisOutcome.FAIL : AnalysisOutcome.PASS, true,
                detail);
    }

    private CheckResult errorRate(RolloutContext context) {
        MsprtResult r = errors.current();
        String detail = String.format("candidate %d/%d, champion %d/%d, always-valid p=%.3g", r.treatmentFailures(),
                r.treatmentTrials(), r.controlFailures(), r.controlTrials(), r.pValue());
        if (r.decision() == MsprtResult.Decision.TREATMENT_WORSE) {
            return new CheckResult("error rate", AnalysisOutcome.FAIL, true, detail);
        }
        boolean enough = r.treatmentTrials() >= config.minSamples() && r.controlTrials() >= config.minSamples();
        if (!enough && context.candidateWeightBasisPoints() >= 10_000 && r.controlTrials() < config.minSamples()) {
            detail += "; no champion traffic to compare with at 100% (a plan without a smaller step, or a rollout "
                    + "resumed at its last step): a person decides with promoteNow() or abort()";
        }
        return new CheckResult("error rate", enough ? AnalysisOutcome.PASS : AnalysisOutcome.INCONCLUSIVE, true,
                detail);
    }

    private CheckResult latency(double[] champion, double[] candidate) {
        CanaryJudge judge = CanaryJudge.builder().confidence(config.confidence())
                .minSamples(config.minLatencySamples())
                .metric(MetricSpec.lowerIsBetter("latency").tolerance(config.latencyTolerance())).build();
        JudgeResult r = judge.judge(Map.of("latency", champion), Map.of("latency", candidate));
        double floorMillis = config.latencyFloor().toNanos() / 1e6;
        AnalysisOutcome outcome = switch (r.outcome()) {
            case PASS -> AnalysisOutcome.PASS;
            case FAIL -> AnalysisOutcome.FAIL;
            case MARGINAL, NODATA -> AnalysisOutcome.INCONCLUSIVE;
        };
        MetricJudgement j = r.judgement("latency").orElseThrow();
        if (outcome == AnalysisOutcome.FAIL && j.upper() <= floorMillis) {
            // Statistically slower, but by less than anyone would notice.
            return new CheckResult("latency", AnalysisOutcome.PASS, false, String.format(
                    "slower by at most %.4f ms, under the %.3f ms floor; %s", j.upper(), floorMillis, r.summary()));
        }
        return new CheckResult("latency", outcome, false, r.summary());
    }

    private CheckResult accuracy() {
        MsprtResult r = wrong.current();
        if (r.treatmentTrials() + r.controlTrials() == 0 && config.minLabelled() == 0) {
            return null;
        }
        String detail = String.format("wrong: candidate %d/%d, champion %d/%d, always-valid p=%.3g",
                r.treatmentFailures(), r.treatmentTrials(), r.controlFailures(), r.controlTrials(), r.pValue());
        if (r.decision() == MsprtResult.Decision.TREATMENT_WORSE) {
            return new CheckResult("accuracy", AnalysisOutcome.FAIL, false, detail);
        }
        long min = Math.max(1, config.minLabelled());
        boolean enough = r.treatmentTrials() >= min && r.controlTrials() >= min;
        return new CheckResult("accuracy", enough ? AnalysisOutcome.PASS : AnalysisOutcome.INCONCLUSIVE, false,
                detail);
    }

    private CheckResult predictions(Map<String, Long> champ, Map<String, Long> cand) {
        long nc = cand.values().stream().mapToLong(Long::longValue).sum();
        if (champ.isEmpty() || nc < config.minSamples()) {
            return new CheckResult("prediction distribution", AnalysisOutcome.INCONCLUSIVE, false,
                    nc + " of " + config.minSamples() + " candidate answers");
        }
        DriftResult d = DriftTests.auto(champ).testCounts(champ, cand);
        return new CheckResult("prediction distribution", d.drifted() ? AnalysisOutcome.FAIL : AnalysisOutcome.PASS,
                false, d.method() + " statistic " + String.format("%.4g", d.statistic())
                + (d.hasPValue() ? String.format(", p=%.3g", d.pValue()) : ""));
    }

    @Override
    public String toString() {
        return "CanaryAnalysis[alpha=" + config.alpha() + ", minSamples=" + config.minSamples() + ", latencyTolerance="
                + config.latencyTolerance() + "]";
    }
}
