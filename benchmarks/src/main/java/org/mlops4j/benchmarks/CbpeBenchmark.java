package org.mlops4j.benchmarks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.PerformanceEstimation;
import org.mlops4j.monitoring.estimate.BinaryCbpe;
import org.mlops4j.monitoring.estimate.BinaryPerformanceEstimate;
import org.mlops4j.monitoring.estimate.IsotonicCalibrator;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What performance estimation without labels (CBPE, issue 20) adds on the serving thread:
 * {@link ModelMonitor#onPrediction} of the same binary classifier's events by a monitor without
 * estimation ({@code estimate=off}) and with it ({@code estimate=binary}: the default score read from
 * the output reader's confidence and label, kept in the window's score buffer). Windows of 1,000
 * predictions, no schema. The closed windows are handed to an executor that drops them, so that the
 * figure is the serving thread's alone (reading the score, keeping it, handing the rows over at
 * close), not the analysis thread's competing for the same cores; {@link #estimateWindow} measures
 * that analysis: the estimate of one closed window of 1,000 rows. Events cycle through 4,096
 * pre-built ones.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CbpeBenchmark {

    /** A binary classifier's answer: its label and its probability of fraud. */
    public record Score(String label, double fraud) {
    }

    /** Whether the monitor estimates performance. */
    @Param({"off", "binary"})
    public String estimate;

    private IsotonicCalibrator calibrator;
    private final double[] window = new double[1_000];
    private ModelMonitor<Score> monitor;
    private final List<PredictionEvent<Object, Score>> events = new ArrayList<>();
    private int next;

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** Builds the monitor and the events. */
    @Setup
    public void setUp() {
        OutputReader<Score> reader = OutputReader.classifier(Score::label)
                .withConfidence(s -> Math.max(s.fraud(), 1 - s.fraud()));
        ModelMonitor.Builder<Score> b = ModelMonitor.builder(reader).windowSize(1_000)
                .analysisExecutor(closedWindow -> { });
        SplittableRandom ref = new SplittableRandom(1);
        double[] scores = new double[10_000];
        String[] labels = new String[10_000];
        int[] outcomes = new int[10_000];
        for (int i = 0; i < scores.length; i++) {
            double x = 4 * ref.nextDouble() - 2;
            scores[i] = sigmoid(2 * x);
            labels[i] = ref.nextDouble() < sigmoid(x) ? "fraud" : "legit";
            outcomes[i] = labels[i].equals("fraud") ? 1 : 0;
        }
        calibrator = IsotonicCalibrator.fit(scores, outcomes);
        if (estimate.equals("binary")) {
            b.estimatePerformance(PerformanceEstimation.binary("fraud", scores, labels));
        }
        monitor = b.build();
        SplittableRandom rnd = new SplittableRandom(2);
        ModelRef model = new ModelRef("bench", 1);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 4096; i++) {
            double p = sigmoid(2 * (4 * rnd.nextDouble() - 2));
            if (i < window.length) {
                window[i] = p;
            }
            events.add(PredictionEvent.success("id-" + i, t0.plusMillis(i), "bench", "champion", model, (Object) i,
                    new Score(p >= 0.5 ? "fraud" : "legit", p), Double.NaN, 1_000_000 + i));
        }
    }

    /** Closes the monitor. */
    @TearDown
    public void tearDown() {
        monitor.close();
    }

    /** One prediction event through the monitor. */
    @Benchmark
    public void onPrediction() {
        next = (next + 1) & 4095;
        monitor.onPrediction(events.get(next));
    }

    /**
     * The analysis thread's work for one closed window of 1,000 rows: calibration, expected
     * confusion matrix, expected ROC AUC and the sampling-error bands (a 200-draw parametric
     * bootstrap for recall, F1 and ROC AUC).
     *
     * @return the estimate
     */
    @Benchmark
    public BinaryPerformanceEstimate estimateWindow() {
        return BinaryCbpe.estimate(calibrator, window, 0.5);
    }
}
