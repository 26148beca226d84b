package org.mlops4j.monitoring.drift;

/**
 * A built-in numeric drift test: validates copies, sorts them unless the statistic works on
 * unsorted samples (PSI only needs quantiles and bin counts), then applies the statistic.
 */
final class NumericTest implements NumericDriftTest {

    /**
     * Computes an estimate from two finite, non-empty samples: sorted, or for a statistic built
     * with {@code sorted = false}, private copies in arrival order that it may reorder.
     */
    @FunctionalInterface
    interface Statistic {
        Estimate estimate(double[] sortedReference, double[] sortedCurrent);
    }

    private final String name;
    private final double threshold;
    private final boolean distance;
    private final Statistic statistic;
    private final boolean sorted;

    NumericTest(String name, double threshold, boolean distance, Statistic statistic, boolean sorted) {
        this.name = name;
        this.threshold = threshold;
        this.distance = distance;
        this.statistic = statistic;
        this.sorted = sorted;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DriftResult test(double[] reference, double[] current) {
        double[] x = sorted ? Samples.sortedCopy(reference, "reference") : Samples.checkedCopy(reference, "reference");
        double[] y = sorted ? Samples.sortedCopy(current, "current") : Samples.checkedCopy(current, "current");
        Estimate e = statistic.estimate(x, y);
        boolean drifted = distance ? e.statistic() >= threshold : e.pValue() < threshold;
        return new DriftResult(name, e.statistic(), distance ? Double.NaN : e.pValue(), threshold,
                drifted);
    }

    @Override
    public String toString() {
        return "NumericDriftTest[" + name + ", threshold=" + threshold + "]";
    }
}
