package org.mlops4j.tracking;

import org.mlops4j.core.MlopsException;

/**
 * Thrown when a param is logged again with a different value. Params are write-once, as in MLflow:
 * logging the same value again is accepted, changing it is not, because a run's params describe
 * how its results were produced.
 */
public class ParamConflictException extends MlopsException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param runId the run
     * @param key the param key
     * @param existing the value already logged
     * @param attempted the different value that was refused
     */
    public ParamConflictException(String runId, String key, String existing, String attempted) {
        super("changing param values is not allowed: param '" + key + "' of run " + runId + " was already logged with"
                + " value '" + TrackingLimits.abbreviate(existing) + "', refusing new value '"
                + TrackingLimits.abbreviate(attempted) + "'");
    }
}
