package org.mlops4j.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.mlops4j.core.Clock;
import org.mlops4j.tracking.AsyncTracker;
import org.mlops4j.tracking.AsyncTrackerConfig;
import org.mlops4j.tracking.Experiment;
import org.mlops4j.tracking.ForwardingTracker;
import org.mlops4j.tracking.InMemoryTracker;
import org.mlops4j.tracking.Metric;
import org.mlops4j.tracking.Param;
import org.mlops4j.tracking.QueueFullPolicy;
import org.mlops4j.tracking.Run;
import org.mlops4j.tracking.RunInfo;
import org.mlops4j.tracking.RunConfig;
import org.mlops4j.tracking.RunPage;
import org.mlops4j.tracking.RunQuery;
import org.mlops4j.tracking.RunStatus;
import org.mlops4j.tracking.Tag;
import org.mlops4j.tracking.Tracker;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * What {@link AsyncTracker} costs the thread that logs a metric (the target: below 1 µs):
 * {@code logMetric} calls {@link AsyncTracker#logMetric} with a fixed timestamp, {@code runLogMetric}
 * goes through {@link Run#logMetric(String, double, long)}, which also reads the clock, and
 * {@code metricRecord} builds and validates the {@link Metric} alone, the share of the cost that is
 * key validation.
 *
 * <p>The writer thread runs as in production, with the default configuration (queue of 65,536)
 * except for {@link org.mlops4j.tracking.QueueFullPolicy#BLOCK} (the default drops a write after
 * 100 ms): when it falls behind, the caller waits, no write is dropped, and the figure includes
 * that wait. To keep memory bounded over millions of calls, its store counts
 * and discards every batch ({@link DiscardingTracker}); runs and experiments live in an
 * {@link InMemoryTracker}. The figures are therefore the caller's cost plus any back-pressure from
 * batching, never the store's own write cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AsyncTrackerBenchmark {

    private Path artifacts;
    private AsyncTracker tracker;
    private Run run;
    private String runId;
    private Instant timestamp;
    private long step;

    /**
     * Starts one run on an async tracker over a discarding store.
     *
     * @throws IOException if the artifact directory cannot be created
     */
    @Setup
    public void setUp() throws IOException {
        artifacts = Files.createTempDirectory("mlops4j-bench-");
        InMemoryTracker runs = new InMemoryTracker(Clock.system(), artifacts);
        tracker = new AsyncTracker(new DiscardingTracker(runs),
                AsyncTrackerConfig.ofDefaults().withQueueFullPolicy(QueueFullPolicy.BLOCK));
        run = tracker.startRun("benchmark", RunConfig.ofDefaults().recordSource(false));
        runId = run.id();
        timestamp = Instant.now();
    }

    /**
     * Drains the queue, closes the tracker and deletes the artifact directory.
     *
     * @throws IOException if the directory cannot be deleted
     */
    @TearDown
    public void tearDown() throws IOException {
        tracker.close();
        try (Stream<Path> files = Files.walk(artifacts)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Queues one metric value through the tracker's run-id method. */
    @Benchmark
    public void logMetric() {
        tracker.logMetric(runId, "loss", 0.25, step++, timestamp);
    }

    /** @return the run handle, after queuing one metric value timestamped by the clock */
    @Benchmark
    public Run runLogMetric() {
        return run.logMetric("loss", 0.25, step++);
    }

    /** @return a validated metric: the part of the cost the caller would pay without any queue */
    @Benchmark
    public Metric metricRecord() {
        return new Metric("loss", 0.25, step++, timestamp);
    }

    /**
     * The caller's cost when the store is busy: {@link AsyncTracker#logMetric} sampled call by call
     * ({@link Mode#SampleTime}, so JMH reports the 99th percentile), on a writer whose store spins
     * {@link BusyStore#storeMicrosPerCall} per call plus {@link BusyStore#storeNanosPerEntry} per
     * entry, so that the writer thread holds a core much of the time and competes with the caller,
     * as on a loaded machine; or, with {@code -p storeMicrosPerCall=0 -p storeNanosPerEntry=0
     * -p storeSleepMicrosPerCall=2000 -p callerTokens=2048}, sleeps per call, as a store waiting on its
     * disk does. Between calls (outside the measurement) the caller spins
     * ({@link BusyStore#callerTokens}), so that the store keeps up and the queue does not fill: the
     * figure is the hand-off, not back-pressure. The policy is {@link QueueFullPolicy#DROP} without
     * a wait, and the teardown fails if any write was dropped or lost.
     *
     * @param busy the busy store's tracker and run
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    public void logMetricBusyStore(BusyStore busy) {
        busy.tracker.logMetric(busy.runId, "loss", 0.25, busy.step++, busy.timestamp);
    }

    /** An {@link AsyncTracker} over a store slowed on purpose (a spinning {@link DiscardingTracker}). */
    @State(Scope.Benchmark)
    public static class BusyStore {

        /** The store's spin per {@code logBatch} call, in microseconds. */
        @org.openjdk.jmh.annotations.Param("50")
        public long storeMicrosPerCall;

        /** The store's spin per entry written, in nanoseconds. */
        @org.openjdk.jmh.annotations.Param("500")
        public long storeNanosPerEntry;

        /**
         * The store's sleep per {@code logBatch} call, in microseconds: a store waiting on its disk
         * (an fsync) rather than computing.
         */
        @org.openjdk.jmh.annotations.Param("0")
        public long storeSleepMicrosPerCall;

        private Path artifacts;
        private AsyncTracker tracker;
        private DiscardingTracker store;
        private String runId;
        private Instant timestamp;
        private long step;

        /**
         * Starts one run on an async tracker over the spinning store.
         *
         * @throws IOException if the artifact directory cannot be created
         */
        @Setup(Level.Trial)
        public void setUp() throws IOException {
            artifacts = Files.createTempDirectory("mlops4j-bench-busy-");
            store = new DiscardingTracker(new InMemoryTracker(Clock.system(), artifacts),
                    TimeUnit.MICROSECONDS.toNanos(storeMicrosPerCall), storeNanosPerEntry,
                    TimeUnit.MICROSECONDS.toNanos(storeSleepMicrosPerCall));
            // A full queue drops (and the teardown fails): the figure must be the hand-off, never a
            // caller waiting for space because it outran the store.
            tracker = new AsyncTracker(store, AsyncTrackerConfig.ofDefaults().withQueueFullPolicy(QueueFullPolicy.DROP)
                    .withQueueFullWait(Duration.ZERO));
            runId = tracker.startRun("benchmark", RunConfig.ofDefaults().recordSource(false)).id();
            timestamp = Instant.now();
        }

        /**
         * The caller's work between two logging calls, outside the measurement, in
         * {@link Blackhole#consumeCPU} tokens, about 2 ns each here. The spinning store takes about
         * 1,800 writes a millisecond (50 us per call of at most 1,000 entries, plus 500 ns per entry),
         * and a store that sleeps 2 ms per call takes 500; a caller faster than that fills the queue
         * (which the teardown refuses), so the sleeping store needs {@code -p callerTokens=2048}.
         */
        @org.openjdk.jmh.annotations.Param("512")
        public long callerTokens;

        /** The caller's work between two logging calls. */
        @Setup(Level.Invocation)
        public void between() {
            Blackhole.consumeCPU(callerTokens);
        }

        /**
         * Drains the queue, checks that nothing was lost, closes and deletes the artifacts.
         *
         * @throws IOException if the directory cannot be deleted
         */
        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            tracker.close();
            AsyncTracker.Stats stats = tracker.stats();
            if (stats.written() != stats.enqueued() || stats.dropped() != 0 || store.discarded.sum() != step) {
                throw new IllegalStateException("writes lost: " + stats + ", store saw " + store.discarded.sum()
                        + " of " + step + "; a drop means the caller outran the store and the figures measure a"
                        + " full queue, not the hand-off: raise callerTokens");
            }
            try (Stream<Path> files = Files.walk(artifacts)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * A store that counts and discards batches, and keeps experiments and runs in an
     * {@link InMemoryTracker}: what lets the benchmark log millions of values in bounded memory.
     */
    static final class DiscardingTracker extends ForwardingTracker {

        private final InMemoryTracker runs;
        private final LongAdder discarded = new LongAdder();

        private final long spinPerCall;
        private final long spinPerEntry;
        private final long sleepPerCall;

        DiscardingTracker(InMemoryTracker runs) {
            this(runs, 0, 0, 0);
        }

        /**
         * A store that spins (holds its thread's core) per call and per entry, and sleeps per call,
         * as a busy store would.
         */
        DiscardingTracker(InMemoryTracker runs, long spinPerCallNanos, long spinPerEntryNanos, long sleepPerCallNanos) {
            super(runs);
            this.runs = runs;
            this.spinPerCall = spinPerCallNanos;
            this.spinPerEntry = spinPerEntryNanos;
            this.sleepPerCall = sleepPerCallNanos;
        }

        @Override
        public void logBatch(String id, List<Metric> metrics, List<Param> params, List<Tag> tags) {
            int entries = metrics.size() + params.size() + tags.size();
            spend(entries);
            discarded.add(entries);
        }

        /**
         * Holds the calling thread as one call of that many entries does: sleeps, then spins.
         *
         * @param entries the call's entries
         */
        void spend(int entries) {
            if (sleepPerCall > 0) {
                LockSupport.parkNanos(sleepPerCall);
            }
            long spin = spinPerCall + spinPerEntry * entries;
            if (spin > 0) {
                long start = System.nanoTime();
                while (System.nanoTime() - start < spin) {
                    Thread.onSpinWait();
                }
            }
        }

        @Override
        public String toString() {
            return "DiscardingTracker[" + discarded.sum() + " entries discarded]";
        }
    }
}
