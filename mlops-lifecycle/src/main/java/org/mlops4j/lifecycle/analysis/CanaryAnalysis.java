package org.mlops4j.lifecycle.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.PredictionListener;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.rollout.AnalysisOutcome;
import org.mlops4j.core.rollout.AnalysisResult;
import org.mlops4j.core.rollout.CheckResult;
import org.mlops4j.core.rollout.RolloutAnalysis;
import org.mlops4j.core.rollout.RolloutContext;
import org.mlops4j.monitoring.JoinWindow;
import org.mlops4j.core.rollout.ShadowCounts;
import org.mlops4j.monitoring.drift.DriftResult;
import org.mlops4j.monitoring.drift.DriftTests;

/**
 * The analysis of a canary rollout: attach it to the endpoint as a listener (it counts every
 * prediction of the champion and the candidate) and give it to the rollout. Checks, candidate
 * against champion:
 * <ul>
 *   <li><b>sample ratio</b> (critical, canary steps): the step's request counts fit the configured
 *       weight ({@link SampleRatioMismatch}, p &lt; 0.001 fails): broken routing invalidates every
 *       other comparison;</li>
 *   <li><b>error rate</b> (critical): an always-valid mixture SPRT ({@link Msprt}) over the whole
 *       rollout, one-sided: TREATMENT_WORSE fails at once; PASS once both arms have
 *       {@code minSamples} requests without that;</li>
 *   <li><b>latency</b>: the Mann-Whitney judge ({@link CanaryJudge}) on the step's latencies (the
 *       latest 5,000 per arm), lower is better, with a relative tolerance; PASS passes, MARGINAL and
 *       NODATA are inconclusive, FAIL fails unless the whole increase stays under an absolute floor
 *       (1 ms by default);</li>
 *   <li><b>accuracy</b>, when feedback arrives ({@link #recordFeedback}): a second one-sided mSPRT on
 *       wrong answers; TREATMENT_WORSE fails; PASS once both arms have {@code minLabelled} labels;</li>
 *   <li><b>shadow agreement</b> (shadow steps): the share of shadow answers agreeing with the
 *       champion must reach {@code minAgreement}, and the share of failed or timed-out shadow calls
 *       may exceed the champion's error rate by at most {@code maxShadowFailures};</li>
 *   <li><b>prediction distribution</b> (opt-in, {@link Builder#predictionDistribution}): the
 *       candidate's label counts tested against the champion's; a difference fails. Off by default
 *       because a better model may rightly predict differently;</li>
 *   <li><b>input drift</b> (opt-in, {@link Builder#inputDrift}): while the share of drifted input
 *       features (from a {@code ModelMonitor}) is at or above a limit, the check is inconclusive,
 *       so no step passes on traffic that is shifting under it.</li>
 * </ul>
 * A check without enough data is INCONCLUSIVE; the rollout waits for the step's minimums before
 * acting on anything but a critical failure.
 */
public final class CanaryAnalysis implements RolloutAnalysis, PredictionListener<Object, Object> {

    private static final int LATENCIES = 5_000;
    /** Expected requests per arm before the sample-ratio test is trusted. */
    private static final int MIN_EXPECTED = 10;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CanaryAnalysis.class);

    /** What one variant did, in the current step and in the whole rollout. */
    private static final class Arm {
        long stepRequests;
        final double[] latencies = new double[LATENCIES];
        int latencyCount;
        int latencyNext;
        final Map<String, long[]> labels = new HashMap<>();

        synchronized void record(double latencyMillis, String label) {
            stepRequests++;
            if (!Double.isNaN(latencyMillis)) {
                latencies[latencyNext] = latencyMillis;
                latencyNext = (latencyNext + 1) % LATENCIES;
                latencyCount = Math.min(LATENCIES, latencyCount + 1);
            }
            if (label != null && (labels.size() < 256 || labels.containsKey(label))) {
                labels.computeIfAbsent(label, k -> new long[1])[0]++;
            }
        }

        synchronized double[] latencies() {
            return Arrays.copyOf(latencies, latencyCount);
        }

        synchronized long stepRequests() {
            return stepRequests;
        }

        synchronized Map<String, Long> labelCounts() {
            Map<String, Long> out = new LinkedHashMap<>();
            labels.forEach((k, v) -> out.put(k, v[0]));
            return out;
        }
    }

    private record Served(String variant, String label) {
    }

    /** Whole-rollout counts of one variant: requests, failures, labelled, wrong. */
    private static final class Totals {
        final LongAdder requests = new LongAdder();
        final LongAdder failures = new LongAdder();
        final LongAdder labelled = new LongAdder();
        final LongAdder wrong = new LongAdder();
    }

    private final Builder b;
    private final JoinWindow<Served> served;
    private final Map<String, Totals> totals = new ConcurrentHashMap<>();
    private final LongAdder labelFailures = new LongAdder();
    private final Map<String, Arm> arms = new ConcurrentHashMap<>();
    private ModelRef candidateModel;
    private int step = -1;
    private Msprt errors;
    private Msprt wrong;

    private CanaryAnalysis(Builder b) {
        this.b = b;
        this.served = new JoinWindow<>(b.joinCapacity);
        this.errors = newMsprt();
        this.wrong = newMsprt();
    }

    private Msprt newMsprt() {
        return Msprt.builder().alpha(b.alpha).oneSided(true).minSamplesPerArm(b.minSamples).build();
    }

    /** @return a builder with the defaults given on its methods */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void onPrediction(PredictionEvent<?, ?> event) {
        Objects.requireNonNull(event, "event");
        String v = event.variant();
        Object out = event.succeeded() ? event.output().orElse(null) : null;
        String label = label(out);
        // Failed calls count as requests and errors, but their latency is not the model's.
        arms.computeIfAbsent(v, k -> new Arm()).record(event.succeeded() ? event.latencyNanos() / 1e6 : Double.NaN,
                label);
        Totals t = totals.computeIfAbsent(v, k -> new Totals());
        t.requests.increment();
        if (!event.succeeded()) {
            t.failures.increment();
        }
        if (label != null) {
            served.put(event.predictionId(), new Served(v, label));
        }
    }

    private String label(Object answer) {
        if (answer == null) {
            return null;
        }
        try {
            return b.labelOf.apply(answer);
        } catch (RuntimeException e) {
            labelFailures.increment();
            if (labelFailures.sum() == 1) {
                LOG.warn("label function failed on {}; such answers are counted without a label (further failures "
                        + "are logged at DEBUG and counted in labelFailures())", answer, e);
            } else {
                LOG.debug("label function failed on {}", answer, e);
            }
            return null;
        }
    }

    /**
     * Joins the true label of a prediction made during the rollout.
     *
     * @param predictionId the prediction's id
     * @param groundTruth the true answer, read through the label function
     * @return true when the prediction was known (still in the join window, not labelled before)
     */
    public boolean recordFeedback(String predictionId, Object groundTruth) {
        Objects.requireNonNull(predictionId, "predictionId");
        Objects.requireNonNull(groundTruth, "groundTruth");
        Served s = served.take(predictionId).orElse(null);
        if (s == null) {
            return false;
        }
        Totals t = totals.computeIfAbsent(s.variant(), k -> new Totals());
        t.labelled.increment();
        if (!s.label().equals(label(groundTruth))) {
            t.wrong.increment();
        }
        return true;
    }

    @Override
    public synchronized void stepStarted(RolloutContext context) {
        Objects.requireNonNull(context, "context");
        if (!context.candidate().equals(candidateModel)) {
            // A new rollout: the sequential tests and their counts start afresh.
            candidateModel = context.candidate();
            errors = newMsprt();
            wrong = newMsprt();
            totals.clear();
            served.clear();
        }
        // A new step: its own arms for the sample ratio and latencies. A step that sends all traffic
        // to the candidate keeps the champion's latencies of the step before as the control.
        step = context.step();
        Arm previousChampion = arms.get(context.championVariant());
        arms.clear();
        if (context.candidateWeightBasisPoints() >= 10_000 && previousChampion != null) {
            arms.put(context.championVariant(), previousChampion);
        }
    }

    @Override
    public synchronized AnalysisResult analyse(RolloutContext context) {
        Objects.requireNonNull(context, "context");
        if (!context.candidate().equals(candidateModel) || context.step() != step) {
            stepStarted(context);
        }
        Arm champion = arms.computeIfAbsent(context.championVariant(), k -> new Arm());
        Arm candidate = arms.computeIfAbsent(context.candidateVariant(), k -> new Arm());
        Totals champ = totals.computeIfAbsent(context.championVariant(), k -> new Totals());
        Totals cand = totals.computeIfAbsent(context.candidateVariant(), k -> new Totals());
        // Read each pair's failures before its trials, so failures never exceed trials.
        long cf = champ.failures.sum();
        long tf = cand.failures.sum();
        errors.update(cf, Math.max(cf, champ.requests.sum()), tf, Math.max(tf, cand.requests.sum()));
        long cw = champ.wrong.sum();
        long tw = cand.wrong.sum();
        wrong.update(cw, Math.max(cw, champ.labelled.sum()), tw, Math.max(tw, cand.labelled.sum()));
        List<CheckResult> checks = new ArrayList<>();
        if (context.shadowStep()) {
            checks.add(shadow(context.shadow(), champ));
            return AnalysisResult.of(checks);
        }
        checks.add(sampleRatio(context, champion, candidate));
        checks.add(errorRate(context));
        CheckResult latency = latency(champion, candidate);
        if (context.candidateWeightBasisPoints() < 10_000 || latency.outcome() != AnalysisOutcome.INCONCLUSIVE) {
            // At 100% there may be no champion latencies to compare with (a resumed rollout): then skip.
            checks.add(latency);
        }
        CheckResult accuracy = accuracy();
        if (accuracy != null) {
            checks.add(accuracy);
        }
        if (b.predictionDistribution) {
            checks.add(predictions(champion, candidate));
        }
        if (b.driftedShare != null) {
            double share = b.driftedShare.getAsDouble();
            if (!Double.isNaN(share)) {
                boolean drifted = share >= b.maxDriftedShare;
                checks.add(new CheckResult("input drift", drifted ? AnalysisOutcome.INCONCLUSIVE : AnalysisOutcome.PASS,
                        false, String.format("drifted feature share %.3f (%s %.3f)%s", share, drifted ? ">=" : "<",
                                b.maxDriftedShare, drifted ? ": traffic changed during the step, decision deferred"
                                        : "")));
            }
        }
        return AnalysisResult.of(checks);
    }

    private CheckResult shadow(ShadowCounts s, Totals champ) {
        if (s.compared() < b.minSamples) {
            return new CheckResult("shadow agreement", AnalysisOutcome.INCONCLUSIVE, false,
                    s.compared() + " of " + b.minSamples + " comparisons");
        }
        double failures = s.calls() == 0 ? 0.0 : (double) (s.failed() + s.timedOut()) / s.calls();
        long requests = champ.requests.sum();
        double championErrors = requests == 0 ? 0.0 : (double) champ.failures.sum() / requests;
        String detail = String.format("agreement %.4f (min %.4f) over %d, failed or timed out %.4f (champion errors "
                + "%.4f + margin %.4f)", s.agreement(), b.minAgreement, s.compared(), failures, championErrors,
                b.maxShadowFailures);
        boolean ok = s.agreement() >= b.minAgreement && failures <= championErrors + b.maxShadowFailures;
        return new CheckResult("shadow agreement", ok ? AnalysisOutcome.PASS : AnalysisOutcome.FAIL, false, detail);
    }

    private CheckResult sampleRatio(RolloutContext context, Arm champion, Arm candidate) {
        long cand = candidate.stepRequests();
        long champ = champion.stepRequests();
        int bp = context.candidateWeightBasisPoints();
        if (bp >= 10_000) {
            // No split to check; champion answers here are fallbacks for failed candidate calls.
            return new CheckResult("sample ratio", AnalysisOutcome.PASS, true, "no split at 100% candidate weight");
        }
        long total = cand + champ;
        double expectedCandidate = total * bp / 10_000.0;
        double expectedChampion = total - expectedCandidate;
        if (total < b.minSamples || Math.min(expectedCandidate, expectedChampion) < MIN_EXPECTED) {
            // The chi-square approximation needs about 10 expected requests per arm; below that a
            // 1% canary would be "mismatched" by chance far more often than the threshold says.
            return new CheckResult("sample ratio", AnalysisOutcome.INCONCLUSIVE, true, String.format(
                    "%d requests, %.1f expected for the candidate (need %d total and %d expected per arm)", total,
                    expectedCandidate, b.minSamples, MIN_EXPECTED));
        }
        SampleRatioMismatch srm = SampleRatioMismatch.check(Map.of("champion", champ, "candidate", cand),
                Map.of("champion", (double) (10_000 - bp), "candidate", (double) bp), b.srmThreshold);
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
        boolean enough = r.treatmentTrials() >= b.minSamples && r.controlTrials() >= b.minSamples;
        if (!enough && context.candidateWeightBasisPoints() >= 10_000 && r.controlTrials() < b.minSamples) {
            detail += "; no champion traffic to compare with at 100% (a plan without a smaller step, or a rollout "
                    + "resumed at its last step): a person decides with promoteNow() or abort()";
        }
        return new CheckResult("error rate", enough ? AnalysisOutcome.PASS : AnalysisOutcome.INCONCLUSIVE, true,
                detail);
    }

    private CheckResult latency(Arm champion, Arm candidate) {
        CanaryJudge judge = CanaryJudge.builder().confidence(b.confidence).minSamples(b.minLatencySamples)
                .metric(MetricSpec.lowerIsBetter("latency").tolerance(b.latencyTolerance)).build();
        JudgeResult r = judge.judge(Map.of("latency", champion.latencies()), Map.of("latency", candidate.latencies()));
        AnalysisOutcome outcome = switch (r.outcome()) {
            case PASS -> AnalysisOutcome.PASS;
            case FAIL -> AnalysisOutcome.FAIL;
            case MARGINAL, NODATA -> AnalysisOutcome.INCONCLUSIVE;
        };
        MetricJudgement j = r.judgement("latency").orElseThrow();
        if (outcome == AnalysisOutcome.FAIL && j.upper() <= b.latencyFloorMillis) {
            // Statistically slower, but by less than anyone would notice.
            return new CheckResult("latency", AnalysisOutcome.PASS, false, String.format(
                    "slower by at most %.4f ms, under the %.3f ms floor; %s", j.upper(), b.latencyFloorMillis,
                    r.summary()));
        }
        return new CheckResult("latency", outcome, false, r.summary());
    }

    private CheckResult accuracy() {
        MsprtResult r = wrong.current();
        if (r.treatmentTrials() + r.controlTrials() == 0 && b.minLabelled == 0) {
            return null;
        }
        String detail = String.format("wrong: candidate %d/%d, champion %d/%d, always-valid p=%.3g",
                r.treatmentFailures(), r.treatmentTrials(), r.controlFailures(), r.controlTrials(), r.pValue());
        if (r.decision() == MsprtResult.Decision.TREATMENT_WORSE) {
            return new CheckResult("accuracy", AnalysisOutcome.FAIL, false, detail);
        }
        long min = Math.max(1, b.minLabelled);
        boolean enough = r.treatmentTrials() >= min && r.controlTrials() >= min;
        return new CheckResult("accuracy", enough ? AnalysisOutcome.PASS : AnalysisOutcome.INCONCLUSIVE, false,
                detail);
    }

    private CheckResult predictions(Arm champion, Arm candidate) {
        Map<String, Long> champ = champion.labelCounts();
        Map<String, Long> cand = candidate.labelCounts();
        long nc = cand.values().stream().mapToLong(Long::longValue).sum();
        if (champ.isEmpty() || nc < b.minSamples) {
            return new CheckResult("prediction distribution", AnalysisOutcome.INCONCLUSIVE, false,
                    nc + " of " + b.minSamples + " candidate answers");
        }
        DriftResult d = DriftTests.auto(champ).testCounts(champ, cand);
        return new CheckResult("prediction distribution", d.drifted() ? AnalysisOutcome.FAIL : AnalysisOutcome.PASS,
                false, d.method() + " statistic " + String.format("%.4g", d.statistic())
                + (d.hasPValue() ? String.format(", p=%.3g", d.pValue()) : ""));
    }

    /** @return answers or ground truths the label function failed on (the first one is logged at WARN) */
    public long labelFailures() {
        return labelFailures.sum();
    }

    @Override
    public String toString() {
        return "CanaryAnalysis[alpha=" + b.alpha + ", minSamples=" + b.minSamples + ", latencyTolerance="
                + b.latencyTolerance + "]";
    }

    /** Configures a {@link CanaryAnalysis}; not thread-safe. */
    public static final class Builder {
        private double alpha = 0.05;
        private long minSamples = 100;
        private int minLatencySamples = 50;
        private double confidence = 0.95;
        private double latencyTolerance = 0.1;
        private long minLabelled;
        private double latencyFloorMillis = 1.0;
        private double minAgreement = 0.9;
        private double maxShadowFailures = 0.01;
        private double srmThreshold = SampleRatioMismatch.DEFAULT_THRESHOLD;
        private boolean predictionDistribution;
        private java.util.function.DoubleSupplier driftedShare;
        private double maxDriftedShare;
        private int joinCapacity = 100_000;
        private Function<Object, String> labelOf = String::valueOf;

        private Builder() {
        }

        /** @param value the sequential tests' significance, in (0, 1); default 0.05 @return this builder */
        public Builder alpha(double value) {
            if (!(value > 0 && value < 1)) {
                throw new IllegalArgumentException("alpha must be in (0, 1) but was " + value);
            }
            this.alpha = value;
            return this;
        }

        /**
         * @param value requests per arm before the error rate can pass, comparisons before the
         *     shadow check decides, and the least total for the sample-ratio check; >= 1, default 100
         * @return this builder
         */
        public Builder minSamples(long value) {
            if (value < 1) {
                throw new IllegalArgumentException("minSamples must be >= 1 but was " + value);
            }
            this.minSamples = value;
            return this;
        }

        /**
         * @param value the largest latency shift tolerated, relative to the champion's median; >= 0,
         *     default 0.1
         * @return this builder
         */
        public Builder latencyTolerance(double value) {
            if (!(value >= 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("latencyTolerance must be finite and >= 0 but was " + value);
            }
            this.latencyTolerance = value;
            return this;
        }

        /**
         * @param value a latency increase whose upper confidence bound stays below this passes even
         *     when significant; default 1 ms (a 0.2 microsecond regression is real but irrelevant)
         * @return this builder
         */
        public Builder latencyFloor(java.time.Duration value) {
            Objects.requireNonNull(value, "latencyFloor");
            if (value.isNegative()) {
                throw new IllegalArgumentException("latencyFloor must not be negative but was " + value);
            }
            this.latencyFloorMillis = value.toNanos() / 1e6;
            return this;
        }

        /**
         * @param value labelled predictions per arm before accuracy can pass; when 0 (the default)
         *     the accuracy check appears only once feedback arrives
         * @return this builder
         */
        public Builder minLabelled(long value) {
            if (value < 0) {
                throw new IllegalArgumentException("minLabelled must be >= 0 but was " + value);
            }
            this.minLabelled = value;
            return this;
        }

        /** @param value the least shadow agreement, in [0, 1]; default 0.9 @return this builder */
        public Builder minAgreement(double value) {
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException("minAgreement must be in [0, 1] but was " + value);
            }
            this.minAgreement = value;
            return this;
        }

        /**
         * @param value how much the share of failed or timed-out shadow calls may exceed the
         *     champion's error rate, in [0, 1]; default 0.01
         * @return this builder
         */
        public Builder maxShadowFailures(double value) {
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException("maxShadowFailures must be in [0, 1] but was " + value);
            }
            this.maxShadowFailures = value;
            return this;
        }

        /** @param value the sample-ratio mismatch p-value threshold, in (0, 1); default 0.001 @return this builder */
        public Builder sampleRatioThreshold(double value) {
            if (!(value > 0 && value < 1)) {
                throw new IllegalArgumentException("sampleRatioThreshold must be in (0, 1) but was " + value);
            }
            this.srmThreshold = value;
            return this;
        }

        /**
         * Defers decisions while the inputs drift: when the share of drifted features reaches
         * {@code maxDriftedShare}, the input-drift check is INCONCLUSIVE (a comparison made while the
         * traffic shifts says little about the next week); NaN from the supplier (no window yet)
         * leaves the check out. Typically
         * {@code () -> monitor.recentWindows().isEmpty() ? Double.NaN : last(monitor).driftedShare()}.
         *
         * @param driftedShare reads the latest window's drifted-feature share, in [0, 1] or NaN
         * @param maxDriftedShare the share at which decisions are deferred, in (0, 1]
         * @return this builder
         */
        public Builder inputDrift(java.util.function.DoubleSupplier driftedShare, double maxDriftedShare) {
            this.driftedShare = Objects.requireNonNull(driftedShare, "driftedShare");
            if (!(maxDriftedShare > 0 && maxDriftedShare <= 1)) {
                throw new IllegalArgumentException("maxDriftedShare must be in (0, 1] but was " + maxDriftedShare);
            }
            this.maxDriftedShare = maxDriftedShare;
            return this;
        }

        /** @return this builder, also testing the candidate's label distribution against the champion's */
        public Builder predictionDistribution() {
            this.predictionDistribution = true;
            return this;
        }

        /** @param value reads the label of an answer and of a ground truth; default String::valueOf @return this builder */
        public Builder labelOf(Function<Object, String> value) {
            this.labelOf = Objects.requireNonNull(value, "labelOf");
            return this;
        }

        /** @return the analysis */
        public CanaryAnalysis build() {
            return new CanaryAnalysis(this);
        }
    }
}
