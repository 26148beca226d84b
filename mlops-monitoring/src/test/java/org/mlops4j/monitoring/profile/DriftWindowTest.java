package org.mlops4j.monitoring.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.apache.datasketches.kll.KllSketch;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;

class DriftWindowTest {

    private static final Schema SCHEMA = Schema.of(Feature.numeric("x"), Feature.anyCategory("c"));

    private static Map<String, Object> row(double x) {
        return Map.of("x", x, "c", ((long) x) % 2 == 0 ? "even" : "odd");
    }

    @Test
    void slidingCountWindowHoldsExactlyTheLastRowsAtEachStep() {
        DriftWindow w = DriftWindow.sliding(SCHEMA, 100, 10, WindowConfig.ofDefaults());
        for (int i = 0; i < 1_000; i++) {
            boolean stepped = w.update(row(i));
            assertThat(stepped).isEqualTo((i + 1) % 10 == 0);
            long boundary = (i + 1) / 10 * 10;
            SampledProfile p = w.window();
            long expected = Math.min(boundary, 100);
            assertThat(p.rows()).isEqualTo(expected);
            if (expected > 0) {
                FeatureProfile x = p.profile().feature("x").orElseThrow();
                assertThat(x.min()).isEqualTo(boundary - expected);
                assertThat(x.max()).isEqualTo(boundary - 1);
                assertThat(p.numericSample("x").orElseThrow()).hasSize((int) expected);
                assertThat(p.profile().feature("c").orElseThrow().categoryCounts())
                        .containsEntry("even", expected / 2).containsEntry("odd", expected / 2);
            }
        }
        assertThat(w.completedSteps()).isEqualTo(100);
    }

    @Test
    void tumblingCountWindowIsTheLastCompleteWindow() {
        DriftWindow w = DriftWindow.tumbling(SCHEMA, 50, WindowConfig.ofDefaults());
        for (int i = 0; i < 120; i++) {
            w.update(row(i));
        }
        FeatureProfile x = w.window().profile().feature("x").orElseThrow();
        assertThat(x.count()).isEqualTo(50);
        assertThat(x.min()).isEqualTo(50);
        assertThat(x.max()).isEqualTo(99);
    }

    @Test
    void timeWindowRollsOverWithTheClock() {
        ManualClock clock = ManualClock.startingAtEpoch2024();
        DriftWindow w = DriftWindow.sliding(SCHEMA, Duration.ofMinutes(3), Duration.ofMinutes(1), clock,
                WindowConfig.ofDefaults());
        for (int minute = 0; minute < 5; minute++) {
            for (int i = 0; i < 10; i++) {
                w.update(row(minute * 100 + i));
            }
            assertThat(w.window().rows()).isEqualTo(Math.min(minute, 3) * 10L);
            clock.advance(Duration.ofMinutes(1));
        }
        FeatureProfile x = w.window().profile().feature("x").orElseThrow();
        assertThat(x.count()).isEqualTo(30);
        assertThat(x.min()).isEqualTo(200);
        assertThat(x.max()).isEqualTo(409);
        clock.advance(Duration.ofMinutes(2));
        assertThat(w.window().rows()).isEqualTo(10);
        clock.advance(Duration.ofHours(5));
        assertThat(w.window().rows()).isZero();
        assertThat(w.completedSteps()).isEqualTo(5 + 2 + 300);
    }

    @Test
    void tumblingTimeWindowKeepsTheLastCompletePeriod() {
        ManualClock clock = ManualClock.startingAtEpoch2024();
        DriftWindow w = DriftWindow.tumbling(SCHEMA, Duration.ofSeconds(10), clock, WindowConfig.ofDefaults());
        w.update(row(1));
        w.update(row(2));
        assertThat(w.window().rows()).isZero();
        clock.advance(Duration.ofSeconds(10));
        assertThat(w.update(row(3))).isTrue();
        assertThat(w.window().rows()).isEqualTo(2);
    }

    @Test
    void exactValuesAreDroppedAboveTheCutoff() {
        WindowConfig config = new WindowConfig(ProfileConfig.ofDefaults(), 100);
        DriftWindow small = DriftWindow.tumbling(SCHEMA, 100, config);
        DriftWindow large = DriftWindow.tumbling(SCHEMA, 101, config);
        for (int i = 0; i < 101; i++) {
            small.update(row(i));
            large.update(row(i));
        }
        assertThat(small.window().exact()).isTrue();
        assertThat(large.window().exact()).isFalse();
        assertThat(large.window().numericSample("x")).isEmpty();
        assertThat(((RingWindow) large).exactRowsHeld()).isZero();
    }

    @Test
    void slidingWindowOverAMillionRowsHoldsBoundedMemory() {
        Schema schema = Schema.of(Feature.numeric("x"));
        RingWindow w = (RingWindow) DriftWindow.sliding(schema, 100_000, 10_000, WindowConfig.ofDefaults());
        Random random = new Random(1);
        Map<String, Object> row = new java.util.HashMap<>();
        for (int i = 0; i < 1_000_000; i++) {
            row.put("x", random.nextGaussian());
            w.update(row);
        }
        assertThat(w.window().rows()).isEqualTo(100_000);
        long maxSketch = KllSketch.getMaxSerializedSizeBytes(200, 1_000_000, KllSketch.SketchType.DOUBLES_SKETCH, false);
        assertThat(w.retainedSketchBytes()).isLessThanOrEqualTo((w.steps() + 2L) * maxSketch);
        assertThat(w.exactRowsHeld()).isZero();
    }

    @Test
    void timeWindowKeepsAtMostTheCutoffOfExactValues() {
        ManualClock clock = ManualClock.startingAtEpoch2024();
        RingWindow w = (RingWindow) DriftWindow.sliding(SCHEMA, Duration.ofMinutes(10), Duration.ofMinutes(1), clock,
                new WindowConfig(ProfileConfig.ofDefaults(), 500));
        for (int i = 0; i < 5_000; i++) {
            w.update(row(i));
            assertThat(w.exactRowsHeld()).isLessThanOrEqualTo(500);
            if (i % 100 == 99) {
                clock.advance(Duration.ofMinutes(1));
            }
        }
        assertThat(w.window().rows()).isEqualTo(1_000);
        assertThat(w.window().exact()).isFalse();
    }

    @Test
    void rejectsLengthsThatAreNotMultiplesOfTheStep() {
        assertThatThrownBy(() -> DriftWindow.sliding(SCHEMA, 100, 30, WindowConfig.ofDefaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rows must be a positive multiple of step 30 but was 100");
        assertThatThrownBy(() -> DriftWindow.sliding(SCHEMA, 100, 0, WindowConfig.ofDefaults()))
                .hasMessage("step must be at least 1 row but was 0");
        assertThatThrownBy(() -> DriftWindow.sliding(SCHEMA, 100_000, 1, WindowConfig.ofDefaults()))
                .hasMessage("a window must have at most 10000 steps but would have 100000");
        assertThatThrownBy(() -> new WindowConfig(ProfileConfig.ofDefaults(), -1))
                .hasMessage("exactCutoff must not be negative but was -1");
    }
}
