package org.mlops4j.benchmarks;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.multivariate.MultivariateDrift;
import org.mlops4j.monitoring.multivariate.MultivariateDriftConfig;
import org.mlops4j.monitoring.multivariate.MultivariateDriftResult;
import org.mlops4j.monitoring.multivariate.MultivariateMethod;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Window analysis time of multivariate drift (issue 20): one check of a 1,000-row window of 20 numeric
 * features against a detector fitted on 1,000 reference rows, per method, with the default settings
 * ({@code maxRows=500}: MMD and the domain classifier subsample each side to 500 rows) and with every
 * row kept ({@code maxRows=1000}). The features come in ten correlated pairs (+0.8 in the reference);
 * the window flips the sign of half of the pairs, so every method has drift to find. Runs on the
 * monitor's analysis executor in production, never on a serving thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MultivariateDriftBenchmark {

    private static final int FEATURES = 20;
    private static final int ROWS = 1_000;

    /** Rows kept a side by MMD and the domain classifier (500 is the default). */
    @Param({"500", "1000"})
    public int maxRows;

    private List<Map<String, Object>> window;
    private MultivariateDrift pca;
    private MultivariateDrift mmd;
    private MultivariateDrift domain;
    private MultivariateDrift all;

    /** Fits the detectors on 1,000 reference rows of 20 features and draws the window. */
    @Setup
    public void setUp() {
        List<Feature> features = new ArrayList<>();
        for (int j = 0; j < FEATURES; j++) {
            features.add(Feature.numeric("f" + j));
        }
        Schema schema = Schema.of(features);
        List<Map<String, Object>> reference = rows(0.8, 0.8, 1);
        window = rows(0.8, -0.8, 2);
        pca = fit(schema, reference, MultivariateMethod.PCA_RECONSTRUCTION);
        mmd = fit(schema, reference, MultivariateMethod.MMD);
        domain = fit(schema, reference, MultivariateMethod.DOMAIN_CLASSIFIER);
        all = MultivariateDrift.fit(schema, reference, MultivariateDriftConfig.builder().maxRows(maxRows).build());
    }

    private MultivariateDrift fit(Schema schema, List<Map<String, Object>> reference, MultivariateMethod method) {
        return MultivariateDrift.fit(schema, reference,
                MultivariateDriftConfig.builder().methods(EnumSet.of(method)).maxRows(maxRows).build());
    }

    /** Ten pairs of standard normal features: the first five correlated {@code rho}, the last five {@code rho2}. */
    private static List<Map<String, Object>> rows(double rho, double rho2, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Map<String, Object>> out = new ArrayList<>(ROWS);
        for (int i = 0; i < ROWS; i++) {
            Map<String, Object> row = new HashMap<>();
            for (int pair = 0; pair < FEATURES / 2; pair++) {
                double r = pair < FEATURES / 4 ? rho : rho2;
                double x = gaussian(random);
                row.put("f" + 2 * pair, x);
                row.put("f" + (2 * pair + 1), r * x + Math.sqrt(1 - r * r) * gaussian(random));
            }
            out.add(row);
        }
        return out;
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /** @return PCA reconstruction alone: encode, reconstruct 1,000 rows */
    @Benchmark
    public MultivariateDriftResult pca() {
        return pca.check(window);
    }

    /** @return MMD alone: kernel matrix and 100 permutations */
    @Benchmark
    public MultivariateDriftResult mmd() {
        return mmd.check(window);
    }

    /** @return the built-in domain classifier alone: 5 folds of 60 boosted depth-2 trees */
    @Benchmark
    public MultivariateDriftResult domainClassifier() {
        return domain.check(window);
    }

    /** @return the three methods together, as a monitor runs them on each window */
    @Benchmark
    public MultivariateDriftResult allThree() {
        return all.check(window);
    }
}
