package org.mlops4j.tracking;

/**
 * What an {@link AsyncTracker} does with a write when its queue is full, that is when the store
 * falls behind the code that logs (a store that is down, or an SQLite file locked by another
 * process).
 */
public enum QueueFullPolicy {
    /**
     * Wait for space as long as it takes: the logging thread slows to the store's pace, and stops
     * while the store is locked or down, but no write is lost. For batch jobs whose record matters
     * more than their pace.
     */
    BLOCK,
    /**
     * Wait at most {@link AsyncTrackerConfig#queueFullWait()} (100 ms by default) for space, then
     * drop the write and count it in {@link AsyncTracker.Stats#dropped()}: a logging call never
     * waits longer, at the price of gaps in the run's record while the store is behind. The default,
     * so that a locked or slow store never stalls the code that logs.
     */
    DROP
}
