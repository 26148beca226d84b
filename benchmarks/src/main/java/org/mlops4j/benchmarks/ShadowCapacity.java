package org.mlops4j.benchmarks;

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
 * each take about 130 ns, and the share of shadow calls dropped is printed per rate. Run with
 * {@code java -cp benchmarks/target/benchmarks.jar org.mlops4j.benchmarks.ShadowCapacity}.
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
     * Prints the dropped share at each rate.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Variant<Double, Double> primary = Variant.of("champion", x -> work(x, 130), new ModelRef("m", 1));
        Variant<Double, Double> shadowed = Variant.of("shadow", x -> work(x, 130), new ModelRef("m", 2));
        System.out.printf("default ShadowConfig: %s%n", ShadowConfig.ofDefaults());
        for (int rate : new int[] {1_000, 10_000, 50_000, 100_000, 200_000}) {
            ShadowStrategy<Double, Double> shadow = ShadowStrategy.of(primary, shadowed, ShadowConfig.ofDefaults(),
                    ShadowComparator.equality());
            try (ModelEndpoint<Double, Double> endpoint = ModelEndpoint.<Double, Double>builder("capacity")
                    .strategy(shadow).build()) {
                long interval = 1_000_000_000L / rate;
                long start = System.nanoTime();
                long requests = 2L * rate;
                for (long i = 0; i < requests; i++) {
                    long due = start + i * interval;
                    while (System.nanoTime() < due) {
                        if (due - System.nanoTime() > 50_000) {
                            LockSupport.parkNanos(20_000);
                        }
                    }
                    endpoint.predict(1.0);
                }
                long late = (System.nanoTime() - start) / 1_000_000 - 2_000;
                LockSupport.parkNanos(500_000_000L);
                ShadowSummary s = shadow.summary();
                System.out.printf("%,9d req/s: %,9d mirrored, %,9d dropped (%.2f%%), %,d timeouts; caller %d ms late%n",
                        rate, s.mirrored(), s.dropped(), 100.0 * s.dropped() / requests, s.timeouts(), late);
            }
        }
    }
}
