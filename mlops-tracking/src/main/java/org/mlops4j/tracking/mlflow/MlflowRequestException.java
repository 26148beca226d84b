package org.mlops4j.tracking.mlflow;

import org.mlops4j.core.StoreException;

/**
 * Thrown when an MLflow server answers a request with an error that has no closer mlops4j meaning
 * (an unknown run becomes a {@code RunNotFoundException}, a refused value an
 * {@link IllegalArgumentException}, and so on), or when retries are exhausted. Carries the endpoint,
 * the HTTP status and MLflow's {@code error_code}.
 */
public class MlflowRequestException extends StoreException {

    private static final long serialVersionUID = 1L;

    /** MLflow's code for an id or name that names nothing. */
    public static final String RESOURCE_DOES_NOT_EXIST = "RESOURCE_DOES_NOT_EXIST";
    /** MLflow's code for a name that is taken. */
    public static final String RESOURCE_ALREADY_EXISTS = "RESOURCE_ALREADY_EXISTS";
    /** MLflow's code for a refused argument. */
    public static final String INVALID_PARAMETER_VALUE = "INVALID_PARAMETER_VALUE";

    /** The method and path of the failed request. */
    private final String endpoint;
    /** The HTTP status, or 0 when no response arrived. */
    private final int statusCode;
    /** MLflow's {@code error_code}. */
    private final String errorCode;
    /** MLflow's {@code message}, or the start of the body. */
    private final String serverMessage;

    /**
     * Creates the exception.
     *
     * @param endpoint the method and path, for example {@code POST /api/2.0/mlflow/runs/create}
     * @param statusCode the HTTP status, or 0 when no response arrived
     * @param errorCode MLflow's {@code error_code}, or {@code HTTP_<status>} when the body had none
     * @param serverMessage MLflow's {@code message}, or the start of the body
     * @param cause the I/O failure when no response arrived, or null
     */
    public MlflowRequestException(String endpoint, int statusCode, String errorCode, String serverMessage,
                                  Throwable cause) {
        super("MLflow request " + endpoint + " failed" + (statusCode == 0 ? "" : " with HTTP " + statusCode)
                + " " + errorCode + ": " + serverMessage, cause);
        this.endpoint = endpoint;
        this.statusCode = statusCode;
        this.errorCode = errorCode;
        this.serverMessage = serverMessage;
    }

    /** @return the method and path of the failed request */
    public String endpoint() {
        return endpoint;
    }

    /** @return the HTTP status, or 0 when no response arrived */
    public int statusCode() {
        return statusCode;
    }

    /** @return MLflow's {@code error_code}, for example {@code RESOURCE_DOES_NOT_EXIST} */
    public String errorCode() {
        return errorCode;
    }

    /** @return MLflow's {@code message}, or the start of the body when it had none */
    public String serverMessage() {
        return serverMessage;
    }

    /** @return true when the server said the resource does not exist */
    public boolean isNotFound() {
        return RESOURCE_DOES_NOT_EXIST.equals(errorCode);
    }

    /** @return true when the server said the resource already exists */
    public boolean isAlreadyExists() {
        return RESOURCE_ALREADY_EXISTS.equals(errorCode);
    }
}
