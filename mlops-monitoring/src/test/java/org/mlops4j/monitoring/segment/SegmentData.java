package org.mlops4j.monitoring.segment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;

/**
 * The synthetic traffic of the segment tests, generated exactly as
 * {@code src/test/resources/segment/segment_drift.py} does (SplitMix64 and Box-Muller, so that the
 * script's scipy figures describe the same rows): four channels (web 50%, store 25%, phone 20%,
 * partner 5%), five standard normal features, {@code x0} offset per channel, and in a drift run the
 * partner channel's {@code x0} shifted by {@code shift}.
 */
final class SegmentData {

    static final int FEATURES = 5;
    static final Schema SCHEMA = schema();
    static final String[] SEGMENTS = {"web", "store", "phone", "partner"};
    private static final double[] BOUNDS = {0.50, 0.75, 0.95, 1.0};
    private static final double[] OFFSET = {0.0, 0.5, -0.5, 1.0};

    private long state;

    private SegmentData(long seed) {
        this.state = seed;
    }

    private static Schema schema() {
        List<Feature> features = new ArrayList<>();
        for (int f = 0; f < FEATURES; f++) {
            features.add(Feature.numeric("x" + f));
        }
        return Schema.of(features.toArray(new Feature[0]));
    }

    private long next() {
        state += 0x9E3779B97F4A7C15L;
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private double uniform() {
        return (next() >>> 11) * 0x1.0p-53;
    }

    private double normal() {
        double u1 = uniform();
        double u2 = uniform();
        return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** Rows of {@code channel} and {@code x0..x4}, as the script makes them. */
    static List<Map<String, Object>> rows(long seed, int n, double shift) {
        SegmentData rng = new SegmentData(seed);
        List<Map<String, Object>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double u = rng.uniform();
            int s = 0;
            while (u >= BOUNDS[s]) {
                s++;
            }
            Map<String, Object> row = new HashMap<>();
            row.put("channel", SEGMENTS[s]);
            for (int f = 0; f < FEATURES; f++) {
                row.put("x" + f, rng.normal());
            }
            row.put("x0", (double) row.get("x0") + OFFSET[s] + (s == 3 ? shift : 0.0));
            out.add(row);
        }
        return out;
    }
}
