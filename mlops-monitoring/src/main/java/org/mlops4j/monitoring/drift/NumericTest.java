package org.mlops4j.monitoring.drift;

import java.util.Objects;

/**
 * A built-in numeric drift test: validates copies and sorts them, or only validates copies when the
 * statistic works on unsorted samples (PSI only needs quantiles and bin counts), or hands the
 * caller's arrays straight to a statistic that only reads them and validates them itself (the
 * t-test needs only means and variances). On {@link SortedSample}s, checked and sorted once, it
 * neither copies nor sorts again.
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

    /**
     * Computes the same estimate as the test's {@link Statistic} on the original arrays, from two
     * {@link SortedSample}s.
     */
    @FunctionalInterface
    interface SampleStatistic {
        Estimate estimate(SortedSample reference, SortedSample current);
    }

    private final String name;
    private final double threshold;
    private final boolean distance;
    private final Statistic statistic;
    private final Input input;
    private final SampleStatistic sampleStatistic;

    NumericTest(String name, double threshold, boolean distance, Statistic statistic, Input input,
                SampleStatistic sampleStatistic) {
        this.name = name;
        this.threshold = threshold;
        this.distance = distance;
        this.statistic = statistic;
        this.input = input;
        this.sampleStatistic = sampleStatistic;
    }

    /**
     * The statistic on sorted samples for a test whose {@link Input} is {@code SORTED} (it reads
     * the shared sorted values) or {@code COPY} (it may reorder, so it gets copies of them; the
     * order of a copy does not change such a statistic's answer). An {@code AS_GIVEN} statistic
     * reads its samples in arrival order and needs its own {@link SampleStatistic}.
     */
    static SampleStatistic onSorted(Statistic statistic, Input input) {
        return switch (input) {
            case SORTED -> (r, c) -> statistic.estimate(r.sorted(), c.sorted());
            case COPY -> (r, c) -> statistic.estimate(r.values(), c.values());
            case AS_GIVEN -> throw new IllegalArgumentException(
                    "a statistic that reads its samples as given needs its own SampleStatistic");
        };
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DriftResult test(double[] reference, double[] current) {
        return decide(statistic.estimate(prepare(reference, "reference"), prepare(current, "current")));
    }

    @Override
    public DriftResult test(SortedSample reference, SortedSample current) {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(current, "current");
        return decide(sampleStatistic.estimate(reference, current));
    }

    private DriftResult decide(Estimate e) {
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
