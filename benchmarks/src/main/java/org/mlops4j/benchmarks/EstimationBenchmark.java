package org.mlops4j.benchmarks;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.mlops4j.monitoring.estimate.BinaryCbpe;
import org.mlops4j.monitoring.estimate.BinaryPerformanceEstimate;
import org.mlops4j.monitoring.estimate.DirectLossEstimator;
import org.mlops4j.monitoring.estimate.IsotonicCalibrator;
import org.mlops4j.monitoring.estimate.MulticlassCalibrator;
import org.mlops4j.monitoring.estimate.MulticlassCbpe;
import org.mlops4j.monitoring.estimate.MulticlassPerformanceEstimate;
import org.mlops4j.monitoring.estimate.RegressionLossEstimate;
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
 * What estimating one window of 1,000 rows costs on the monitor's analysis executor: binary CBPE
 * from raw scores (isotonic calibration, expected confusion matrix, ROC AUC, every band including
 * the 200-draw bootstrap), 3-class CBPE (one-vs-rest calibration and the same), and DLE with two
 * 3-feature loss models of 400 stumps each. The calibrators and the loss models are fitted once in
 * setup on 10,000 reference rows.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EstimationBenchmark {

    private static final List<String> CLASSES = List.of("a", "b", "c");

    private IsotonicCalibrator binaryCalibrator;
    private double[] binaryScores;
    private MulticlassCalibrator multiclassCalibrator;
    private double[][] multiclassScores;
    private String[] multiclassPredicted;
    private DirectLossEstimator dle;
    private double[][] features;
    private double[] predictions;

    /** Fits the calibrators and the loss models on 10,000 reference rows; builds one window of 1,000. */
    @Setup
    public void setup() {
        SplittableRandom random = new SplittableRandom(20);
        int reference = 10_000;
        double[] scores = new double[reference];
        int[] outcomes = new int[reference];
        double[][] classScores = new double[reference][];
        String[] labels = new String[reference];
        double[][] x = new double[reference][];
        double[] p = new double[reference];
        double[] y = new double[reference];
        for (int i = 0; i < reference; i++) {
            scores[i] = random.nextDouble();
            outcomes[i] = random.nextDouble() < scores[i] * scores[i] ? 1 : 0;
            classScores[i] = simplex(random);
            labels[i] = CLASSES.get(random.nextInt(3));
            x[i] = new double[] {random.nextDouble(), random.nextDouble(), random.nextDouble()};
            p[i] = x[i][0] + x[i][1];
            y[i] = p[i] + (0.1 + x[i][2]) * (random.nextDouble() - 0.5);
        }
        binaryCalibrator = IsotonicCalibrator.fit(scores, outcomes);
        multiclassCalibrator = MulticlassCalibrator.fit(CLASSES, classScores, labels);
        dle = DirectLossEstimator.fit(x, p, y);
        int rows = 1_000;
        binaryScores = new double[rows];
        multiclassScores = new double[rows][];
        multiclassPredicted = new String[rows];
        features = new double[rows][];
        predictions = new double[rows];
        for (int i = 0; i < rows; i++) {
            binaryScores[i] = random.nextDouble();
            multiclassScores[i] = simplex(random);
            multiclassPredicted[i] = CLASSES.get(random.nextInt(3));
            features[i] = new double[] {random.nextDouble(), random.nextDouble(), random.nextDouble()};
            predictions[i] = features[i][0] + features[i][1];
        }
    }

    private static double[] simplex(SplittableRandom random) {
        double a = random.nextDouble();
        double b = random.nextDouble();
        double c = random.nextDouble();
        double sum = a + b + c;
        return new double[] {a / sum, b / sum, c / sum};
    }

    /**
     * Binary CBPE of 1,000 rows from raw scores.
     *
     * @return the estimate
     */
    @Benchmark
    public BinaryPerformanceEstimate binaryCbpe() {
        return BinaryCbpe.estimate(binaryCalibrator, binaryScores, 0.5);
    }

    /**
     * 3-class CBPE of 1,000 rows from raw scores.
     *
     * @return the estimate
     */
    @Benchmark
    public MulticlassPerformanceEstimate multiclassCbpe() {
        return MulticlassCbpe.estimate(multiclassCalibrator, multiclassScores, multiclassPredicted);
    }

    /**
     * DLE of 1,000 rows of 3 features.
     *
     * @return the estimate
     */
    @Benchmark
    public RegressionLossEstimate directLoss() {
        return dle.estimate(features, predictions);
    }
}
