package org.mlops4j.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.mlops4j.core.Clock;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.feedback.FeedbackJoin;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.core.fleet.FleetWindows;
import org.mlops4j.monitoring.FleetPublisher;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.MonitorListener;
import org.mlops4j.monitoring.alert.AlertEvaluator;
import org.mlops4j.monitoring.alert.AlertRule;
import org.mlops4j.monitoring.alert.AlertSinks;
import org.mlops4j.monitoring.profile.ReferenceProfile;
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
 * What a prediction costs the monitoring on the serving thread, for one 20-feature row (16 numeric,
 * 4 categorical): {@link ModelMonitor#onPrediction} with everything enabled (schema checks, a
 * reference profile with input drift per window of 1,000, latency sketch, label shares, the running
 * figures, alert rules over every window metric; {@code features=all}), or schema checks only
 * ({@code features=noReference}), plus the endpoint's feedback join remembering the prediction (which
 * the monitor did itself before the feedback path moved to the endpoint, so the figures compare
 * with earlier runs). Events cycle through 4,096 pre-built ones. {@link #main} measures the heap
 * held after 10,000,000 events.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MonitorBenchmark {

    /**
     * What is enabled: everything with window analysis on the calling thread ({@code all}),
     * everything with the analysis on a background thread ({@code allBackground}, what a service
     * configures), the same publishing each window to a fleet's in-memory store ({@code fleetBackground}:
     * a {@code FleetPublisher}, so windows also count a latency sketch, routed labels and profiles), or
     * the schema checks without a reference profile.
     */
    @Param({"all", "allBackground", "fleetBackground", "noReference"})
    public String features;

    private ExecutorService background;

    private ModelMonitor<String> monitor;
    private FeedbackJoin<Object, String> join;
    private final List<PredictionEvent<Map<String, Object>, String>> events = new ArrayList<>();
    private int next;

    /** Builds the monitor and the events. */
    @Setup
    public void setUp() {
        background = Executors.newSingleThreadExecutor();
        monitor = switch (features) {
            case "all" -> monitor(Runnable::run);
            case "allBackground" -> monitor(background);
            case "fleetBackground" -> monitor(background, new FleetPublisher("bench", FleetWindows.inMemory()));
            default -> ModelMonitor.builder(labels()).schema(schema()).windowSize(1_000).sameThreadAnalysis().build();
        };
        join = joinWithListener(monitor);
        events.addAll(events(4096, 3));
    }

    static Schema schema() {
        List<Feature> features = new ArrayList<>();
        for (int f = 0; f < 16; f++) {
            features.add(Feature.numeric("f" + f).withRange(0, 100));
        }
        for (int c = 0; c < 4; c++) {
            features.add(Feature.categorical("c" + c, Set.of("a", "b", "c", "d", "e")));
        }
        return Schema.of(features);
    }

    static List<Map<String, Object>> rows(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        String[] cats = {"a", "b", "c", "d", "e"};
        List<Map<String, Object>> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int f = 0; f < 16; f++) {
                row.put("f" + f, rnd.nextDouble() * 100);
            }
            for (int c = 0; c < 4; c++) {
                row.put("c" + c, cats[rnd.nextInt(cats.length)]);
            }
            rows.add(row);
        }
        return rows;
    }

    static List<PredictionEvent<Map<String, Object>, String>> events(int n, long seed) {
        ModelRef model = new ModelRef("bench", 1);
        List<PredictionEvent<Map<String, Object>, String>> out = new ArrayList<>(n);
        int i = 0;
        for (Map<String, Object> row : rows(n, seed)) {
            out.add(PredictionEvent.success("id-" + i, Instant.parse("2025-01-01T00:00:00Z").plusMillis(i), "bench",
                    "champion", model, row, i % 3 == 0 ? "fraud" : "legit", 0.8, 1_000_000 + i));
            i++;
        }
        return out;
    }

    /** Stops the background analysis thread. */
    @TearDown
    public void tearDown() {
        background.shutdownNow();
        monitor.close();
    }

    static OutputReader<String> labels() {
        return OutputReader.classifier((String s) -> s);
    }

    /** The endpoint's feedback join with the monitor listening, as an endpoint's {@code listener(monitor)} makes it. */
    static FeedbackJoin<Object, String> joinWithListener(ModelMonitor<String> monitor) {
        FeedbackJoin<Object, String> join = FeedbackJoin.of();
        join.addListener(monitor);
        return join;
    }

    static ModelMonitor<String> monitor(Executor analysis, MonitorListener... listeners) {
        Schema schema = schema();
        AlertEvaluator alerts = AlertEvaluator.of(Clock.system(), List.of(AlertRule.missingInputFraction(0.05),
                AlertRule.nullOutputFraction(0.05), AlertRule.errorRateAbove(0.05),
                AlertRule.datasetDriftShareAbove(0.5)), List.of(AlertSinks.inMemory()));
        ModelMonitor.Builder<String> b = ModelMonitor.builder(labels()).reference(ReferenceProfile.of(schema,
                rows(5_000, 1))).windowSize(1_000).referencePredictions(Map.of("fraud", 1_000L, "legit", 2_000L))
                .analysisExecutor(analysis).alerts(alerts);
        for (MonitorListener l : listeners) {
            b.listener(l);
        }
        return b.build();
    }

    /** One prediction event through the monitor and the feedback join. */
    private long unique;

    /**
     * As {@link #onPrediction}, but every event has an id of its own, as an endpoint gives them: the
     * join then holds as many distinct predictions as its capacity, as in a service.
     */
    @Benchmark
    public void onUniquePrediction() {
        PredictionEvent<Map<String, Object>, String> e = unique();
        monitor.onPrediction(e);
        join.onPrediction(e);
    }

    private static final String[] LABELS = {"fraud", "legit"};

    /** The monitor's part of {@link #onUniquePrediction}: {@link ModelMonitor#onPrediction} alone. */
    @Benchmark
    public void uniqueMonitorOnly() {
        monitor.onPrediction(unique());
    }

    /**
     * The feedback join's part of {@link #onUniquePrediction}: what the endpoint pays once per
     * prediction for all its feedback listeners together.
     */
    @Benchmark
    public void uniqueJoinOnly() {
        join.onPrediction(unique());
    }

    private PredictionEvent<Map<String, Object>, String> unique() {
        next = (next + 1) & 4095;
        PredictionEvent<Map<String, Object>, String> p = events.get(next);
        return PredictionEvent.success("u-" + (++unique), p.timestamp(), "bench", "champion", p.model(), p.input(),
                LABELS[next % 3 == 0 ? 0 : 1], 0.8, 1_000_000 + next);
    }

    /** One prediction event handed to the monitor. */
    @Benchmark
    public void onPrediction() {
        next = (next + 1) & 4095;
        PredictionEvent<Map<String, Object>, String> e = events.get(next);
        monitor.onPrediction(e);
        join.onPrediction(e);
    }

    /**
     * Feeds 10,000,000 events (cycling 4,096 rows with unique ids) and prints the heap used after a GC.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        ModelMonitor<String> monitor = monitor(Runnable::run);
        FeedbackJoin<Object, String> join = joinWithListener(monitor);
        List<PredictionEvent<Map<String, Object>, String>> base = events(4096, 3);
        ModelRef model = new ModelRef("bench", 1);
        long before = usedAfterGc();
        long start = System.nanoTime();
        for (int i = 0; i < 10_000_000; i++) {
            PredictionEvent<Map<String, Object>, String> e = base.get(i & 4095);
            PredictionEvent<Map<String, Object>, String> next = PredictionEvent.success("p" + i,
                    e.timestamp().plusMillis(i), "bench", "champion", model, e.input(), e.output().orElseThrow(), 0.8,
                    1_000_000 + (i & 1023));
            monitor.onPrediction(next);
            join.onPrediction(next);
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        long after = usedAfterGc();
        System.out.printf("10,000,000 events in %d s; heap used after GC: %.1f MB before, %.1f MB after"
                + " (join window of 100,000 predictions, %d windows kept)%n", seconds, before / 1e6, after / 1e6,
                monitor.recentWindows().size());
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
