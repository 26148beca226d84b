package org.mlops4j.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.monitoring.drift.CategoricalDriftTest;
import org.mlops4j.monitoring.drift.CategoryCodes;
import org.mlops4j.monitoring.drift.DriftResult;
import org.mlops4j.monitoring.drift.DriftTests;
import org.mlops4j.monitoring.drift.NumericDriftTest;
import org.mlops4j.monitoring.drift.SortedSample;
import org.mlops4j.monitoring.profile.FeatureProfile;
import org.mlops4j.monitoring.profile.SketchDrift;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Two-sample drift tests on 1,000,000 vs 1,000,000 doubles (and on their first 100,000 values): the
 * reference is standard normal, the current normal with mean 0.01 (seed 2024). The setup writes both
 * samples to {@code benchmarks/target/drift-samples.f64} (little-endian doubles, reference then
 * current) so that {@code scripts/drift_scipy_timing.py} times scipy on exactly the same data.
 *
 * <p>Categorical tests run on 1,000,000 vs 1,000,000 labels of 20 categories (distinct
 * {@code String} objects, as parsed input would be), written to
 * {@code benchmarks/target/drift-labels.txt} (one label per line, reference then current) for the
 * numpy comparison.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class DriftTestBenchmark {

    private double[] reference;
    private double[] current;
    private final NumericDriftTest ks = DriftTests.numeric("ks");
    private final NumericDriftTest psi = DriftTests.numeric("psi");
    private final NumericDriftTest tTest = DriftTests.numeric("t_test");
    private double[] reference100k;
    private double[] current100k;
    private final NumericDriftTest cvm = DriftTests.numeric("cvm");
    private final NumericDriftTest mannw = DriftTests.numeric("mannw");
    private final NumericDriftTest wasserstein = DriftTests.numeric("wasserstein");
    private final NumericDriftTest energy = DriftTests.numeric("energy");
    private final NumericDriftTest[] all = {ks, cvm, mannw, tTest, wasserstein, energy};
    private final CategoricalDriftTest chiSquare = DriftTests.categorical("chisquare");
    private final CategoricalDriftTest jensenShannon = DriftTests.categorical("jensenshannon");
    private String[] referenceLabels;
    private String[] currentLabels;
    private CategoryCodes referenceCodes;
    private CategoryCodes currentCodes;
    private List<String> dictionary;
    private int[] referenceCodeArray;
    private int[] currentCodeArray;
    private FeatureProfile referenceProfile;
    private FeatureProfile currentProfile;

    /** Draws the samples. */
    @Setup
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(2024);
        reference = new double[1_000_000];
        current = new double[1_000_000];
        for (int i = 0; i < reference.length; i++) {
            reference[i] = gaussian(rnd);
            current[i] = gaussian(rnd) + 0.01;
        }
        reference100k = Arrays.copyOf(reference, 100_000);
        current100k = Arrays.copyOf(current, 100_000);
        writeSamples(Path.of(System.getProperty("mlops.bench.samples", "benchmarks/target/drift-samples.f64")));
        referenceLabels = new String[1_000_000];
        currentLabels = new String[1_000_000];
        for (int i = 0; i < referenceLabels.length; i++) {
            referenceLabels[i] = label(rnd, 0.0);
            currentLabels[i] = label(rnd, 0.02);
        }
        referenceCodes = CategoryCodes.encode(referenceLabels);
        currentCodes = CategoryCodes.encode(currentLabels);
        // One dictionary for both columns, as a dictionary-encoded file holds them.
        dictionary = CategoryCodes.encode(concat(referenceLabels, currentLabels)).dictionary();
        referenceCodeArray = CategoryCodes.of(dictionary, codesOf(referenceLabels)).codes();
        currentCodeArray = CategoryCodes.of(dictionary, codesOf(currentLabels)).codes();
        writeLabels(Path.of(System.getProperty("mlops.bench.labels", "benchmarks/target/drift-labels.txt")));
        referenceProfile = FeatureProfile.of(Feature.numeric("x"));
        currentProfile = FeatureProfile.of(Feature.numeric("x"));
        for (int i = 0; i < reference.length; i++) {
            referenceProfile.update(reference[i]);
            currentProfile.update(current[i]);
        }
    }

    private void writeSamples(Path file) {
        ByteBuffer buffer = ByteBuffer.allocate(16 * reference.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : reference) {
            buffer.putDouble(v);
        }
        for (double v : current) {
            buffer.putDouble(v);
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, buffer.array());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the samples for the scipy comparison to " + file, e);
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private int[] codesOf(String[] labels) {
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = dictionary.indexOf(labels[i]);
        }
        return out;
    }

    /** One of 20 categories, roughly geometric, the current sample shifted towards the first. */
    private static String label(SplittableRandom rnd, double shift) {
        double u = rnd.nextDouble();
        int k = u < shift ? 0 : Math.min(19, (int) (-Math.log(1 - rnd.nextDouble()) / 0.25));
        return new String("category-" + k);
    }

    private void writeLabels(Path file) {
        StringBuilder text = new StringBuilder(16 * 2 * referenceLabels.length);
        for (String s : referenceLabels) {
            text.append(s).append('\n');
        }
        for (String s : currentLabels) {
            text.append(s).append('\n');
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the labels for the numpy comparison to " + file, e);
        }
    }

    private static double gaussian(SplittableRandom rnd) {
        return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    /** @return ks on 1M vs 1M (asymptotic p-value, as scipy's 'auto' at this size) */
    @Benchmark
    public DriftResult ks() {
        return ks.test(reference, current);
    }

    /** @return ks on the first 100,000 values of each sample (asymptotic p-value) */
    @Benchmark
    public DriftResult ks100k() {
        return ks.test(reference100k, current100k);
    }

    /** @return Cramer-von Mises on 1M vs 1M, as {@code scipy.stats.cramervonmises_2samp} */
    @Benchmark
    public DriftResult cvm() {
        return cvm.test(reference, current);
    }

    /** @return Cramer-von Mises on the first 100,000 values of each sample */
    @Benchmark
    public DriftResult cvm100k() {
        return cvm.test(reference100k, current100k);
    }

    /** @return Mann-Whitney U on 1M vs 1M, as {@code scipy.stats.mannwhitneyu} (asymptotic) */
    @Benchmark
    public DriftResult mannw() {
        return mannw.test(reference, current);
    }

    /** @return Mann-Whitney U on the first 100,000 values of each sample */
    @Benchmark
    public DriftResult mannw100k() {
        return mannw.test(reference100k, current100k);
    }

    /** @return the Wasserstein distance on 1M vs 1M, as {@code scipy.stats.wasserstein_distance} */
    @Benchmark
    public DriftResult wasserstein() {
        return wasserstein.test(reference, current);
    }

    /** @return the Wasserstein distance on the first 100,000 values of each sample */
    @Benchmark
    public DriftResult wasserstein100k() {
        return wasserstein.test(reference100k, current100k);
    }

    /** @return the energy distance on 1M vs 1M, as {@code scipy.stats.energy_distance} */
    @Benchmark
    public DriftResult energy() {
        return energy.test(reference, current);
    }

    /** @return the energy distance on the first 100,000 values of each sample */
    @Benchmark
    public DriftResult energy100k() {
        return energy.test(reference100k, current100k);
    }

    /** @return the six tests (ks, cvm, mannw, t_test, wasserstein, energy) one after another on 1M vs 1M */
    @Benchmark
    public double allTests() {
        return runAll(reference, current);
    }

    /** @return the six tests one after another on the first 100,000 values of each sample */
    @Benchmark
    public double allTests100k() {
        return runAll(reference100k, current100k);
    }

    private double runAll(double[] ref, double[] cur) {
        double sum = 0.0;
        for (NumericDriftTest t : all) {
            sum += t.test(ref, cur).statistic();
        }
        return sum;
    }

    /**
     * @return the six tests on 1M vs 1M as a window runs them on shared sorts: each sample checked
     *     and sorted once ({@link SortedSample}), then every test reads the sorted values
     */
    @Benchmark
    public double allTestsShared() {
        return runAllShared(reference, current);
    }

    /** @return the six tests on shared sorts of the first 100,000 values of each sample */
    @Benchmark
    public double allTestsShared100k() {
        return runAllShared(reference100k, current100k);
    }

    private double runAllShared(double[] ref, double[] cur) {
        SortedSample r = SortedSample.of(ref);
        SortedSample c = SortedSample.of(cur);
        double sum = 0.0;
        for (NumericDriftTest t : all) {
            sum += t.test(r, c).statistic();
        }
        return sum;
    }

    /** @return a checked, sorted copy of 1M doubles as the tests make it (radix sort) */
    @Benchmark
    public SortedSample sortedSample() {
        return SortedSample.of(reference);
    }

    /** @return a checked, sorted copy of 100,000 doubles (radix sort) */
    @Benchmark
    public SortedSample sortedSample100k() {
        return SortedSample.of(reference100k);
    }

    /** @return a copy of 1M doubles sorted by {@code Arrays.sort}, the tests' sort before the radix sort */
    @Benchmark
    public double[] arraysSort() {
        double[] copy = reference.clone();
        Arrays.sort(copy);
        return copy;
    }

    /** @return a copy of 100,000 doubles sorted by {@code Arrays.sort} */
    @Benchmark
    public double[] arraysSort100k() {
        double[] copy = reference100k.clone();
        Arrays.sort(copy);
        return copy;
    }

    /** @return a copy of 1M doubles sorted by {@code Arrays.parallelSort} (every core of the common pool) */
    @Benchmark
    public double[] parallelSort() {
        double[] copy = reference.clone();
        Arrays.parallelSort(copy);
        return copy;
    }

    /** @return chi-square on 1M vs 1M dictionary-encoded labels, as a window that encoded them as they arrived */
    @Benchmark
    public DriftResult chiSquareCodes() {
        return chiSquare.test(referenceCodes, currentCodes);
    }

    /** @return Jensen-Shannon on 1M vs 1M dictionary-encoded labels */
    @Benchmark
    public DriftResult jensenShannonCodes() {
        return jensenShannon.test(referenceCodes, currentCodes);
    }

    /**
     * @return chi-square from 1M vs 1M raw int codes and their dictionary: wrapping them in
     *     {@link CategoryCodes} counts the codes (the work of {@code np.bincount}), then the test
     */
    @Benchmark
    public DriftResult chiSquareFromCodes() {
        return chiSquare.test(CategoryCodes.of(dictionary, referenceCodeArray),
                CategoryCodes.of(dictionary, currentCodeArray));
    }

    /** @return Jensen-Shannon from 1M vs 1M raw int codes and their dictionary, counting included */
    @Benchmark
    public DriftResult jensenShannonFromCodes() {
        return jensenShannon.test(CategoryCodes.of(dictionary, referenceCodeArray),
                CategoryCodes.of(dictionary, currentCodeArray));
    }

    /** @return the encoding of 1M string labels into codes (what a window pays as the labels arrive) */
    @Benchmark
    public CategoryCodes encodeLabels() {
        return CategoryCodes.encode(referenceLabels);
    }

    /** @return chi-square on 1M vs 1M string labels of 20 categories */
    @Benchmark
    public DriftResult chiSquareLabels() {
        return chiSquare.test(referenceLabels, currentLabels);
    }

    /** @return Jensen-Shannon on 1M vs 1M string labels of 20 categories */
    @Benchmark
    public DriftResult jensenShannonLabels() {
        return jensenShannon.test(referenceLabels, currentLabels);
    }

    /** @return Welch's t-test on 1M vs 1M, as {@code scipy.stats.ttest_ind(equal_var=False)} */
    @Benchmark
    public DriftResult tTest() {
        return tTest.test(reference, current);
    }

    /** @return Welch's t-test on the first 100,000 values of each sample */
    @Benchmark
    public DriftResult tTest100k() {
        return tTest.test(reference100k, current100k);
    }

    /** @return PSI on 1M vs 1M, edges from the reference deciles */
    @Benchmark
    public DriftResult psi() {
        return psi.test(reference, current);
    }

    /**
     * @return PSI with frozen edges: the reference profile's decile edges against the current
     *     window's sketch, as a monitor computes it for every window
     */
    @Benchmark
    public DriftResult psiFrozenEdges() {
        return SketchDrift.psi(referenceProfile, currentProfile, 0.1);
    }
}
