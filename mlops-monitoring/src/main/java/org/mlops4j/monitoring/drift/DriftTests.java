package org.mlops4j.monitoring.drift;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Entry point for the built-in drift tests, looked up by name.
 *
 * <p>Numeric tests (each matches the cited scipy function on the same input):
 * <ul>
 *   <li>{@code ks} - two-sided two-sample Kolmogorov-Smirnov, {@code scipy.stats.ks_2samp}
 *       with {@code method='auto'} (exact p-value when both samples have at most 10,000 values);
 *   <li>{@code cvm} - two-sample Cramér-von Mises, {@code scipy.stats.cramervonmises_2samp}
 *       with {@code method='auto'}; needs two values per sample;
 *   <li>{@code mannw} - Mann-Whitney U, {@code scipy.stats.mannwhitneyu} two-sided, asymptotic,
 *       with continuity correction; the statistic is U of the reference sample;
 *   <li>{@code t_test} - Welch's t-test, {@code scipy.stats.ttest_ind(equal_var=False)}; needs
 *       two values per sample and a sample that is not constant;
 *   <li>{@code wasserstein} - {@code scipy.stats.wasserstein_distance} (threshold 0.1);
 *   <li>{@code wasserstein_norm} - the Wasserstein distance divided by
 *       max(population std of the reference, 0.001) (threshold 0.1);
 *   <li>{@code energy} - {@code scipy.stats.energy_distance} (threshold 0.1);
 *   <li>{@code psi} - population stability index over the reference deciles (threshold 0.1).
 * </ul>
 * Categorical tests: {@code chisquare} ({@code scipy.stats.chi2_contingency} without
 * correction), {@code jensenshannon} ({@code scipy.spatial.distance.jensenshannon}, natural
 * log), {@code hellinger}, {@code tvd} (total variation) and {@code psi}; distances have a
 * default threshold of 0.1.
 *
 * <p>Tests with a p-value declare drift when {@code pValue < threshold} (default 0.05);
 * distances declare drift when {@code statistic >= threshold}. Every returned test is
 * immutable and thread-safe.
 */
public final class DriftTests {

    /** Default significance level of the tests that have a p-value. */
    public static final double DEFAULT_SIGNIFICANCE = 0.05;
    /** Default threshold of the distances. */
    public static final double DEFAULT_DISTANCE_THRESHOLD = 0.1;

    private record NumericSpec(boolean distance, NumericTest.Statistic statistic, NumericTest.Input input,
                               NumericTest.SampleStatistic sampleStatistic) {
        NumericSpec(boolean distance, NumericTest.Statistic statistic) {
            this(distance, statistic, NumericTest.Input.SORTED);
        }

        NumericSpec(boolean distance, NumericTest.Statistic statistic, NumericTest.Input input) {
            this(distance, statistic, input, NumericTest.onSorted(statistic, input));
        }
    }

    private record CategoricalSpec(boolean distance, Function<CategoryCounts, Estimate> statistic) {
    }

    private static final Map<String, NumericSpec> NUMERIC;
    private static final Map<String, CategoricalSpec> CATEGORICAL;

    static {
        Map<String, NumericSpec> numeric = new TreeMap<>();
        numeric.put("ks", new NumericSpec(false, KolmogorovSmirnov::test));
        numeric.put("cvm", new NumericSpec(false, (x, y) -> {
            Samples.requireAtLeast(x, 2, "reference", "cvm");
            Samples.requireAtLeast(y, 2, "current", "cvm");
            return CramerVonMises.test(x, y);
        }));
        numeric.put("mannw", new NumericSpec(false, MannWhitney::test));
        numeric.put("t_test", new NumericSpec(false, WelchTTest::test, NumericTest.Input.AS_GIVEN,
                WelchTTest::test));
        numeric.put("wasserstein",
                new NumericSpec(true, (x, y) -> Estimate.distance(CdfDistance.wasserstein(x, y))));
        numeric.put("wasserstein_norm", new NumericSpec(true,
                (x, y) -> Estimate.distance(CdfDistance.normalisedWasserstein(x, y))));
        numeric.put("energy",
                new NumericSpec(true, (x, y) -> Estimate.distance(CdfDistance.energy(x, y))));
        numeric.put("psi",
                new NumericSpec(true, (x, y) -> Estimate.distance(StabilityIndex.numeric(x, y)), NumericTest.Input.COPY));
        NUMERIC = Collections.unmodifiableMap(numeric);

        Map<String, CategoricalSpec> categorical = new TreeMap<>();
        categorical.put("chisquare", new CategoricalSpec(false, CategoricalStatistics::chiSquare));
        categorical.put("z", new CategoricalSpec(false, CategoricalStatistics::zTest));
        categorical.put("jensenshannon", new CategoricalSpec(true,
                c -> Estimate.distance(CategoricalStatistics.jensenShannon(c))));
        categorical.put("hellinger", new CategoricalSpec(true,
                c -> Estimate.distance(CategoricalStatistics.hellinger(c))));
        categorical.put("tvd", new CategoricalSpec(true,
                c -> Estimate.distance(CategoricalStatistics.totalVariation(c))));
        categorical.put("psi", new CategoricalSpec(true,
                c -> Estimate.distance(CategoricalStatistics.stabilityIndex(c))));
        CATEGORICAL = Collections.unmodifiableMap(categorical);
    }

    private DriftTests() {
    }

    /** Reference size up to which {@link #auto} picks the tests with p-values. */
    public static final int AUTO_SMALL_REFERENCE = 1000;
    /** Distinct values above which {@link #auto} treats a numeric feature as continuous. */
    public static final int AUTO_NUMERIC_UNIQUE = 5;

    /**
     * Picks the test for a numeric feature by Evidently's rule, from its reference sample:
     * <ul>
     *   <li>more than 5 distinct values: {@code ks} up to 1,000 reference values,
     *       {@code wasserstein_norm} above;</li>
     *   <li>5 or fewer distinct values: the values are categories (their decimal text), tested as
     *       by {@link #auto(String[])}.</li>
     * </ul>
     *
     * @param reference the reference sample
     * @return the test, with its default threshold
     * @throws IllegalArgumentException if the sample is empty
     */
    public static NumericDriftTest auto(double[] reference) {
        java.util.Objects.requireNonNull(reference, "reference");
        if (reference.length == 0) {
            throw new IllegalArgumentException("reference sample must not be empty");
        }
        java.util.Set<Double> distinct = new java.util.HashSet<>();
        for (double v : reference) {
            if (distinct.add(v) && distinct.size() > AUTO_NUMERIC_UNIQUE) {
                break;
            }
        }
        if (distinct.size() > AUTO_NUMERIC_UNIQUE) {
            return numeric(reference.length <= AUTO_SMALL_REFERENCE ? "ks" : "wasserstein_norm");
        }
        String[] asText = toText(reference);
        CategoricalDriftTest categorical = auto(asText);
        return new NumericDriftTest() {
            @Override
            public String name() {
                return categorical.name();
            }

            @Override
            public DriftResult test(double[] ref, double[] cur) {
                return categorical.test(toText(ref), toText(cur));
            }

            @Override
            public String toString() {
                return "NumericDriftTest[" + categorical.name() + " over values as categories]";
            }
        };
    }

    /**
     * Picks the test for a categorical feature by Evidently's rule: up to 1,000 reference values,
     * {@code chisquare} for more than 2 categories and {@code z} for 2 or fewer; above 1,000,
     * {@code jensenshannon}.
     *
     * <p>The two-proportion {@code z} test compares two categories only, so the test returned for
     * a reference of at most two categories falls back to {@code chisquare} (at the same default
     * significance) when the reference and current samples together hold more than two
     * categories, for instance when a binary feature meets a new value. Its {@code name()} is
     * {@code "z"} either way; {@link DriftResult#method()} says which test ran ({@code "z"} or
     * {@code "chisquare"}). With two categories or fewer the result is exactly that of
     * {@code categorical("z")}, which, named explicitly, still refuses a third category.
     *
     * @param reference the reference sample
     * @return the test, with its default threshold
     * @throws IllegalArgumentException if the sample is empty
     */
    public static CategoricalDriftTest auto(String[] reference) {
        java.util.Objects.requireNonNull(reference, "reference");
        if (reference.length == 0) {
            throw new IllegalArgumentException("reference sample must not be empty");
        }
        if (reference.length > AUTO_SMALL_REFERENCE) {
            return categorical("jensenshannon");
        }
        long categories = java.util.Arrays.stream(reference).distinct().limit(3).count();
        return categories > 2 ? categorical("chisquare") : zOrChiSquare();
    }

    /**
     * Picks the test for a categorical feature by the rule of {@link #auto(String[])}, from the
     * reference's counts per category (a category with a count of zero is not counted). As there,
     * the test picked for at most two categories runs {@code chisquare} when the samples together
     * hold more than two.
     *
     * @param referenceCounts count per category of the reference sample
     * @return the test, with its default threshold
     * @throws IllegalArgumentException if the sample is empty or a count negative
     */
    public static CategoricalDriftTest auto(Map<String, Long> referenceCounts) {
        Objects.requireNonNull(referenceCounts, "referenceCounts");
        long total = 0;
        long categories = 0;
        for (Map.Entry<String, Long> e : referenceCounts.entrySet()) {
            long n = Objects.requireNonNull(e.getValue(), "count of category '" + e.getKey() + "'");
            if (n < 0) {
                throw new IllegalArgumentException("count of reference category '" + e.getKey()
                        + "' must not be negative but was " + n);
            }
            total += n;
            categories += n > 0 ? 1 : 0;
        }
        if (total == 0) {
            throw new IllegalArgumentException("reference sample must not be empty");
        }
        if (total > AUTO_SMALL_REFERENCE) {
            return categorical("jensenshannon");
        }
        return categories > 2 ? categorical("chisquare") : zOrChiSquare();
    }

    /**
     * Picks the test for a categorical feature by the rule of {@link #auto(String[])}, from the
     * reference encoded against a dictionary; the same test {@code auto(reference.labels())}
     * picks, without hashing the labels.
     *
     * @param reference the reference sample
     * @return the test, with its default threshold
     * @throws IllegalArgumentException if the sample is empty
     */
    public static CategoricalDriftTest auto(CategoryCodes reference) {
        Objects.requireNonNull(reference, "reference");
        if (reference.size() == 0) {
            throw new IllegalArgumentException("reference sample must not be empty");
        }
        if (reference.size() > AUTO_SMALL_REFERENCE) {
            return categorical("jensenshannon");
        }
        return reference.counts().size() > 2 ? categorical("chisquare") : zOrChiSquare();
    }

    private static CategoricalDriftTest zOrChiSquare() {
        return new ZOrChiSquareTest(builtIn("z"), builtIn("chisquare"));
    }

    private static String[] toText(double[] values) {
        String[] out = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                throw new IllegalArgumentException("sample[" + i + "] was NaN");
            }
            out[i] = Double.toString(values[i]);
        }
        return out;
    }

    /**
     * Returns the named numeric test with its default threshold (0.05 for tests with a p-value,
     * 0.1 for distances).
     *
     * @param name one of {@link #numericNames()}
     * @return an immutable, thread-safe test
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is unknown; the message lists the names
     */
    public static NumericDriftTest numeric(String name) {
        NumericSpec spec = numericSpec(name);
        return new NumericTest(name, defaultThreshold(spec.distance()), spec.distance(),
                spec.statistic(), spec.input(), spec.sampleStatistic());
    }

    /**
     * Returns the named numeric test with a custom threshold.
     *
     * @param name one of {@link #numericNames()}
     * @param threshold significance level in (0, 1) for tests with a p-value, or a finite,
     *     positive distance for distances
     * @return an immutable, thread-safe test
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is unknown or {@code threshold} is out of
     *     range
     */
    public static NumericDriftTest numeric(String name, double threshold) {
        NumericSpec spec = numericSpec(name);
        return new NumericTest(name, checkThreshold(name, threshold, spec.distance()),
                spec.distance(), spec.statistic(), spec.input(), spec.sampleStatistic());
    }

    /**
     * Returns the named categorical test with its default threshold (0.05 for
     * {@code chisquare}, 0.1 for distances).
     *
     * @param name one of {@link #categoricalNames()}
     * @return an immutable, thread-safe test
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is unknown; the message lists the names
     */
    public static CategoricalDriftTest categorical(String name) {
        return builtIn(name);
    }

    private static CategoricalTest builtIn(String name) {
        CategoricalSpec spec = categoricalSpec(name);
        return new CategoricalTest(name, defaultThreshold(spec.distance()), spec.distance(),
                spec.statistic());
    }

    /**
     * Returns the named categorical test with a custom threshold.
     *
     * @param name one of {@link #categoricalNames()}
     * @param threshold significance level in (0, 1) for tests with a p-value, or a finite,
     *     positive distance for distances
     * @return an immutable, thread-safe test
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is unknown or {@code threshold} is out of
     *     range
     */
    public static CategoricalDriftTest categorical(String name, double threshold) {
        CategoricalSpec spec = categoricalSpec(name);
        return new CategoricalTest(name, checkThreshold(name, threshold, spec.distance()),
                spec.distance(), spec.statistic());
    }

    /**
     * Returns the names of the numeric tests.
     *
     * @return an unmodifiable, sorted set
     */
    public static Set<String> numericNames() {
        return NUMERIC.keySet();
    }

    /**
     * Returns the names of the categorical tests.
     *
     * @return an unmodifiable, sorted set
     */
    public static Set<String> categoricalNames() {
        return CATEGORICAL.keySet();
    }

    private static NumericSpec numericSpec(String name) {
        Objects.requireNonNull(name, "name");
        NumericSpec spec = NUMERIC.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("unknown numeric drift test '" + name
                    + "'; known names are " + NUMERIC.keySet());
        }
        return spec;
    }

    private static CategoricalSpec categoricalSpec(String name) {
        Objects.requireNonNull(name, "name");
        CategoricalSpec spec = CATEGORICAL.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("unknown categorical drift test '" + name
                    + "'; known names are " + CATEGORICAL.keySet());
        }
        return spec;
    }

    private static double defaultThreshold(boolean distance) {
        return distance ? DEFAULT_DISTANCE_THRESHOLD : DEFAULT_SIGNIFICANCE;
    }

    private static double checkThreshold(String name, double threshold, boolean distance) {
        if (distance) {
            if (!(threshold > 0.0) || Double.isInfinite(threshold)) {
                throw new IllegalArgumentException("threshold of distance " + name
                        + " must be finite and positive but was " + threshold);
            }
        } else if (!(threshold > 0.0 && threshold < 1.0)) {
            throw new IllegalArgumentException("threshold of test " + name
                    + " is a significance level and must be in (0, 1) but was " + threshold);
        }
        return threshold;
    }
}
