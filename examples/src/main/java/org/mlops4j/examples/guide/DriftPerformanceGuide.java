package org.mlops4j.examples.guide;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mlops4j.monitoring.drift.CategoricalDriftTest;
import org.mlops4j.monitoring.drift.CategoryCodes;
import org.mlops4j.monitoring.drift.DriftResult;
import org.mlops4j.monitoring.drift.DriftTests;
import org.mlops4j.monitoring.drift.SortedSample;

/**
 * The code of the "Many tests, one sort" snippets of {@code docs/monitoring.md}, kept here so
 * that it compiles with every build; {@code DriftPerformanceGuideTest} runs it.
 */
public final class DriftPerformanceGuide {

    private DriftPerformanceGuide() {
    }

    /**
     * Runs several numeric tests on one sort of each sample.
     *
     * @param referenceAmounts the reference sample
     * @param currentAmounts the current sample
     * @return each test's result by name
     */
    public static Map<String, DriftResult> allTestsOneSort(double[] referenceAmounts, double[] currentAmounts) {
        // tag::shared-sort[]
        SortedSample reference = SortedSample.of(referenceAmounts);   // checked and sorted once
        SortedSample current = SortedSample.of(currentAmounts);
        Map<String, DriftResult> results = new LinkedHashMap<>();
        for (String name : List.of("ks", "cvm", "mannw", "t_test", "wasserstein", "energy")) {
            // the same result as DriftTests.numeric(name).test(referenceAmounts, currentAmounts)
            results.put(name, DriftTests.numeric(name).test(reference, current));
        }
        // end::shared-sort[]
        return results;
    }

    /**
     * Runs a categorical test on a dictionary-encoded column.
     *
     * @param dictionary the column's distinct labels
     * @param referenceCodes the reference column's codes
     * @param currentCodes the current column's codes, against the same dictionary
     * @return the test's result
     */
    public static DriftResult encodedColumn(List<String> dictionary, int[] referenceCodes, int[] currentCodes) {
        // tag::category-codes[]
        CategoryCodes reference = CategoryCodes.of(dictionary, referenceCodes);   // code c stands for dictionary.get(c)
        CategoryCodes current = CategoryCodes.of(dictionary, currentCodes);
        CategoricalDriftTest test = DriftTests.auto(reference);
        DriftResult r = test.test(reference, current);   // counts codes; no label is hashed per value
        // end::category-codes[]
        return r;
    }
}
