package org.mlops4j.spark;

/**
 * Hears how far a scoring job ({@link ScoredRows#run}) has got: the rows of its finished Spark
 * tasks, after each task, and the job's final counts when it ends.
 *
 * <p>Called on Spark's listener thread while the job runs, then once on the thread that called
 * {@link ScoredRows#run} with the final counts; never twice with the same or a smaller row count,
 * never at once from two threads. Keep it short: Spark's listener thread serves every listener of the
 * application. A listener that throws is logged and the job goes on.
 */
@FunctionalInterface
public interface ScoringProgress {

    /**
     * A listener that hears nothing.
     *
     * @return the no-op listener
     */
    static ScoringProgress none() {
        return (rows, failed) -> { };
    }

    /**
     * Reports progress.
     *
     * @param rows the rows scored so far (answered or failed) by the job's finished tasks
     * @param failed the rows of those that got an error
     */
    void onProgress(long rows, long failed);
}
