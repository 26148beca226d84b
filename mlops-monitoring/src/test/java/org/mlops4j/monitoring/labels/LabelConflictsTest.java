package org.mlops4j.monitoring.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelConflictsTest {

    private static Map<String, Object> row(double x, String colour) {
        Map<String, Object> m = new HashMap<>();
        m.put("x", x);
        m.put("colour", colour);
        return m;
    }

    @Test
    void identicalInputsWithDifferentLabelsAreGroupedNumbersByValue() {
        List<Map<String, ?>> features = List.of(row(1, "red"), Map.of("x", 1, "colour", "red"), row(2, "red"),
                row(1, "red"), row(2, "red"), row(3, "blue"));
        List<String> labels = List.of("cat", "dog", "cat", "cat", "cat", "dog");
        LabelConflictReport report = LabelConflicts.find(features, labels);
        assertThat(report.identical()).containsExactly(
                new ConflictGroup(List.of(0, 1, 3), List.of("cat", "dog", "cat")));
        assertThat(report.near()).isEmpty();
        assertThat(report.threshold()).isNaN();
        assertThat(report.rows()).isEqualTo(6);
        assertThat(report.conflictingRows()).isEqualTo(3);
        assertThat(report.conflictingShare()).isEqualTo(0.5);
    }

    @Test
    void gowerDistanceScalesNumbersByTheirRangeAndCountsCategoricalMismatchesAsOne() {
        List<Map<String, ?>> rows = List.of(row(0, "red"), row(10, "red"), row(4, "blue"));
        Map<String, Double> ranges = LabelConflicts.ranges(rows);
        assertThat(ranges).containsEntry("x", 10.0).doesNotContainKey("colour");
        // (|0 - 4| / 10 + 1) / 2
        assertThat(LabelConflicts.distance(rows.get(0), rows.get(2), ranges)).isCloseTo(0.7, within(1e-15));
        assertThat(LabelConflicts.distance(rows.get(0), rows.get(1), ranges)).isCloseTo(0.5, within(1e-15));
        // A feature missing on one side is a mismatch; features absent from both are not counted.
        assertThat(LabelConflicts.distance(Map.of("c", "a"), Map.of(), Map.of())).isEqualTo(1.0);
        assertThat(LabelConflicts.distance(Map.of(), Map.of(), Map.of())).isEqualTo(0.0);
        // A number against a string is a categorical mismatch.
        assertThat(LabelConflicts.distance(Map.of("x", 1), Map.of("x", "1"), Map.of("x", 0.0))).isEqualTo(1.0);
        // A constant numeric feature contributes 0.
        assertThat(LabelConflicts.distance(Map.of("x", 3), Map.of("x", 3.0), Map.of("x", 0.0))).isEqualTo(0.0);
    }

    @Test
    void nearDuplicatesAreConnectedComponentsWithinTheThreshold() {
        // x over [0, 100]: rows 0-1-2 are chained 1 apart (distance 0.005 each with the colour equal),
        // row 3 is far, row 4 matches row 3 in x but not in colour (distance 0.5).
        List<Map<String, ?>> features = List.of(row(0, "red"), row(1, "red"), row(2, "red"),
                row(100, "blue"), row(100, "green"));
        List<String> labels = List.of("a", "a", "b", "a", "b");
        LabelConflictReport report = LabelConflicts.find(features, labels, 0.005);
        assertThat(report.identical()).isEmpty();
        assertThat(report.near()).containsExactly(new ConflictGroup(List.of(0, 1, 2), List.of("a", "a", "b")));
        assertThat(report.conflictingRows()).isEqualTo(3);
        assertThat(report.conflictingShare()).isEqualTo(0.6);
        LabelConflictReport looser = LabelConflicts.find(features, labels, 0.5);
        assertThat(looser.near()).containsExactly(new ConflictGroup(List.of(0, 1, 2), List.of("a", "a", "b")),
                new ConflictGroup(List.of(3, 4), List.of("a", "b")));
        assertThat(LabelConflicts.find(features, labels, 0.0049).near()).isEmpty();
        assertThat(LabelConflicts.find(features, labels, 1.0).near()).hasSize(1)
                .first().extracting(g -> g.rows().size()).isEqualTo(5);
        // Same labels in a component: no conflict.
        assertThat(LabelConflicts.find(features, List.of("a", "a", "a", "b", "b"), 0.005).near()).isEmpty();
    }

    @Test
    void groupsAreOrderedByTheirFirstRowAndRangesSpanMinToMax() {
        // Rows 0 and 3 are near (x 2 and 2.1), rows 1 and 2 are near (x 5 and 4.9): the union-find
        // roots order {1, 2} first, the report orders by first row.
        List<Map<String, ?>> features = List.of(Map.of("x", 2.0), Map.of("x", 5.0), Map.of("x", 4.9),
                Map.of("x", 2.1));
        assertThat(LabelConflicts.ranges(features).get("x")).isCloseTo(3.0, within(1e-15));
        LabelConflictReport report = LabelConflicts.find(features, List.of("a", "a", "b", "b"), 0.04);
        assertThat(report.near()).extracting(ConflictGroup::rows).containsExactly(List.of(0, 3), List.of(1, 2));
        // Threshold 0 is allowed: only identical inputs are linked.
        LabelConflictReport exact = LabelConflicts.find(List.of(Map.of("x", 1), Map.of("x", 1.0), Map.of("x", 2)),
                List.of("a", "b", "a"), 0.0);
        assertThat(exact.threshold()).isEqualTo(0.0);
        assertThat(exact.near()).containsExactly(new ConflictGroup(List.of(0, 1), List.of("a", "b")));
        assertThat(exact.identical()).isEqualTo(exact.near());
    }

    @Test
    void badInputIsRefusedNamingFieldAndValue() {
        assertThatThrownBy(() -> LabelConflicts.find(List.of(row(1, "a"), row(2, "b")), List.of("a"), 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("had 2 and 1");
        List<Map<String, ?>> two = List.of(row(1, "a"), row(2, "b"));
        assertThatThrownBy(() -> LabelConflicts.find(two, List.of("a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("had 2 and 1");
        assertThatThrownBy(() -> LabelConflicts.find(List.of(row(1, "a")), List.of("a")))
                .hasMessageContaining("rows must be at least 2 but was 1");
        assertThatThrownBy(() -> LabelConflicts.find(two, Arrays.asList("a", null)))
                .hasMessageContaining("labels[1] must be a label but was null");
        assertThatThrownBy(() -> LabelConflicts.find(Arrays.asList(row(1, "a"), null), List.of("a", "b")))
                .hasMessageContaining("features[1] must be a map but was null");
        assertThatThrownBy(() -> LabelConflicts.find(two, List.of("a", "b"), 1.5))
                .hasMessageContaining("threshold must be in [0, 1] but was 1.5");
        assertThatThrownBy(() -> LabelConflicts.find(two, List.of("a", "b"), -0.1))
                .hasMessageContaining("but was -0.1");
        assertThatThrownBy(() -> LabelConflicts.find(two, List.of("a", "b"), Double.NaN))
                .hasMessageContaining("but was NaN");
        List<Map<String, ?>> many = new ArrayList<>(Collections.nCopies(LabelConflicts.MAX_NEAR_ROWS + 1, Map.of()));
        List<String> labels = Collections.nCopies(many.size(), "a");
        assertThatThrownBy(() -> LabelConflicts.find(many, labels, 0.1))
                .hasMessageContaining("rows must be at most 50000 for the near-duplicate search (O(n^2)) but was 50001");
        assertThat(LabelConflicts.find(many, labels).identical()).isEmpty();
        assertThatThrownBy(() -> new ConflictGroup(List.of(1, 2), List.of("a")))
                .hasMessageContaining("had 2 and 1");
    }
}
