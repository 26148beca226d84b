package org.mlops4j.monitoring.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Agreement coefficients against labels/reference.json, written by labels/reference.py (numpy). */
class LabelAgreementTest {

    private static Map<String, List<Map<String, Object>>> reference;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = LabelAgreementTest.class.getResourceAsStream("/labels/reference.json")) {
            reference = new ObjectMapper().readValue(in, new TypeReference<>() { });
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void cohenMatchesTheReference() {
        assertThat(reference.get("cohen")).hasSize(3);
        for (Map<String, Object> c : reference.get("cohen")) {
            double value = LabelAgreement.cohenKappa((List<Object>) c.get("first"), (List<Object>) c.get("second"));
            assertThat(value).as("%s", c.get("name")).isCloseTo((Double) c.get("value"), within(1e-12));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void fleissMatchesTheReferenceIncludingTheWorkedExample() {
        assertThat(reference.get("fleiss")).hasSize(3);
        for (Map<String, Object> c : reference.get("fleiss")) {
            int[][] counts = ((List<List<Integer>>) c.get("counts")).stream()
                    .map(row -> row.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
            double value = LabelAgreement.fleissKappa(counts);
            assertThat(value).as("%s", c.get("name")).isCloseTo((Double) c.get("value"), within(1e-12));
        }
        assertThat((Double) reference.get("fleiss").get(0).get("value")).isCloseTo(0.210, within(5e-4));
    }

    @Test
    @SuppressWarnings("unchecked")
    void krippendorffMatchesTheReferenceIncludingTheWorkedExample() {
        assertThat(reference.get("krippendorff")).hasSize(3);
        for (Map<String, Object> c : reference.get("krippendorff")) {
            double value = LabelAgreement.krippendorffAlpha((List<List<Object>>) c.get("units"));
            assertThat(value).as("%s", c.get("name")).isCloseTo((Double) c.get("value"), within(1e-12));
        }
        assertThat((Double) reference.get("krippendorff").get(0).get("value")).isCloseTo(0.743, within(5e-4));
    }

    @Test
    void perfectAndChanceAgreementByHand() {
        assertThat(LabelAgreement.cohenKappa(List.of("a", "b", "a"), List.of("a", "b", "a"))).isEqualTo(1.0);
        // p_o = 0.5, p_e = 0.5: no better than chance.
        assertThat(LabelAgreement.cohenKappa(List.of("a", "a", "b", "b"), List.of("a", "b", "a", "b")))
                .isEqualTo(0.0);
        assertThat(LabelAgreement.fleissKappa(new int[][] {{3, 0}, {0, 3}})).isEqualTo(1.0);
        // Two raters per item (the fewest allowed): P = 0.5, p = (0.75, 0.25), P_e = 0.625, kappa = -1/3.
        assertThat(LabelAgreement.fleissKappa(new int[][] {{2, 0}, {1, 1}})).isCloseTo(-1.0 / 3, within(1e-15));
        // Units 1 and 3 are unpairable (one rating) and leave alpha unchanged.
        assertThat(LabelAgreement.krippendorffAlpha(Arrays.asList(List.of("a", "a"), Arrays.asList("b", null),
                List.of("b", "b"), List.of("c")))).isEqualTo(1.0);
    }

    @Test
    void oneCategoryEverywhereIsUndefined() {
        assertThat(LabelAgreement.cohenKappa(List.of("a", "a"), List.of("a", "a"))).isNaN();
        assertThat(LabelAgreement.fleissKappa(new int[][] {{0, 4}, {0, 4}})).isNaN();
        assertThat(LabelAgreement.krippendorffAlpha(List.of(List.of(1, 1), List.of(1, 1, 1)))).isNaN();
    }

    @Test
    void badInputIsRefusedNamingFieldAndValue() {
        assertThatThrownBy(() -> LabelAgreement.cohenKappa(List.of("a", "b"), List.of("a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 and 1");
        assertThatThrownBy(() -> LabelAgreement.cohenKappa(List.of("a"), List.of("a")))
                .hasMessageContaining("items must be at least 2 but was 1");
        assertThatThrownBy(() -> LabelAgreement.cohenKappa(List.of("a", "b"), Arrays.asList("a", null)))
                .hasMessageContaining("second[1] must be a label but was null");
        assertThatThrownBy(() -> LabelAgreement.cohenKappa(Arrays.asList(null, "b"), List.of("a", "b")))
                .hasMessageContaining("first[0]");
        assertThatThrownBy(() -> LabelAgreement.fleissKappa(new int[][] {{2, 0}}))
                .hasMessageContaining("items must be at least 2 but was 1");
        assertThatThrownBy(() -> LabelAgreement.fleissKappa(new int[][] {{2, 0}, {1, 0}}))
                .hasMessageContaining("ratings of item 1 must be at least 2 but was 1");
        assertThatThrownBy(() -> LabelAgreement.fleissKappa(new int[][] {{2, 0}, {2, 1}}))
                .hasMessageContaining("ratings of item 1 must be 2 like item 0's but was 3");
        assertThatThrownBy(() -> LabelAgreement.fleissKappa(new int[][] {{2, 0}, {2}}))
                .hasMessageContaining("counts[1] must have 2 categories but had 1");
        assertThatThrownBy(() -> LabelAgreement.fleissKappa(new int[][] {{2, 0}, {3, -1}}))
                .hasMessageContaining("counts[1][1] must be >= 0 but was -1");
        assertThatThrownBy(() -> LabelAgreement.krippendorffAlpha(List.of(List.of("a", "b"), List.of("a"))))
                .hasMessageContaining("pairable units (with 2 or more ratings) must be at least 2 but was 1");
    }
}
