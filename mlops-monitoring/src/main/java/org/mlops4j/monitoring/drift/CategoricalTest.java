package org.mlops4j.monitoring.drift;

import java.util.Map;
import java.util.function.Function;

/** A built-in categorical drift test: counts categories, then applies one statistic. */
final class CategoricalTest implements CategoricalDriftTest {

    private final String name;
    private final double threshold;
    private final boolean distance;
    private final Function<CategoryCounts, Estimate> statistic;

    CategoricalTest(String name, double threshold, boolean distance,
                    Function<CategoryCounts, Estimate> statistic) {
        this.name = name;
        this.threshold = threshold;
        this.distance = distance;
        this.statistic = statistic;
    }

    @Override
    public String name() {
        return name;
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

    DriftResult decide(CategoryCounts counts) {
        Estimate e = statistic.apply(counts);
        boolean drifted = distance ? e.statistic() >= threshold : e.pValue() < threshold;
        return new DriftResult(name, e.statistic(), distance ? Double.NaN : e.pValue(), threshold,
                drifted);
    }

    @Override
    public String toString() {
        return "CategoricalDriftTest[" + name + ", threshold=" + threshold + "]";
    }
}
