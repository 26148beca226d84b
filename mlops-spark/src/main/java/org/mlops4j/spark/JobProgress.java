package org.mlops4j.spark;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds a {@link ScoringProgress} from a Spark listener: after each finished task (Spark merges a
 * task's accumulator updates on the driver before it tells the listeners), the rows counted since
 * the job started, when they grew; at the end, the final counts (once, even when no row was scored). The listener is guarded: its failure is logged and counted.
 */
final class JobProgress extends SparkListener {

    private static final Logger LOG = LoggerFactory.getLogger(JobProgress.class);

    private final ScoringProgress listener;
    private final LongAccumulator scored;
    private final LongAccumulator failed;
    private final long scoredBefore;
    private final long failedBefore;
    private long reported;
    private boolean heard;
    private boolean closed;
    private long listenerFailures;

    JobProgress(ScoringProgress listener, LongAccumulator scored, LongAccumulator failed) {
        this.listener = listener;
        this.scored = scored;
        this.failed = failed;
        this.scoredBefore = scored.value();
        this.failedBefore = failed.value();
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        report(false);
    }

    long rows() {
        return scored.value() - scoredBefore;
    }

    long failed() {
        return failed.value() - failedBefore;
    }

    /** Reports the counts if they grew; the final report closes the listener to later task ends. */
    synchronized void report(boolean last) {
        if (closed) {
            return;
        }
        closed = last;
        long rows = rows();
        // The final report is made even for a job of no rows, so the listener always hears the end.
        if (rows <= reported && (heard || !last)) {
            return;
        }
        reported = rows;
        heard = true;
        try {
            listener.onProgress(rows, failed());
        } catch (RuntimeException e) {
            // A progress listener must never fail the job it watches.
            listenerFailures++;
            LOG.warn("the scoring progress listener failed ({} failures so far)", listenerFailures, e);
        }
    }
}
