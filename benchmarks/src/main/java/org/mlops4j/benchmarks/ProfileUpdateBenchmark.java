package org.mlops4j.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.FeatureType;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.profile.ProfileConfig;
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
 *
 * <p>{@link #floorOneRow} is the floor to compare with, in the same run: the same reads of the same
 * maps, the same Welford moments and counts in plain fields and the same DataSketches KLL sketches
 * (same k) updated directly, the same capped category counts in a hash map, in raw loops with no
 * profile object. {@link #main} prints the serialised sizes: the profile's JSON and binary forms
 * against the floor's own (each sketch's {@code toByteArray()} plus the raw moments and counts).
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
        schema = schema();
        rows.addAll(MonitorBenchmark.rows(4096, 11));
    }

    /**
     * The 20 features the profile benchmarks update: 16 numeric without a declared range and 4
     * categorical of five values ({@link MonitorBenchmark#rows}'s columns).
     *
     * @return the schema
     */
    static Schema schema() {
        List<Feature> features = new ArrayList<>();
        for (int f = 0; f < 16; f++) {
            features.add(Feature.numeric("f" + f));
        }
        for (int c = 0; c < 4; c++) {
            features.add(Feature.categorical("c" + c, Set.of("a", "b", "c", "d", "e")));
        }
        return Schema.of(features);
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

    private Floor floor;

    /** Starts a fresh floor for each iteration, as {@link #newBuilder} does the builder. */
    @Setup(Level.Iteration)
    public void newFloor() {
        floor = new Floor(schema, ProfileConfig.ofDefaults());
    }

    /** @return the floor, after one row */
    @Benchmark
    public Floor floorOneRow() {
        next = (next + 1) & 4095;
        floor.update(rows.get(next));
        return floor;
    }

    /**
     * The least a profile update can do: per numeric feature the counts, Welford's mean and M2, min,
     * max and a KLL sketch in plain arrays; per categorical feature the counts of at most
     * {@code maxCategories} values in a hash map of mutable counters.
     */
    public static final class Floor {
        private final String[] numeric;
        private final String[] categorical;
        private final KllDoublesSketch[] sketches;
        private final long[] missing;
        private final long[] invalid;
        private final long[] nonFinite;
        private final long[] valid;
        private final double[] min;
        private final double[] max;
        private final double[] mean;
        private final double[] m2;
        private final List<Map<String, long[]>> counts = new ArrayList<>();
        private final long[] catMissing;
        private final long[] catInvalid;
        private final long[] other;
        private final int maxCategories;

        Floor(Schema schema, ProfileConfig config) {
            numeric = schema.features().stream().filter(f -> f.type() == FeatureType.NUMERIC).map(Feature::name)
                    .toArray(String[]::new);
            categorical = schema.features().stream().filter(f -> f.type() != FeatureType.NUMERIC).map(Feature::name)
                    .toArray(String[]::new);
            int n = numeric.length;
            sketches = new KllDoublesSketch[n];
            for (int i = 0; i < n; i++) {
                sketches[i] = KllDoublesSketch.newHeapInstance(config.quantileK());
            }
            missing = new long[n];
            invalid = new long[n];
            nonFinite = new long[n];
            valid = new long[n];
            min = new double[n];
            max = new double[n];
            mean = new double[n];
            m2 = new double[n];
            for (int c = 0; c < categorical.length; c++) {
                counts.add(new HashMap<>());
            }
            catMissing = new long[categorical.length];
            catInvalid = new long[categorical.length];
            other = new long[categorical.length];
            maxCategories = config.maxCategories();
        }

        void update(Map<String, Object> row) {
            for (int i = 0; i < numeric.length; i++) {
                Object v = row.get(numeric[i]);
                if (v == null) {
                    missing[i]++;
                } else if (v instanceof Number num && !(v instanceof Boolean)) {
                    double x = num.doubleValue();
                    if (!Double.isFinite(x)) {
                        nonFinite[i]++;
                        continue;
                    }
                    long k = ++valid[i];
                    if (k == 1) {
                        min[i] = x;
                        max[i] = x;
                    } else {
                        min[i] = Math.min(min[i], x);
                        max[i] = Math.max(max[i], x);
                    }
                    double delta = x - mean[i];
                    mean[i] += delta / k;
                    m2[i] += delta * (x - mean[i]);
                    sketches[i].update(x);
                } else {
                    invalid[i]++;
                }
            }
            for (int c = 0; c < categorical.length; c++) {
                Object v = row.get(categorical[c]);
                if (v == null) {
                    catMissing[c]++;
                } else if (v instanceof CharSequence cs) {
                    Map<String, long[]> m = counts.get(c);
                    String key = cs.toString();
                    long[] n = m.get(key);
                    if (n != null) {
                        n[0]++;
                    } else if (m.size() < maxCategories) {
                        m.put(key, new long[] {1});
                    } else {
                        other[c]++;
                    }
                } else {
                    catInvalid[c]++;
                }
            }
        }

        /**
         * The floor's binary size: each sketch's own {@code toByteArray()}, the moments and counts as
         * raw 8-byte values, each category's UTF-8 bytes and 8-byte count.
         */
        int serializedSize() {
            int size = 0;
            for (int i = 0; i < numeric.length; i++) {
                size += sketches[i].toByteArray().length + 4 * Double.BYTES + 3 * Long.BYTES;
            }
            for (int c = 0; c < categorical.length; c++) {
                size += 3 * Long.BYTES;
                for (String key : counts.get(c).keySet()) {
                    size += key.getBytes(StandardCharsets.UTF_8).length + Long.BYTES;
                }
            }
            return size;
        }
    }

    /**
     * Prints the serialised sizes of a profile of 100,000 rows: JSON, binary and the floor's.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        ProfileUpdateBenchmark b = new ProfileUpdateBenchmark();
        b.setUp();
        b.newBuilder();
        b.newFloor();
        for (int i = 0; i < 100_000; i++) {
            b.updateOneRow();
            b.floorOneRow();
        }
        ReferenceProfile p = b.builder.build();
        int json = p.toJson().getBytes(StandardCharsets.UTF_8).length;
        int binary = p.toBytes().length;
        int floorSize = b.floor.serializedSize();
        System.out.printf("100,000 rows: JSON %,d B (%.3fx floor), binary %,d B (%.3fx floor), floor %,d B%n", json,
                json / (double) floorSize, binary, binary / (double) floorSize, floorSize);
    }
}
