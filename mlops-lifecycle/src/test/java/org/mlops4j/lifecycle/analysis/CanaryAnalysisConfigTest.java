package org.mlops4j.lifecycle.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.DoubleSupplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class CanaryAnalysisConfigTest {

    private static CanaryAnalysisConfig build(UnaryOperator<CanaryAnalysisConfig.Builder> settings) {
        return settings.apply(CanaryAnalysisConfig.builder()).build();
    }

    private static void refused(UnaryOperator<CanaryAnalysisConfig.Builder> settings, String message) {
        assertThatThrownBy(() -> build(settings)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    private static void accepted(UnaryOperator<CanaryAnalysisConfig.Builder> settings) {
        assertThatCode(() -> build(settings)).doesNotThrowAnyException();
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        CanaryAnalysisConfig c = CanaryAnalysisConfig.ofDefaults();
        assertThat(c.alpha()).isEqualTo(0.05);
        assertThat(c.minSamples()).isEqualTo(100);
        assertThat(c.minLatencySamples()).isEqualTo(50);
        assertThat(c.confidence()).isEqualTo(0.95);
        assertThat(c.latencyTolerance()).isEqualTo(0.1);
        assertThat(c.latencyFloor()).isEqualTo(Duration.ofMillis(1));
        assertThat(c.minLabelled()).isZero();
        assertThat(c.minAgreement()).isEqualTo(0.9);
        assertThat(c.maxShadowFailures()).isEqualTo(0.01);
        assertThat(c.sampleRatioThreshold()).isEqualTo(0.001);
        assertThat(c.predictionDistribution()).isFalse();
        assertThat(c.driftedShare()).isEmpty();
        assertThat(c.maxDriftedShare()).isEqualTo(1.0);
    }

    @Test
    void everySettingOfTheBuilderReachesTheConfiguration() {
        DoubleSupplier share = () -> 0.2;
        CanaryAnalysisConfig.Builder builder = CanaryAnalysisConfig.builder().alpha(0.01).minSamples(500)
                .minLatencySamples(30).confidence(0.99).latencyTolerance(0.25).latencyFloor(Duration.ofMillis(3))
                .minLabelled(40).minAgreement(0.8).maxShadowFailures(0.05).sampleRatioThreshold(0.0001)
                .predictionDistribution().inputDrift(share, 0.4);
        CanaryAnalysisConfig c = builder.build();
        assertThat(c).isEqualTo(new CanaryAnalysisConfig(0.01, 500, 30, 0.99, 0.25, Duration.ofMillis(3), 40, 0.8,
                0.05, 0.0001, true, java.util.Optional.of(share), 0.4));

        // The builder copies on build: changing it afterwards leaves the configuration alone.
        builder.minSamples(7);
        assertThat(c.minSamples()).isEqualTo(500);
        assertThat(builder.build().minSamples()).isEqualTo(7);
    }

    @Test
    void openIntervalSettingsRefuseTheirEnds() {
        refused(b -> b.alpha(0), "alpha must be in (0, 1) but was 0.0");
        refused(b -> b.alpha(1), "alpha must be in (0, 1) but was 1.0");
        refused(b -> b.alpha(Double.NaN), "alpha must be in (0, 1) but was NaN");
        refused(b -> b.confidence(0), "confidence must be in (0, 1) but was 0.0");
        refused(b -> b.confidence(1), "confidence must be in (0, 1) but was 1.0");
        refused(b -> b.sampleRatioThreshold(0), "sampleRatioThreshold must be in (0, 1) but was 0.0");
        refused(b -> b.sampleRatioThreshold(1), "sampleRatioThreshold must be in (0, 1) but was 1.0");
        accepted(b -> b.alpha(1e-9).confidence(1e-9).sampleRatioThreshold(1e-9));
        accepted(b -> b.alpha(0.999_999).confidence(0.999_999).sampleRatioThreshold(0.999_999));
    }

    @Test
    void closedIntervalSettingsAcceptTheirEnds() {
        accepted(b -> b.minAgreement(0).maxShadowFailures(0));
        accepted(b -> b.minAgreement(1).maxShadowFailures(1));
        refused(b -> b.minAgreement(-0.01), "minAgreement must be in [0, 1] but was -0.01");
        refused(b -> b.minAgreement(1.01), "minAgreement must be in [0, 1] but was 1.01");
        refused(b -> b.maxShadowFailures(-0.01), "maxShadowFailures must be in [0, 1] but was -0.01");
        refused(b -> b.maxShadowFailures(1.01), "maxShadowFailures must be in [0, 1] but was 1.01");
        refused(b -> b.minAgreement(Double.NaN), "minAgreement must be in [0, 1] but was NaN");
    }

    @Test
    void countsHaveTheirLeastValues() {
        accepted(b -> b.minSamples(1).minLatencySamples(2).minLabelled(0));
        refused(b -> b.minSamples(0), "minSamples must be >= 1 but was 0");
        refused(b -> b.minLatencySamples(1), "minLatencySamples must be >= 2 but was 1");
        refused(b -> b.minLabelled(-1), "minLabelled must be >= 0 but was -1");
    }

    @Test
    void latencyToleranceAndFloorMustBeFiniteAndNotNegative() {
        accepted(b -> b.latencyTolerance(0).latencyFloor(Duration.ZERO));
        refused(b -> b.latencyTolerance(-0.1), "latencyTolerance must be finite and >= 0 but was -0.1");
        refused(b -> b.latencyTolerance(Double.NaN), "latencyTolerance must be finite and >= 0 but was NaN");
        refused(b -> b.latencyTolerance(Double.POSITIVE_INFINITY),
                "latencyTolerance must be finite and >= 0 but was Infinity");
        refused(b -> b.latencyFloor(Duration.ofNanos(-1)), "latencyFloor must not be negative but was PT-0.000000001S");
    }

    @Test
    void theDriftedShareLimitIsInAHalfOpenInterval() {
        accepted(b -> b.inputDrift(() -> 0.0, 1.0));
        accepted(b -> b.inputDrift(() -> 0.0, 1e-9));
        refused(b -> b.inputDrift(() -> 0.0, 0), "maxDriftedShare must be in (0, 1] but was 0.0");
        refused(b -> b.inputDrift(() -> 0.0, 1.000_001), "maxDriftedShare must be in (0, 1] but was 1.000001");
    }

    @Test
    void withInputDriftKeepsEveryOtherSetting() {
        CanaryAnalysisConfig base = build(b -> b.alpha(0.01).minSamples(7).minLatencySamples(9).confidence(0.9)
                .latencyTolerance(0.2).latencyFloor(Duration.ofMillis(3)).minLabelled(11).minAgreement(0.8)
                .maxShadowFailures(0.05).sampleRatioThreshold(0.002).predictionDistribution());
        DoubleSupplier share = () -> 0.25;

        CanaryAnalysisConfig drift = base.withInputDrift(share, 0.5);

        assertThat(drift.driftedShare()).containsSame(share);
        assertThat(drift.maxDriftedShare()).isEqualTo(0.5);
        assertThat(drift).isEqualTo(new CanaryAnalysisConfig(0.01, 7, 9, 0.9, 0.2, Duration.ofMillis(3), 11, 0.8, 0.05,
                0.002, true, java.util.Optional.of(share), 0.5));
        assertThat(base.driftedShare()).isEmpty();
        assertThatThrownBy(() -> base.withInputDrift(share, 0))
                .hasMessage("maxDriftedShare must be in (0, 1] but was 0.0");
    }
}
