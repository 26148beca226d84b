package org.mlops4j.monitoring.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The choice {@link DriftTests#auto} makes at each of its boundaries (5 distinct numeric values,
 * 1,000 reference values, 2 categories) and the z test's fall-back to chi-square. Statistics and
 * p-values are scipy 1.17's, from {@code src/test/resources/drift/auto_reference.py}.
 */
class DriftAutoChoiceTest {

    private static String[] sample(Object... valueThenCount) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < valueThenCount.length; i += 2) {
            out.addAll(Collections.nCopies((Integer) valueThenCount[i + 1], (String) valueThenCount[i]));
        }
        return out.toArray(new String[0]);
    }

    private static Map<String, Long> counts(Object... categoryThenCount) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 0; i < categoryThenCount.length; i += 2) {
            out.put((String) categoryThenCount[i], ((Integer) categoryThenCount[i + 1]).longValue());
        }
        return out;
    }

    private static double[] cycle(int n, int distinct) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = i % distinct;
        }
        return out;
    }

    // --- numeric features -------------------------------------------------------------------

    @Test
    void fiveDistinctNumericValuesAreCategoriesAndSixAreContinuous() {
        assertThat(DriftTests.auto(cycle(500, 5)).name()).isEqualTo("chisquare");
        assertThat(DriftTests.auto(cycle(500, 6)).name()).isEqualTo("ks");
        assertThat(DriftTests.auto(cycle(500, 2)).name()).isEqualTo("z");
        assertThat(DriftTests.auto(new double[] {4.0}).name()).isEqualTo("z");
        assertThat(DriftTests.auto(new double[] {1, 2, 3, 4, 5, 6}).name()).as("six values, each once").isEqualTo("ks");
        assertThat(DriftTests.auto(new double[] {1, 1, 2, 2, 3, 3, 4, 4, 5, 5}).name()).isEqualTo("chisquare");
    }

    @Test
    void continuousValuesGetKsUpToAThousandReferenceValuesAndWassersteinAbove() {
        assertThat(DriftTests.auto(cycle(1000, 6)).name()).isEqualTo("ks");
        assertThat(DriftTests.auto(cycle(1001, 6)).name()).isEqualTo("wasserstein_norm");
        assertThat(DriftTests.auto(cycle(1000, 5)).name()).as("categories up to 1,000").isEqualTo("chisquare");
        assertThat(DriftTests.auto(cycle(1001, 5)).name()).as("categories above 1,000").isEqualTo("jensenshannon");
        assertThat(DriftTests.auto(cycle(1001, 2)).name()).isEqualTo("jensenshannon");
    }

    @Test
    void fiveDistinctValuesAreTestedByChiSquareOverTheirText() {
        // auto_reference.py: numeric_five_values.
        double[] reference = cycle(500, 5);
        double[] current = new double[500];
        for (int i = 0; i < 500; i++) {
            current[i] = i < 400 ? i % 5 : 4.0;
        }

        DriftResult result = DriftTests.auto(reference).test(reference, current);

        assertThat(result.method()).isEqualTo("chisquare");
        assertThat(result.statistic()).isCloseTo(31.746031746031747, within(1e-9));
        assertThat(result.pValue()).isCloseTo(2.1559044565021275e-06, within(1e-12));
        assertThat(result.drifted()).isTrue();
    }

    @Test
    void sixDistinctValuesAreTestedByKs() {
        // auto_reference.py: numeric_six_values_ks and numeric_six_values_ks_shifted.
        double[] reference = cycle(600, 6);
        double[] halfUp = new double[600];
        double[] capped = new double[600];
        for (int i = 0; i < 600; i++) {
            halfUp[i] = reference[i] + 0.5;
            capped[i] = Math.min(i % 7, 5);
        }
        NumericDriftTest auto = DriftTests.auto(reference);

        DriftResult shifted = auto.test(reference, halfUp);
        assertThat(shifted.statistic()).isCloseTo(0.16666666666666666, within(1e-12));
        assertThat(shifted.pValue()).isCloseTo(1.0839620047069197e-07, within(1e-12));
        DriftResult other = auto.test(reference, capped);
        assertThat(other.statistic()).isCloseTo(0.11666666666666667, within(1e-12));
        assertThat(other.pValue()).isCloseTo(0.0005612753994472037, within(1e-9));
    }

    @Test
    void aNaNIsRefusedByTheCategoricalReadingOfNumericValuesNamingItsPosition() {
        assertThatThrownBy(() -> DriftTests.auto(new double[] {0, 1, Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("sample[2] was NaN");
        NumericDriftTest binary = DriftTests.auto(new double[] {0, 1, 1});
        assertThatThrownBy(() -> binary.test(new double[] {0, 1}, new double[] {1, Double.NaN, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("sample[1] was NaN");
    }

    @Test
    void theCategoricalReadingOfNumericValuesSaysWhatItIs() {
        NumericDriftTest binary = DriftTests.auto(cycle(10, 2));
        assertThat(binary.name()).isEqualTo("z");
        assertThat(binary).hasToString("NumericDriftTest[z over values as categories]");
        assertThat(DriftTests.auto(cycle(10, 3))).hasToString("NumericDriftTest[chisquare over values as categories]");
    }

    // --- categorical features ---------------------------------------------------------------

    @Test
    void categoriesGetChiSquareOrZUpToAThousandValuesAndJensenShannonAbove() {
        assertThat(DriftTests.auto(sample("a", 500, "b", 499, "c", 1)).name()).isEqualTo("chisquare");
        assertThat(DriftTests.auto(sample("a", 500, "b", 500)).name()).isEqualTo("z");
        assertThat(DriftTests.auto(sample("a", 1000)).name()).isEqualTo("z");
        assertThat(DriftTests.auto(sample("a", 500, "b", 500, "c", 1)).name()).isEqualTo("jensenshannon");
        assertThat(DriftTests.auto(sample("a", 1001)).name()).isEqualTo("jensenshannon");

        assertThat(DriftTests.auto(counts("a", 500, "b", 499, "c", 1)).name()).isEqualTo("chisquare");
        assertThat(DriftTests.auto(counts("a", 500, "b", 500)).name()).isEqualTo("z");
        assertThat(DriftTests.auto(counts("a", 500, "b", 500, "c", 0)).name()).as("a zero count is no category")
                .isEqualTo("z");
        assertThat(DriftTests.auto(counts("a", 1001)).name()).isEqualTo("jensenshannon");
        assertThat(DriftTests.auto(counts("a", 999, "b", 1, "c", 1)).name()).isEqualTo("jensenshannon");
    }

    @Test
    void anEmptyReferenceIsRefused() {
        assertThatThrownBy(() -> DriftTests.auto(new String[0])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reference sample must not be empty");
        assertThatThrownBy(() -> DriftTests.auto(new double[0])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reference sample must not be empty");
        assertThatThrownBy(() -> DriftTests.auto(Map.<String, Long>of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reference sample must not be empty");
        assertThatThrownBy(() -> DriftTests.auto(counts("a", 0, "b", 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("reference sample must not be empty");
        assertThatThrownBy(() -> DriftTests.auto(counts("a", 5, "b", -1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("count of reference category 'b' must not be negative but was -1");
    }

    // --- z or chi-square --------------------------------------------------------------------

    @Test
    void aBinaryReferenceMeetingAThirdCategoryIsTestedByChiSquareAsScipyComputesIt() {
        // auto_reference.py: binary_meets_third_drifted, binary_meets_third_mild, binary_meets_only_new.
        String[] reference = sample("a", 60, "b", 40);
        CategoricalDriftTest auto = DriftTests.auto(reference);

        DriftResult drifted = auto.test(reference, sample("a", 40, "b", 40, "c", 20));
        assertThat(drifted.method()).isEqualTo("chisquare");
        assertThat(drifted.statistic()).isCloseTo(24.0, within(1e-9));
        assertThat(drifted.pValue()).isCloseTo(6.144212353328207e-06, within(1e-12));
        assertThat(drifted.drifted()).isTrue();

        DriftResult mild = auto.test(reference, sample("a", 57, "b", 41, "c", 2));
        assertThat(mild.method()).isEqualTo("chisquare");
        assertThat(mild.statistic()).isCloseTo(2.0892687559354224, within(1e-9));
        assertThat(mild.pValue()).isCloseTo(0.35182042916566053, within(1e-9));
        assertThat(mild.drifted()).as("a few values of a new category are not drift").isFalse();

        DriftResult onlyNew = auto.testCounts(counts("a", 60, "b", 40), counts("c", 30));
        assertThat(onlyNew.method()).isEqualTo("chisquare");
        assertThat(onlyNew.statistic()).isCloseTo(130.0, within(1e-9));
        assertThat(onlyNew.pValue()).isCloseTo(5.900090541597075e-29, within(1e-35));
    }

    @Test
    void withTwoCategoriesInAllTheZTestRunsEvenWhenOneIsNewOrOneIsGone() {
        // ztest_reference.py: one_side_only (z = 5, p = 5.733031437583866e-07).
        CategoricalDriftTest auto = DriftTests.auto(sample("x", 50));

        DriftResult newCategory = auto.test(sample("x", 50), sample("x", 30, "y", 20));
        assertThat(newCategory.method()).isEqualTo("z");
        assertThat(newCategory.statistic()).isCloseTo(5.0, within(1e-12));
        assertThat(newCategory.pValue()).isCloseTo(5.733031437583866e-07, within(1e-18));

        DriftResult gone = DriftTests.auto(sample("a", 60, "b", 40)).testCounts(counts("a", 60, "b", 40),
                counts("a", 60));
        assertThat(gone.method()).isEqualTo("z");
    }

    @Test
    void theZOrChiSquareTestIsNamedZAndSaysSo() {
        CategoricalDriftTest auto = DriftTests.auto(sample("a", 6, "b", 4));
        assertThat(auto.name()).isEqualTo("z");
        assertThat(auto).hasToString("CategoricalDriftTest[z, chisquare beyond two categories]");
    }
}
