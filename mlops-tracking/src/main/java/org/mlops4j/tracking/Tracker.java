package org.mlops4j.tracking;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mlops4j.core.Clock;
import org.mlops4j.core.StoreException;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.ModelArtifact;
import org.slf4j.LoggerFactory;

/**
 * The experiment tracker: experiments, runs, params (write-once), metrics by step (append-only),
 * tags (mutable), artifacts, and queries over them. The SPI every store implements (in memory,
 * SQLite, PostgreSQL, MLflow); {@code TrackerContract} holds the behaviour they share.
 *
 * <p>Most code uses the {@link Run} handle from {@link #startRun(String)} or the callback form
 * {@link #run(String, RunConfig, RunBody)}; the run-id methods are the store primitives.
 *
 * <p>Runs and experiments can be soft-deleted and restored, as MLflow's {@code lifecycle_stage}
 * ({@link #deleteRun}, {@link #deleteExperiment}): a deleted run keeps its data and artifacts, is
 * left out of {@link #searchRuns} (unless the query's {@link ViewType} asks for it),
 * {@link #bestRun} and {@link #staleRuns}, and refuses writes; {@link #run(String)} still finds it,
 * with {@link RunInfo#lifecycleStage()} saying so. Deleting an experiment deletes its runs with it
 * and restoring it restores them all. Who deleted or restored, why and when is kept as tags
 * ({@link LifecycleAudit}).
 *
 * <p>All implementations are thread-safe. Writes to a run that is no longer
 * {@link RunStatus#RUNNING}, or that is deleted, fail with {@link IllegalStateException} naming the
 * run; unknown run ids with {@link RunNotFoundException}; invalid keys and values with
 * {@link IllegalArgumentException} naming them ({@link TrackingLimits}); store failures with
 * {@link StoreException}.
 */
public interface Tracker extends AutoCloseable {

    /** @return the clock that timestamps runs and metrics */
    Clock clock();

    /**
     * Returns the experiment of that name, creating it if needed. Idempotent under concurrency:
     * callers racing on one name, in one process or several, all get the same experiment.
     *
     * @param name the experiment name
     * @return the experiment
     */
    Experiment getOrCreateExperiment(String name);

    /**
     * Looks up an experiment by name, whatever its lifecycle stage (a deleted experiment keeps its
     * name taken until it is restored, as in MLflow).
     *
     * @param name the name
     * @return the experiment, or empty
     */
    Optional<Experiment> experiment(String name);

    /** @return every active experiment, by name */
    default List<Experiment> experiments() {
        return experiments(ViewType.ACTIVE_ONLY);
    }

    /**
     * Lists experiments by lifecycle stage.
     *
     * @param view which experiments to list
     * @return those experiments, by name
     */
    List<Experiment> experiments(ViewType view);

    /**
     * Soft-deletes a run: it keeps its data and artifacts, but searches leave it out by default and
     * it accepts no writes until {@link #restoreRun restored}. Records {@code by} with
     * {@link LifecycleAudit#deletion}.
     *
     * @param runId the run
     * @param by who deletes it and why
     * @throws RunNotFoundException if the run does not exist
     * @throws IllegalStateException naming the run if it is already deleted
     */
    void deleteRun(String runId, Attribution by);

    /**
     * Restores a deleted run, recording {@code by} with {@link LifecycleAudit#restoration}.
     *
     * @param runId the run
     * @param by who restores it and why
     * @throws RunNotFoundException if the run does not exist
     * @throws IllegalStateException naming the run if it is not deleted
     */
    void restoreRun(String runId, Attribution by);

    /**
     * Soft-deletes an experiment and every run in it: the experiment leaves {@link #experiments()},
     * its name stays taken ({@link #getOrCreateExperiment} then refuses it), and no run can be
     * created in it. Records {@code by} on the experiment with {@link LifecycleAudit#deletion}.
     *
     * @param experimentId the experiment's id
     * @param by who deletes it and why
     * @throws IllegalArgumentException naming the id if no experiment has it
     * @throws IllegalStateException naming the experiment if it is already deleted
     */
    void deleteExperiment(String experimentId, Attribution by);

    /**
     * Restores a deleted experiment and every run in it (including runs deleted on their own
     * before the experiment was, as MLflow does), recording {@code by} on the experiment with
     * {@link LifecycleAudit#restoration}.
     *
     * @param experimentId the experiment's id
     * @param by who restores it and why
     * @throws IllegalArgumentException naming the id if no experiment has it
     * @throws IllegalStateException naming the experiment if it is not deleted
     */
    void restoreExperiment(String experimentId, Attribution by);

    /**
     * Creates a run in an experiment (the primitive behind {@link #startRun}).
     *
     * @param experimentId the experiment
     * @param options name, parent and tags
     * @return the new run, {@link RunStatus#RUNNING}
     * @throws IllegalArgumentException if the experiment does not exist
     * @throws RunNotFoundException if the parent run does not exist
     */
    RunInfo createRun(String experimentId, RunConfig options);

    /**
     * Logs metrics, params and tags to a run in one atomic write: all or nothing.
     *
     * @param runId the run
     * @param metrics metrics to append
     * @param params params to write (each write-once)
     * @param tags tags to set
     * @throws ParamConflictException if a param already has a different value; nothing is written
     * @throws IllegalArgumentException if a metric's timestamp is out of range
     *     ({@link TrackingLimits#checkTimestamp}); nothing is written
     * @throws IllegalStateException if the run is not running
     */
    void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags);

    /**
     * Copies a file, or a directory's contents, into a run's artifacts.
     *
     * @param runId the run
     * @param source a regular file or a directory; symbolic links are refused
     * @param artifactDir the destination directory inside the run's artifacts, relative, {@code ""}
     *     for the root; {@code ..} segments and absolute paths are refused
     * @throws IllegalArgumentException for an unsafe destination or a source holding links
     */
    void logArtifact(String runId, Path source, String artifactDir);

    /**
     * Lists a run's artifacts.
     *
     * @param runId the run
     * @return the relative paths ({@code /}-separated) of every artifact file, sorted
     */
    List<String> listArtifacts(String runId);

    /**
     * Opens one artifact for reading.
     *
     * @param runId the run
     * @param path its relative path, as {@link #listArtifacts} gives it
     * @return the stream; the caller closes it
     * @throws IllegalArgumentException if the path is unsafe or names no artifact
     */
    InputStream openArtifact(String runId, String path);

    /**
     * Opens the artifact a {@code runs:/} URI names.
     *
     * @param uri the run and the artifact's path
     * @return the stream; the caller closes it
     * @throws RunNotFoundException if the run does not exist
     * @throws IllegalArgumentException if the path names no artifact
     */
    default InputStream openArtifact(RunUri uri) {
        Objects.requireNonNull(uri, "uri");
        return openArtifact(uri.runId(), uri.artifactPath());
    }

    /**
     * Returns a run's artifact as a {@link ModelArtifact} a model registry can take, for
     * registering a version straight from a run ({@link RunModels#register}). Stores that keep
     * artifacts in a local directory (in memory, SQLite, PostgreSQL) return their own stored file
     * and leave {@code stagingDir} alone; the default, for remote stores (MLflow), downloads the
     * artifact to {@code stagingDir/<run id>/<artifact path>}, hashing it as it writes. Either way
     * the file must outlive a registry that keeps the path rather than a copy
     * ({@code InMemoryModelRegistry}).
     *
     * @param uri the run and the artifact's path
     * @param stagingDir where a remote store puts the downloaded file
     * @return the file and its SHA-256
     * @throws RunNotFoundException if the run does not exist
     * @throws IllegalArgumentException if the path names no artifact
     * @throws StoreException if the file cannot be read or written
     */
    default ModelArtifact modelArtifact(RunUri uri, Path stagingDir) {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(stagingDir, "stagingDir");
        return RunModels.download(this, uri, stagingDir);
    }

    /**
     * Ends a run.
     *
     * @param runId the run
     * @param status the terminal status
     * @throws IllegalArgumentException if {@code status} is {@link RunStatus#RUNNING}
     * @throws IllegalStateException if the run has already ended
     */
    void endRun(String runId, RunStatus status);

    /**
     * Looks up a run.
     *
     * @param runId the run id
     * @return the run, or empty
     */
    Optional<RunInfo> run(String runId);

    /**
     * Searches runs.
     *
     * @param query experiments, filter, order and page
     * @return one page of results
     */
    RunPage searchRuns(RunQuery query);

    /**
     * Returns every value logged under a metric key, by step then timestamp.
     *
     * @param runId the run
     * @param key the metric key
     * @return the history; empty when the run never logged that key
     * @throws RunNotFoundException if the run does not exist
     */
    List<Metric> metricHistory(String runId, String key);

    /**
     * Returns the tags that describe where a run executes (git commit, branch, dirty flag, Java
     * version, OS, host, library version). {@link #startRun} adds them unless told not to.
     *
     * @return the tags
     */
    default Map<String, String> sourceTags() {
        return SourceInfo.detect(Path.of("")).tags();
    }

    /**
     * Starts a run in an experiment, creating the experiment if needed.
     *
     * @param experimentName the experiment
     * @return the running run
     */
    default Run startRun(String experimentName) {
        return startRun(experimentName, RunConfig.ofDefaults());
    }

    /**
     * Starts a run in an experiment, creating the experiment if needed.
     *
     * <p>Use it with try-with-resources; {@link Run#close()} ends the run {@link RunStatus#FINISHED}.
     * Java does not tell {@code close()} whether the block threw (and a {@code catch} of the same
     * statement runs after {@code close()}), so mark a failure with {@link Run#fail(Throwable)} in a
     * try/catch inside the block, or use {@link #run(String, RunConfig, RunBody)}, which does it for
     * you.
     *
     * @param experimentName the experiment
     * @param options name, parent, tags, and whether to record source tags
     * @return the running run
     */
    default Run startRun(String experimentName, RunConfig options) {
        Objects.requireNonNull(options, "options");
        Experiment experiment = getOrCreateExperiment(experimentName);
        RunConfig effective = options;
        if (options.recordSource()) {
            for (Map.Entry<String, String> t : sourceTags().entrySet()) {
                if (!options.tags().containsKey(t.getKey())) {
                    effective = effective.tag(t.getKey(), t.getValue());
                }
            }
        }
        return new Run(this, createRun(experiment.id(), effective));
    }

    /**
     * Runs work inside a run: the run ends {@link RunStatus#FINISHED} when the work returns and
     * {@link RunStatus#FAILED} when it throws (the exception still propagates, with the error
     * recorded in the run's {@code mlops.run.error} tag).
     *
     * @param experimentName the experiment
     * @param options how to start the run
     * @param body the work
     * @param <T> what the work returns
     * @param <X> what it may throw
     * @return what the work returned
     * @throws X what the work threw
     */
    default <T, X extends Exception> T run(String experimentName, RunConfig options, RunBody<T, X> body) throws X {
        Objects.requireNonNull(body, "body");
        Run run = startRun(experimentName, options);
        T result;
        try {
            result = body.apply(run);
        } catch (Exception | Error e) {
            run.fail(e);
            throw e;
        }
        run.close();
        return result;
    }

    /**
     * Logs one param.
     *
     * @param runId the run
     * @param key the key
     * @param value the value
     * @throws ParamConflictException if the param already has a different value
     */
    default void logParam(String runId, String key, String value) {
        logBatch(runId, List.of(), List.of(new Param(key, value)), List.of());
    }

    /**
     * Logs one metric value.
     *
     * @param runId the run
     * @param key the key
     * @param value the value; NaN and infinities are stored as such
     * @param step the step
     * @param timestamp when it was measured, from the epoch to the end of 9999
     * @throws IllegalArgumentException if the key or the timestamp breaks {@link TrackingLimits}
     */
    default void logMetric(String runId, String key, double value, long step, Instant timestamp) {
        logBatch(runId, List.of(new Metric(key, value, step, timestamp)), List.of(), List.of());
    }

    /**
     * Sets one tag.
     *
     * @param runId the run
     * @param key the key
     * @param value the value
     */
    default void setTag(String runId, String key, String value) {
        logBatch(runId, List.of(), List.of(), List.of(new Tag(key, value)));
    }

    /**
     * Finds the run of an experiment with the best latest value of a metric (NaN values ignored).
     *
     * @param experimentName the experiment
     * @param metric the metric key
     * @param goal whether larger or smaller is better
     * @return the best run, or empty when the experiment is unknown or no run has the metric
     */
    default Optional<RunInfo> bestRun(String experimentName, String metric, Goal goal) {
        Optional<Experiment> experiment = experiment(experimentName);
        if (experiment.isEmpty()) {
            return Optional.empty();
        }
        // Runs without the metric, or with NaN, sort last: if the first lacks it, every run does.
        RunPage page = searchRuns(RunQuery.in(experiment.get().id())
                .orderBy(RunOrder.byMetric(metric, goal))
                .maxResults(1));
        return page.runs().stream().findFirst()
                .filter(r -> r.latestMetrics().containsKey(metric) && !Double.isNaN(r.latestMetrics().get(metric).value()));
    }

    /**
     * Compares runs side by side.
     *
     * @param runIds the runs
     * @return params that differ and the latest metrics of each
     * @throws RunNotFoundException if a run does not exist
     */
    default RunComparison compare(List<String> runIds) {
        Objects.requireNonNull(runIds, "runIds");
        List<RunInfo> runs = new ArrayList<>();
        for (String id : runIds) {
            runs.add(run(id).orElseThrow(() -> new RunNotFoundException(id)));
        }
        return RunComparison.of(runs);
    }

    /**
     * Finds the runs left {@link RunStatus#RUNNING} with no write since {@code olderThan} ago:
     * those of a process that was killed or crashed before it could end them. A run's last
     * activity is its start or its latest write of metrics, params or tags, as the store records
     * it (the SQLite, PostgreSQL and in-memory stores); the default implementation, used for
     * MLflow, which records no write times, takes the later of the start and the newest latest
     * metric's timestamp. A run is stale when its last activity is strictly before
     * {@code clock().now() - olderThan}. Choose {@code olderThan} longer than the longest quiet
     * stretch of a live run (a long epoch that logs nothing).
     *
     * @param olderThan how long without a write makes a running run stale; zero or positive
     * @return the stale runs, oldest start first
     * @throws IllegalArgumentException if {@code olderThan} is negative
     */
    default List<RunInfo> staleRuns(Duration olderThan) {
        Instant cutoff = staleCutoff(clock().now(), olderThan);
        List<RunInfo> out = new ArrayList<>();
        for (Experiment experiment : experiments()) {
            RunQuery query = RunQuery.in(experiment.id()).filter(RunFilter.status(RunStatus.RUNNING))
                    .orderBy(RunOrder.newestFirst()).maxResults(1000);
            while (true) {
                RunPage page = searchRuns(query);
                for (RunInfo run : page.runs()) {
                    Instant last = run.startTime();
                    for (Metric m : run.latestMetrics().values()) {
                        if (m.timestamp().isAfter(last)) {
                            last = m.timestamp();
                        }
                    }
                    if (run.status() == RunStatus.RUNNING && last.isBefore(cutoff)) {
                        out.add(run);
                    }
                }
                if (page.nextPageToken().isEmpty()) {
                    break;
                }
                query = query.pageToken(page.nextPageToken().get());
            }
        }
        out.sort(Comparator.comparing(RunInfo::startTime).thenComparing(RunInfo::runId));
        return out;
    }

    /**
     * Ends every run {@link #staleRuns(Duration)} finds, with the given status and the current time
     * as its end time. A run that ends or receives a write meanwhile is left as it is.
     *
     * @param olderThan how long without a write makes a running run stale; zero or positive
     * @param status the terminal status to end them with, usually {@link RunStatus#KILLED} or
     *     {@link RunStatus#FAILED}
     * @return how many runs this call ended
     * @throws IllegalArgumentException if {@code olderThan} is negative or {@code status} is
     *     {@link RunStatus#RUNNING}
     */
    default int endStaleRuns(Duration olderThan, RunStatus status) {
        requireTerminal(status);
        int ended = 0;
        for (RunInfo run : staleRuns(olderThan)) {
            try {
                endRun(run.runId(), status);
                ended++;
            } catch (IllegalStateException e) {
                // Ended by someone else between the search and this call: nothing left to do.
                LoggerFactory.getLogger(Tracker.class).debug("stale run {} ended meanwhile: {}", run.runId(), e.getMessage());
            }
        }
        return ended;
    }

    /** The time before which a running run's last activity makes it stale: {@code now - olderThan}. */
    private static Instant staleCutoff(Instant now, Duration olderThan) {
        Objects.requireNonNull(olderThan, "olderThan");
        if (olderThan.isNegative()) {
            throw new IllegalArgumentException("olderThan must be zero or positive, not " + olderThan);
        }
        return now.minus(olderThan);
    }

    /** Checks the status stale runs are ended with. */
    private static RunStatus requireTerminal(RunStatus status) {
        Objects.requireNonNull(status, "status");
        if (!status.isTerminal()) {
            throw new IllegalArgumentException("stale runs can only end with a terminal status, not " + status);
        }
        return status;
    }

    /** Releases the store's resources; the default does nothing. */
    @Override
    default void close() {
    }
}
