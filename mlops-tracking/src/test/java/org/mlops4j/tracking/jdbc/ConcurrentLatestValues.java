package org.mlops4j.tracking.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.mlops4j.tracking.Metric;
import org.mlops4j.tracking.RunConfig;
import org.mlops4j.tracking.Tracker;

/**
 * Many writers logging one key of one run at interleaved steps: the stored latest value must end
 * as the highest step's, whatever the order the writes commit in. A write that read the latest
 * value before waiting for another's lock on the run, and then overwrote the newer value it did not
 * see, fails this.
 */
final class ConcurrentLatestValues {

    private static final int THREADS = 8;
    private static final int WRITES = 25;

    private ConcurrentLatestValues() {
    }

    static void check(Tracker tracker) throws Exception {
        String runId = tracker.startRun("latest", RunConfig.ofDefaults().recordSource(false)).id();
        Instant t0 = Instant.parse("2026-12-06T00:00:00Z");
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < WRITES; i++) {
                        long step = (long) i * THREADS + thread;
                        // Every other write logs two keys, so batches and single writes interleave.
                        List<Metric> metrics = i % 2 == 0 ? List.of(new Metric("shared", step, step, t0))
                                : List.of(new Metric("shared", step, step, t0), new Metric("t" + thread, step, step, t0));
                        tracker.logBatch(runId, metrics, List.of(), List.of());
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        long highest = (long) (WRITES - 1) * THREADS + THREADS - 1;
        var run = tracker.run(runId).orElseThrow();
        assertThat(tracker.metricHistory(runId, "shared")).hasSize(THREADS * WRITES);
        assertThat(run.metric("shared")).as("the highest step's value").contains((double) highest);
        int lastPair = (WRITES - 1) % 2 == 1 ? WRITES - 1 : WRITES - 2;
        for (int t = 0; t < THREADS; t++) {
            assertThat(run.metric("t" + t)).as("t%d", t).contains((double) lastPair * THREADS + t);
        }
    }
}
