package org.mlops4j.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.mlops4j.tracking.Run;
import org.mlops4j.tracking.RunConfig;
import org.mlops4j.tracking.Tracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scoring job's tracking run. The tracker is secondary to the job: a tracker that fails is logged
 * and the job goes on untracked (its {@link ScoringJob#runId()} empty), and never changes a row.
 */
final class ScoringRun {

    private static final Logger LOG = LoggerFactory.getLogger(ScoringRun.class);

    private final Optional<Run> run;

    private ScoringRun(Optional<Run> run) {
        this.run = run;
    }

    static ScoringRun none() {
        return new ScoringRun(Optional.empty());
    }

    /** Starts a run with the model's params and the Spark application's tags. */
    static ScoringRun start(Tracker tracker, String experiment, Map<String, ?> params, Map<String, String> tags) {
        Run run = null;
        try {
            RunConfig config = RunConfig.ofDefaults().name("spark scoring " + params.get("model_version_uri"));
            for (Map.Entry<String, String> tag : tags.entrySet()) {
                config = config.tag(tag.getKey(), tag.getValue());
            }
            run = tracker.startRun(experiment, config);
            run.logParams(params);
            return new ScoringRun(Optional.of(run));
        } catch (RuntimeException e) {
            LOG.warn("cannot track the scoring job in experiment '{}'; it runs untracked", experiment, e);
            if (run != null) {
                end(run, e);
            }
            return none();
        }
    }

    Optional<String> id() {
        return run.map(Run::id);
    }

    /** Logs the job's metrics and ends the run FINISHED. */
    void finish(ScoringJob job) {
        run.ifPresent(r -> {
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("rows", (double) job.rows());
            metrics.put("answered", (double) job.answered());
            metrics.put("failed", (double) job.failed());
            metrics.put("duration_ms", (double) job.duration().toMillis());
            metrics.put("rows_per_second", job.rowsPerSecond());
            try {
                r.logMetrics(metrics, 0);
            } catch (RuntimeException e) {
                LOG.warn("cannot record the scoring job's metrics in run {}: {}", r.id(), metrics, e);
            }
            try {
                r.close();
            } catch (RuntimeException e) {
                LOG.warn("cannot end run {}", r.id(), e);
            }
        });
    }

    /** Ends the run FAILED with the job's exception. */
    void fail(Throwable cause) {
        run.ifPresent(r -> end(r, cause));
    }

    private static void end(Run run, Throwable cause) {
        try {
            run.fail(cause);
        } catch (RuntimeException e) {
            LOG.warn("cannot end run {} as failed", run.id(), e);
        }
    }
}
