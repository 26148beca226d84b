package org.mlops4j.monitoring.drift;

/**
 * A built-in numeric drift test: validates copies and sorts them, or only validates copies when the
 * statistic works on unsorted samples (PSI only needs quantiles and bin counts), or hands the
 * caller's arrays straight to a statistic that only reads them and validates them itself (the
 * t-test needs only means and variances).
 */
final class NumericTest implements NumericDriftTest {

    /** How the samples are prepared before the statistic sees them. */
    enum Input {
        /** Validated, sorted private copies. */
        SORTED,
        /** Validated private copies in arrival order, which the statistic may reorder. */
        COPY,
        /**
         * The caller's arrays as given: the statistic must not modify them and must itself reject
         * null, empty and non-finite samples with the messages of {@link Samples#checkedCopy}.
         */
        AS_GIVEN
    }

    /**
     * Computes an estimate from two samples prepared as the test's {@link Input} says: sorted
     * copies, copies in arrival order, or the caller's arrays.
     */
    @FunctionalInterface
    interface Statistic {
        Estimate estimate(double[] sortedReference, double[] sortedCurrent);
    }

    private final String name;
    private final double threshold;
    private final boolean distance;
    private final Statistic statistic;
    private final Input input;

    NumericTest(String name, double threshold, boolean distance, Statistic statistic, Input input) {
        this.name = name;
        this.threshold = threshold;
        this.distance = distance;
        this.statistic = statistic;
        this.input = input;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DriftResult test(double[] reference, double[] current) {
        Estimate e = statistic.estimate(prepare(reference, "reference"), prepare(current, "current"));
        boolean drifted = distance ? e.statistic() >= threshold : e.pValue() < threshold;
        return new DriftResult(name, e.statistic(), distance ? Double.NaN : e.pValue(), threshold,
                drifted);
    }

    private double[] prepare(double[] sample, String role) {
        return switch (input) {
            case SORTED -> Samples.sortedCopy(sample, role);
            case COPY -> Samples.checkedCopy(sample, role);
            case AS_GIVEN -> sample;
        };
    }

    @Override
    public String toString() {
        return "NumericDriftTest[" + name + ", threshold=" + threshold + "]";
    }
}
