package org.mlops4j.tracking;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.mlops4j.core.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.mlops4j.tracking.internal.ArtifactPaths;

/**
 * A handle on one running run, bound to the tracker that started it. Logging methods return the
 * handle so calls chain. Thread-safe: several threads may log into one run.
 *
 * <pre>{@code
 * try (Run run = tracker.startRun("fraud")) {
 *     run.logParam("epochs", 10);
 *     for (int epoch = 0; epoch < 10; epoch++) {
 *         run.logMetric("loss", loss[epoch], epoch);
 *     }
 * }   // ends FINISHED
 * }</pre>
 *
 * <p>{@link #close()} ends the run {@link RunStatus#FINISHED} unless it has already ended. Java's
 * try-with-resources does not tell {@code close()} whether its block threw, and a {@code catch} of
 * the same statement runs only after {@code close()} has ended the run; so record a failure with
 * {@link #fail(Throwable)} in a try/catch inside the block, or run the work through
 * {@link Tracker#run(String, RunConfig, RunBody)}, which ends the run {@link RunStatus#FAILED}
 * when the work throws.
 */
public final class Run implements AutoCloseable {

    /** Tag holding the error of a failed run. */
    public static final String ERROR_TAG = "mlops.run.error";

    private static final Logger LOG = LoggerFactory.getLogger(Run.class);

    private final Tracker tracker;
    private final RunInfo started;
    private final AtomicBoolean ended = new AtomicBoolean();

    Run(Tracker tracker, RunInfo started) {
        this.tracker = Objects.requireNonNull(tracker, "tracker");
        this.started = Objects.requireNonNull(started, "started");
    }

    /** @return the run's id */
    public String id() {
        return started.runId();
    }

    /** @return the id of the experiment it belongs to */
    public String experimentId() {
        return started.experimentId();
    }

    /** @return the run's name */
    public String name() {
        return started.runName();
    }

    /** @return the tracker the run logs to */
    public Tracker tracker() {
        return tracker;
    }

    /**
     * Logs a param (write-once).
     *
     * @param key the key
     * @param value the value, written as {@code String.valueOf(value)}; not null
     * @return this run
     * @throws NullPointerException naming the key if the value is null (it was stored as "null")
     * @throws ParamConflictException if it was logged before with a different value
     */
    public Run logParam(String key, Object value) {
        tracker.logParam(id(), key, String.valueOf(nonNull(value, "param", key)));
        return this;
    }

    private static <T> T nonNull(T value, String kind, String key) {
        if (value == null) {
            throw new NullPointerException("value of " + kind + " '" + key + "' must not be null");
        }
        return value;
    }

    /**
     * Logs several params in one write.
     *
     * @param params key to value, written as {@code String.valueOf(value)}; no value may be null
     * @return this run
     * @throws NullPointerException naming the key of a null value; nothing is written
     */
    public Run logParams(Map<String, ?> params) {
        List<Param> list = new ArrayList<>(params.size());
        params.forEach((k, v) -> list.add(new Param(k, String.valueOf(nonNull(v, "param", k)))));
        tracker.logBatch(id(), List.of(), list, List.of());
        return this;
    }

    /**
     * Logs a metric value at step 0.
     *
     * @param key the key
     * @param value the value
     * @return this run
     */
    public Run logMetric(String key, double value) {
        return logMetric(key, value, 0L);
    }

    /**
     * Logs a metric value at a step, timestamped by the tracker's clock.
     *
     * @param key the key
     * @param value the value; NaN and infinities are stored as such
     * @param step the step (epoch, iteration)
     * @return this run
     */
    public Run logMetric(String key, double value, long step) {
        tracker.logMetric(id(), key, value, step, tracker.clock().now());
        return this;
    }

    /**
     * Logs several metric values at one step in one write.
     *
     * @param metrics key to value
     * @param step the step
     * @return this run
     */
    public Run logMetrics(Map<String, Double> metrics, long step) {
        List<Metric> list = new ArrayList<>(metrics.size());
        var now = tracker.clock().now();
        metrics.forEach((k, v) -> list.add(new Metric(k, nonNull(v, "metric", k), step, now)));
        tracker.logBatch(id(), list, List.of(), List.of());
        return this;
    }

    /**
     * Sets a tag.
     *
     * @param key the key
     * @param value the value
     * @return this run
     */
    public Run setTag(String key, String value) {
        tracker.setTag(id(), key, value);
        return this;
    }

    /**
     * Copies a file, or a directory's contents, into the root of the run's artifacts.
     *
     * @param source the file or directory
     * @return this run
     */
    public Run logArtifact(Path source) {
        return logArtifact(source, "");
    }

    /**
     * Copies a file, or a directory's contents, into a directory of the run's artifacts.
     *
     * @param source the file or directory
     * @param artifactDir the relative destination directory
     * @return this run
     */
    public Run logArtifact(Path source, String artifactDir) {
        tracker.logArtifact(id(), source, artifactDir);
        return this;
    }

    /**
     * Writes text as an artifact file.
     *
     * @param text the content, written as UTF-8
     * @param artifactFile the relative path of the file, for example {@code eval/confusion.json}
     * @return this run
     * @throws StoreException if the temporary file cannot be written
     */
    public Run logText(String text, String artifactFile) {
        Objects.requireNonNull(text, "text");
        ArtifactPaths.check(artifactFile);
        if (artifactFile.isEmpty()) {
            throw new IllegalArgumentException("artifactFile must name a file but was empty");
        }
        int slash = artifactFile.lastIndexOf('/');
        String dir = slash < 0 ? "" : artifactFile.substring(0, slash);
        String fileName = artifactFile.substring(slash + 1);
        Path tmpDir = null;
        try {
            tmpDir = Files.createTempDirectory("mlops4j-artifact-");
            Path file = Files.writeString(tmpDir.resolve(fileName), text, StandardCharsets.UTF_8);
            tracker.logArtifact(id(), file, dir);
        } catch (IOException e) {
            throw new StoreException("cannot write artifact '" + artifactFile + "' of run " + id(), e);
        } finally {
            if (tmpDir != null) {
                ArtifactPaths.deleteQuietly(tmpDir);
            }
        }
        return this;
    }

    /**
     * Fetches the run's current state from the store.
     *
     * @return the run
     */
    public RunInfo info() {
        return tracker.run(id()).orElseThrow(() -> new RunNotFoundException(id()));
    }

    /**
     * Ends the run {@link RunStatus#FAILED}, recording the error in the {@value #ERROR_TAG} tag.
     * Does nothing if the run has already ended.
     *
     * @param cause what failed
     */
    public void fail(Throwable cause) {
        Objects.requireNonNull(cause, "cause");
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        try {
            StringWriter trace = new StringWriter();
            cause.printStackTrace(new PrintWriter(trace));
            String text = trace.toString();
            tracker.setTag(id(), ERROR_TAG, text.length() <= TrackingLimits.MAX_TAG_VALUE_LENGTH ? text
                    : text.substring(0, TrackingLimits.MAX_TAG_VALUE_LENGTH));
        } catch (RuntimeException e) {
            // The run's failure matters more than its error tag: record it and end the run anyway.
            LOG.warn("cannot record the error of failed run {}", id(), e);
            cause.addSuppressed(e);
        }
        tracker.endRun(id(), RunStatus.FAILED);
    }

    /**
     * Ends the run with a status. Does nothing if the run has already ended through this handle.
     *
     * @param status a terminal status
     * @throws IllegalArgumentException if {@code status} is {@link RunStatus#RUNNING}
     */
    public void end(RunStatus status) {
        Objects.requireNonNull(status, "status");
        if (!status.isTerminal()) {
            throw new IllegalArgumentException("a run can only end with a terminal status, not " + status);
        }
        if (ended.compareAndSet(false, true)) {
            tracker.endRun(id(), status);
        }
    }

    /** @return true once the run has ended through this handle */
    public boolean isEnded() {
        return ended.get();
    }

    /** Ends the run {@link RunStatus#FINISHED} unless it has already ended. */
    @Override
    public void close() {
        end(RunStatus.FINISHED);
    }

    @Override
    public String toString() {
        return "Run[" + id() + ", " + name() + "]";
    }
}
