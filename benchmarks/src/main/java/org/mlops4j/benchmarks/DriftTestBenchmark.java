package org.mlops4j.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.monitoring.drift.DriftResult;
import org.mlops4j.monitoring.drift.DriftTests;
import org.mlops4j.monitoring.drift.NumericDriftTest;
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
 * Two-sample drift tests on 1,000,000 vs 1,000,000 doubles: the reference is standard normal, the
 * current normal with mean 0.01 (seed 2024). The setup writes both samples to
 * {@code benchmarks/target/drift-samples.f64} (little-endian doubles, reference then current) so
 * that {@code scripts/drift_scipy_timing.py} times {@code scipy.stats.ks_2samp} on exactly the same
 * data.
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

    private static double gaussian(SplittableRandom rnd) {
        return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    /** @return ks on 1M vs 1M (asymptotic p-value, as scipy's 'auto' at this size) */
    @Benchmark
    public DriftResult ks() {
        return ks.test(reference, current);
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
