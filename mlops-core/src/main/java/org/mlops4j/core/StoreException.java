package org.mlops4j.core;

/**
 * Thrown when a store (a registry, a tracker, an artifact store) cannot read or write what it
 * holds: an I/O or database failure, or data that is not what the store wrote. The message names
 * the store location and the operation.
 */
public class StoreException extends MlopsException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what operation failed, and where
     */
    public StoreException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what operation failed, and where
     * @param cause the underlying I/O or database failure
     */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
