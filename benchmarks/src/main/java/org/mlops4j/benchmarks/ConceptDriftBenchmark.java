package org.mlops4j.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.mlops4j.monitoring.concept.ConceptDriftDetector;
import org.mlops4j.monitoring.concept.ConceptDriftDetectors;
import org.mlops4j.monitoring.concept.DetectorEvaluation;
import org.mlops4j.monitoring.concept.DriftState;
import org.mlops4j.monitoring.concept.DriftStream;
import org.mlops4j.monitoring.concept.DriftStreams;
import org.mlops4j.monitoring.concept.EvaluationResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one {@link ConceptDriftDetector#update(double)} per built-in detector (target: under
 * 100 ns, ADWIN amortised over its clock of 32), fed from a pre-generated Bernoulli(0.1) error
 * stream of 2<sup>16</sup> values with a jump to 0.5 in its second half, so that drift handling
 * is part of the measurement.
 *
 * <p>{@link #main(String[])} prints the detection-quality table (delay, false alarms, missed
 * drifts, MTFA) on SEA, STAGGER and rotating-hyperplane streams over ten seeds:
 * {@code java -cp benchmarks/target/benchmarks.jar org.mlops4j.benchmarks.ConceptDriftBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ConceptDriftBenchmark {

    private static final int MASK = (1 << 16) - 1;

    /** The detector measured. */
    @Param({"DDM", "EDDM", "ADWIN", "PageHinkley", "HDDM_A"})
    public String detector;

    private double[] errors;
    private ConceptDriftDetector instance;
    private int index;

    /** Builds the stream and the detector. */
    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        errors = new double[MASK + 1];
        for (int i = 0; i < errors.length; i++) {
            double p = i < errors.length / 2 ? 0.1 : 0.5;
            errors[i] = random.nextDouble() < p ? 1.0 : 0.0;
        }
        instance = detectors().get(detector).get();
    }

    /**
     * One update.
     *
     * @return the state, consumed by JMH
     */
    @Benchmark
    public DriftState update() {
        return instance.update(errors[index++ & MASK]);
    }

    static Map<String, Supplier<ConceptDriftDetector>> detectors() {
        Map<String, Supplier<ConceptDriftDetector>> m = new LinkedHashMap<>();
        m.put("DDM", ConceptDriftDetectors::ddm);
        m.put("EDDM", ConceptDriftDetectors::eddm);
        m.put("ADWIN", ConceptDriftDetectors::adwin);
        m.put("PageHinkley", ConceptDriftDetectors::pageHinkley);
        m.put("HDDM_A", ConceptDriftDetectors::hddmA);
        return m;
    }

    /**
     * Prints the evaluation table for benchmarks/README.md: ten seeds per stream; SEA (thresholds
     * 8, 9, 7, 9.5, 10% noise, 12,500 samples per concept, 50,000 samples), STAGGER (10% noise,
     * 10,000 per concept, 60,000), rotating hyperplane (10 features, 5% noise, rotation over
     * 1,000 samples every 10,000, 50,000); maximum delay 2,500 samples.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        List<EvaluationResult> rows = new ArrayList<>();
        for (Supplier<ConceptDriftDetector> d : detectors().values()) {
            rows.add(evaluate(d, seed -> DriftStreams.sea(seed, 12_500), 50_000));
            rows.add(evaluate(d, seed -> DriftStreams.stagger(seed, 10_000, 0.1), 60_000));
            rows.add(evaluate(d, seed -> DriftStreams.hyperplane(seed, 10, 10_000, 1_000, 0.05), 50_000));
        }
        System.out.print(DetectorEvaluation.table(rows));
    }

    private static EvaluationResult evaluate(Supplier<ConceptDriftDetector> detector,
            java.util.function.LongFunction<DriftStream> streams, long length) {
        EvaluationResult total = null;
        for (long seed = 1; seed <= 10; seed++) {
            EvaluationResult r = DetectorEvaluation.run(detector, streams.apply(seed), length, 2_500);
            total = total == null ? r : total.merge(r);
        }
        return total;
    }
}
