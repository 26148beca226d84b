package org.mlops4j.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
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
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

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
     * A store that counts and discards batches, and keeps experiments and runs in an
     * {@link InMemoryTracker}: what lets the benchmark log millions of values in bounded memory.
     */
    static final class DiscardingTracker extends ForwardingTracker {

        private final InMemoryTracker runs;
        private final LongAdder discarded = new LongAdder();

        DiscardingTracker(InMemoryTracker runs) {
            super(runs);
            this.runs = runs;
        }

        @Override
        public void logBatch(String id, List<Metric> metrics, List<Param> params, List<Tag> tags) {
            discarded.add(metrics.size() + params.size() + tags.size());
        }

        @Override
        public String toString() {
            return "DiscardingTracker[" + discarded.sum() + " entries discarded]";
        }
    }
}
