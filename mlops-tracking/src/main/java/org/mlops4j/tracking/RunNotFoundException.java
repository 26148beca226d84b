package org.mlops4j.tracking;

import org.mlops4j.core.MlopsException;

/** Thrown when a run id names no run in the store. */
public class RunNotFoundException extends MlopsException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param runId the id that was not found
     */
    public RunNotFoundException(String runId) {
        super("no run with id '" + runId + "'");
    }
}
