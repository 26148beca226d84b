package org.mlops4j.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Rule;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The categorical part of the input check a monitor runs on the serving thread for every event
 * ({@link Feature#classify}): four categorical features, each value tested against the feature's
 * allowed categories. {@link #hashedCategories} is {@code Feature.classify} as it is now (the
 * categories in a hashed sorted set); {@link #treeCategories} is the same test against the same
 * categories in the unmodifiable {@code TreeSet} a feature held before (main at cc38571), the
 * baseline of the same run. {@code categories} is the size of each feature's set: 5 (as
 * {@link MonitorBenchmark}'s schema), 250 (about the ISO country codes). The values are drawn from
 * the categories as {@code String} objects of their own (not the categories' own objects), one in
 * twenty outside the set, cycling through 4,096 pre-drawn rows. Their hash codes are cached after the
 * first pass; a freshly parsed label pays for its hash once (a loop over its 2 to 7 characters),
 * which the tree set does not need.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CategoryCheckBenchmark {

    private static final int ROWS = 4096;
    private static final int FEATURES = 4;

    /** Allowed categories per feature. */
    @Param({"5", "250"})
    public int categories;

    private Feature[] features;
    private List<Set<String>> trees;
    private String[][] rows;
    private int row;

    /** Builds the features, their earlier tree sets and the rows. */
    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(5);
        features = new Feature[FEATURES];
        trees = new ArrayList<>();
        List<List<String>> labels = new ArrayList<>();
        for (int f = 0; f < FEATURES; f++) {
            Set<String> set = new LinkedHashSet<>();
            while (set.size() < categories) {
                set.add(label(rnd));
            }
            features[f] = Feature.categorical("c" + f, set);
            trees.add(Collections.unmodifiableSortedSet(new TreeSet<>(set)));
            labels.add(new ArrayList<>(set));
        }
        rows = new String[ROWS][FEATURES];
        for (int r = 0; r < ROWS; r++) {
            for (int f = 0; f < FEATURES; f++) {
                String value = rnd.nextInt(20) == 0 ? "unknown-" + rnd.nextInt(100)
                        : labels.get(f).get(rnd.nextInt(categories));
                // A copy: the input's strings are not the schema's own objects.
                rows[r][f] = new String(value.toCharArray());
            }
        }
    }

    private static String label(SplittableRandom rnd) {
        char[] c = new char[2 + rnd.nextInt(6)];
        for (int i = 0; i < c.length; i++) {
            c[i] = (char) ('A' + rnd.nextInt(26));
        }
        return new String(c);
    }

    /**
     * Feature.classify now: one hash probe per value.
     *
     * @return how many of the row's values were unknown categories
     */
    @Benchmark
    public int hashedCategories() {
        String[] in = rows[row++ & (ROWS - 1)];
        int unknown = 0;
        for (int f = 0; f < FEATURES; f++) {
            if (features[f].classify(in[f]) == Rule.UNKNOWN_CATEGORY) {
                unknown++;
            }
        }
        return unknown;
    }

    /**
     * The same test against the earlier tree set: a walk down a red-black tree per value.
     *
     * @return how many of the row's values were unknown categories
     */
    @Benchmark
    public int treeCategories() {
        String[] in = rows[row++ & (ROWS - 1)];
        int unknown = 0;
        for (int f = 0; f < FEATURES; f++) {
            Object value = in[f];
            Rule rule = !(value instanceof CharSequence) ? Rule.WRONG_TYPE
                    : !trees.get(f).contains(value.toString()) ? Rule.UNKNOWN_CATEGORY : null;
            if (rule == Rule.UNKNOWN_CATEGORY) {
                unknown++;
            }
        }
        return unknown;
    }
}
