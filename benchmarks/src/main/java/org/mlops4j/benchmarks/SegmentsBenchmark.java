package org.mlops4j.benchmarks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.mlops4j.core.Clock;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.alert.AlertEvaluator;
import org.mlops4j.monitoring.alert.AlertRule;
import org.mlops4j.monitoring.alert.AlertSinks;
import org.mlops4j.monitoring.internal.SegmentTally;
import org.mlops4j.monitoring.profile.ReferenceProfile;
import org.mlops4j.monitoring.segment.SegmentFunction;
import org.mlops4j.monitoring.segment.SegmentRules;
import org.mlops4j.monitoring.segment.Segmentation;
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
 * What segments add to a prediction: {@link ModelMonitor#onPrediction} on the same 20-feature events
 * ({@link MonitorBenchmark#rows}) with a reference profile and alert rules, without segments
 * ({@code segments=none}) and with a {@link Segmentation} by a {@code channel} key of the input
 * ({@code segments=top10}: 14 channels of skewed traffic, the default top 10 kept plus "other", a
 * per-segment drift rule). Events cycle through 4,096 pre-built ones; windows of 1,000.
 * <ul>
 *   <li>{@link #servingThread}: closed windows go to an executor that drops them, so the figure is
 *       the serving thread's work alone, with no analysis thread competing for the cores: the
 *       difference of the two {@code segments} values is the per-event cost of segments (one call
 *       of the segment function, one lookup in an immutable map, the segment's counters and one
 *       {@code int} per buffered row);</li>
 *   <li>{@link #withAnalysis}: windows analysed on the calling thread, so the figure includes one
 *       thousandth of a window's analysis (profiles, drift tests, alert rules; with segments, the
 *       split and 11 more drift checks): (withAnalysis - servingThread) x 1,000 is the analysis
 *       time of one window, which a service spends on the monitor's analysis thread.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SegmentsBenchmark {

    /** Without segments, or with the top 10 of 14 channels kept. */
    @Param({"none", "top10"})
    public String segments;

    private static final int CHANNELS = 14;

    private ModelMonitor<String> serving;
    private ModelMonitor<String> analysing;
    private final List<PredictionEvent<Map<String, Object>, String>> events = new ArrayList<>();
    private int next;

    /** Builds the monitor and the events. */
    @Setup
    public void setUp() {
        segmentation = Segmentation.builder(SegmentFunction.mapKey("channel"))
                .reference(MonitorBenchmark.schema(), withChannels(MonitorBenchmark.rows(5_000, 1))).build();
        tally = new SegmentTally(segmentation);
        serving = monitor(dropped -> { });
        analysing = monitor(Runnable::run);
        ModelRef model = new ModelRef("bench", 1);
        int i = 0;
        for (Map<String, Object> row : withChannels(MonitorBenchmark.rows(4096, 3))) {
            events.add(PredictionEvent.success("id-" + i, Instant.parse("2025-01-01T00:00:00Z").plusMillis(i), "bench",
                    "champion", model, row, i % 3 == 0 ? "fraud" : "legit", 0.8, 1_000_000 + i));
            i++;
        }
    }

    private ModelMonitor<String> monitor(Executor analysis) {
        Schema schema = MonitorBenchmark.schema();
        List<Map<String, Object>> reference = withChannels(MonitorBenchmark.rows(5_000, 1));
        List<AlertRule> rules = new ArrayList<>(List.of(AlertRule.errorRateAbove(0.05),
                AlertRule.datasetDriftShareAbove(0.5)));
        ModelMonitor.Builder<String> b = ModelMonitor.builder(MonitorBenchmark.labels())
                .reference(ReferenceProfile.of(schema, reference)).windowSize(1_000).analysisExecutor(analysis);
        if (segments.equals("top10")) {
            rules.add(SegmentRules.featureDriftDetected());
            b.segments(Segmentation.builder(SegmentFunction.mapKey("channel")).reference(schema, reference).build());
        }
        return b.alerts(AlertEvaluator.of(Clock.system(), rules, List.of(AlertSinks.inMemory()))).build();
    }

    /** Adds a {@code channel} to each row: channel k gets about twice the traffic of channel k + 1. */
    static List<Map<String, Object>> withChannels(List<Map<String, Object>> rows) {
        List<Map<String, Object>> out = new ArrayList<>(rows.size());
        int i = 0;
        for (Map<String, Object> row : rows) {
            Map<String, Object> copy = new LinkedHashMap<>(row);
            int channel = Math.min(CHANNELS - 1, Integer.numberOfTrailingZeros(++i));
            copy.put("channel", ("channel-" + channel).intern());
            out.add(copy);
        }
        return out;
    }

    /**
     * The segment step alone, as {@code ModelMonitor.onPrediction} runs it for one event: the segment
     * function, the lookup, and the window's segment counters with the row's {@code int} (a new
     * tally every 1,000 events, as windows close). Independent of {@code segments}.
     *
     * @return the row's segment index, so that the step is not optimised away
     */
    @Benchmark
    public int segmentStepOnly() {
        next = (next + 1) & 4095;
        PredictionEvent<Map<String, Object>, String> e = events.get(next);
        if (++row == 1_000) {
            row = 0;
            tally = new SegmentTally(segmentation);
        }
        int segment = segmentation.indexOf(e.input());
        tally.count(segment, !e.succeeded(), e.output().orElse(null), row);
        return segment;
    }

    private Segmentation segmentation;
    private SegmentTally tally;
    private int row;

    /** Closes the monitors. */
    @TearDown
    public void tearDown() {
        serving.close();
        analysing.close();
    }

    /** One prediction event on the serving thread, its windows' analysis dropped. */
    @Benchmark
    public void servingThread() {
        next = (next + 1) & 4095;
        serving.onPrediction(events.get(next));
    }

    /** One prediction event with a thousandth of a window's analysis on the calling thread. */
    @Benchmark
    public void withAnalysis() {
        next = (next + 1) & 4095;
        analysing.onPrediction(events.get(next));
    }
}
