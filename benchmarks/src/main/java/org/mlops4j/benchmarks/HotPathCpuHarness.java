package org.mlops4j.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import org.mlops4j.core.Predictor;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.serving.DeploymentStrategy;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.ShadowComparator;
import org.mlops4j.serving.ShadowConfig;
import org.mlops4j.serving.ShadowStrategy;
import org.mlops4j.serving.Variant;

/**
 * {@link EndpointOverheadBenchmark}'s hot paths timed by the calling thread's CPU time instead of
 * the wall clock: on a machine shared with other busy processes, a thread's CPU time does not count
 * the time it waited for a core, so the figures hold still where JMH's wall-clock averages swing by
 * a factor of two. The endpoints are those of the benchmark ({@code direct}, {@code canary},
 * {@code canaryWithListener}, {@code shadow}), with {@code ticks}, the model bracketed by two
 * {@code System.nanoTime()} reads (the floor of any call that measures its latency); rounds of {@code calls} calls each run in turn, each
 * path in its own loop method (so that each call site sees one endpoint), and the median of the
 * rounds' nanoseconds per call is printed per path. The shadow's own threads run on other threads:
 * the figure is the caller's side only, as in the benchmark.
 *
 * <p>Run with {@code java -cp benchmarks/target/benchmarks.jar org.mlops4j.benchmarks.HotPathCpuHarness [rounds] [calls]}
 * (defaults 15 and 2,000,000). It uses the public API only, so the same source compiled against
 * another build's jar measures that build.
 */
public final class HotPathCpuHarness {

    private static final String[] KEYS = new String[1024];

    static {
        for (int i = 0; i < KEYS.length; i++) {
            KEYS[i] = "user-" + (100_000 + i * 7919);
        }
    }

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static double sink;

    private HotPathCpuHarness() {
    }

    private static double direct(Predictor<Double, Double> model, int calls) {
        double s = 0;
        int k = 0;
        for (int i = 0; i < calls; i++) {
            k = (k + 1) & (KEYS.length - 1);
            s += model.predict(3.0 + (KEYS[k].length() & 1));
        }
        return s;
    }

    /** The floor of an observed call: the model bracketed by the two ticker reads its latency needs. */
    private static double ticks(Predictor<Double, Double> model, int calls) {
        double s = 0;
        int k = 0;
        for (int i = 0; i < calls; i++) {
            k = (k + 1) & (KEYS.length - 1);
            long start = System.nanoTime();
            s += model.predict(3.0 + (KEYS[k].length() & 1));
            s += System.nanoTime() - start;
        }
        return s;
    }

    private static double canary(ModelEndpoint<Double, Double> e, int calls) {
        double s = 0;
        int k = 0;
        for (int i = 0; i < calls; i++) {
            k = (k + 1) & (KEYS.length - 1);
            s += e.predict(3.0, KEYS[k]);
        }
        return s;
    }

    private static double canaryWithListener(ModelEndpoint<Double, Double> e, int calls) {
        double s = 0;
        int k = 0;
        for (int i = 0; i < calls; i++) {
            k = (k + 1) & (KEYS.length - 1);
            s += e.predict(3.0, KEYS[k]);
        }
        return s;
    }

    private static double shadow(ModelEndpoint<Double, Double> e, int calls) {
        double s = 0;
        int k = 0;
        for (int i = 0; i < calls; i++) {
            k = (k + 1) & (KEYS.length - 1);
            s += e.predict(3.0, KEYS[k]);
        }
        return s;
    }

    /**
     * Prints the median CPU nanoseconds per call of each path.
     *
     * @param args rounds and calls per round, optional
     */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 2_000_000;
        Predictor<Double, Double> model = x -> x * 1.5 + 2.0;
        Variant<Double, Double> champion = Variant.of("champion", model, new ModelRef("bench", 1));
        Variant<Double, Double> candidate = Variant.of("canary", x -> x * 1.5 + 2.0, new ModelRef("bench", 2));
        String[] names = {"direct", "ticks", "canary", "canaryWithListener", "shadow"};
        double[][] perCall = new double[names.length][rounds];
        try (ModelEndpoint<Double, Double> canary = ModelEndpoint.<Double, Double>builder("bench")
                .strategy(DeploymentStrategy.canary(champion, candidate, 500, "bench")).build();
             ModelEndpoint<Double, Double> listened = ModelEndpoint.<Double, Double>builder("bench")
                     .strategy(DeploymentStrategy.canary(champion, candidate, 500, "bench")).listener(e -> { }).build();
             ModelEndpoint<Double, Double> shadowed = ModelEndpoint.<Double, Double>builder("bench")
                     .strategy(ShadowStrategy.of(champion, candidate, ShadowConfig.ofDefaults(),
                             ShadowComparator.equality())).build()) {
            // Warm-up: every path compiled before the first timed round.
            for (int w = 0; w < 5; w++) {
                sink += direct(model, calls / 4) + ticks(model, calls / 4) + canary(canary, calls / 4)
                        + canaryWithListener(listened, calls / 4) + shadow(shadowed, calls / 4);
            }
            for (int r = 0; r < rounds; r++) {
                for (int p = 0; p < names.length; p++) {
                    long t0 = CPU.getCurrentThreadCpuTime();
                    sink += switch (p) {
                        case 0 -> direct(model, calls);
                        case 1 -> ticks(model, calls);
                        case 2 -> canary(canary, calls);
                        case 3 -> canaryWithListener(listened, calls);
                        default -> shadow(shadowed, calls);
                    };
                    perCall[p][r] = (double) (CPU.getCurrentThreadCpuTime() - t0) / calls;
                }
            }
        }
        for (int p = 0; p < names.length; p++) {
            double[] sorted = perCall[p].clone();
            Arrays.sort(sorted);
            System.out.printf("%-20s median %7.1f ns/call CPU (min %7.1f, max %7.1f, %d rounds of %,d)%n", names[p],
                    sorted[rounds / 2], sorted[0], sorted[rounds - 1], rounds, calls);
        }
        System.out.println(sink > 0 ? "" : " ");
    }
}
