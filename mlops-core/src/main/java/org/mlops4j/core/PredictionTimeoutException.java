package org.mlops4j.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Thrown when a model did not answer within its time limit. Serving raises it (or a failure
 * caused by it) and monitoring counts it apart from other errors, as the timeout rate.
 */
public class PredictionTimeoutException extends MlopsException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param what what timed out, for example {@code "variant 'canary'"}
     * @param limit the time limit that was exceeded
     */
    public PredictionTimeoutException(String what, Duration limit) {
        super(Objects.requireNonNull(what, "what") + " did not answer within " + Objects.requireNonNull(limit, "limit"));
    }

    /**
     * Tells whether an error is a timeout: this exception or {@link java.util.concurrent.TimeoutException},
     * itself or anywhere in its cause chain.
     *
     * @param error the error
     * @return true for a timeout
     */
    public static boolean isTimeout(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PredictionTimeoutException || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
