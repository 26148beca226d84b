package org.mlops4j.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.Predictor;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.serving.ShadowComparator;
import org.mlops4j.serving.ShadowConfig;
import org.mlops4j.serving.ShadowStrategy;
import org.mlops4j.serving.ShadowSummary;
import org.mlops4j.serving.Variant;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The caller's side of a shadow's hand-off alone: {@link ShadowStrategy#onAnswer} with an event
 * built beforehand, which is what the serving thread pays after the primary answered. Its shadow
 * hangs (for the hour of its timeout), so its one thread never takes another call and the queue's
 * state is fixed for the whole iteration:
 *
 * <ul>
 *   <li>{@code handOffAccepted}: a fresh queue per iteration, large enough (2^23 calls) that no call
 *       of a 100 ms iteration is refused: every call is queued;
 *   <li>{@code handOffDropped}: a full queue of 64: every call is refused and counted.
 * </ul>
 *
 * <p>The peers, in the same run: {@code direct}, the model called directly; and
 * {@code executorAccepted} / {@code executorDropped}, the hand-off the strategy made before issue 21
 * (a task capturing the id, input and answer, given to a {@code ThreadPoolExecutor} over an
 * {@code ArrayBlockingQueue} whose rejection handler counts the drop), in the same two states. The
 * shadow threads here are busy, so no call wakes one; the cost of waking a parked shadow thread,
 * which a call pays when the shadow is idle, is in {@link ShadowCapacity}'s caller figures.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 100, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 100, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class ShadowHandOffBenchmark {

    /** Queued calls an accepting queue holds: more than a 100 ms iteration offers at 12 ns a call. */
    static final int LARGE = 1 << 23;
    static final int FULL = 64;

    private final Predictor<Double, Double> model = x -> x * 1.5 + 2.0;
    private final Variant<Double, Double> primary = Variant.of("champion", model, new ModelRef("bench", 1));
    private final PredictionEvent<Double, Double> event = PredictionEvent.success("bench-1a2b3c4d-1.1",
            Instant.parse("2026-12-06T00:00:00Z"), "bench", "champion", new ModelRef("bench", 1), 3.0, 6.5,
            Double.NaN, 100L);
    private final Double answer = 6.5;
    private final CountDownLatch release = new CountDownLatch(1);

    private ShadowStrategy<Double, Double> accepting;
    private ShadowStrategy<Double, Double> full;
    private ThreadPoolExecutor executorAccepting;
    private ThreadPoolExecutor executorFull;
    private final LongAdder executorDrops = new LongAdder();
    private final LongAdder executorSubmitted = new LongAdder();

    private ShadowStrategy<Double, Double> hungShadow(int capacity) throws InterruptedException {
        CountDownLatch hung = new CountDownLatch(1);
        Variant<Double, Double> hanging = Variant.of("shadow", x -> {
            hung.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return x;
        }, new ModelRef("bench", 2));
        ShadowStrategy<Double, Double> s = ShadowStrategy.of(primary, hanging,
                ShadowConfig.ofDefaults().withThreads(1).withQueueCapacity(capacity).withTimeout(Duration.ofHours(1)),
                ShadowComparator.equality());
        s.onAnswer(event, answer);
        hung.await();
        return s;
    }

    private ThreadPoolExecutor hungExecutor(int capacity) throws InterruptedException {
        CountDownLatch hung = new CountDownLatch(1);
        ThreadPoolExecutor e = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(capacity),
                r -> {
                    Thread t = new Thread(r, "bench-executor");
                    t.setDaemon(true);
                    return t;
                }, (task, pool) -> executorDrops.increment());
        e.execute(() -> {
            hung.countDown();
            try {
                release.await();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
        hung.await();
        return e;
    }

    /**
     * Builds the strategies and executors, each with its one thread hung on its first call.
     *
     * @throws InterruptedException if interrupted while the threads start
     */
    @Setup(Level.Iteration)
    public void setUp() throws InterruptedException {
        accepting = hungShadow(LARGE);
        full = hungShadow(FULL);
        for (int i = 0; i < FULL; i++) {
            full.onAnswer(event, answer);
        }
        executorAccepting = hungExecutor(LARGE);
        executorFull = hungExecutor(FULL);
        for (int i = 0; i < FULL; i++) {
            executorFull.execute(() -> { });
        }
    }

    /** Checks that each state held for the whole iteration, then stops the threads. */
    @TearDown(Level.Iteration)
    public void tearDown() {
        ShadowSummary a = accepting.summary();
        if (a.dropped() > 0) {
            throw new IllegalStateException("the accepting queue refused calls: " + a);
        }
        ShadowSummary f = full.summary();
        if (f.mirrored() != FULL + 1) {
            throw new IllegalStateException("the full queue took calls: " + f);
        }
        if (executorAccepting.getQueue().remainingCapacity() == 0) {
            throw new IllegalStateException("the accepting executor refused calls");
        }
        accepting.close();
        full.close();
        executorAccepting.shutdownNow();
        executorFull.shutdownNow();
    }

    /** Lets the hung shadow calls return when the benchmark ends. */
    @TearDown(Level.Trial)
    public void release() {
        release.countDown();
    }

    /** @return the model called directly */
    @Benchmark
    public Double direct() {
        return model.predict(event.input());
    }

    /** @return the answer, the call queued for the shadow */
    @Benchmark
    public Double handOffAccepted() {
        return accepting.onAnswer(event, answer);
    }

    /** @return the answer, the call refused by the full queue and counted */
    @Benchmark
    public Double handOffDropped() {
        return full.onAnswer(event, answer);
    }

    /** @return the answer, a task queued on the executor (the hand-off before issue 21) */
    @Benchmark
    public Double executorAccepted() {
        return execute(executorAccepting);
    }

    /** @return the answer, a task refused by the full executor queue and counted (before issue 21) */
    @Benchmark
    public Double executorDropped() {
        return execute(executorFull);
    }

    /** What {@code onAnswer} did before issue 21, from its checks to the executor. */
    private Double execute(ThreadPoolExecutor executor) {
        PredictionEvent<Double, Double> e = event;
        if (!e.succeeded() || !e.variant().equals(primary.name())) {
            return answer;
        }
        Double input = e.input();
        String id = e.predictionId();
        Double output = answer;
        executorSubmitted.increment();
        executor.execute(() -> consume(id, input, output));
        return output;
    }

    private static void consume(String id, Double input, Double output) {
        if (id.isEmpty() && input.equals(output)) {
            throw new IllegalStateException("never: the executor's thread is hung");
        }
    }
}
