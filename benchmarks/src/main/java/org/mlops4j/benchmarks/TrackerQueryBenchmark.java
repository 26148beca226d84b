package org.mlops4j.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.mlops4j.tracking.Experiment;
import org.mlops4j.tracking.Goal;
import org.mlops4j.tracking.Metric;
import org.mlops4j.tracking.Mlops;
import org.mlops4j.tracking.RunFilter;
import org.mlops4j.tracking.RunInfo;
import org.mlops4j.tracking.RunConfig;
import org.mlops4j.tracking.RunPage;
import org.mlops4j.tracking.RunQuery;
import org.mlops4j.tracking.RunStatus;
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
 * Queries over a SQLite store at the scale target: 10,000 runs x 20 metrics x 100 steps (20 million
 * metric values) in one experiment. The store is built once into {@code benchmarks/target/scale-store}
 * (a few minutes) and reused by later runs; delete the directory to rebuild it.
 *
 * <p>{@code bestRun} finds the run with the highest latest {@code m0}; {@code searchTop100} filters
 * on a metric and a param and pages 100 runs ordered by a metric; {@code metricHistory} reads one
 * metric's 100 steps.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TrackerQueryBenchmark {

    static final int RUNS = 10_000;
    static final int METRICS = 20;
    static final int STEPS = 100;
    static final String EXPERIMENT = "scale";

    private Mlops mlops;
    private Tracker tracker;
    private String experimentId;
    private String someRunId;

    /**
     * Opens the scale store, building it first if it is not complete.
     *
     * @throws IOException if the marker file cannot be written
     */
    @Setup
    public void setUp() throws IOException {
        Path dir = Path.of(System.getProperty("mlops.bench.store", "benchmarks/target/scale-store"));
        Path marker = dir.resolve("COMPLETE");
        if (!Files.exists(marker)) {
            if (Files.exists(dir)) {
                throw new IllegalStateException("incomplete scale store at " + dir.toAbsolutePath()
                        + ": delete it and run again");
            }
            build(dir);
            Files.writeString(marker, RUNS + " runs x " + METRICS + " metrics x " + STEPS + " steps\n");
        }
        mlops = Mlops.local(dir);
        tracker = mlops.tracker();
        Experiment e = tracker.experiment(EXPERIMENT).orElseThrow();
        experimentId = e.id();
        someRunId = tracker.searchRuns(RunQuery.in(experimentId).maxResults(1)).runs().get(0).runId();
    }

    /** Closes the store. */
    @TearDown
    public void tearDown() {
        mlops.close();
    }

    static void build(Path dir) {
        try (Mlops store = Mlops.local(dir)) {
            Tracker t = store.tracker();
            Experiment e = t.getOrCreateExperiment(EXPERIMENT);
            SplittableRandom rnd = new SplittableRandom(2024);
            Instant base = Instant.parse("2025-01-01T00:00:00Z");
            for (int r = 0; r < RUNS; r++) {
                RunInfo run = t.createRun(e.id(), RunConfig.ofDefaults().name("run-" + r)
                        .tag("trainer", r % 3 == 0 ? "tree" : "linear"));
                List<Metric> metrics = new ArrayList<>(METRICS * STEPS);
                for (int m = 0; m < METRICS; m++) {
                    double level = rnd.nextDouble();
                    for (int s = 0; s < STEPS; s++) {
                        metrics.add(new Metric("m" + m, level + 0.001 * s * rnd.nextDouble(), s, base.plusSeconds(s)));
                    }
                }
                t.logBatch(run.runId(), metrics, List.of(new org.mlops4j.tracking.Param("seed", Integer.toString(r % 50))),
                        List.of());
                t.endRun(run.runId(), RunStatus.FINISHED);
            }
        }
    }

    /** @return the best run by the latest m0 */
    @Benchmark
    public Optional<RunInfo> bestRun() {
        return tracker.bestRun(EXPERIMENT, "m0", Goal.MAX);
    }

    /** @return a filtered, ordered page of 100 runs */
    @Benchmark
    public RunPage searchTop100() {
        return tracker.searchRuns(RunQuery.in(experimentId)
                .filter(RunFilter.metric("m1").gt(0.5).and(RunFilter.param("seed").eq("7")))
                .orderBy(org.mlops4j.tracking.RunOrder.byMetric("m2", Goal.MAX))
                .maxResults(100));
    }

    /** @return one metric's 100-step history */
    @Benchmark
    public List<Metric> metricHistory() {
        return tracker.metricHistory(someRunId, "m5");
    }
}
