package org.mlops4j.lifecycle.analysis;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * How a {@link CanaryAnalysis} judges a candidate. Immutable; start from {@link #ofDefaults()} or
 * {@link #builder()}, which copies its settings when it builds.
 *
 * @param alpha the sequential tests' significance, in (0, 1)
 * @param minSamples requests per arm before the error rate can pass, comparisons before the shadow
 *     check decides, and the least total for the sample-ratio check; at least 1
 * @param minLatencySamples latencies per arm the latency judge needs; at least 2
 * @param confidence the confidence of the latency judge's interval, in (0, 1)
 * @param latencyTolerance the largest latency shift tolerated, relative to the champion's median;
 *     finite, at least 0
 * @param latencyFloor a latency increase whose upper confidence bound stays below this passes even
 *     when significant (a 0.2 microsecond regression is real but irrelevant); not negative
 * @param minLabelled labelled predictions per arm before accuracy can pass; when 0 the accuracy
 *     check appears only once feedback arrives
 * @param minAgreement the least shadow agreement, in [0, 1]
 * @param maxShadowFailures how much the share of failed or timed-out shadow calls may exceed the
 *     champion's error rate, in [0, 1]
 * @param sampleRatioThreshold the sample-ratio mismatch p-value threshold, in (0, 1)
 * @param predictionDistribution whether the candidate's label counts are tested against the
 *     champion's (off by default: a better model may rightly predict differently)
 * @param driftedShare reads the latest window's drifted-feature share for the input-drift check, or
 *     empty for no such check
 * @param maxDriftedShare the share at which decisions are deferred, in (0, 1]
 */
public record CanaryAnalysisConfig(double alpha, long minSamples, int minLatencySamples, double confidence,
                                   double latencyTolerance, Duration latencyFloor, long minLabelled,
                                   double minAgreement, double maxShadowFailures, double sampleRatioThreshold,
                                   boolean predictionDistribution, Optional<DoubleSupplier> driftedShare,
                                   double maxDriftedShare) {

    /**
     * Validates the configuration.
     *
     * @param alpha the sequential tests' significance, in (0, 1)
     * @param minSamples requests per arm before the error rate can pass, comparisons before the shadow
     *     check decides, and the least total for the sample-ratio check; at least 1
     * @param minLatencySamples latencies per arm the latency judge needs; at least 2
     * @param confidence the confidence of the latency judge's interval, in (0, 1)
     * @param latencyTolerance the largest latency shift tolerated, relative to the champion's median;
     *     finite, at least 0
     * @param latencyFloor a latency increase whose upper confidence bound stays below this passes even
     *     when significant (a 0.2 microsecond regression is real but irrelevant); not negative
     * @param minLabelled labelled predictions per arm before accuracy can pass; when 0 the accuracy
     *     check appears only once feedback arrives
     * @param minAgreement the least shadow agreement, in [0, 1]
     * @param maxShadowFailures how much the share of failed or timed-out shadow calls may exceed the
     *     champion's error rate, in [0, 1]
     * @param sampleRatioThreshold the sample-ratio mismatch p-value threshold, in (0, 1)
     * @param predictionDistribution whether the candidate's label counts are tested against the
     *     champion's (off by default: a better model may rightly predict differently)
     * @param driftedShare reads the latest window's drifted-feature share for the input-drift check, or
     *     empty for no such check
     * @param maxDriftedShare the share at which decisions are deferred, in (0, 1]
     * @throws IllegalArgumentException naming the setting and its value
     */
    public CanaryAnalysisConfig {
        Objects.requireNonNull(latencyFloor, "latencyFloor");
        Objects.requireNonNull(driftedShare, "driftedShare");
        open("alpha", alpha);
        open("confidence", confidence);
        open("sampleRatioThreshold", sampleRatioThreshold);
        if (minSamples < 1) {
            throw new IllegalArgumentException("minSamples must be >= 1 but was " + minSamples);
        }
        if (minLatencySamples < 2) {
            throw new IllegalArgumentException("minLatencySamples must be >= 2 but was " + minLatencySamples);
        }
        if (!(latencyTolerance >= 0) || Double.isInfinite(latencyTolerance)) {
            throw new IllegalArgumentException("latencyTolerance must be finite and >= 0 but was " + latencyTolerance);
        }
        if (latencyFloor.isNegative()) {
            throw new IllegalArgumentException("latencyFloor must not be negative but was " + latencyFloor);
        }
        if (minLabelled < 0) {
            throw new IllegalArgumentException("minLabelled must be >= 0 but was " + minLabelled);
        }
        closed("minAgreement", minAgreement);
        closed("maxShadowFailures", maxShadowFailures);
        if (!(maxDriftedShare > 0 && maxDriftedShare <= 1)) {
            throw new IllegalArgumentException("maxDriftedShare must be in (0, 1] but was " + maxDriftedShare);
        }
    }

    private static void open(String name, double value) {
        if (!(value > 0 && value < 1)) {
            throw new IllegalArgumentException(name + " must be in (0, 1) but was " + value);
        }
    }

    private static void closed(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1] but was " + value);
        }
    }

    /**
     * The defaults: alpha 0.05, 100 samples, 50 latencies, 95% confidence, 10% latency tolerance
     * with a 1 ms floor, accuracy once feedback arrives, shadow agreement 0.9 with 1% extra
     * failures, sample-ratio threshold 0.001, no prediction-distribution or input-drift check.
     *
     * @return the defaults
     */
    public static CanaryAnalysisConfig ofDefaults() {
        return builder().build();
    }

    /**
     * This configuration with an input-drift check (see {@link Builder#inputDrift}); every other
     * setting is kept.
     *
     * @param share reads the latest window's drifted-feature share, in [0, 1] or NaN
     * @param maxShare the share at which decisions are deferred, in (0, 1]
     * @return the copy
     * @throws IllegalArgumentException if maxShare is outside (0, 1]
     */
    public CanaryAnalysisConfig withInputDrift(DoubleSupplier share, double maxShare) {
        return new CanaryAnalysisConfig(alpha, minSamples, minLatencySamples, confidence, latencyTolerance,
                latencyFloor, minLabelled, minAgreement, maxShadowFailures, sampleRatioThreshold,
                predictionDistribution, Optional.of(Objects.requireNonNull(share, "driftedShare")), maxShare);
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link CanaryAnalysisConfig}; not thread-safe. */
    public static final class Builder {
        private double alpha = 0.05;
        private long minSamples = 100;
        private int minLatencySamples = 50;
        private double confidence = 0.95;
        private double latencyTolerance = 0.1;
        private Duration latencyFloor = Duration.ofMillis(1);
        private long minLabelled;
        private double minAgreement = 0.9;
        private double maxShadowFailures = 0.01;
        private double sampleRatioThreshold = SampleRatioMismatch.DEFAULT_THRESHOLD;
        private boolean predictionDistribution;
        private DoubleSupplier driftedShare;
        private double maxDriftedShare = 1.0;

        private Builder() {
        }

        /**
         * @param value the sequential tests' significance, in (0, 1); default 0.05
         * @return this builder
         */
        public Builder alpha(double value) {
            this.alpha = value;
            return this;
        }

        /**
         * @param value see {@link CanaryAnalysisConfig#minSamples()}; default 100
         * @return this builder
         */
        public Builder minSamples(long value) {
            this.minSamples = value;
            return this;
        }

        /**
         * @param value latencies per arm the judge needs; default 50
         * @return this builder
         */
        public Builder minLatencySamples(int value) {
            this.minLatencySamples = value;
            return this;
        }

        /**
         * @param value the latency judge's confidence; default 0.95
         * @return this builder
         */
        public Builder confidence(double value) {
            this.confidence = value;
            return this;
        }

        /**
         * @param value the largest relative latency shift tolerated; default 0.1
         * @return this builder
         */
        public Builder latencyTolerance(double value) {
            this.latencyTolerance = value;
            return this;
        }

        /**
         * @param value latency increases below this always pass; default 1 ms
         * @return this builder
         */
        public Builder latencyFloor(Duration value) {
            this.latencyFloor = Objects.requireNonNull(value, "latencyFloor");
            return this;
        }

        /**
         * @param value labelled predictions per arm before accuracy can pass; default 0
         * @return this builder
         */
        public Builder minLabelled(long value) {
            this.minLabelled = value;
            return this;
        }

        /**
         * @param value the least shadow agreement, in [0, 1]; default 0.9
         * @return this builder
         */
        public Builder minAgreement(double value) {
            this.minAgreement = value;
            return this;
        }

        /**
         * @param value extra failed shadow calls tolerated, in [0, 1]; default 0.01
         * @return this builder
         */
        public Builder maxShadowFailures(double value) {
            this.maxShadowFailures = value;
            return this;
        }

        /**
         * @param value the sample-ratio p-value threshold, in (0, 1); default 0.001
         * @return this builder
         */
        public Builder sampleRatioThreshold(double value) {
            this.sampleRatioThreshold = value;
            return this;
        }

        /** @return this builder, also testing the candidate's label distribution against the champion's */
        public Builder predictionDistribution() {
            this.predictionDistribution = true;
            return this;
        }

        /**
         * Defers decisions while the inputs drift: when the share of drifted features reaches
         * {@code maxDriftedShare} the input-drift check is INCONCLUSIVE (a comparison made while the
         * traffic shifts says little about the next week); NaN from the supplier (no window yet)
         * leaves the check out. The closed loop wires this to its monitor.
         *
         * @param share reads the latest window's drifted-feature share, in [0, 1] or NaN
         * @param maxShare the share at which decisions are deferred, in (0, 1]
         * @return this builder
         */
        public Builder inputDrift(DoubleSupplier share, double maxShare) {
            this.driftedShare = Objects.requireNonNull(share, "driftedShare");
            this.maxDriftedShare = maxShare;
            return this;
        }

        /**
         * @return the configuration
         * @throws IllegalArgumentException naming a setting out of range and its value
         */
        public CanaryAnalysisConfig build() {
            return new CanaryAnalysisConfig(alpha, minSamples, minLatencySamples, confidence, latencyTolerance,
                    latencyFloor, minLabelled, minAgreement, maxShadowFailures, sampleRatioThreshold,
                    predictionDistribution, Optional.ofNullable(driftedShare), maxDriftedShare);
        }
    }
}
