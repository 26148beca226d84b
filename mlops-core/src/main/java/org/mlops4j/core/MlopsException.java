package org.mlops4j.core;

/**
 * The root of mlops4j's domain exceptions. All are unchecked: misuse is signalled with
 * {@link IllegalArgumentException} or {@link IllegalStateException}, and the few conditions a
 * caller may want to handle have their own subclass carrying context.
 */
public class MlopsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong, naming the thing and the value involved
     */
    public MlopsException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public MlopsException(String message, Throwable cause) {
        super(message, cause);
    }
}
