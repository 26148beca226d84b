package org.mlops4j.benchmarks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.PerformanceEstimation;
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
 * predictions, no schema, analysed on a background thread (where the estimate itself runs). Events
 * cycle through 4,096 pre-built ones.
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

    private ExecutorService background;
    private ModelMonitor<Score> monitor;
    private final List<PredictionEvent<Object, Score>> events = new ArrayList<>();
    private int next;

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** Builds the monitor and the events. */
    @Setup
    public void setUp() {
        background = Executors.newSingleThreadExecutor();
        OutputReader<Score> reader = OutputReader.classifier(Score::label)
                .withConfidence(s -> Math.max(s.fraud(), 1 - s.fraud()));
        ModelMonitor.Builder<Score> b = ModelMonitor.builder(reader).windowSize(1_000).analysisExecutor(background);
        if (estimate.equals("binary")) {
            SplittableRandom rnd = new SplittableRandom(1);
            double[] scores = new double[10_000];
            String[] labels = new String[10_000];
            for (int i = 0; i < scores.length; i++) {
                double x = 4 * rnd.nextDouble() - 2;
                scores[i] = sigmoid(2 * x);
                labels[i] = rnd.nextDouble() < sigmoid(x) ? "fraud" : "legit";
            }
            b.estimatePerformance(PerformanceEstimation.binary("fraud", scores, labels));
        }
        monitor = b.build();
        SplittableRandom rnd = new SplittableRandom(2);
        ModelRef model = new ModelRef("bench", 1);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 4096; i++) {
            double p = sigmoid(2 * (4 * rnd.nextDouble() - 2));
            events.add(PredictionEvent.success("id-" + i, t0.plusMillis(i), "bench", "champion", model, (Object) i,
                    new Score(p >= 0.5 ? "fraud" : "legit", p), Double.NaN, 1_000_000 + i));
        }
    }

    /** Stops the analysis thread. */
    @TearDown
    public void tearDown() {
        monitor.close();
        background.shutdownNow();
    }

    /** One prediction event through the monitor. */
    @Benchmark
    public void onPrediction() {
        next = (next + 1) & 4095;
        monitor.onPrediction(events.get(next));
    }
}
