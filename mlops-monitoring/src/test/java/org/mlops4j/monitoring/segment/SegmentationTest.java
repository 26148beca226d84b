package org.mlops4j.monitoring.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.features.FeatureExtractor;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.profile.ProfileConfig;

class SegmentationTest {

    private static final Schema SCHEMA = Schema.of(Feature.numeric("x"));

    /** Rows of {@code counts.get(name)} rows per segment name, x = the row's position. */
    private static List<Map<String, Object>> rows(Map<String, Integer> counts) {
        List<Map<String, Object>> out = new ArrayList<>();
        counts.forEach((name, n) -> {
            for (int i = 0; i < n; i++) {
                Map<String, Object> row = new HashMap<>();
                row.put("tier", name);
                row.put("x", (double) out.size());
                out.add(row);
            }
        });
        return out;
    }

    private static Segmentation.Builder tiers() {
        return Segmentation.builder(SegmentFunction.mapKey("tier"));
    }

    @Test
    void keepsTheTopKSegmentsByReferenceRowsAndPoolsTheRestInOther() {
        Segmentation s = tiers().topK(2).reference(SCHEMA,
                rows(Map.of("gold", 5, "silver", 30, "bronze", 20, "lead", 1))).build();

        assertThat(s.segments()).containsExactly("silver", "bronze", Segmentation.OTHER);
        assertThat(s.size()).isEqualTo(3);
        assertThat(s.referenceRows(0)).isEqualTo(30);
        assertThat(s.referenceRows(1)).isEqualTo(20);
        assertThat(s.referenceRows(2)).isEqualTo(6);
        assertThat(s.reference(0).rows()).isEqualTo(30);
        assertThat(s.reference(2).rows()).isEqualTo(6);
        assertThat(s.indexOf(Map.of("tier", "silver"))).isEqualTo(0);
        assertThat(s.indexOf(Map.of("tier", "bronze"))).isEqualTo(1);
        assertThat(s.indexOf(Map.of("tier", "gold"))).isEqualTo(2);
        assertThat(s.indexOf(Map.of("tier", "never-seen"))).isEqualTo(2);
        assertThat(s.indexOf(Map.of())).as("null name").isEqualTo(2);
        assertThat(s.indexOf("not a map")).isEqualTo(2);
        assertThat(s.indexOfName("bronze")).isEqualTo(1);
        assertThat(s.indexOfName("gold")).isEqualTo(2);
        assertThat(s.schema()).isEqualTo(SCHEMA);
        assertThat(s.toString()).isEqualTo("Segmentation[silver, bronze, other]");
    }

    @Test
    void tiesAreBrokenByNameAndDefaultKeepsTen() {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 12; i++) {
            counts.put("s" + (char) ('a' + i), 3);
        }
        Segmentation s = tiers().reference(SCHEMA, rows(counts)).build();
        assertThat(s.segments()).hasSize(Segmentation.DEFAULT_TOP_K + 1)
                .startsWith("sa", "sb", "sc").endsWith("sj", Segmentation.OTHER);
        assertThat(s.referenceRows(Segmentation.DEFAULT_TOP_K)).isEqualTo(6);
        Segmentation three = tiers().topK(3).reference(SCHEMA, rows(Map.of("b", 2, "a", 2, "c", 2, "d", 1))).build();
        assertThat(three.segments()).containsExactly("a", "b", "c", Segmentation.OTHER);
    }

    @Test
    void fewerSegmentsThanKKeepsThemAllAndAnEmptyOther() {
        Segmentation s = tiers().topK(5).reference(SCHEMA, rows(Map.of("a", 2, "b", 1))).build();
        assertThat(s.segments()).containsExactly("a", "b", Segmentation.OTHER);
        assertThat(s.referenceRows(2)).isZero();
        assertThat(s.reference(2).rows()).isZero();
    }

    @Test
    void aSegmentNamedOtherOrNullIsPooledInOther() {
        List<Map<String, Object>> rows = rows(Map.of("other", 50, "a", 2));
        Map<String, Object> unnamed = new HashMap<>();
        unnamed.put("x", 1.0);
        rows.add(unnamed);
        Segmentation s = tiers().topK(1).reference(SCHEMA, rows).build();
        assertThat(s.segments()).containsExactly("a", Segmentation.OTHER);
        assertThat(s.referenceRows(1)).isEqualTo(51);
        assertThat(s.indexOf(Map.of("tier", "other"))).isEqualTo(1);
    }

    @Test
    void readsReferenceInputsOfAnyTypeThroughAFeatureExtractor() {
        record Tx(String tier, double x) {
        }
        List<Tx> inputs = List.of(new Tx("a", 1), new Tx("a", 2), new Tx("b", 3));
        Segmentation s = Segmentation.builder(in -> ((Tx) in).tier()).topK(1)
                .profileConfig(ProfileConfig.ofDefaults())
                .reference(SCHEMA, inputs, FeatureExtractor.auto()).build();
        assertThat(s.segments()).containsExactly("a", Segmentation.OTHER);
        assertThat(s.reference(0).rows()).isEqualTo(2);
        assertThat(s.reference(0).feature("x").orElseThrow().valid()).isEqualTo(2);
        assertThat(s.reference(0).feature("x").orElseThrow().mean()).isEqualTo(1.5);
        assertThat(s.indexOf(new Tx("b", 0))).isEqualTo(1);
        assertThat(s.function().segmentOf(new Tx("z", 0))).isEqualTo("z");
    }

    @Test
    void badInputIsRefusedWithTheFieldAndTheValue() {
        assertThatThrownBy(() -> tiers().topK(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("topK must be >= 1 but was 0");
        assertThatThrownBy(() -> tiers().topK(-3)).hasMessage("topK must be >= 1 but was -3");
        assertThatThrownBy(() -> Segmentation.builder(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("function");
        assertThatThrownBy(() -> tiers().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("reference must be given");
        assertThatThrownBy(() -> tiers().reference(SCHEMA, List.of()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reference rows must not be empty but had 0 rows");
        assertThatThrownBy(() -> tiers().reference(null, List.of())).hasMessage("schema");
        assertThatThrownBy(() -> tiers().reference(SCHEMA, null)).hasMessage("referenceRows");
        assertThatThrownBy(() -> tiers().profileConfig(null)).hasMessage("profileConfig");
        assertThatThrownBy(() -> SegmentFunction.mapKey(null)).hasMessage("key");
        assertThatThrownBy(() -> tiers().topK(1).reference(SCHEMA, rows(Map.of("a", 1))).build().indexOfName(null))
                .hasMessage("name");
    }

    @Test
    void aFunctionThatThrowsOnTheReferenceNamesTheRow() {
        List<Map<String, Object>> rows = rows(Map.of("a", 3));
        SegmentFunction picky = in -> {
            if ((double) ((Map<?, ?>) in).get("x") == 2.0) {
                throw new IllegalStateException("no tier");
            }
            return "a";
        };
        assertThatThrownBy(() -> Segmentation.builder(picky).reference(SCHEMA, rows).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("segment function failed on reference row 2")
                .hasMessageContaining("no tier");
    }

    @Test
    void anUnreadableReferenceInputNamesTheRow() {
        List<Object> inputs = new ArrayList<>();
        inputs.add(Map.of("x", 1.0));
        inputs.add(42);
        assertThatThrownBy(() -> Segmentation.builder(in -> "a")
                .reference(SCHEMA, inputs, FeatureExtractor.auto()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reference row 1");
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void aReferenceRowThatIsNotAMapIsRefusedByPosition() {
        List raw = new ArrayList<>(rows(Map.of("a", 1)));
        raw.add("not a row");
        assertThatThrownBy(() -> Segmentation.builder(in -> "a").reference(SCHEMA, (List<Map<String, Object>>) raw)
                .build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reference row 1 cannot be read: reference row must be a map but was not a row");
    }

    @Test
    void mapKeyReadsNonStringValuesAsText() {
        SegmentFunction f = SegmentFunction.mapKey("tier");
        assertThat(f.segmentOf(Map.of("tier", 3))).isEqualTo("3");
        assertThat(f.segmentOf(Map.of("tier", "gold"))).isEqualTo("gold");
        assertThat(f.segmentOf(Map.of("x", 1))).isNull();
        assertThat(f.segmentOf(null)).isNull();
    }
}
