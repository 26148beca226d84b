package org.mlops4j.tracking;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of a run: its attributes and its data (params, latest metrics, tags).
 *
 * @param runId the store-assigned id
 * @param experimentId the experiment it belongs to
 * @param runName its name
 * @param status its status
 * @param startTime when it started
 * @param endTime when it ended; empty while running
 * @param parentRunId the parent run of a nested run (a sweep's child); empty otherwise
 * @param params every param
 * @param latestMetrics the latest value of each metric, by key
 * @param tags every tag
 * @param lifecycleStage whether the run is active or soft-deleted ({@link Tracker#deleteRun})
 */
public record RunInfo(String runId, String experimentId, String runName, RunStatus status, Instant startTime,
                      Optional<Instant> endTime, Optional<String> parentRunId, Map<String, String> params,
                      Map<String, Metric> latestMetrics, Map<String, String> tags, LifecycleStage lifecycleStage) {

    /**
     * Validates and freezes the components.
     *
     * @param runId the store-assigned id
     * @param experimentId the experiment it belongs to
     * @param runName its name
     * @param status its status
     * @param startTime when it started
     * @param endTime when it ended; empty while running
     * @param parentRunId the parent run of a nested run (a sweep's child); empty otherwise
     * @param params every param
     * @param latestMetrics the latest value of each metric, by key
     * @param tags every tag
     * @param lifecycleStage whether the run is active or soft-deleted
     * @throws NullPointerException if any component is null
     */
    public RunInfo {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(experimentId, "experimentId");
        Objects.requireNonNull(runName, "runName");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startTime, "startTime");
        Objects.requireNonNull(endTime, "endTime");
        Objects.requireNonNull(parentRunId, "parentRunId");
        params = Map.copyOf(params);
        latestMetrics = Map.copyOf(latestMetrics);
        tags = Map.copyOf(tags);
        Objects.requireNonNull(lifecycleStage, "lifecycleStage");
    }

    /**
     * Describes an active run.
     *
     * @param runId the store-assigned id
     * @param experimentId the experiment it belongs to
     * @param runName its name
     * @param status its status
     * @param startTime when it started
     * @param endTime when it ended; empty while running
     * @param parentRunId the parent run of a nested run (a sweep's child); empty otherwise
     * @param params every param
     * @param latestMetrics the latest value of each metric, by key
     * @param tags every tag
     * @throws NullPointerException if any component is null
     */
    public RunInfo(String runId, String experimentId, String runName, RunStatus status, Instant startTime,
                   Optional<Instant> endTime, Optional<String> parentRunId, Map<String, String> params,
                   Map<String, Metric> latestMetrics, Map<String, String> tags) {
        this(runId, experimentId, runName, status, startTime, endTime, parentRunId, params, latestMetrics, tags,
                LifecycleStage.ACTIVE);
    }

    /** @return true if the run is soft-deleted */
    public boolean isDeleted() {
        return lifecycleStage == LifecycleStage.DELETED;
    }

    /**
     * Returns the latest value of a metric.
     *
     * @param key the metric key
     * @return the value, or empty when the run has no such metric
     */
    public Optional<Double> metric(String key) {
        Metric m = latestMetrics.get(key);
        return m == null ? Optional.empty() : Optional.of(m.value());
    }
}
