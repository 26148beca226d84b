package org.mlops4j.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ManualClock;

/** Decorators pass the stale-run calls to their delegate, which knows when each run was written. */
class ForwardingTrackerTest {

    @TempDir
    Path dir;

    @Test
    void staleRunCallsReachTheDelegateThroughDecorators() {
        ManualClock clock = new ManualClock(Instant.parse("2025-03-01T09:00:00Z"));
        InMemoryTracker store = new InMemoryTracker(clock, dir);
        Tracker plain = new ForwardingTracker(store) { };
        try (AsyncTracker async = new AsyncTracker(store, AsyncTrackerConfig.ofDefaults())) {
            Run tagged = store.startRun("stale", RunConfig.ofDefaults().recordSource(false));
            Run quiet = store.startRun("stale", RunConfig.ofDefaults().recordSource(false));
            clock.advance(Duration.ofHours(2));
            tagged.setTag("phase", "evaluating");   // a write without a metric: only the store knows of it
            clock.advance(Duration.ofMinutes(30));

            // Tracker's default (newest metric timestamp) would count the tagged run as stale too.
            assertThat(plain.staleRuns(Duration.ofHours(1))).extracting(RunInfo::runId).containsExactly(quiet.id());
            assertThat(async.staleRuns(Duration.ofHours(1))).extracting(RunInfo::runId).containsExactly(quiet.id());
            assertThat(async.endStaleRuns(Duration.ofHours(1), RunStatus.FAILED)).isEqualTo(1);
            assertThat(store.run(quiet.id()).orElseThrow().status()).isEqualTo(RunStatus.FAILED);
            assertThat(plain.endStaleRuns(Duration.ofHours(1), RunStatus.KILLED)).isZero();
            assertThat(store.run(tagged.id()).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
        }
    }
}
