package org.mlops4j.tracking;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.mlops4j.core.Clock;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.tracking.internal.LifecycleChecks;
import org.mlops4j.tracking.internal.SourceTags;

/**
 * What the local trackers share: the clock, source tags detected once per tracker, and run
 * artifacts in a {@link LocalArtifactStore}, guarded by the run's status.
 */
public abstract class AbstractTracker implements Tracker {

    private final Clock clock;
    private final LocalArtifactStore artifacts;
    private final SourceTags sourceTags = new SourceTags();

    /**
     * Creates the tracker.
     *
     * @param clock the clock
     * @param artifacts where run artifacts go
     */
    protected AbstractTracker(Clock clock, LocalArtifactStore artifacts) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.artifacts = Objects.requireNonNull(artifacts, "artifacts");
    }

    @Override
    public Clock clock() {
        return clock;
    }

    /** @return the artifact store */
    public LocalArtifactStore artifactStore() {
        return artifacts;
    }

    /** Detects the source once per tracker: running git for every run would cost milliseconds each. */
    @Override
    public Map<String, String> sourceTags() {
        return sourceTags.get();
    }

    /**
     * Returns a run's status.
     *
     * @param runId the run
     * @return its status
     * @throws RunNotFoundException if it does not exist
     */
    protected abstract RunStatus status(String runId);

    /**
     * Returns a run's lifecycle stage.
     *
     * @param runId the run
     * @return its stage
     * @throws RunNotFoundException if it does not exist
     */
    protected abstract LifecycleStage lifecycleStage(String runId);

    /**
     * Fails unless the run exists, is running and is not deleted.
     *
     * @param runId the run
     * @throws RunNotFoundException if it does not exist
     * @throws IllegalStateException if it has ended or is deleted
     */
    protected void requireRunning(String runId) {
        LifecycleChecks.requireActiveRun(runId, lifecycleStage(runId));
        RunStatus status = status(runId);
        if (status != RunStatus.RUNNING) {
            throw notRunning(runId, status);
        }
    }

    /**
     * The error for a write to an ended run.
     *
     * @param runId the run
     * @param status its status
     * @return the exception to throw
     */
    protected static IllegalStateException notRunning(String runId, RunStatus status) {
        return new IllegalStateException("run " + runId + " is " + status
                + ": an ended run accepts no more params, metrics, tags or artifacts");
    }

    /**
     * The time before which a running run's last write makes it stale, for {@link #staleRuns}.
     *
     * @param olderThan how long without a write makes a run stale
     * @return the clock's now minus {@code olderThan}
     * @throws IllegalArgumentException if {@code olderThan} is negative
     */
    protected Instant staleCutoff(Duration olderThan) {
        Objects.requireNonNull(olderThan, "olderThan");
        if (olderThan.isNegative()) {
            throw new IllegalArgumentException("olderThan must be zero or positive, not " + olderThan);
        }
        return clock.now().minus(olderThan);
    }

    /**
     * Checks the status stale runs are ended with, for {@link #endStaleRuns}.
     *
     * @param status the status
     * @return the status
     * @throws IllegalArgumentException if it is {@link RunStatus#RUNNING}
     */
    protected static RunStatus requireTerminal(RunStatus status) {
        Objects.requireNonNull(status, "status");
        if (!status.isTerminal()) {
            throw new IllegalArgumentException("stale runs can only end with a terminal status, not " + status);
        }
        return status;
    }

    /** @return a new 32-character hex id, as MLflow's run ids */
    protected static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    @Override
    public void logArtifact(String runId, Path source, String artifactDir) {
        requireRunning(runId);
        artifacts.copyInto(runId, source, artifactDir);
    }

    @Override
    public List<String> listArtifacts(String runId) {
        status(runId);
        return artifacts.list(runId);
    }

    @Override
    public InputStream openArtifact(String runId, String path) {
        status(runId);
        return artifacts.open(runId, path);
    }

    /** Returns the stored file itself: the store keeps it as long as the run; nothing is staged. */
    @Override
    public ModelArtifact modelArtifact(RunUri uri, Path stagingDir) {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(stagingDir, "stagingDir");
        status(uri.runId());
        return artifacts.modelArtifact(uri.runId(), uri.artifactPath());
    }
    @Override
    public final void deleteRun(String runId, Attribution by) {
        changeRun(runId, LifecycleStage.DELETED, LifecycleAudit.deletion(by, clock().now()));
    }

    @Override
    public final void restoreRun(String runId, Attribution by) {
        changeRun(runId, LifecycleStage.ACTIVE, LifecycleAudit.restoration(by, clock().now()));
    }

    @Override
    public final void deleteExperiment(String experimentId, Attribution by) {
        changeExperiment(experimentId, LifecycleStage.DELETED, LifecycleAudit.deletion(by, clock().now()));
    }

    @Override
    public final void restoreExperiment(String experimentId, Attribution by) {
        changeExperiment(experimentId, LifecycleStage.ACTIVE, LifecycleAudit.restoration(by, clock().now()));
    }

    /**
     * Moves a run to a lifecycle stage, writing its audit tags with it.
     *
     * @param runId the run
     * @param target the stage
     * @param audit the {@link LifecycleAudit} tags to write
     * @throws RunNotFoundException if the run does not exist
     * @throws IllegalStateException if the run is in {@code target} already
     */
    protected abstract void changeRun(String runId, LifecycleStage target, Map<String, String> audit);

    /**
     * Moves an experiment, and as MLflow does every run in it, to a lifecycle stage, writing the
     * experiment's audit tags with it.
     *
     * @param experimentId the experiment's id
     * @param target the stage
     * @param audit the {@link LifecycleAudit} tags to write
     * @throws IllegalArgumentException if the experiment does not exist
     * @throws IllegalStateException if the experiment is in {@code target} already
     */
    protected abstract void changeExperiment(String experimentId, LifecycleStage target, Map<String, String> audit);
}
