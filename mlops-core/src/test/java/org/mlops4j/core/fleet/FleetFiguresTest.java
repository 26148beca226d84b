package org.mlops4j.core.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.signal.VariantFigures;

class FleetFiguresTest {

    private static final ModelRef MODEL = new ModelRef("m", 1);
    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    @Test
    void answersTheMergedFiguresOfTheRange() {
        FleetWindows store = FleetWindows.inMemory();
        store.publish("a", new WindowAggregate("ep", "v", MODEL, T0, T0.plusSeconds(60),
                new VariantAggregate(10, 2, 1, 4, LatencySketch.of(10, 20, 30), Map.of("x", 8L), 5, 5,
                        java.util.List.of(), java.util.List.of())));
        store.publish("b", new WindowAggregate("ep", "v", MODEL, T0.plusSeconds(30), T0.plusSeconds(90),
                new VariantAggregate(5, 1, 0, 0, LatencySketch.of(40), Map.of("x", 1L, "y", 3L), 7, 4,
                        java.util.List.of(), java.util.List.of())));
        store.publish("b", new WindowAggregate("ep", "v", MODEL, T0.plusSeconds(60), T0.plusSeconds(120),
                new VariantAggregate(100, 0, 0, 0, LatencySketch.empty(), Map.of())));
        VariantFigures f = FleetFigures.between(store, T0, T0.plusSeconds(60)).figures("ep", "v", MODEL).orElseThrow();
        assertThat(f.requests()).isEqualTo(15);
        assertThat(f.errors()).isEqualTo(3);
        assertThat(f.timeouts()).isEqualTo(1);
        assertThat(f.fallbacks()).isEqualTo(4);
        assertThat(f.latencies()).isEqualTo(4);
        assertThat(f.predictedLabels()).isEqualTo(Map.of("x", 9L, "y", 3L));
        assertThat(f.labelled()).isEqualTo(12);
        assertThat(f.correct()).isEqualTo(9);
        assertThat(f.accuracy()).isEqualTo(0.75);
        double[] sample = f.recentLatenciesMillis();
        assertThat(sample).hasSize(4);
        double[] expected = {10, 20, 30, 40};
        for (int i = 0; i < 4; i++) {
            assertThat(sample[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(expected[i] * 0.01));
        }
        assertThat(FleetFigures.since(store, T0).figures("ep", "v", MODEL).orElseThrow().requests()).isEqualTo(115);
        assertThat(FleetFigures.since(store, T0).figures("ep", "w", MODEL)).isEmpty();
        assertThat(FleetFigures.between(store, T0, T0.plusSeconds(60)).toString())
                .isEqualTo("FleetFigures[FleetWindows.inMemory(3 windows), windows starting in [" + T0 + ", "
                        + T0.plusSeconds(60) + ")]");
    }

    @Test
    void latencySampleIsBoundedAndSpansTheSketch() {
        double[] ms = new double[12_000];
        for (int i = 0; i < ms.length; i++) {
            ms[i] = 1 + i;
        }
        VariantFigures f = FleetFigures.figures("ep", "v", MODEL,
                new VariantAggregate(12_000, 0, 0, 0, LatencySketch.of(ms), Map.of()));
        double[] sample = f.recentLatenciesMillis();
        assertThat(sample).hasSize(FleetFigures.LATENCY_SAMPLE);
        assertThat(f.latencies()).isEqualTo(12_000);
        assertThat(sample[0]).isCloseTo(2, org.assertj.core.data.Offset.offset(0.05));
        assertThat(sample[sample.length - 1]).isCloseTo(11_998, org.assertj.core.data.Offset.offset(120.0));
        assertThat(sample).isSorted();
    }

    @Test
    void refusesAnEmptyRange() {
        assertThatThrownBy(() -> FleetFigures.between(FleetWindows.inMemory(), T0, T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("to must be after from");
    }
}
