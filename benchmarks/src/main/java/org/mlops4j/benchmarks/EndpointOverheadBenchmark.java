package org.mlops4j.benchmarks;

import java.util.concurrent.TimeUnit;
import org.mlops4j.core.Predictor;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.serving.BanditConfig;
import org.mlops4j.serving.BanditStrategy;
import org.mlops4j.serving.BlueGreenStrategy;
import org.mlops4j.serving.DeploymentStrategy;
import org.mlops4j.serving.HumanReviewStrategy;
import org.mlops4j.serving.Interim;
import org.mlops4j.serving.ReviewQueue;
import org.mlops4j.serving.ShadowComparator;
import org.mlops4j.serving.ShadowConfig;
import org.mlops4j.serving.ShadowStrategy;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.Variant;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What routing through a {@link ModelEndpoint} costs over calling the model directly, with a
 * trivial predictor (so the overhead is all there is): {@code direct} calls the predictor,
 * {@code single} and {@code canary} go through an endpoint with no listener (no event is built),
 * {@code canaryWithListener} adds a no-op listener so every call builds its event. The routing key
 * cycles through 1,024 user ids so the hash sees varied input. Run at 1 and 2 threads
 * ({@code -t 2}) to check that throughput does not collapse under contention.
 *
 * <p>The other strategies, side by side in the same run: {@code abTest} (three variants),
 * {@code blueGreen} (live colour), {@code shadow} (the caller's cost: mirroring every request to a
 * one-thread shadow whose bounded queue drops what it cannot take), {@code humanReview} (confidence
 * read per answer, every answer above the threshold), {@code bandit} (Thompson sampling over two
 * arms; the endpoint's feedback join remembers each answer for its reward) and
 * {@code banditMonitored} (the same with a monitor listening, which shares that join).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EndpointOverheadBenchmark {

    private static final String[] KEYS = new String[1024];

    static {
        for (int i = 0; i < KEYS.length; i++) {
            KEYS[i] = "user-" + (100_000 + i * 7919);
        }
    }

    private final Predictor<Double, Double> model = x -> x * 1.5 + 2.0;
    private ModelEndpoint<Double, Double> single;
    private ModelEndpoint<Double, Double> canary;
    private ModelEndpoint<Double, Double> canaryObserved;
    private ModelEndpoint<Double, Double> abTest;
    private ModelEndpoint<Double, Double> blueGreen;
    private ModelEndpoint<Double, Double> shadow;
    private ModelEndpoint<Double, Double> humanReview;
    private ModelEndpoint<Double, Double> bandit;
    private ModelEndpoint<Double, Double> banditMonitored;
    private org.mlops4j.monitoring.ModelMonitor<Double> monitor;

    /** Per-thread position in the key cycle. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
        double input = 3.0;

        String key() {
            next = (next + 1) & (KEYS.length - 1);
            return KEYS[next];
        }
    }

    /** Builds the endpoints. */
    @Setup
    public void setUp() {
        Variant<Double, Double> champion = Variant.of("champion", model, new ModelRef("bench", 1));
        Variant<Double, Double> candidate = Variant.of("canary", x -> x * 1.5 + 2.0, new ModelRef("bench", 2));
        single = ModelEndpoint.<Double, Double>builder("bench").strategy(DeploymentStrategy.single(champion)).build();
        canary = ModelEndpoint.<Double, Double>builder("bench")
                .strategy(DeploymentStrategy.canary(champion, candidate, 500, "bench")).build();
        canaryObserved = ModelEndpoint.<Double, Double>builder("bench")
                .strategy(DeploymentStrategy.canary(champion, candidate, 500, "bench"))
                .listener(e -> { }).build();
        Variant<Double, Double> third = Variant.of("third", x -> x * 1.5 + 2.0, new ModelRef("bench", 3));
        java.util.Map<Variant<Double, Double>, Integer> weights = new java.util.LinkedHashMap<>();
        weights.put(champion, 8_000);
        weights.put(candidate, 1_000);
        weights.put(third, 1_000);
        abTest = ModelEndpoint.<Double, Double>builder("bench").strategy(DeploymentStrategy.abTest(weights, "bench"))
                .build();
        blueGreen = ModelEndpoint.<Double, Double>builder("bench").strategy(BlueGreenStrategy.of(champion)).build();
        shadow = ModelEndpoint.<Double, Double>builder("bench").strategy(ShadowStrategy.of(champion, candidate,
                ShadowConfig.ofDefaults(), ShadowComparator.equality())).build();
        humanReview = ModelEndpoint.<Double, Double>builder("bench").confidence(x -> 0.9)
                .strategy(HumanReviewStrategy.of(DeploymentStrategy.single(champion), 0.5, ReviewQueue.of(1_000),
                        Interim.modelAnswer())).build();
        bandit = ModelEndpoint.<Double, Double>builder("bench")
                .strategy(BanditStrategy.of(java.util.List.of(champion, candidate), BanditConfig.ofDefaults())).build();
        monitor = org.mlops4j.monitoring.ModelMonitor.builder(org.mlops4j.core.OutputReader.regressor((Double d) -> d))
                .windowSize(1_000).sameThreadAnalysis().build();
        banditMonitored = ModelEndpoint.<Double, Double>builder("bench").listener(monitor)
                .strategy(BanditStrategy.of(java.util.List.of(champion, candidate), BanditConfig.ofDefaults())).build();
    }

    /** Stops the shadow's thread. */
    @TearDown
    public void tearDown() {
        shadow.close();
    }

    /**
     * @param c the cursor
     * @return the model called directly
     */
    @Benchmark
    public Double direct(Cursor c) {
        c.key();
        return model.predict(c.input);
    }

    /**
     * @param c the cursor
     * @return the model behind a single-strategy endpoint
     */
    @Benchmark
    public Double single(Cursor c) {
        return single.predict(c.input, c.key());
    }

    /**
     * @param c the cursor
     * @return the model behind a 5% canary endpoint, routed by user id
     */
    @Benchmark
    public Double canary(Cursor c) {
        return canary.predict(c.input, c.key());
    }

    /**
     * @param c the cursor
     * @return the same with a (no-op) listener, so every call builds its prediction event
     */
    @Benchmark
    public Double canaryWithListener(Cursor c) {
        return canaryObserved.predict(c.input, c.key());
    }

    /**
     * @param c the cursor
     * @return the answer of an A/B/C split
     */
    @Benchmark
    public Double abTest(Cursor c) {
        return abTest.predict(c.input, c.key());
    }

    /**
     * @param c the cursor
     * @return the live colour's answer
     */
    @Benchmark
    public Double blueGreen(Cursor c) {
        return blueGreen.predict(c.input, c.key());
    }

    /**
     * @param c the cursor
     * @return the primary's answer, the request mirrored to the shadow
     */
    @Benchmark
    public Double shadow(Cursor c) {
        return shadow.predict(c.input, c.key());
    }

    /**
     * @param c the cursor
     * @return the model's answer after the confidence check
     */
    @Benchmark
    public Double humanReview(Cursor c) {
        return humanReview.predict(c.input, c.key());
    }

    /**
     * @param c the cursor
     * @return the bandit's answer, with a monitor (no schema, windows of 1,000 analysed on the
     *     calling thread) listening to predictions and their feedback, as a service runs it
     */
    @Benchmark
    public Double banditMonitored(Cursor c) {
        return banditMonitored.predict(c.input, c.key());
    }

    /**
     * @param c the cursor
     * @return the answer of the arm Thompson sampling picked
     */
    @Benchmark
    public Double bandit(Cursor c) {
        return bandit.predict(c.input, c.key());
    }
}
