package org.mlops4j.tracking;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** What an {@link AsyncTracker} puts in its queue: writes, and barriers that mark a point in it. */
sealed interface QueuedWrite permits QueuedWrite.OneMetric, QueuedWrite.Batch, QueuedWrite.Barrier {

    /**
     * One metric value: what {@link AsyncTracker#logMetric} queues, one small object per call.
     *
     * @param runId the run
     * @param metric the validated value
     */
    record OneMetric(String runId, Metric metric) implements QueuedWrite {
    }

    /**
     * One {@link Tracker#logBatch} call, its lists copied.
     *
     * @param runId the run
     * @param metrics the metrics
     * @param params the params
     * @param tags the tags
     */
    record Batch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) implements QueuedWrite {

        /** @return how many entries it holds */
        int entries() {
            return metrics.size() + params.size() + tags.size();
        }
    }

    /**
     * A point in the queue: released once every write queued before it has been written or given
     * up on. A flush waits on one. Compared by identity.
     */
    final class Barrier implements QueuedWrite {

        private final CountDownLatch reached = new CountDownLatch(1);

        void release() {
            reached.countDown();
        }

        boolean await(long nanos) throws InterruptedException {
            return reached.await(nanos, TimeUnit.NANOSECONDS);
        }
    }
}
