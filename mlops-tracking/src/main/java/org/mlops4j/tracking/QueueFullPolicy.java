package org.mlops4j.tracking;

/**
 * What an {@link AsyncTracker} does with a write when its queue is full, that is when the store
 * falls behind the code that logs.
 */
public enum QueueFullPolicy {
    /**
     * Wait for space: the logging thread slows to the store's pace and no write is lost. The
     * default, because a tracker's job is a complete record of the run.
     */
    BLOCK,
    /**
     * Drop the write and count it in {@link AsyncTracker.Stats#dropped()}: the logging thread never
     * waits, at the price of gaps in the run's record. For code whose latency matters more than
     * its metrics, such as a serving path that logs per request.
     */
    DROP
}
