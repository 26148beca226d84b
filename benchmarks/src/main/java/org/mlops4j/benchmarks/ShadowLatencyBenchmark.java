package org.mlops4j.benchmarks;

import java.util.concurrent.TimeUnit;
import org.mlops4j.core.Predictor;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.serving.DeploymentStrategy;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.ShadowComparator;
import org.mlops4j.serving.ShadowConfig;
import org.mlops4j.serving.ShadowStrategy;
import org.mlops4j.serving.Variant;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The primary's latency distribution with and without a shadow ten times slower than it
 * ({@code SampleTime} mode reports p50/p90/p99): the primary spins for about 20 µs, the shadow for
 * about 200 µs on one shadow thread with a queue of 64, so most shadow calls are dropped — and the
 * caller must not notice. Compare {@code noShadow} and {@code withSlowShadow} percentiles.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class ShadowLatencyBenchmark {

    /** How long the primary model takes per call, in nanoseconds. */
    @Param({"20000"})
    public long primaryNanos;

    private ModelEndpoint<Long, Long> plain;
    private ModelEndpoint<Long, Long> shadowed;
    private ShadowStrategy<Long, Long> shadow;

    static long spin(long nanos) {
        long end = System.nanoTime() + nanos;
        long n = 0;
        while (System.nanoTime() < end) {
            n++;
        }
        return n;
    }

    /** Builds both endpoints. */
    @Setup(Level.Trial)
    public void setUp() {
        long p = primaryNanos;
        Predictor<Long, Long> primary = x -> spin(p) + x;
        Predictor<Long, Long> slow = x -> spin(10 * p) + x;
        Variant<Long, Long> champion = Variant.of("champion", primary, new ModelRef("bench", 1));
        plain = ModelEndpoint.<Long, Long>builder("bench").strategy(DeploymentStrategy.single(champion)).build();
        shadow = ShadowStrategy.of(champion, Variant.of("shadow", slow, new ModelRef("bench", 2)),
                ShadowConfig.ofDefaults().withThreads(1).withQueueCapacity(64), ShadowComparator.equality());
        shadowed = ModelEndpoint.<Long, Long>builder("bench").strategy(shadow).build();
    }

    /** Prints the shadow's counters (mirrored, dropped) for the record. */
    @TearDown(Level.Trial)
    public void tearDown() {
        System.out.println("shadow summary: " + shadow.summary());
        plain.close();
        shadowed.close();
    }

    /** @param bh sink */
    @Benchmark
    public void noShadow(Blackhole bh) {
        bh.consume(plain.predict(1L));
    }

    /** @param bh sink */
    @Benchmark
    public void withSlowShadow(Blackhole bh) {
        bh.consume(shadowed.predict(1L));
    }
}
