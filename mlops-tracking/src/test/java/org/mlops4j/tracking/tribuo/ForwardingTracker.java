package org.mlops4j.tracking.tribuo;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.mlops4j.core.Clock;
import org.mlops4j.tracking.Experiment;
import org.mlops4j.tracking.Metric;
import org.mlops4j.tracking.Param;
import org.mlops4j.tracking.RunInfo;
import org.mlops4j.tracking.RunOptions;
import org.mlops4j.tracking.RunPage;
import org.mlops4j.tracking.RunQuery;
import org.mlops4j.tracking.RunStatus;
import org.mlops4j.tracking.Tag;
import org.mlops4j.tracking.Tracker;

/** A tracker that hides where its delegate keeps artifacts, as a remote tracker would. */
final class ForwardingTracker implements Tracker {

    private final Tracker delegate;

    ForwardingTracker(Tracker delegate) {
        this.delegate = delegate;
    }

    @Override
    public Clock clock() {
        return delegate.clock();
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
    public RunInfo createRun(String experimentId, RunOptions options) {
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
}
