package org.mlops4j.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.drift.DatasetDriftReport;
import org.mlops4j.monitoring.profile.ReferenceProfile;
import org.mlops4j.monitoring.profile.SampledProfile;
import org.mlops4j.monitoring.profile.WindowConfig;
import org.mlops4j.monitoring.profile.WindowDriftCheck;
import org.mlops4j.monitoring.reference.ReferenceHistory;
import org.mlops4j.monitoring.reference.ReferencePolicy;
import org.mlops4j.monitoring.reference.ReferenceSelection;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a rolling or seasonal reference adds to a window's analysis (on the monitor's analysis
 * executor, never the serving thread): selecting the reference (merging N window profiles), then the
 * same drift comparison a fixed reference runs. Window profiles have 20 features (16 numeric, 4
 * categorical) and 1,000 rows each, as in {@link MonitorBenchmark}. The histories are filled in setup:
 * {@code hourOfWeek(4)} with 4 weeks of hourly windows (673 profiles), {@code rolling(24)} with 24.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReferenceBenchmark {

    private static final Instant MONDAY = Instant.parse("2026-01-05T00:00:00Z");

    private ReferenceProfile fixed;
    private SampledProfile window;
    private ReferenceHistory seasonal;
    private ReferenceHistory rolling;
    private ReferenceProfile[] profiles;
    private Instant now;
    private final WindowDriftCheck check = WindowDriftCheck.ofDefaults();
    private long recorded;

    /** Builds the profiles and fills the histories. */
    @Setup
    public void setUp() {
        Schema schema = ProfileUpdateBenchmark.schema();
        SplittableRandom rnd = new SplittableRandom(13);
        profiles = new ReferenceProfile[32];
        for (int p = 0; p < profiles.length; p++) {
            profiles[p] = SampledProfile.of(schema, rows(rnd, 1_000), new WindowConfig(
                    org.mlops4j.monitoring.profile.ProfileConfig.ofDefaults(), 0)).profile();
        }
        fixed = ReferenceProfile.of(schema, rows(rnd, 10_000));
        window = SampledProfile.of(schema, rows(rnd, 1_000), new WindowConfig(
                org.mlops4j.monitoring.profile.ProfileConfig.ofDefaults(), 0));
        seasonal = ReferenceHistory.of(ReferencePolicy.hourOfWeek(4));
        rolling = ReferenceHistory.of(ReferencePolicy.rolling(24));
        for (int h = 0; h < 4 * 168 + 1; h++) {
            seasonal.record(MONDAY.plus(Duration.ofHours(h)), profiles[h % profiles.length]);
            rolling.record(MONDAY.plus(Duration.ofHours(h)), profiles[h % profiles.length]);
        }
        now = MONDAY.plus(Duration.ofHours(4 * 168));
        recorded = 4 * 168 + 1;
    }

    private static List<Map<String, Object>> rows(SplittableRandom rnd, int n) {
        String[] cats = {"a", "b", "c", "d", "e"};
        List<Map<String, Object>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int f = 0; f < 16; f++) {
                row.put("f" + f, rnd.nextGaussian() * 10 + 50);
            }
            for (int c = 0; c < 4; c++) {
                row.put("c" + c, cats[rnd.nextInt(cats.length)]);
            }
            out.add(row);
        }
        return out;
    }

    /** @return the seasonal reference of a window: 4 merged hour profiles */
    @Benchmark
    public ReferenceSelection seasonalSelect() {
        return seasonal.select(now);
    }

    /** @return the rolling reference of a window: 24 merged window profiles */
    @Benchmark
    public ReferenceSelection rollingSelect() {
        return rolling.select(now);
    }

    /** @return whether the history kept it: recording a window's profile in a new slot, evicting the oldest */
    @Benchmark
    public boolean seasonalRecord() {
        recorded++;
        return seasonal.record(MONDAY.plus(Duration.ofHours(recorded)), profiles[(int) (recorded % profiles.length)]);
    }

    /** @return the window compared with the fixed reference: the cost a fixed monitor already pays */
    @Benchmark
    public DatasetDriftReport compareFixed() {
        return check.compare(fixed, window);
    }

    /** @return the window compared with its seasonal reference: selection plus comparison */
    @Benchmark
    public DatasetDriftReport compareSeasonal() {
        return check.compare(seasonal.select(now).profile().orElseThrow(), window);
    }
}
