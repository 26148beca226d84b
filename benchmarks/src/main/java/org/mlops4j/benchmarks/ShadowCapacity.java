package org.mlops4j.benchmarks;

import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.serving.DeploymentStrategy;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.ShadowComparator;
import org.mlops4j.serving.ShadowConfig;
import org.mlops4j.serving.ShadowStrategy;
import org.mlops4j.serving.ShadowSummary;
import org.mlops4j.serving.Variant;

/**
 * How many requests per second a shadow with {@link ShadowConfig#ofDefaults()} keeps up with: one
 * caller thread paces requests at a fixed rate for two seconds, to a primary and a shadow that
 * each take about 130 ns, and the share of shadow calls dropped is printed per rate.
 *
 * <p>With the argument {@code caller}, it also prints what each call cost the caller (mean and
 * 99th percentile of {@code predict}, timed with {@code System.nanoTime()} around it) at each rate,
 * for the shadowed endpoint and, as peers paced the same way in the same run, the same primary
 * behind an endpoint with a no-op listener (the event is built, nothing is handed off) and behind a
 * plain endpoint: at low rates the shadow threads are parked between calls and each call wakes one,
 * which is the cost the hand-off benchmark's busy shadow threads never pay.
 *
 * <p>Run with {@code java -cp benchmarks/target/benchmarks.jar org.mlops4j.benchmarks.ShadowCapacity [caller]}.
 */
public final class ShadowCapacity {

    private ShadowCapacity() {
    }

    /** Spins for about {@code nanos}, as a cheap model would compute. */
    static double work(double x, long nanos) {
        long end = System.nanoTime() + nanos;
        double y = x;
        while (System.nanoTime() < end) {
            y = y * 1.0000001 + 1e-9;
        }
        return y;
    }

    /**
     * Prints the dropped share at each rate, and with {@code caller} the caller's cost.
     *
     * @param args {@code caller} to time the caller too
     */
    public static void main(String[] args) {
        boolean caller = args.length > 0 && args[0].equals("caller");
        Variant<Double, Double> primary = Variant.of("champion", x -> work(x, 130), new ModelRef("m", 1));
        Variant<Double, Double> shadowed = Variant.of("shadow", x -> work(x, 130), new ModelRef("m", 2));
        System.out.printf("default ShadowConfig: %s%n", ShadowConfig.ofDefaults());
        for (int rate : new int[] {1_000, 10_000, 50_000, 100_000, 200_000}) {
            ShadowStrategy<Double, Double> shadow = ShadowStrategy.of(primary, shadowed, ShadowConfig.ofDefaults(),
                    ShadowComparator.equality());
            long requests = 2L * rate;
            String cost = "";
            try (ModelEndpoint<Double, Double> endpoint = ModelEndpoint.<Double, Double>builder("capacity")
                    .strategy(shadow).build()) {
                long[] took = pace(endpoint, rate, requests, caller);
                long late = took[took.length - 1];
                LockSupport.parkNanos(500_000_000L);
                ShadowSummary s = shadow.summary();
                if (caller) {
                    cost = "; caller " + describe(took);
                }
                System.out.printf("%,9d req/s: %,9d mirrored, %,9d dropped (%.2f%%), %,d timeouts; caller %d ms late%s%n",
                        rate, s.mirrored(), s.dropped(), 100.0 * s.dropped() / requests, s.timeouts(), late, cost);
            }
            if (caller) {
                try (ModelEndpoint<Double, Double> listened = ModelEndpoint.<Double, Double>builder("capacity")
                        .strategy(DeploymentStrategy.single(primary)).listener(e -> { }).build();
                     ModelEndpoint<Double, Double> plain = ModelEndpoint.<Double, Double>builder("capacity")
                             .strategy(DeploymentStrategy.single(primary)).build()) {
                    System.out.printf("%,9d req/s peers: no-op listener %s; plain endpoint %s%n", rate,
                            describe(pace(listened, rate, requests, true)), describe(pace(plain, rate, requests, true)));
                }
            }
        }
    }

    /**
     * Calls {@code endpoint} {@code requests} times at {@code rate} per second.
     *
     * @return each call's time in nanoseconds when {@code timed} (else zeros), then how many
     *     milliseconds late the last call was
     */
    static long[] pace(ModelEndpoint<Double, Double> endpoint, int rate, long requests, boolean timed) {
        long[] took = new long[(int) requests + 1];
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            long due = start + i * interval;
            while (System.nanoTime() < due) {
                if (due - System.nanoTime() > 50_000) {
                    LockSupport.parkNanos(20_000);
                }
            }
            if (timed) {
                long t0 = System.nanoTime();
                endpoint.predict(1.0);
                took[i] = System.nanoTime() - t0;
            } else {
                endpoint.predict(1.0);
            }
        }
        took[(int) requests] = (System.nanoTime() - start) / 1_000_000 - requests * 1_000 / rate;
        return took;
    }

    /** @return the mean and 99th percentile of the call times (all but the last element) */
    static String describe(long[] took) {
        long[] calls = Arrays.copyOf(took, took.length - 1);
        Arrays.sort(calls);
        double mean = Arrays.stream(calls).average().orElse(Double.NaN);
        return String.format("mean %.0f ns, p99 %,d ns", mean, calls[(int) (calls.length * 0.99)]);
    }
}
