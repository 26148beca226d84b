package org.mlops4j.core;

/**
 * Thrown when an artifact's bytes are not the ones that were registered: its SHA-256 differs from
 * the recorded one, the file is missing, or it cannot be parsed as the format it claims. Loading
 * stops before any of its bytes are interpreted as a model.
 */
public class ArtifactIntegrityException extends StoreException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was expected and what was found
     */
    public ArtifactIntegrityException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what was expected and what was found
     * @param cause the underlying parse or I/O failure
     */
    public ArtifactIntegrityException(String message, Throwable cause) {
        super(message, cause);
    }
}
