package org.mlops4j.tracking.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.mlops4j.tracking.Metric;
import org.mlops4j.tracking.RunConfig;
import org.mlops4j.tracking.Tracker;

/**
 * The stored latest value of each key follows {@link Metric#supersedes} over the metrics in the
 * order they were written, whichever way they were written: single metrics (on SQLite one statement
 * whose trigger applies the rule in SQL, schema version 9) and batches (the rule in Java) mixed.
 * Steps, times and values are drawn from a few each, so that ties at every level of the rule are
 * frequent: equal steps, equal milliseconds (with different sub-millisecond parts, which the store
 * drops), NaN against numbers, infinities, signed zeros.
 */
final class LatestValueRule {

    private static final double[] VALUES = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0,
        1.5, -1.5, 1e300, Double.MIN_VALUE, 2.0};
    private static final String[] KEYS = {"a", "b", "c"};
    private static final Instant T0 = Instant.parse("2026-12-06T00:00:00Z");

    private LatestValueRule() {
    }

    static void check(Tracker tracker, long seed, int writes) {
        String runId = tracker.startRun("latest-rule", RunConfig.ofDefaults().recordSource(false)).id();
        Random random = new Random(seed);
        Map<String, Metric> expected = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        int singles = 0;
        for (int w = 0; w < writes; w++) {
            int size = random.nextInt(10) < 7 ? 1 : 2 + random.nextInt(3);
            List<Metric> metrics = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                String key = KEYS[random.nextInt(KEYS.length)];
                long step = random.nextInt(4) - 1;
                Instant ts = T0.plusMillis(random.nextInt(3)).plusNanos(random.nextInt(3) * 300_000L);
                metrics.add(new Metric(key, VALUES[random.nextInt(VALUES.length)], step, ts));
            }
            if (size == 1) {
                Metric m = metrics.get(0);
                tracker.logMetric(runId, m.key(), m.value(), m.step(), m.timestamp());
                singles++;
            } else {
                tracker.logBatch(runId, metrics, List.of(), List.of());
            }
            for (Metric m : metrics) {
                Metric stored = new Metric(m.key(), m.value(), m.step(), Instant.ofEpochMilli(m.timestamp().toEpochMilli()));
                Metric current = expected.get(m.key());
                if (current == null || stored.supersedes(current)) {
                    expected.put(m.key(), stored);
                }
                counts.merge(m.key(), 1, Integer::sum);
            }
        }
        assertThat(singles).as("single metrics written").isGreaterThan(writes / 2);
        Map<String, Metric> latest = tracker.run(runId).orElseThrow().latestMetrics();
        assertThat(latest.keySet()).isEqualTo(expected.keySet());
        for (Map.Entry<String, Metric> e : expected.entrySet()) {
            Metric want = e.getValue();
            Metric got = latest.get(e.getKey());
            String what = "latest " + e.getKey() + " (seed " + seed + ")";
            assertThat(got.step()).as(what + " step").isEqualTo(want.step());
            assertThat(got.timestamp()).as(what + " time").isEqualTo(want.timestamp());
            if (Double.isNaN(want.value())) {
                assertThat(got.value()).as(what + " value").isNaN();
            } else {
                // Signed zeros are one value to the store (SQLite keeps no sign on a zero).
                assertThat(got.value() == want.value()).as(what + " value %s, expected %s", got.value(), want.value())
                        .isTrue();
            }
            assertThat(tracker.metricHistory(runId, e.getKey())).as(what + " history").hasSize(counts.get(e.getKey()));
        }
    }
}
