package org.mlops4j.monitoring.drift;

import java.util.Map;

/**
 * The categorical test {@link DriftTests#auto(String[])} picks for a reference of at most two
 * categories: Evidently's two-proportion {@code z} test while the two samples together hold at
 * most two categories, and Pearson's {@code chisquare} test once the current sample brings a
 * further category, which the z test cannot compare. Its {@link #name()} stays {@code "z"}; the
 * {@link DriftResult#method()} of each result names the test that ran. Immutable and thread-safe.
 */
final class ZOrChiSquareTest implements CategoricalDriftTest {

    private final CategoricalTest z;
    private final CategoricalTest chiSquare;

    ZOrChiSquareTest(CategoricalTest z, CategoricalTest chiSquare) {
        this.z = z;
        this.chiSquare = chiSquare;
    }

    @Override
    public String name() {
        return z.name();
    }

    @Override
    public DriftResult test(String[] reference, String[] current) {
        return decide(CategoryCounts.of(reference, current));
    }

    @Override
    public DriftResult test(CategoryCodes reference, CategoryCodes current) {
        return decide(CategoryCounts.of(reference, current));
    }

    @Override
    public DriftResult testCounts(Map<String, Long> reference, Map<String, Long> current) {
        return decide(CategoryCounts.ofCounts(reference, current));
    }

    private DriftResult decide(CategoryCounts counts) {
        return (counts.categories() > 2 ? chiSquare : z).decide(counts);
    }

    @Override
    public String toString() {
        return "CategoricalDriftTest[z, chisquare beyond two categories]";
    }
}
