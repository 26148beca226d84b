package org.mlops4j.monitoring.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.fleet.FleetState;
import org.mlops4j.core.signal.SignalKind;

/** The segment of a {@link MetricSample}: its own rule state, scoped rules, fleet records apart. */
class SegmentAlertStatesTest {

    private static final String METRIC = "mlops.segment.drift_share";
    private final ManualClock clock = new ManualClock(Instant.parse("2026-04-01T00:00:00Z"));
    private final InMemoryAlertSink sink = AlertSinks.inMemory();

    private MetricSample sample(double value, String segment) {
        return new MetricSample(METRIC, value, clock.now(), "api", "m/1", "w", List.of()).withSegment(segment);
    }

    @Test
    void theSevenArgumentConstructorDescribesTheWholeTraffic() {
        MetricSample s = new MetricSample("m", 1.0, clock.now(), "api", "m/1", "w", List.of());
        assertThat(s.segment()).isEmpty();
        MetricSample gold = s.withSegment("gold");
        assertThat(gold.segment()).isEqualTo("gold");
        assertThat(gold.withTopDriftedFeatures(List.of(new DriftedFeature("x", 0.4))).segment()).isEqualTo("gold");
        assertThat(gold.withSegment("").segment()).isEmpty();
        assertThat(MetricSample.of("m", 1.0, clock.now(), "api", new org.mlops4j.core.registry.ModelRef("m", 1), "w")
                .segment()).isEmpty();
        assertThatThrownBy(() -> s.withSegment(null)).isInstanceOf(NullPointerException.class).hasMessage("segment");
        assertThat(MetricSample.inSegment(METRIC, "gold")).isEqualTo("mlops.segment.drift_share@gold");
        assertThatThrownBy(() -> MetricSample.inSegment(METRIC, "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("segment must not be empty but was ''");
        assertThatThrownBy(() -> MetricSample.inSegment(null, "a")).hasMessage("metric");
        assertThatThrownBy(() -> MetricSample.inSegment("m", null)).hasMessage("segment");
    }

    @Test
    void eachSegmentHasItsOwnStateSoOneFiringSegmentLeavesTheOthersQuiet() {
        AlertEvaluator e = AlertEvaluator.of(clock, List.of(AlertRule.above("seg", METRIC, 0.3)), List.of(sink));
        assertThat(e.evaluate(sample(0.5, "gold"))).hasSize(1);
        assertThat(e.evaluate(sample(0.1, "silver"))).isEmpty();
        // gold is firing: a breach of silver is a new incident of its own, and gold's goes on quietly.
        assertThat(e.evaluate(sample(0.6, "gold"))).isEmpty();
        assertThat(e.evaluate(sample(0.9, "silver"))).extracting(Alert::kind).containsExactly(Alert.Kind.FIRED);
        assertThat(e.evaluate(sample(0.1, "gold"))).extracting(Alert::kind).containsExactly(Alert.Kind.RESOLVED);
        assertThat(e.evaluate(sample(0.9, ""))).hasSize(1);
        assertThat(sink.alerts()).hasSize(4);
    }

    @Test
    void aScopedRuleSeesOnlyItsSegment() {
        AlertRule rule = AlertRule.above("seg@gold", MetricSample.inSegment(METRIC, "gold"), 0.3);
        AlertEvaluator e = AlertEvaluator.of(clock, List.of(rule), List.of(sink));
        assertThat(e.evaluate(sample(0.9, "silver"))).isEmpty();
        assertThat(e.evaluate(sample(0.9, ""))).isEmpty();
        assertThat(e.evaluate(sample(0.9, "gold"))).extracting(Alert::rule).containsExactly("seg@gold");
    }

    @Test
    void aResetResolvesEverySegmentsIncident() {
        AlertRule rule = AlertRule.above("seg", METRIC, 0.3).withSignal(SignalKind.DATA_DRIFT);
        AlertEvaluator e = AlertEvaluator.of(clock, List.of(rule), List.of(sink));
        e.evaluate(sample(0.9, "gold"));
        e.evaluate(sample(0.9, "silver"));
        assertThat(e.reset("api", Set.of(SignalKind.DATA_DRIFT), "re-baselined")).hasSize(2)
                .extracting(Alert::kind).containsOnly(Alert.Kind.RESOLVED);
    }

    @Test
    void inAFleetEachSegmentIsItsOwnIncident() {
        FleetState state = FleetState.inMemory();
        AlertRule rule = AlertRule.above("seg", METRIC, 0.3);
        AlertEvaluator r1 = AlertEvaluator.fleet(clock, List.of(rule), List.of(sink),
                new FleetAlerts(state, "r1", Duration.ofMinutes(3)));
        AlertEvaluator r2 = AlertEvaluator.fleet(clock, List.of(rule), List.of(sink),
                new FleetAlerts(state, "r2", Duration.ofMinutes(3)));
        assertThat(r1.evaluate(sample(0.9, "gold"))).hasSize(1);
        // The same segment on another replica is the same incident; another segment is a new one.
        assertThat(r2.evaluate(sample(0.9, "gold"))).isEmpty();
        assertThat(r2.evaluate(sample(0.9, "silver"))).hasSize(1);
        assertThat(r1.evaluate(sample(0.9, ""))).hasSize(1);
    }
}
