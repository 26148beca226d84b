package org.mlops4j.spark;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What one scoring job ({@link ScoredRows#run}) did: its model, its counts and how long it took,
 * and the tracking run that records it.
 *
 * @param modelUri the URI scoring was asked for, for example {@code models:/fraud@champion}
 * @param modelVersionUri the version it resolved to, for example {@code models:/fraud/2}
 * @param rows the rows the job scored (answered or failed)
 * @param failed the rows that got an error
 * @param duration the job's wall-clock time on the driver
 * @param runId the tracking run's id; empty when scoring is not tracked or the tracker failed
 */
public record ScoringJob(String modelUri, String modelVersionUri, long rows, long failed, Duration duration,
                         Optional<String> runId) {

    /**
     * Checks the parts.
     *
     * @param modelUri the URI scoring was asked for
     * @param modelVersionUri the version it resolved to
     * @param rows the rows the job scored (answered or failed)
     * @param failed the rows that got an error
     * @param duration the job's wall-clock time on the driver
     * @param runId the tracking run's id, or empty
     * @throws IllegalArgumentException if a count or the duration is negative, or failed exceeds rows
     */
    public ScoringJob {
        Objects.requireNonNull(modelUri, "modelUri");
        Objects.requireNonNull(modelVersionUri, "modelVersionUri");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(runId, "runId");
        if (rows < 0 || failed < 0 || failed > rows) {
            throw new IllegalArgumentException("rows and failed must satisfy 0 <= failed <= rows but were rows="
                    + rows + ", failed=" + failed);
        }
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative but was " + duration);
        }
    }

    /** @return the rows the model answered: {@code rows - failed} */
    public long answered() {
        return rows - failed;
    }

    /** @return rows scored per second of the job's duration; 0 for a job of no measurable time */
    public double rowsPerSecond() {
        long nanos = duration.toNanos();
        return nanos == 0 ? 0.0 : rows * 1e9 / nanos;
    }
}
