package org.mlops4j.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.PredictionTimeoutException;
import org.mlops4j.core.fleet.FleetWindows;
import org.mlops4j.core.fleet.LatencySketch;
import org.mlops4j.core.fleet.VariantAggregate;
import org.mlops4j.core.fleet.WindowAggregate;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.monitoring.profile.FleetProfiles;

/** A monitor's closed windows as the aggregates a {@link FleetPublisher} publishes. */
class FleetPublisherTest {

    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
    private static final ModelRef MODEL = new ModelRef("churn", 1);

    @Test
    void publishesEachClosedWindowsRoutedTrafficWithItsFallbacksApart() {
        ManualClock clock = new ManualClock(T0);
        FleetWindows store = FleetWindows.inMemory();
        ModelMonitor<Object> monitor = ModelMonitor.builder(OutputReader.classifier((Object o) -> (String) o))
                .windowSize(1_000).windowDuration(Duration.ofMinutes(1)).clock(clock).sameThreadAnalysis()
                .listener(new FleetPublisher("pod-a", store)).build();
        Instant t = T0.plusSeconds(5);
        monitor.onPrediction(PredictionEvent.success("1", null, null, t, "ep", "v", MODEL, null, "yes", 0.9, 2_000_000,
                false));
        monitor.onPrediction(PredictionEvent.success("2", null, null, t, "ep", "v", MODEL, null, "no", 0.9, 8_000_000,
                false));
        monitor.onPrediction(PredictionEvent.success("3", null, null, t, "ep", "v", MODEL, null, "no", 0.9, 9_000_000,
                true));
        monitor.onPrediction(PredictionEvent.failure("4", null, null, t, "ep", "v", MODEL, null, 50_000_000,
                new PredictionTimeoutException("predict", Duration.ofMillis(50)), false));
        monitor.onPrediction(PredictionEvent.failure("5", null, null, t, "ep", "v", MODEL, null, 1_000_000,
                new IllegalStateException("broken"), false));
        monitor.onPrediction(PredictionEvent.failure("6", null, null, t, "ep", "v", MODEL, null, 1_000_000,
                new IllegalStateException("broken"), true));
        // The next minute's event closes the first window.
        monitor.onPrediction(PredictionEvent.success("7", null, null, T0.plusSeconds(65), "ep", "v", MODEL, null, "yes",
                0.9, 3_000_000, false));

        VariantAggregate first = store.merged("ep", "v", MODEL, T0, T0.plusSeconds(60)).orElseThrow();
        assertThat(first.withProfiles(List.of(), List.of())).isEqualTo(new VariantAggregate(4, 2, 1, 2,
                LatencySketch.of(2, 8), Map.of("yes", 1L, "no", 1L)));
        // The output profile counts every answer's label, the fallback's too; no reference, no input profile.
        assertThat(FleetProfiles.outputs(first).orElseThrow().feature(FleetProfiles.PREDICTION).orElseThrow()
                .categoryCounts()).isEqualTo(Map.of("no", 2L, "yes", 1L));
        assertThat(first.inputProfiles()).isEmpty();
        assertThat(store.merged("ep", "v", MODEL, T0.plusSeconds(60), Instant.MAX)).isEmpty();
        clock.advance(Duration.ofMinutes(5));
        monitor.flush();
        assertThat(store.merged("ep", "v", MODEL, T0.plusSeconds(60), Instant.MAX).orElseThrow()
                .withProfiles(List.of(), List.of()))
                .isEqualTo(new VariantAggregate(1, 0, 0, 0, LatencySketch.of(3), Map.of("yes", 1L)));
        assertThat(monitor.listenerFailures()).isZero();
    }

    @Test
    void aFailingStoreIsCountedAndTheMonitorGoesOn() {
        FleetWindows broken = new FleetWindows() {
            @Override
            public void publish(String replica, WindowAggregate window) {
                throw new org.mlops4j.core.StoreException("database down");
            }

            @Override
            public java.util.Optional<VariantAggregate> merged(String endpoint, String variant, ModelRef model,
                                                               Instant from, Instant to) {
                return java.util.Optional.empty();
            }

            @Override
            public int expire(Instant before) {
                return 0;
            }
        };
        ModelMonitor<Object> monitor = ModelMonitor.builder().windowSize(2).sameThreadAnalysis()
                .listener(new FleetPublisher("pod-a", broken)).build();
        monitor.onPrediction(PredictionEvent.success("1", T0, "ep", "v", MODEL, null, "x", 0.9, 1_000_000));
        monitor.onPrediction(PredictionEvent.success("2", T0, "ep", "v", MODEL, null, "x", 0.9, 1_000_000));
        assertThat(monitor.listenerFailures()).isEqualTo(1);
        assertThat(monitor.recentWindows()).hasSize(1);
    }

    @Test
    void refusesABlankReplica() {
        assertThatThrownBy(() -> new FleetPublisher("", FleetWindows.inMemory()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replica");
    }
}
