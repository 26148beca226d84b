package org.mlops4j.monitoring.scoping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.feedback.FeedbackConfig;
import org.mlops4j.core.feedback.FeedbackJoin;
import org.mlops4j.core.feedback.GroundTruth;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.signal.SignalKind;
import org.mlops4j.monitoring.FeedbackMetrics;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.WindowMetrics;
import org.mlops4j.monitoring.alert.Alert;
import org.mlops4j.monitoring.alert.AlertEvaluator;
import org.mlops4j.monitoring.alert.AlertRule;
import org.mlops4j.monitoring.alert.AlertSinks;
import org.mlops4j.monitoring.alert.InMemoryAlertSink;
import org.mlops4j.monitoring.alert.MetricSample;
import org.mlops4j.monitoring.scoping.Target.Direction;
import org.mlops4j.monitoring.testlog.CapturingLogProvider;

class ScopingTargetsTest {

    private static final Instant T0 = Instant.parse("2025-08-01T00:00:00Z");
    private final ManualClock clock = new ManualClock(T0);

    /** A synthetic window of 1,000 predictions of a key, ending at T0 + n minutes. */
    private static WindowMetrics window(String endpoint, String variant, long n, double p99, double throughput) {
        return new WindowMetrics(endpoint, variant, "fraud/1", n, T0.plusSeconds(60 * (n - 1)), T0.plusSeconds(60 * n),
                1000, 0.01, 0.0, 0.0, p99 / 4, p99 / 2, p99, throughput, Map.of(), Map.of(), Map.of(), 0, 0.0, 0.0,
                Double.NaN, Double.NaN, Map.of(), Map.of(), Optional.empty(), List.of(), Double.NaN);
    }

    private static FeedbackMetrics feedback(String variant, long labelled, double accuracy) {
        return new FeedbackMetrics("fraud", variant, "fraud/1", labelled, accuracy, Double.NaN, Double.NaN, Double.NaN,
                0);
    }

    @Test
    void atLeastRuleWithAMargin() {
        Target t = Target.accuracyAtLeast(0.75).withAtRiskMargin(0.125);
        assertThat(t.status(0.74)).isEqualTo(TargetStatus.MISSED);
        assertThat(t.status(Math.nextDown(0.75))).isEqualTo(TargetStatus.MISSED);
        assertThat(t.status(0.75)).isEqualTo(TargetStatus.AT_RISK);
        assertThat(t.status(Math.nextDown(0.875))).isEqualTo(TargetStatus.AT_RISK);
        assertThat(t.status(0.875)).isEqualTo(TargetStatus.MET);
        assertThat(t.status(1.0)).isEqualTo(TargetStatus.MET);
        assertThat(t.status(Double.NaN)).isEqualTo(TargetStatus.UNKNOWN);
        // Without a margin a met value is never at risk: the threshold itself meets the target.
        Target plain = Target.accuracyAtLeast(0.75);
        assertThat(plain.status(0.75)).isEqualTo(TargetStatus.MET);
        assertThat(plain.status(Math.nextDown(0.75))).isEqualTo(TargetStatus.MISSED);
    }

    @Test
    void atMostRuleWithAMargin() {
        Target t = Target.latencyP99AtMost(Duration.ofMillis(500)).withAtRiskMargin(0.125);
        assertThat(t.threshold()).isEqualTo(0.5);
        assertThat(t.status(Math.nextUp(0.5))).isEqualTo(TargetStatus.MISSED);
        assertThat(t.status(0.5)).isEqualTo(TargetStatus.AT_RISK);
        assertThat(t.status(Math.nextUp(0.375))).isEqualTo(TargetStatus.AT_RISK);
        assertThat(t.status(0.375)).isEqualTo(TargetStatus.MET);
        assertThat(t.status(0.0)).isEqualTo(TargetStatus.MET);
        assertThat(t.status(Double.NaN)).isEqualTo(TargetStatus.UNKNOWN);
        assertThat(Target.rmseAtMost(2).status(2.0)).isEqualTo(TargetStatus.MET);
        assertThat(Target.rmseAtMost(2).status(2.5)).isEqualTo(TargetStatus.MISSED);
    }

    @Test
    void codesAndDescriptions() {
        assertThat(TargetStatus.MET.code()).isEqualTo(0.0);
        assertThat(TargetStatus.AT_RISK.code()).isEqualTo(1.0);
        assertThat(TargetStatus.MISSED.code()).isEqualTo(2.0);
        assertThat(TargetStatus.UNKNOWN.code()).isNaN();
        assertThat(Target.accuracyAtLeast(0.78).withAtRiskMargin(0.02).describe())
                .isEqualTo("accuracy >= 0.78 (at risk below 0.8)");
        assertThat(Target.latencyP99AtMost(Duration.ofMillis(5)).withAtRiskMargin(0.001).describe())
                .isEqualTo("latency_p99 <= 0.005 (at risk above 0.004)");
        assertThat(Target.throughputAtLeast(500).describe()).isEqualTo("throughput >= 500");
        assertThat(Target.of("errors", TargetMetric.ERROR_RATIO, Direction.AT_MOST, 0.01).withName("error_rate")
                .statusMetric()).isEqualTo("mlops.target.error_rate.status");
        assertThat(TargetCheck.of(Target.accuracyAtLeast(0.78), 0.8123, T0, "x").toString())
                .isEqualTo("accuracy 0.8123 (target accuracy >= 0.78): MET");
        assertThat(TargetCheck.unknown(Target.accuracyAtLeast(0.78)).toString())
                .isEqualTo("accuracy n/a (target accuracy >= 0.78): UNKNOWN");
    }

    @Test
    void readyMadeRulesWatchTheStatusMetric() {
        AlertRule missed = AlertRule.targetMissed("accuracy");
        assertThat(missed.metric()).isEqualTo(Target.accuracyAtLeast(0.5).statusMetric());
        assertThat(missed.name()).isEqualTo("target-accuracy-missed");
        assertThat(missed.breaches(TargetStatus.MISSED.code())).isTrue();
        assertThat(missed.breaches(TargetStatus.AT_RISK.code())).isFalse();
        assertThat(missed.clears(TargetStatus.AT_RISK.code())).isTrue();
        assertThat(missed.clears(TargetStatus.UNKNOWN.code())).isFalse();
        AlertRule atRisk = AlertRule.targetAtRisk("latency_p99");
        assertThat(atRisk.metric()).isEqualTo("mlops.target.latency_p99.status");
        assertThat(atRisk.name()).isEqualTo("target-latency_p99-at-risk");
        assertThat(atRisk.breaches(TargetStatus.AT_RISK.code())).isTrue();
        assertThat(atRisk.breaches(TargetStatus.MET.code())).isFalse();
        assertThat(atRisk.signal()).isEqualTo(SignalKind.OTHER);
        assertThatThrownBy(() -> AlertRule.targetMissed(" ")).hasMessage("target must not be blank but was ' '");
    }

    @Test
    void badTargetsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> Target.accuracyAtLeast(1.1)).hasMessage("accuracy must be in [0, 1] but was 1.1");
        assertThatThrownBy(() -> Target.accuracyAtLeast(Double.NaN)).hasMessage("accuracy must be in [0, 1] but was NaN");
        assertThatThrownBy(() -> Target.latencyP99AtMost(Duration.ZERO)).hasMessage("latency must be positive but was PT0S");
        assertThatThrownBy(() -> Target.throughputAtLeast(0))
                .hasMessage("predictionsPerSecond must be positive and finite but was 0.0");
        assertThatThrownBy(() -> Target.rmseAtMost(Double.POSITIVE_INFINITY))
                .hasMessage("rmse must be positive and finite but was Infinity");
        assertThatThrownBy(() -> Target.accuracyAtLeast(0.8).withAtRiskMargin(-0.01))
                .hasMessage("atRiskMargin of target 'accuracy' must be finite and not negative but was -0.01");
        assertThatThrownBy(() -> Target.accuracyAtLeast(0.8).withAtRiskMargin(Double.NaN))
                .hasMessageContaining("but was NaN");
        assertThatThrownBy(() -> Target.of("p99", TargetMetric.LATENCY_P99, Direction.AT_MOST, Double.NaN))
                .hasMessage("threshold of target 'p99' must be finite but was NaN");
        assertThatThrownBy(() -> Target.accuracyAtLeast(0.8).withName("Accuracy"))
                .hasMessageContaining("but was 'Accuracy'");
        assertThatThrownBy(() -> Target.accuracyAtLeast(0.8).withName("9lives")).hasMessageContaining("'9lives'");
        assertThatThrownBy(() -> ScopingTargets.of(Target.accuracyAtLeast(0.8), Target.accuracyAtLeast(0.9)))
                .hasMessage("target name must be unique but 'accuracy' was given twice (Target.withName renames one)");
        assertThatThrownBy(() -> ScopingTargets.builder().build())
                .hasMessage("targets must hold at least one target but was empty");
        assertThatThrownBy(() -> new TargetCheck(Target.accuracyAtLeast(0.8), 0.7, TargetStatus.MET, Optional.of(T0), ""))
                .hasMessage("status of target 'accuracy' at value 0.7 must be MISSED but was MET");
    }

    @Test
    void limitsOfTheReadyMadeTargets() {
        assertThat(Target.accuracyAtLeast(0).threshold()).isEqualTo(0.0);
        assertThat(Target.accuracyAtLeast(1).threshold()).isEqualTo(1.0);
        assertThatThrownBy(() -> Target.accuracyAtLeast(-0.01)).hasMessage("accuracy must be in [0, 1] but was -0.01");
        assertThatThrownBy(() -> Target.latencyP99AtMost(Duration.ofMillis(-1)))
                .hasMessage("latency must be positive but was PT-0.001S");
        assertThat(Target.latencyP99AtMost(Duration.ofNanos(1)).threshold()).isEqualTo(1e-9);
        assertThatThrownBy(() -> Target.throughputAtLeast(Double.POSITIVE_INFINITY))
                .hasMessage("predictionsPerSecond must be positive and finite but was Infinity");
        assertThatThrownBy(() -> Target.throughputAtLeast(-5)).hasMessageContaining("but was -5.0");
        assertThat(Target.throughputAtLeast(Double.MIN_VALUE).threshold()).isEqualTo(Double.MIN_VALUE);
        assertThatThrownBy(() -> Target.rmseAtMost(0)).hasMessage("rmse must be positive and finite but was 0.0");
        assertThatThrownBy(() -> Target.rmseAtMost(-1)).hasMessage("rmse must be positive and finite but was -1.0");
        assertThat(Target.rmseAtMost(Double.MIN_VALUE).threshold()).isEqualTo(Double.MIN_VALUE);
        assertThatThrownBy(() -> Target.accuracyAtLeast(0.8).withAtRiskMargin(Double.POSITIVE_INFINITY))
                .hasMessage("atRiskMargin of target 'accuracy' must be finite and not negative but was Infinity");
        assertThat(Target.accuracyAtLeast(0.8).withAtRiskMargin(0).atRiskMargin()).isEqualTo(0.0);
    }

    @Test
    void eachFigureIsReadFromItsOwnKindOfWindow() {
        WindowMetrics w = window("fraud", "champion", 1, 0.004, 250);
        FeedbackMetrics f = new FeedbackMetrics("fraud", "champion", "fraud/1", 10, 0.9, 1.5, 1.25, 0.1, 0);
        assertThat(TargetMetric.LATENCY_P99.read(w)).isEqualTo(0.004);
        assertThat(TargetMetric.LATENCY_P95.read(w)).isEqualTo(0.002);
        assertThat(TargetMetric.LATENCY_P50.read(w)).isEqualTo(0.001);
        assertThat(TargetMetric.THROUGHPUT.read(w)).isEqualTo(250.0);
        assertThat(TargetMetric.ERROR_RATIO.read(w)).isEqualTo(0.01);
        assertThat(TargetMetric.ACCURACY.read(w)).isNaN();
        assertThat(TargetMetric.ACCURACY.read(f)).isEqualTo(0.9);
        assertThat(TargetMetric.RMSE.read(f)).isEqualTo(1.5);
        assertThat(TargetMetric.MAE.read(f)).isEqualTo(1.25);
        assertThat(TargetMetric.LATENCY_P99.read(f)).isNaN();
        org.mlops4j.monitoring.FeedbackWindow fw = new org.mlops4j.monitoring.FeedbackWindow("fraud", "champion",
                "fraud/1", 1, T0, 10, Double.NaN, 2.5, 2.0);
        assertThat(TargetMetric.RMSE.read(fw)).isEqualTo(2.5);
        assertThat(TargetMetric.MAE.read(fw)).isEqualTo(2.0);
        assertThat(TargetMetric.ACCURACY.read(fw)).isNaN();
        assertThat(TargetMetric.THROUGHPUT.read(fw)).isNaN();
        assertThat(TargetMetric.ACCURACY.fromFeedback()).isTrue();
        assertThat(TargetMetric.THROUGHPUT.fromFeedback()).isFalse();
        assertThat(TargetMetric.THROUGHPUT.metricName().key()).isEqualTo("mlops.prediction.throughput");
    }

    @Test
    void statusChangesAreLoggedOnceEach() {
        ScopingTargets targets = ScopingTargets.of(Target.latencyP99AtMost(Duration.ofMillis(5)));
        try (CapturingLogProvider.Capture logs = CapturingLogProvider.capture()) {
            targets.onWindow(window("fraud", "champion", 1, 0.006, 500));
            targets.onWindow(window("fraud", "champion", 2, 0.007, 500));
            targets.onWindow(window("fraud", "champion", 3, 0.001, 500));
            assertThat(logs.lines()).filteredOn(l -> l.contains("scoping target")).containsExactly(
                    "INFO " + ScopingTargets.class.getName() + " scoping target latency_p99 <= 0.005: UNKNOWN -> MISSED "
                            + "(latency_p99 0.006000 (target latency_p99 <= 0.005): MISSED)",
                    "INFO " + ScopingTargets.class.getName() + " scoping target latency_p99 <= 0.005: MISSED -> MET "
                            + "(latency_p99 0.001000 (target latency_p99 <= 0.005): MET)");
        }
        // Without an evaluator nothing is sent, so nothing can fail.
        assertThat(targets.alertFailures()).isZero();
        assertThat(targets.toString()).isEqualTo("ScopingTargets[latency_p99 0.001000 (target latency_p99 <= 0.005): MET]");
    }

    @Test
    void windowsAndFeedbackUpdateTheirOwnTargets() {
        ScopingTargets targets = ScopingTargets.builder().target(Target.accuracyAtLeast(0.78).withAtRiskMargin(0.02))
                .target(Target.latencyP99AtMost(Duration.ofMillis(5)))
                .target(Target.throughputAtLeast(500).withAtRiskMargin(100)).clock(clock).build();
        assertThat(targets.checks()).extracting(TargetCheck::status).containsOnly(TargetStatus.UNKNOWN);
        targets.onWindow(window("fraud", "champion", 1, 0.004, 550));
        assertThat(targets.check("latency_p99").orElseThrow().status()).isEqualTo(TargetStatus.MET);
        assertThat(targets.check("latency_p99").orElseThrow().value()).isEqualTo(0.004);
        assertThat(targets.check("latency_p99").orElseThrow().measuredAt()).contains(T0.plusSeconds(60));
        assertThat(targets.check("latency_p99").orElseThrow().source())
                .isEqualTo("fraud/champion (fraud/1), window 1 (1000 predictions)");
        assertThat(targets.check("throughput").orElseThrow().status()).isEqualTo(TargetStatus.AT_RISK);
        assertThat(targets.check("accuracy").orElseThrow().status()).isEqualTo(TargetStatus.UNKNOWN);

        targets.onFeedback(feedback("champion", 1000, 0.79));
        TargetCheck accuracy = targets.check("accuracy").orElseThrow();
        assertThat(accuracy.status()).isEqualTo(TargetStatus.AT_RISK);
        assertThat(accuracy.source()).isEqualTo("fraud/champion (fraud/1), after 1000 labelled predictions");
        assertThat(accuracy.measuredAt()).contains(T0);
        // A feedback figure leaves the window targets alone, and a window the feedback targets.
        assertThat(targets.check("latency_p99").orElseThrow().value()).isEqualTo(0.004);
        targets.onWindow(window("fraud", "champion", 2, 0.006, 450));
        assertThat(targets.check("latency_p99").orElseThrow().status()).isEqualTo(TargetStatus.MISSED);
        assertThat(targets.check("throughput").orElseThrow().status()).isEqualTo(TargetStatus.MISSED);
        assertThat(targets.check("accuracy").orElseThrow()).isEqualTo(accuracy);
        assertThat(targets.check("nope")).isEmpty();
        assertThat(targets.checks()).extracting(c -> c.target().name())
                .containsExactly("accuracy", "latency_p99", "throughput");
    }

    @Test
    void anOlderWindowArrivingLateIsIgnored() {
        ScopingTargets targets = ScopingTargets.of(Target.latencyP99AtMost(Duration.ofMillis(5)));
        targets.onWindow(window("fraud", "champion", 3, 0.004, 500));
        targets.onWindow(window("fraud", "champion", 2, 0.009, 500));
        assertThat(targets.check("latency_p99").orElseThrow().value()).isEqualTo(0.004);
        // A window ending at the same instant replaces it.
        targets.onWindow(window("fraud", "canary", 3, 0.009, 500));
        assertThat(targets.check("latency_p99").orElseThrow().status()).isEqualTo(TargetStatus.MISSED);
    }

    @Test
    void onlyTheChosenEndpointAndVariantCount() {
        InMemoryAlertSink sink = AlertSinks.inMemory();
        ScopingTargets targets = ScopingTargets.builder().target(Target.latencyP99AtMost(Duration.ofMillis(5)))
                .target(Target.accuracyAtLeast(0.8)).endpoint("fraud").variant("champion")
                .alerts(AlertEvaluator.of(clock, List.of(AlertRule.targetMissed("latency_p99"),
                        AlertRule.targetMissed("accuracy")), List.of(sink))).clock(clock).build();
        targets.onWindow(window("other", "champion", 1, 0.009, 500));
        targets.onWindow(window("fraud", "challenger", 1, 0.009, 500));
        targets.onFeedback(new FeedbackMetrics("other", "champion", "fraud/1", 1000, 0.1, Double.NaN, Double.NaN,
                Double.NaN, 0));
        targets.onFeedback(feedback("challenger", 1000, 0.1));
        assertThat(targets.checks()).extracting(TargetCheck::status).containsOnly(TargetStatus.UNKNOWN);
        assertThat(sink.alerts()).isEmpty();
        targets.onWindow(window("fraud", "champion", 1, 0.009, 500));
        targets.onFeedback(feedback("champion", 1000, 0.1));
        assertThat(targets.checks()).extracting(TargetCheck::status).containsOnly(TargetStatus.MISSED);
        assertThat(sink.alerts()).extracting(Alert::rule)
                .containsExactly("target-latency_p99-missed", "target-accuracy-missed");
        assertThat(sink.alerts().get(0).endpoint()).isEqualTo("fraud");
        assertThat(sink.alerts().get(0).window()).isEqualTo("fraud/champion (fraud/1), window 1 (1000 predictions)");
    }

    @Test
    void alertsFireWhenMissedAndResolveWhenMetAgain() {
        InMemoryAlertSink sink = AlertSinks.inMemory();
        ScopingTargets targets = ScopingTargets.builder().target(Target.latencyP99AtMost(Duration.ofMillis(5))
                        .withAtRiskMargin(0.001))
                .alerts(AlertEvaluator.of(clock, List.of(AlertRule.targetMissed("latency_p99").withHoldFor(2),
                        AlertRule.targetAtRisk("latency_p99")), List.of(sink))).build();
        targets.onWindow(window("fraud", "champion", 1, 0.0045, 500));
        assertThat(sink.alerts()).extracting(a -> a.rule() + " " + a.kind())
                .containsExactly("target-latency_p99-at-risk FIRED");
        targets.onWindow(window("fraud", "champion", 2, 0.006, 500));
        assertThat(sink.alerts()).hasSize(1);
        targets.onWindow(window("fraud", "champion", 3, 0.007, 500));
        assertThat(sink.alerts()).extracting(a -> a.rule() + " " + a.kind()).containsExactly(
                "target-latency_p99-at-risk FIRED", "target-latency_p99-missed FIRED");
        assertThat(sink.alerts().get(1).value()).isEqualTo(2.0);
        assertThat(sink.alerts().get(1).metric()).isEqualTo("mlops.target.latency_p99.status");
        // A window with no latency (NaN) is unknown: it neither fires nor resolves.
        targets.onWindow(window("fraud", "champion", 4, Double.NaN, 500));
        assertThat(targets.check("latency_p99").orElseThrow().status()).isEqualTo(TargetStatus.UNKNOWN);
        assertThat(sink.alerts()).hasSize(2);
        targets.onWindow(window("fraud", "champion", 5, 0.002, 500));
        assertThat(sink.alerts()).extracting(a -> a.rule() + " " + a.kind()).containsExactly(
                "target-latency_p99-at-risk FIRED", "target-latency_p99-missed FIRED",
                "target-latency_p99-missed RESOLVED", "target-latency_p99-at-risk RESOLVED");
    }

    @Test
    void aWindowOfUserSignalsDoesNotCountAsAnotherAccuracyWindow() {
        InMemoryAlertSink sink = AlertSinks.inMemory();
        ScopingTargets targets = ScopingTargets.builder().target(Target.accuracyAtLeast(0.8))
                .alerts(AlertEvaluator.of(clock, List.of(AlertRule.targetMissed("accuracy").withHoldFor(2)),
                        List.of(sink))).clock(clock).build();
        targets.onFeedback(feedback("champion", 1000, 0.7));
        // The same figures again, with a new rejected ratio: a window of user signals completed.
        targets.onFeedback(new FeedbackMetrics("fraud", "champion", "fraud/1", 1000, 0.7, Double.NaN, Double.NaN, 0.2,
                0));
        assertThat(sink.alerts()).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        targets.onFeedback(feedback("champion", 2000, 0.7));
        assertThat(sink.alerts()).extracting(Alert::rule).containsExactly("target-accuracy-missed");
        assertThat(targets.check("accuracy").orElseThrow().measuredAt()).contains(T0.plusSeconds(60));
    }

    @Test
    void aFailingEvaluatorIsCountedAndTheCheckKept() {
        AlertEvaluator failing = new AlertEvaluator() {
            @Override
            public List<Alert> evaluate(MetricSample sample) {
                throw new IllegalStateException("evaluator down");
            }

            @Override
            public List<Alert> reset(String endpoint, Set<SignalKind> kinds, String reason) {
                return List.of();
            }

            @Override
            public List<AlertRule> rules() {
                return List.of();
            }

            @Override
            public long ignoredNaN() {
                return 0;
            }

            @Override
            public long suppressedByCooldown() {
                return 0;
            }

            @Override
            public long sinkFailures() {
                return 0;
            }
        };
        ScopingTargets targets = ScopingTargets.builder().target(Target.throughputAtLeast(100)).alerts(failing).build();
        targets.onWindow(window("fraud", "champion", 1, 0.001, 50));
        targets.onWindow(window("fraud", "champion", 2, 0.001, 150));
        assertThat(targets.alertFailures()).isEqualTo(2);
        assertThat(targets.check("throughput").orElseThrow().status()).isEqualTo(TargetStatus.MET);
    }

    /** A real monitor: 10-prediction windows 100 ms apart, labels through the feedback join. */
    @Test
    void followsARealMonitor() {
        ModelMonitor<String> monitor = ModelMonitor.builder(OutputReader.classifier((String s) -> s)).windowSize(10)
                .clock(clock).sameThreadAnalysis().build();
        FeedbackJoin<Object, String> join = FeedbackJoin.of(FeedbackConfig.ofDefaults(), clock);
        join.addListener(monitor);
        InMemoryAlertSink sink = AlertSinks.inMemory();
        ScopingTargets targets = ScopingTargets.builder()
                .target(Target.accuracyAtLeast(0.78).withAtRiskMargin(0.05))
                .target(Target.latencyP99AtMost(Duration.ofMillis(5)))
                .target(Target.throughputAtLeast(10).withAtRiskMargin(2))
                .alerts(AlertEvaluator.of(clock, List.of(AlertRule.targetMissed("accuracy"),
                        AlertRule.targetMissed("latency_p99")), List.of(sink)))
                .clock(clock).build().watch(monitor);

        // Window 1: 2 ms each, 10 predictions over 0.9 s (11.1/s); 7 of 10 labels agree.
        serve(monitor, join, 0, 10, 2_000_000, 7);
        assertThat(targets.check("latency_p99").orElseThrow().value()).isCloseTo(0.002, within(1e-9));
        assertThat(targets.check("latency_p99").orElseThrow().status()).isEqualTo(TargetStatus.MET);
        assertThat(targets.check("throughput").orElseThrow().value()).isCloseTo(10 / 0.9, within(1e-9));
        assertThat(targets.check("throughput").orElseThrow().status()).isEqualTo(TargetStatus.AT_RISK);
        assertThat(targets.check("accuracy").orElseThrow().value()).isEqualTo(0.7);
        assertThat(targets.check("accuracy").orElseThrow().status()).isEqualTo(TargetStatus.MISSED);
        assertThat(sink.alerts()).extracting(a -> a.rule() + " " + a.kind())
                .containsExactly("target-accuracy-missed FIRED");

        // Window 2: 8 ms each; 9 of 10 labels agree.
        serve(monitor, join, 10, 10, 8_000_000, 9);
        assertThat(targets.check("latency_p99").orElseThrow().status()).isEqualTo(TargetStatus.MISSED);
        assertThat(targets.check("accuracy").orElseThrow().status()).isEqualTo(TargetStatus.MET);
        assertThat(sink.alerts()).extracting(a -> a.rule() + " " + a.kind()).containsExactlyInAnyOrder(
                "target-accuracy-missed FIRED", "target-latency_p99-missed FIRED", "target-accuracy-missed RESOLVED");

        // Targets that start watching later take the monitor's latest figures.
        ScopingTargets late = ScopingTargets.of(Target.accuracyAtLeast(0.85), Target.latencyP99AtMost(
                Duration.ofMillis(10))).watch(monitor);
        assertThat(late.check("accuracy").orElseThrow().value()).isEqualTo(0.9);
        assertThat(late.check("accuracy").orElseThrow().source())
                .isEqualTo("fraud/champion (fraud/1), feedback window 2 (10 labelled)");
        assertThat(late.check("latency_p99").orElseThrow().status()).isEqualTo(TargetStatus.MET);
        ScopingTargets elsewhere = ScopingTargets.builder().targets(List.of(Target.accuracyAtLeast(0.85),
                Target.latencyP99AtMost(Duration.ofMillis(10)))).endpoint("other").build().watch(monitor);
        assertThat(elsewhere.checks()).extracting(TargetCheck::status).containsOnly(TargetStatus.UNKNOWN);
        monitor.close();
    }

    private void serve(ModelMonitor<String> monitor, FeedbackJoin<Object, String> join, int from, int n,
                       long latencyNanos, int correct) {
        for (int i = from; i < from + n; i++) {
            if (i > from) {
                clock.advance(Duration.ofMillis(100));
            }
            PredictionEvent<Object, String> e = PredictionEvent.success("p" + i, clock.now(), "fraud", "champion",
                    new ModelRef("fraud", 1), Map.of(), "fraud", 0.9, latencyNanos);
            monitor.onPrediction(e);
            join.onPrediction(e);
        }
        for (int i = from; i < from + n; i++) {
            join.record("p" + i, GroundTruth.label(i - from < correct ? "fraud" : "legit"));
        }
        clock.advance(Duration.ofSeconds(1));
    }
}
