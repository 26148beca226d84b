package org.mlops4j.tracking;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mlops4j.core.Clock;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.ModelArtifact;

/**
 * A {@link Tracker} that passes every call to another: the base of tracker decorators, which
 * override only what they change (as {@link AsyncTracker} does for writes). Thread-safe when the
 * delegate is.
 */
public abstract class ForwardingTracker implements Tracker {

    private final Tracker delegate;

    /**
     * Creates the decorator.
     *
     * @param delegate the tracker that does the work
     */
    protected ForwardingTracker(Tracker delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** @return the tracker calls are passed to */
    protected final Tracker delegate() {
        return delegate;
    }

    @Override
    public Clock clock() {
        return delegate.clock();
    }

    @Override
    public Map<String, String> sourceTags() {
        return delegate.sourceTags();
    }

    @Override
    public Experiment getOrCreateExperiment(String name) {
        return delegate.getOrCreateExperiment(name);
    }

    @Override
    public Optional<Experiment> experiment(String name) {
        return delegate.experiment(name);
    }

    @Override
    public List<Experiment> experiments() {
        return delegate.experiments();
    }

    @Override
    public List<Experiment> experiments(ViewType view) {
        return delegate.experiments(view);
    }

    @Override
    public void deleteRun(String runId, Attribution by) {
        delegate.deleteRun(runId, by);
    }

    @Override
    public void restoreRun(String runId, Attribution by) {
        delegate.restoreRun(runId, by);
    }

    @Override
    public void deleteExperiment(String experimentId, Attribution by) {
        delegate.deleteExperiment(experimentId, by);
    }

    @Override
    public void restoreExperiment(String experimentId, Attribution by) {
        delegate.restoreExperiment(experimentId, by);
    }

    @Override
    public ModelArtifact modelArtifact(RunUri uri, Path stagingDir) {
        return delegate.modelArtifact(uri, stagingDir);
    }

    @Override
    public RunInfo createRun(String experimentId, RunConfig options) {
        return delegate.createRun(experimentId, options);
    }

    @Override
    public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) {
        delegate.logBatch(runId, metrics, params, tags);
    }

    @Override
    public void logArtifact(String runId, Path source, String artifactDir) {
        delegate.logArtifact(runId, source, artifactDir);
    }

    @Override
    public List<String> listArtifacts(String runId) {
        return delegate.listArtifacts(runId);
    }

    @Override
    public InputStream openArtifact(String runId, String path) {
        return delegate.openArtifact(runId, path);
    }

    @Override
    public void endRun(String runId, RunStatus status) {
        delegate.endRun(runId, status);
    }

    @Override
    public Optional<RunInfo> run(String runId) {
        return delegate.run(runId);
    }

    @Override
    public RunPage searchRuns(RunQuery query) {
        return delegate.searchRuns(query);
    }

    @Override
    public List<Metric> metricHistory(String runId, String key) {
        return delegate.metricHistory(runId, key);
    }

    @Override
    public List<RunInfo> staleRuns(Duration olderThan) {
        return delegate.staleRuns(olderThan);
    }

    @Override
    public int endStaleRuns(Duration olderThan, RunStatus status) {
        return delegate.endStaleRuns(olderThan, status);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
