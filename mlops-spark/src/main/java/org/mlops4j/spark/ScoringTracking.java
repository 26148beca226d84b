package org.mlops4j.spark;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mlops4j.tracking.Tracker;

/**
 * Where a scoring job is recorded and who hears its progress: a tracker and experiment, or none.
 *
 * @param tracker the tracker, or empty for untracked jobs
 * @param experiment the experiment the runs go to
 * @param progress hears the job's progress
 */
record ScoringTracking(Optional<Tracker> tracker, String experiment, ScoringProgress progress) {

    ScoringTracking {
        Objects.requireNonNull(tracker, "tracker");
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(progress, "progress");
    }

    static ScoringTracking none() {
        return new ScoringTracking(Optional.empty(), "", ScoringProgress.none());
    }

    ScoringRun start(Map<String, ?> params, Map<String, String> tags) {
        return tracker.map(t -> ScoringRun.start(t, experiment, params, tags)).orElseGet(ScoringRun::none);
    }
}
