package org.mlops4j.monitoring.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.profile.WindowDriftCheck;
import org.mlops4j.monitoring.segment.SegmentFigures;
import org.mlops4j.monitoring.segment.SegmentFunction;
import org.mlops4j.monitoring.segment.SegmentWindow;
import org.mlops4j.monitoring.segment.Segmentation;

class SegmentTallyTest {

    private static final Schema SCHEMA = Schema.of(Feature.numeric("x"), Feature.numeric("y"));
    private static final Feature[] FEATURES = SCHEMA.features().toArray(new Feature[0]);
    private static final Instant T = Instant.parse("2026-07-01T00:00:00Z");

    private static Segmentation segmentation() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            Map<String, Object> row = new HashMap<>();
            row.put("tier", i % 2 == 0 ? "gold" : "silver");
            row.put("x", (i * 37 % 100) / 100.0);
            row.put("y", (i * 53 % 100) / 100.0);
            rows.add(row);
        }
        return Segmentation.builder(SegmentFunction.mapKey("tier")).reference(SCHEMA, rows).build();
    }

    private static SegmentWindow analyse(SegmentTally t, long total) {
        return t.analyse("e", "v", "m/1", 1, T, T, total);
    }

    @Test
    void labelsBeyond256PerSegmentArePooledAndNullLabelsAreNotCounted() {
        SegmentTally t = new SegmentTally(segmentation());
        for (int i = 0; i < 300; i++) {
            t.count(0, i % 10 == 0, "label-" + i, -1);
        }
        t.count(0, false, null, -1);
        t.count(0, false, "label-0", -1);
        SegmentFigures gold = analyse(t, 302).segment("gold").orElseThrow();
        assertThat(gold.predictions()).isEqualTo(302);
        assertThat(gold.errorRatio()).isCloseTo(30 / 302.0, within(1e-12));
        assertThat(gold.predictionShares()).hasSize(257).doesNotContainKey(null);
        assertThat(gold.predictionShares().get("(other)")).isCloseTo(44 / 301.0, within(1e-12));
        assertThat(gold.predictionShares().get("label-0")).isCloseTo(2 / 301.0, within(1e-12));
        assertThat(gold.predictionShares().get("label-255")).isCloseTo(1 / 301.0, within(1e-12));
        assertThat(gold.predictionShares()).doesNotContainKey("label-256");
    }

    @Test
    void anEmptyWindowIsUndecidedNotZero() {
        SegmentWindow w = analyse(new SegmentTally(segmentation()), 0);
        assertThat(w.segments()).hasSize(3).allSatisfy(s -> {
            assertThat(s.share()).isNaN();
            assertThat(s.errorRatio()).isNaN();
            assertThat(s.driftedShare()).isNaN();
            assertThat(s.inputDrift()).isEmpty();
        });
    }

    @Test
    void rowsBeyondTheFirstCapacityAreSplitAndUnassignedRowsAreLeftOut() {
        SegmentTally t = new SegmentTally(segmentation());
        int rows = 3_000;
        Object[][] columns = new Object[2][rows];
        for (int r = 0; r < rows; r++) {
            int segment = r % 3 == 0 ? SegmentTally.UNASSIGNED : r % 3 == 1 ? 0 : 1;
            // gold's y moves far from its reference, its x into a narrow band; silver stays on both.
            columns[0][r] = segment == 0 ? 0.5 + (r % 100) / 400.0 : (r * 37 % 100) / 100.0;
            columns[1][r] = segment == 0 ? 5.0 + (r % 100) / 100.0 : (r * 53 % 100) / 100.0;
            t.count(segment, false, "ok", r);
        }
        t.close(FEATURES, WindowDriftCheck.ofDefaults(), columns, rows);
        SegmentWindow w = analyse(t, rows);
        assertThat(w.unassigned()).isEqualTo(1_000);
        SegmentFigures gold = w.segment("gold").orElseThrow();
        assertThat(gold.inputDrift().orElseThrow().features().get(0).currentSize()).isEqualTo(1_000);
        // Most drifted first: y (distance 1) before x (a narrower band inside the reference's range).
        assertThat(gold.driftedFeatureNames()).containsExactly("y", "x");
        assertThat(gold.driftedFeatures().get(0).statistic()).isGreaterThan(gold.driftedFeatures().get(1).statistic());
        assertThat(gold.driftedShare()).isEqualTo(1.0);
        assertThat(w.segment("silver").orElseThrow().driftedFeatures()).isEmpty();
        assertThat(w.segment("silver").orElseThrow().inputDrift().orElseThrow().features().get(0).currentSize())
                .isEqualTo(1_000);
    }

    @Test
    void retainedRowsAreSplitWhenTheWindowClosesWithoutColumns() {
        SegmentTally t = new SegmentTally(segmentation());
        Object[][] columns = new Object[2][40];
        for (int r = 0; r < 40; r++) {
            columns[0][r] = 0.5;
            columns[1][r] = 0.5;
            t.count(1, false, null, r);
        }
        t.retain(columns, 40);
        t.count(1, false, null, -1);
        t.close(FEATURES, WindowDriftCheck.ofDefaults(), null, 0);
        SegmentFigures silver = analyse(t, 41).segment("silver").orElseThrow();
        assertThat(silver.predictions()).isEqualTo(41);
        assertThat(silver.inputDrift().orElseThrow().features().get(0).currentSize()).isEqualTo(40);
        assertThat(silver.predictionShares()).isEmpty();
    }

    @Test
    void withoutADriftCheckOrWithOtherFeaturesNoDriftIsDecided() {
        SegmentTally noCheck = new SegmentTally(segmentation());
        noCheck.count(0, false, "a", 0);
        noCheck.close(FEATURES, null, new Object[][] {{0.5}, {0.5}}, 1);
        assertThat(analyse(noCheck, 1).segment("gold").orElseThrow().inputDrift()).isEmpty();

        SegmentTally other = new SegmentTally(segmentation());
        other.count(0, false, "a", 0);
        other.close(new Feature[] {Feature.numeric("x"), Feature.numeric("z")}, WindowDriftCheck.ofDefaults(),
                new Object[][] {{0.5}, {0.5}}, 1);
        assertThat(analyse(other, 1).segment("gold").orElseThrow().inputDrift()).isEmpty();

        SegmentTally noFeatures = new SegmentTally(segmentation());
        noFeatures.close(null, WindowDriftCheck.ofDefaults(), new Object[][] {{0.5}, {0.5}}, 0);
        assertThat(analyse(noFeatures, 0).segment("gold").orElseThrow().inputDrift()).isEmpty();

        SegmentTally same = new SegmentTally(segmentation());
        same.count(0, false, "a", 0);
        same.close(FEATURES, WindowDriftCheck.ofDefaults(), new Object[][] {{0.5}, {0.5}}, 1);
        assertThat(analyse(same, 1).segment("gold").orElseThrow().inputDrift()).isPresent();
    }
}
