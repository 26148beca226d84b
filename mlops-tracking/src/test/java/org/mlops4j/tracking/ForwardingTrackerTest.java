package org.mlops4j.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.registry.Attribution;

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

    @Test
    void lifecycleAndRunArtifactCallsReachTheDelegateThroughDecorators() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2025-03-01T09:00:00Z"));
        InMemoryTracker store = new InMemoryTracker(clock, dir.resolve("artifacts"));
        Tracker plain = new ForwardingTracker(store) { };
        Attribution by = Attribution.by("alice", "test");
        try (AsyncTracker async = new AsyncTracker(store, AsyncTrackerConfig.ofDefaults())) {
            Run run = async.startRun("fraud", RunConfig.ofDefaults().recordSource(false));
            run.logText("w", "model/model.bin");
            async.logMetric(run.id(), "auc", 0.9, 1, clock.now());
            async.deleteRun(run.id(), by);
            // Queued before the delete, so stored before the run turned read-only.
            assertThat(store.metricHistory(run.id(), "auc")).extracting(Metric::value).containsExactly(0.9);
            assertThat(plain.run(run.id()).orElseThrow().isDeleted()).isTrue();
            plain.restoreRun(run.id(), by);
            assertThatThrownBy(() -> async.restoreRun(run.id(), by)).isInstanceOf(IllegalStateException.class);
            String experimentId = run.info().experimentId();
            plain.deleteExperiment(experimentId, by);
            assertThat(async.experiments(ViewType.DELETED_ONLY)).extracting(Experiment::id).containsExactly(experimentId);
            assertThat(plain.experiments(ViewType.ALL)).hasSize(1);
            async.restoreExperiment(experimentId, by);
            assertThat(plain.experiments()).hasSize(1);

            // The local store's own file, not a download into the staging directory.
            RunUri uri = new RunUri(run.id(), "model/model.bin");
            Path staging = dir.resolve("staging");
            assertThat(plain.modelArtifact(uri, staging).file()).startsWith(dir.resolve("artifacts"));
            assertThat(async.modelArtifact(uri, staging).file()).startsWith(dir.resolve("artifacts"));
            assertThat(staging).doesNotExist();
            run.close();
        }
    }
}
