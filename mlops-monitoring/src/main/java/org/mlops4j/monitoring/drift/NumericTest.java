package org.mlops4j.monitoring.drift;

/** A built-in numeric drift test: validates and sorts copies, then applies one statistic. */
final class NumericTest implements NumericDriftTest {

    /** Computes an estimate from two sorted, finite, non-empty samples. */
    @FunctionalInterface
    interface Statistic {
        Estimate estimate(double[] sortedReference, double[] sortedCurrent);
    }

    private final String name;
    private final double threshold;
    private final boolean distance;
    private final Statistic statistic;

    NumericTest(String name, double threshold, boolean distance, Statistic statistic) {
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
    public DriftResult test(double[] reference, double[] current) {
        double[] x = Samples.sortedCopy(reference, "reference");
        double[] y = Samples.sortedCopy(current, "current");
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
