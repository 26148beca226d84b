package org.mlops4j.monitoring.concept;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AdwinTest extends ConceptDriftDetectorContractTest {

    @Override
    ConceptDriftDetector create() {
        return ConceptDriftDetectors.adwin();
    }

    @Override
    int maxStationaryAlarms() {
        return 1;
    }

    @Override
    int maxJumpDelay() {
        return 130;
    }

    @Test
    void checksForCutsOnlyEveryClockTicks() {
        List<DriftState> states = feed(create(), bernoulli(2, 8_000, 2_000, 0.1, 0.6), 0, 8_000);
        for (int i = 0; i < states.size(); i++) {
            if (states.get(i) == DriftState.DRIFT) {
                assertThat((i + 1) % 32).as("update %d", i + 1).isZero();
            }
        }
        assertThat(states).contains(DriftState.DRIFT);
    }

    @Test
    void dropsTheOldConceptFromItsWindowAfterDrift() {
        Adwin adwin = (Adwin) create();
        feed(adwin, bernoulli(3, 6_000, 3_000, 0.1, 0.6), 0, 6_000);
        assertThat(adwin.width()).isBetween(2_500L, 3_200L);
        Adwin stationary = (Adwin) create();
        feed(stationary, bernoulli(3, 6_000, 6_000, 0.1, 0.1), 0, 6_000);
        assertThat(stationary.width()).isEqualTo(6_000L);
    }

    @Test
    void keepsLogarithmicallyManyBuckets() {
        ConceptDriftDetector adwin = create();
        feed(adwin, bernoulli(4, 100_000, 100_000, 0.1, 0.1), 0, 100_000);
        // 5 buckets per row and about log2(100000 / 5) rows: two fields per bucket.
        long buckets = adwin.snapshot().values().keySet().stream().filter(k -> k.endsWith(".total")).count();
        assertThat(buckets).isBetween(15L, 5L * 16);
    }

    @Test
    void detectsShiftOfRealValuedMean() {
        double[] xs = PageHinkleyTest.gaussian(8, 4_000, 2_000, 0.0, 1.0);
        List<DriftState> states = feed(create(), xs, 0, 4_000);
        assertThat(states.subList(0, 2_000)).doesNotContain(DriftState.DRIFT);
        assertThat(states.subList(2_000, 4_000).indexOf(DriftState.DRIFT)).isBetween(0, 100);
    }

    @Test
    void defaultSignalsOnlyRisesWhileRiversSignalsAFallToo() {
        double[] falling = bernoulli(5, 6_000, 3_000, 0.5, 0.1);
        Adwin ours = (Adwin) create();
        assertThat(feed(ours, falling, 0, 6_000)).doesNotContain(DriftState.DRIFT);
        // The window still shrinks at the cut: only the new error rate is left in it.
        assertThat(ours.width()).isLessThan(3_200L);
        ConceptDriftDetector river = ConceptDriftDetectors.adwin(AdwinConfig.river());
        assertThat(feed(river, falling, 0, 6_000).indexOf(DriftState.DRIFT)).isBetween(3_000, 3_200);
        double[] rising = bernoulli(5, 6_000, 3_000, 0.1, 0.5);
        assertThat(feed(create(), rising, 0, 6_000).indexOf(DriftState.DRIFT)).isBetween(3_000, 3_200);
    }

    @Test
    void aStateSavedBeforeIncreasesOnlyExistedRestoresRiversBehaviour() {
        double[] falling = bernoulli(5, 6_000, 3_000, 0.5, 0.1);
        ConceptDriftDetector river = ConceptDriftDetectors.adwin(AdwinConfig.river());
        feed(river, falling, 0, 1_000);
        java.util.Map<String, Double> old = new java.util.HashMap<>(river.snapshot().values());
        assertThat(old.remove("increasesOnly")).isEqualTo(0.0);
        ConceptDriftDetector restored = ConceptDriftDetectors.restore(
                DetectorState.of("ADWIN", DriftState.NONE, old));
        assertThat(restored.snapshot().values().get("increasesOnly")).isEqualTo(0.0);
        assertThat(feed(restored, falling, 1_000, 6_000)).isEqualTo(feed(river, falling, 1_000, 6_000));
        assertThat(ConceptDriftDetectors.restore(create().snapshot()).snapshot().values().get("increasesOnly"))
                .isEqualTo(1.0);
    }

    @Test
    void restoreRefusesAnIncreasesOnlyFlagOtherThanZeroOrOne() {
        for (double bad : new double[] {0.5, -1.0, 2.0, Double.NaN}) {
            java.util.Map<String, Double> values = new java.util.HashMap<>(create().snapshot().values());
            values.put("increasesOnly", bad);
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> ConceptDriftDetectors.restore(DetectorState.of("ADWIN", DriftState.NONE, values)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("ADWIN state field 'increasesOnly' must be 0 or 1 but was " + bad);
        }
    }

    @Test
    void restoreKeepsRiversSettingAndRefusesBrokenRows() {
        ConceptDriftDetector river = ConceptDriftDetectors.adwin(AdwinConfig.river());
        feed(river, bernoulli(7, 500, 500, 0.3, 0.3), 0, 500);
        DetectorState saved = river.snapshot();
        assertThat(ConceptDriftDetectors.restore(saved).snapshot()).isEqualTo(saved);
        int rows = saved.intValue("rows");
        assertThat(saved.values()).containsKey("row." + (rows - 1) + ".count")
                .doesNotContainKey("row." + rows + ".count");
        java.util.Map<String, Double> v = new java.util.HashMap<>(saved.values());
        for (double bad : new double[] {0.0, 65.0}) {
            v.put("rows", bad);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConceptDriftDetectors.restore(
                    DetectorState.of("ADWIN", DriftState.NONE, v)))
                    .hasMessage("ADWIN state field 'rows' must be in [1, 64] but was " + (int) bad);
        }
        java.util.Map<String, Double> full = new java.util.HashMap<>(v);
        full.put("rows", 64.0);
        for (int r = rows; r < 64; r++) {
            full.put("row." + r + ".count", 0.0);
        }
        assertThat(ConceptDriftDetectors.restore(DetectorState.of("ADWIN", DriftState.NONE, full)).snapshot()
                .value("rows")).isEqualTo(64.0);
        v.put("rows", (double) rows);
        for (double bad : new double[] {-1.0, 6.0}) {
            v.put("row.0.count", bad);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConceptDriftDetectors.restore(
                    DetectorState.of("ADWIN", DriftState.NONE, v)))
                    .hasMessage("ADWIN state field 'row.0.count' must be in [0, 5] but was " + (int) bad);
        }
        v.put("row.0.count", 5.0);
        for (int k = 0; k < 5; k++) {
            v.putIfAbsent("row.0." + k + ".total", 0.0);
            v.putIfAbsent("row.0." + k + ".variance", 0.0);
        }
        assertThat(ConceptDriftDetectors.restore(DetectorState.of("ADWIN", DriftState.NONE, v)).snapshot()
                .value("row.0.count")).isEqualTo(5.0);
    }
}
