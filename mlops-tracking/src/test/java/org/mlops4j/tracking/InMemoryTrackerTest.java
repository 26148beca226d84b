package org.mlops4j.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;

class InMemoryTrackerTest extends TrackerContract {

    @Override
    protected Tracker createTracker(ManualClock clock, Path dir) {
        return new InMemoryTracker(clock, dir.resolve("artifacts"));
    }

    @Test
    void eachKindOfWriteCountsAsActivityButAnEmptyBatchDoesNot() {
        RunConfig quiet = RunConfig.ofDefaults().recordSource(false);
        String metric = tracker().startRun("stale", quiet).id();
        String param = tracker().startRun("stale", quiet).id();
        String tag = tracker().startRun("stale", quiet).id();
        String empty = tracker().startRun("stale", quiet).id();
        clock.advance(Duration.ofHours(2));
        tracker().logBatch(metric, List.of(new Metric("loss", 0.5, 1, clock.now())), List.of(), List.of());
        tracker().logBatch(param, List.of(), List.of(new Param("lr", "0.1")), List.of());
        tracker().logBatch(tag, List.of(), List.of(), List.of(new Tag("phase", "eval")));
        tracker().logBatch(empty, List.of(), List.of(), List.of());

        assertThat(tracker().staleRuns(Duration.ofHours(1))).extracting(RunInfo::runId).containsExactly(empty);
    }

    @Test
    void staleRunsComeOldestStartFirst() {
        List<String> started = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            started.add(tracker().startRun("stale", RunConfig.ofDefaults().recordSource(false)).id());
            clock.advance(Duration.ofMinutes(1));
        }
        clock.advance(Duration.ofHours(2));

        assertThat(tracker().staleRuns(Duration.ofHours(1))).extracting(RunInfo::runId).isEqualTo(started);
    }

    @Test
    void aParamGivenTwiceInOneBatchWithAnotherValueIsAConflictAndNothingIsWritten() {
        String run = tracker().startRun("fraud", RunConfig.ofDefaults().recordSource(false)).id();

        assertThatThrownBy(() -> tracker().logBatch(run, List.of(), List.of(new Param("lr", "0.1"),
                new Param("lr", "0.2")), List.of())).isInstanceOf(ParamConflictException.class)
                .hasMessageContaining("lr").hasMessageContaining("0.1").hasMessageContaining("0.2");
        assertThat(tracker().run(run).orElseThrow().params()).isEmpty();
    }
}
