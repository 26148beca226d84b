package org.mlops4j.tracking;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.ModelArtifact;

/**
 * A {@link Tracker} that takes metrics, params and tags off the caller's thread: it wraps any
 * tracker with a bounded queue and one writer thread, so that logging costs the caller a queue
 * offer and does not wait for the store: when the store falls behind (down, slow, or an SQLite
 * file locked by another process) and the queue is full, a logging call waits at most
 * {@link AsyncTrackerConfig#queueFullWait()} (100 ms by default) for space, then drops its write
 * and counts it in {@link Stats#dropped()} ({@link QueueFullPolicy#DROP}, the default), or, under
 * {@link QueueFullPolicy#BLOCK}, waits as long as it takes.
 *
 * <pre>{@code
 * try (Tracker tracker = AsyncTracker.wrap(store);
 *      Run run = tracker.startRun("fraud")) {
 *     run.logMetric("loss", loss, step);   // queued; returns at once
 * }   // the run ends after its writes land; close drains the queue and closes the store
 * }</pre>
 *
 * <p><b>Writes</b> ({@link #logMetric}, {@link #logBatch}, {@link #logParam}, {@link #setTag}) are
 * validated on the caller's thread, which still gets {@link IllegalArgumentException} for a bad
 * key or value, then queued. The writer thread (a daemon named {@code mlops-async-tracker}) merges
 * consecutive writes to one run into {@link Tracker#logBatch} calls of at most
 * {@link AsyncTrackerConfig#maxBatchSize()} entries, 100 params and 100 tags (MLflow's limits),
 * splitting larger writes; a write with params is sent alone, so that a
 * {@link ParamConflictException} fails only that write. A write split across calls is no longer
 * atomic. Within one run, writes reach the store in the order they were queued. While writes keep
 * coming the writer looks at the queue every millisecond, rather than wait on it, so that a logging
 * thread never pays the system call that wakes it; after 100 ms without writes it sleeps until the
 * next write wakes it. A write therefore lands about a millisecond after it is queued, or as soon as
 * someone flushes. The queue takes no lock: a logging call is a compare-and-set and a store into an
 * array, and never waits for a writer that is busy or descheduled.
 *
 * <p><b>Failures</b> never reach the caller's thread. A {@link org.mlops4j.core.StoreException} is
 * retried {@link AsyncTrackerConfig#maxRetries()} times with exponential backoff; then, and at once
 * for any other error (a param conflict, an ended or unknown run), the write is given up on: logged
 * at WARN, counted in {@link Stats#failed()}, and passed to the
 * {@link AsyncTrackerConfig#failureListener()}. Later writes go on. A call merged from several
 * writes (metrics and tags, never a caller's params) that the store refuses for any other reason
 * than a {@link org.mlops4j.core.StoreException} or an ended or unknown run is retried entry by
 * entry, so that only the entries the store refuses are lost, each reported with its key. A full
 * queue drops the write after a short wait, or blocks, by
 * {@link AsyncTrackerConfig#queueFullPolicy()}.
 *
 * <p><b>Everything else</b> is synchronous and goes to the wrapped tracker, and waits for it as
 * that tracker does: {@link #startRun}, {@link #endRun} and the reads below wait for a locked or
 * slow store. Reads of run data
 * ({@link #run}, {@link #searchRuns}, {@link #metricHistory}, {@link #bestRun}, {@link #compare})
 * and {@link #endRun} first {@link #flush()}, so a thread reads its own writes and a run ends after
 * its writes land. {@link #startRun} returns a {@link Run} that logs through this tracker.
 *
 * <p><b>Shutdown.</b> {@link #close()} writes everything queued, stops the writer and closes the
 * wrapped tracker; with a store that is down, it waits out the retries of every queued write. The
 * writer thread is a daemon, so writes still queued when the JVM exits without {@code close()} are
 * lost.
 *
 * <p>Make it the outermost layer when tracker decorators nest,
 * {@code AsyncTracker.wrap(otherDecorator(store))}, so that every layer below runs on the writer
 * thread and none on the caller's. Thread-safe.
 */
public final class AsyncTracker extends ForwardingTracker {

    private final AsyncTrackerConfig config;
    private final WriteQueue queue;

    /**
     * Told of each write an {@link AsyncTracker} gives up on. Called on the writer thread, one
     * failure at a time: it must be quick, and must not call {@link AsyncTracker#flush()} or
     * {@link AsyncTracker#close()}, which wait for that thread. A listener that throws is logged and
     * ignored.
     */
    @FunctionalInterface
    public interface FailureListener {

        /**
         * Handles one write given up on.
         *
         * @param failure the run, the entries lost, and why
         */
        void onFailure(WriteFailure failure);

        /** @return a listener that does nothing, for when failures need no more than the log and the counter */
        static FailureListener noop() {
            return failure -> { };
        }
    }

    /**
     * One store call given up on: what it would have written and the last error.
     *
     * @param runId the run
     * @param metrics the metrics not written
     * @param params the params not written
     * @param tags the tags not written
     * @param attempts how many times the call was tried, at least 1
     * @param error the last error; a {@link org.mlops4j.core.StoreException} when retries ran out
     */
    public record WriteFailure(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags,
                               int attempts, Throwable error) {

        /**
         * Validates and freezes the components.
         *
         * @param runId the run
         * @param metrics the metrics not written
         * @param params the params not written
         * @param tags the tags not written
         * @param attempts how many times the call was tried, at least 1
         * @param error the last error; a {@link org.mlops4j.core.StoreException} when retries ran out
         * @throws NullPointerException if any is null
         * @throws IllegalArgumentException if {@code attempts} is below 1
         */
        public WriteFailure {
            Objects.requireNonNull(runId, "runId");
            metrics = List.copyOf(metrics);
            params = List.copyOf(params);
            tags = List.copyOf(tags);
            Objects.requireNonNull(error, "error");
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be at least 1 but was " + attempts);
            }
        }

        /** @return how many entries (metric values, params and tags) were lost */
        public int entries() {
            return metrics.size() + params.size() + tags.size();
        }
    }

    /**
     * Counts of entries (metric values, params, tags) since the tracker was built. A snapshot read
     * counter by counter, not atomically.
     *
     * @param enqueued entries accepted into the queue
     * @param written entries the wrapped tracker stored
     * @param dropped entries refused because the queue stayed full for
     *     {@link AsyncTrackerConfig#queueFullWait()} under {@link QueueFullPolicy#DROP}, or because the
     *     caller was interrupted while waiting for space
     * @param failed entries given up on after a failure
     * @param retried store calls tried again after a {@link org.mlops4j.core.StoreException}
     */
    public record Stats(long enqueued, long written, long dropped, long failed, long retried) {

        /** @return entries accepted but neither written nor given up on yet */
        public long pending() {
            return enqueued - written - failed;
        }
    }

    /**
     * Wraps a tracker and starts the writer thread.
     *
     * @param delegate the tracker that stores the writes; closed by {@link #close()}
     * @param config queue, batch and retry settings
     */
    public AsyncTracker(Tracker delegate, AsyncTrackerConfig config) {
        this(delegate, config, d -> TimeUnit.NANOSECONDS.sleep(WriteQueue.nanos(d)));
    }

    AsyncTracker(Tracker delegate, AsyncTrackerConfig config, BatchWriter.Pause pause) {
        super(delegate);
        this.config = Objects.requireNonNull(config, "config");
        this.queue = new WriteQueue(delegate, config, Objects.requireNonNull(pause, "pause"));
    }

    /**
     * Wraps a tracker with {@link AsyncTrackerConfig#ofDefaults()}.
     *
     * @param delegate the tracker that stores the writes
     * @return the asynchronous tracker
     */
    public static AsyncTracker wrap(Tracker delegate) {
        return new AsyncTracker(delegate, AsyncTrackerConfig.ofDefaults());
    }

    /** @return the settings it runs with */
    public AsyncTrackerConfig config() {
        return config;
    }

    /** @return the counts so far */
    public Stats stats() {
        return queue.stats();
    }

    /**
     * Queues one metric value: the hot path, one small object and a queue offer. When the queue is
     * full, waits for space by {@link AsyncTrackerConfig#queueFullPolicy()}: at most
     * {@link AsyncTrackerConfig#queueFullWait()} before the write is dropped and counted, by default.
     *
     * @throws IllegalArgumentException if the key or the timestamp breaks {@link TrackingLimits}
     * @throws IllegalStateException if the tracker is closed
     */
    @Override
    public void logMetric(String runId, String key, double value, long step, Instant timestamp) {
        Objects.requireNonNull(runId, "runId");
        Metric metric = new Metric(key, value, step, timestamp);
        TrackingLimits.checkTimestamp(key, timestamp);
        queue.add(new QueuedWrite.OneMetric(runId, metric), 1);
    }

    /**
     * Queues metrics, params and tags for the writer. Unlike a synchronous store, a
     * {@link ParamConflictException} or an ended run is reported through the failure listener, not
     * thrown.
     *
     * @throws IllegalArgumentException if a metric's timestamp breaks {@link TrackingLimits}
     * @throws IllegalStateException if the tracker is closed
     */
    @Override
    public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(tags, "tags");
        TrackingLimits.checkTimestamps(metrics);
        QueuedWrite.Batch batch = new QueuedWrite.Batch(runId, List.copyOf(metrics), List.copyOf(params),
                List.copyOf(tags));
        if (batch.entries() == 0) {
            queue.requireOpen();
            return;
        }
        queue.add(batch, batch.entries());
    }

    /**
     * Waits until every write queued before the call has been written or given up on. If the
     * calling thread is interrupted, returns early with its interrupt status set.
     *
     * @throws IllegalStateException if called from the failure listener
     */
    public void flush() {
        queue.flush(WriteQueue.FOREVER_NANOS);
    }

    /**
     * Waits, at most a timeout, until every write queued before the call has been written or given
     * up on.
     *
     * @param timeout the longest wait
     * @return true if everything was written or given up on; false on timeout or interrupt (the
     *     interrupt status is then set)
     * @throws IllegalArgumentException if the timeout is negative
     * @throws IllegalStateException if called from the failure listener
     */
    public boolean flush(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative but was " + timeout);
        }
        return queue.flush(WriteQueue.nanos(timeout));
    }

    /**
     * Writes everything queued, stops the writer thread and closes the wrapped tracker. Later writes
     * throw {@link IllegalStateException}; other calls go to the closed wrapped tracker. Idempotent:
     * a second call waits for the first to finish.
     *
     * @throws IllegalStateException if called from the failure listener
     */
    @Override
    public void close() {
        queue.close();
    }

    // Everything not overridden here goes straight to the wrapped tracker (ForwardingTracker).

    // Reads and endRun flush first: a reader sees its own writes, and a run ends after its writes land.

    /** Flushes, then ends the run: writes queued before the call are stored before the run ends. */
    @Override
    public void endRun(String runId, RunStatus status) {
        flush();
        delegate().endRun(runId, status);
    }

    /** Flushes, then deletes: writes queued before the call land before the run turns read-only. */
    @Override
    public void deleteRun(String runId, Attribution by) {
        flush();
        delegate().deleteRun(runId, by);
    }

    /** Flushes, then deletes: writes queued before the call land before the runs turn read-only. */
    @Override
    public void deleteExperiment(String experimentId, Attribution by) {
        flush();
        delegate().deleteExperiment(experimentId, by);
    }

    /** Flushes, then reads, so that the caller gets the artifact its own writes logged. */
    @Override
    public ModelArtifact modelArtifact(RunUri uri, Path stagingDir) {
        flush();
        return delegate().modelArtifact(uri, stagingDir);
    }

    /** Flushes, then reads, so that the caller sees its own writes. */
    @Override
    public Optional<RunInfo> run(String runId) {
        flush();
        return delegate().run(runId);
    }

    /** Flushes, then reads, so that the caller sees its own writes. */
    @Override
    public RunPage searchRuns(RunQuery query) {
        flush();
        return delegate().searchRuns(query);
    }

    /** Flushes, then reads, so that the caller sees its own writes. */
    @Override
    public List<Metric> metricHistory(String runId, String key) {
        flush();
        return delegate().metricHistory(runId, key);
    }

    /** Flushes, then reads, so that the caller sees its own writes. */
    @Override
    public Optional<RunInfo> bestRun(String experimentName, String metric, Goal goal) {
        flush();
        return delegate().bestRun(experimentName, metric, goal);
    }

    /** Flushes, then reads, so that the caller sees its own writes. */
    @Override
    public RunComparison compare(List<String> runIds) {
        flush();
        return delegate().compare(runIds);
    }

    @Override
    public String toString() {
        return "AsyncTracker[" + delegate() + ", " + stats() + "]";
    }
}
