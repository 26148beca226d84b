package org.mlops4j.tracking;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.mlops4j.core.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer behind an {@link AsyncTracker}: takes queued writes, merges consecutive writes to one
 * run into {@link Tracker#logBatch} calls within MLflow's per-call limits, retries store failures
 * with exponential backoff, and reports what it gives up on. Runs on the writer thread only.
 */
final class BatchWriter implements Runnable {

    /** MLflow's limit on the params of one log-batch call. */
    static final int MAX_PARAMS_PER_CALL = 100;
    /** MLflow's limit on the tags of one log-batch call. */
    static final int MAX_TAGS_PER_CALL = 100;

    /** How long the writer pauses when it finds the queue empty while writes keep coming. */
    static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** How many empty pauses in a row before the writer waits on the queue instead (100 ms idle). */
    static final int IDLE_LINGERS = 100;
    /** Looks at a claimed, unpublished write spent spinning before the writer yields, then parks. */
    static final int STALL_SPINS = 16;
    /** The writer's timed park while a producer that claimed a write has not published it. */
    static final long STALL_PARK_NANOS = 20_000L;

    private static final Logger LOG = LoggerFactory.getLogger(AsyncTracker.class);

    /** Waits between retries; a parameter so that tests can record the waits instead of sleeping. */
    @FunctionalInterface
    interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    private final WriteRing ring;
    private final Tracker delegate;
    private final AsyncTrackerConfig config;
    private final Pause pause;

    final LongAdder written = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder retried = new LongAdder();

    private final List<QueuedWrite> taken = new ArrayList<>();
    // The group being built: consecutive writes to one run without params.
    private String groupRunId;
    private final List<Metric> groupMetrics = new ArrayList<>();
    private final Map<String, Tag> groupTags = new LinkedHashMap<>();

    BatchWriter(WriteRing ring, Tracker delegate, AsyncTrackerConfig config, Pause pause) {
        this.ring = ring;
        this.delegate = delegate;
        this.config = config;
        this.pause = pause;
    }

    /**
     * Writes until the ring is closed and everything accepted before the close is written. While
     * writes keep coming it naps between looks at the ring rather than sleep on it: a sleeping
     * writer is woken by the next offer, a system call paid by the logging thread. After
     * {@link #IDLE_LINGERS} empty naps it sleeps until an offer, a flush or the close wakes it.
     */
    @Override
    public void run() {
        int idle = 0;
        int stalls = 0;
        while (true) {
            if (ring.drainTo(taken, config.maxBatchSize()) > 0) {
                idle = 0;
                stalls = 0;
                process(taken);
                taken.clear();
            } else if (ring.closedAndDrained()) {
                return;
            } else if (!ring.isEmpty()) {
                // A write claimed and not yet published: its producer is between two instructions,
                // or descheduled there; spin a little, then yield, then park briefly rather than
                // hold a core the producer may need.
                stalls++;
                if (stalls <= STALL_SPINS) {
                    Thread.onSpinWait();
                } else if (stalls <= 4 * STALL_SPINS) {
                    Thread.yield();
                } else {
                    LockSupport.parkNanos(this, STALL_PARK_NANOS);
                    Thread.interrupted();
                }
            } else if (idle < IDLE_LINGERS) {
                idle++;
                LockSupport.parkNanos(this, LINGER_NANOS);
                // An interrupt is no stop signal; cleared, or every later pause would return at once.
                Thread.interrupted();
            } else {
                ring.sleepWriter(Long.MAX_VALUE);
                Thread.interrupted();
            }
        }
    }

    /**
     * Writes a run of queued items in order. Barriers release once what precedes them is written.
     *
     * @param items what was taken from the ring
     */
    void process(List<QueuedWrite> items) {
        for (QueuedWrite item : items) {
            if (item instanceof QueuedWrite.OneMetric one) {
                join(one.runId());
                groupMetrics.add(one.metric());
            } else if (item instanceof QueuedWrite.Batch batch) {
                if (batch.params().isEmpty()) {
                    join(batch.runId());
                    groupMetrics.addAll(batch.metrics());
                    for (Tag t : batch.tags()) {
                        // A later value of the same key replaces it, as the store would overwrite it:
                        // the replaced entry is done, and counts as written (else pending() would
                        // never return to zero).
                        if (groupTags.put(t.key(), t) != null) {
                            written.increment();
                        }
                    }
                } else {
                    // A write with params goes alone: a param conflict then fails only the call that made it.
                    sendGroup();
                    send(batch.runId(), batch.metrics(), batch.params(), batch.tags());
                }
            } else if (item instanceof QueuedWrite.Barrier barrier) {
                sendGroup();
                barrier.release();
            }
        }
        sendGroup();
    }

    private void join(String runId) {
        if (groupRunId != null && !groupRunId.equals(runId)) {
            sendGroup();
        }
        groupRunId = runId;
    }

    private void sendGroup() {
        if (groupRunId == null) {
            return;
        }
        send(groupRunId, groupMetrics, List.of(), new ArrayList<>(groupTags.values()));
        groupRunId = null;
        groupMetrics.clear();
        groupTags.clear();
    }

    /** Sends one run's entries in calls within the limits: params and tags first, metrics filling the rest. */
    private void send(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) {
        int m = 0;
        int p = 0;
        int t = 0;
        while (m < metrics.size() || p < params.size() || t < tags.size()) {
            int room = config.maxBatchSize();
            int np = Math.min(params.size() - p, Math.min(MAX_PARAMS_PER_CALL, room));
            room -= np;
            int nt = Math.min(tags.size() - t, Math.min(MAX_TAGS_PER_CALL, room));
            room -= nt;
            int nm = Math.min(metrics.size() - m, room);
            write(runId, List.copyOf(metrics.subList(m, m + nm)), List.copyOf(params.subList(p, p + np)),
                    List.copyOf(tags.subList(t, t + nt)));
            m += nm;
            p += np;
            t += nt;
        }
    }

    /** One store call, retried while the store fails, reported when it gives up. */
    private void write(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) {
        int entries = metrics.size() + params.size() + tags.size();
        Duration backoff = config.initialBackoff();
        int attempt = 1;
        while (true) {
            try {
                delegate.logBatch(runId, metrics, params, tags);
                written.add(entries);
                return;
            } catch (StoreException e) {
                if (attempt > config.maxRetries() || !waitBeforeRetry(backoff)) {
                    report(new AsyncTracker.WriteFailure(runId, metrics, params, tags, attempt, e));
                    return;
                }
                retried.increment();
                attempt++;
                backoff = backoff.compareTo(config.maxBackoff().dividedBy(2)) > 0 ? config.maxBackoff()
                        : backoff.multipliedBy(2);
            } catch (Throwable e) {
                // Guards the delegate, a plug-in: anything else (a param conflict, an ended or unknown run, a
                // bug) will not succeed on retry, and must not kill the writer that every caller relies on.
                if (isolatable(entries, params, e)) {
                    isolate(runId, metrics, tags, e);
                } else {
                    report(new AsyncTracker.WriteFailure(runId, metrics, params, tags, attempt, e));
                }
                return;
            }
        }
    }

    /**
     * Whether a failed call is retried entry by entry: a call of several metrics and tags (merged
     * from many writes, never a caller's own params) refused for something one entry may cause (a
     * value the store will not take). Not a store that is down, whose failure is retried as a
     * whole, nor a run that is ended or unknown, which refuses every entry alike.
     */
    private static boolean isolatable(int entries, List<Param> params, Throwable e) {
        return entries > 1 && params.isEmpty() && e instanceof RuntimeException
                && !(e instanceof StoreException) && !(e instanceof RunNotFoundException)
                && !(e instanceof IllegalStateException);
    }

    /** Writes a failed call's entries one call each, so that only the entries the store refuses are lost. */
    private void isolate(String runId, List<Metric> metrics, List<Tag> tags, Throwable e) {
        LOG.warn("async tracker: the store refused a batch of {} metrics and {} tags of run {} ({}); writing them"
                + " one by one so that only the refused ones are lost", metrics.size(), tags.size(), runId,
                e.toString());
        for (Tag t : tags) {
            write(runId, List.of(), List.of(), List.of(t));
        }
        for (Metric m : metrics) {
            write(runId, List.of(m), List.of(), List.of());
        }
    }

    private boolean waitBeforeRetry(Duration backoff) {
        try {
            pause.pause(backoff);
            return true;
        } catch (InterruptedException e) {
            // Only the writer's owner could interrupt it; take it as "stop retrying this write".
            return false;
        }
    }

    /** @return the keys lost, at most the first 10 and how many more, for the log */
    private static String keys(AsyncTracker.WriteFailure failure) {
        List<String> keys = new ArrayList<>();
        failure.metrics().forEach(m -> keys.add("metric '" + m.key() + "'"));
        failure.params().forEach(p -> keys.add("param '" + p.key() + "'"));
        failure.tags().forEach(t -> keys.add("tag '" + t.key() + "'"));
        int shown = Math.min(keys.size(), 10);
        return String.join(", ", keys.subList(0, shown))
                + (keys.size() > shown ? " and " + (keys.size() - shown) + " more" : "");
    }

    private void report(AsyncTracker.WriteFailure failure) {
        failed.add(failure.entries());
        LOG.warn("async tracker gave up on {} metrics, {} params and {} tags of run {} after {} attempt(s): {}",
                failure.metrics().size(), failure.params().size(), failure.tags().size(), failure.runId(),
                failure.attempts(), keys(failure), failure.error());
        try {
            config.failureListener().onFailure(failure);
        } catch (Throwable e) {
            // Guards the user's listener: a listener that throws must not stop later writes.
            LOG.warn("async tracker failure listener threw while handling a failure of run {}", failure.runId(), e);
        }
    }
}
