package org.mlops4j.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.profile.ReferenceProfile;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Updating a {@link ReferenceProfile} with one 20-feature row (16 numeric, 4 categorical): moments,
 * a KLL sketch per numeric feature, capped category counts. Rows cycle through 4,096 pre-generated
 * maps so the sketches see varied values. A new builder every iteration keeps the sketches at
 * realistic sizes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProfileUpdateBenchmark {

    private Schema schema;
    private final List<Map<String, Object>> rows = new ArrayList<>();
    private ReferenceProfile.Builder builder;
    private int next;

    /** Builds the schema and the rows. */
    @Setup(Level.Trial)
    public void setUp() {
        List<Feature> features = new ArrayList<>();
        for (int f = 0; f < 16; f++) {
            features.add(Feature.numeric("f" + f));
        }
        for (int c = 0; c < 4; c++) {
            features.add(Feature.categorical("c" + c, Set.of("a", "b", "c", "d", "e")));
        }
        schema = Schema.of(features);
        SplittableRandom rnd = new SplittableRandom(11);
        String[] cats = {"a", "b", "c", "d", "e"};
        for (int i = 0; i < 4096; i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int f = 0; f < 16; f++) {
                row.put("f" + f, rnd.nextDouble() * 100);
            }
            for (int c = 0; c < 4; c++) {
                row.put("c" + c, cats[rnd.nextInt(cats.length)]);
            }
            rows.add(row);
        }
    }

    /** Starts a fresh profile for each iteration. */
    @Setup(Level.Iteration)
    public void newBuilder() {
        builder = ReferenceProfile.builder(schema);
    }

    /** @return the builder, after one row */
    @Benchmark
    public ReferenceProfile.Builder updateOneRow() {
        next = (next + 1) & 4095;
        return builder.update(rows.get(next));
    }
}
