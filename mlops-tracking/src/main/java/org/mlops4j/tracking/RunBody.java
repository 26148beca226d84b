package org.mlops4j.tracking;

/**
 * The work done inside a run by {@link Tracker#run(String, RunConfig, RunBody)}.
 *
 * @param <T> what the work returns
 * @param <X> what it may throw
 */
@FunctionalInterface
public interface RunBody<T, X extends Exception> {

    /**
     * Does the work.
     *
     * @param run the running run to log into
     * @return the result
     * @throws X when the work fails; the run then ends {@link RunStatus#FAILED}
     */
    T apply(Run run) throws X;
}
