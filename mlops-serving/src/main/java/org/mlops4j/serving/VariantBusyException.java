package org.mlops4j.serving;

import java.time.Duration;
import java.util.Objects;
import org.mlops4j.core.PredictionTimeoutException;

/**
 * Thrown for a variant call that an endpoint with a variant timeout refused at once, because every
 * timeout thread of that variant was still running an earlier call. Such calls never wait: the
 * endpoint answers them with its fallback, exactly like a timeout.
 *
 * <p>It is a {@link PredictionTimeoutException}, so {@link PredictionTimeoutException#isTimeout}
 * is true and monitoring counts it in the timeout rate: either way the variant did not answer in
 * time, and when a model hangs, its calls first time out and then, once its threads are all stuck,
 * are refused; counting the refusals as errors would hide a hung model from a timeout alert just
 * when it is hung for good. The endpoint counts refusals apart from timeouts
 * ({@link EndpointStats#rejected()}), and this type tells them apart in a failure event.
 *
 * <p>It carries no stack trace: it is raised at the rate of incoming calls while a variant is
 * saturated, always from the same place, so filling one in would only slow the fallback down.
 */
public final class VariantBusyException extends PredictionTimeoutException {

    private static final long serialVersionUID = 1L;

    /** The name of the variant that refused the call. */
    private final String variant;
    /** How many timeout threads the variant has, all busy. */
    private final int threads;

    /**
     * Creates the exception.
     *
     * @param variant the variant's name
     * @param threads how many timeout threads the variant has, all busy
     * @param limit the variant timeout
     */
    public VariantBusyException(String variant, int threads, Duration limit) {
        super("variant '" + Objects.requireNonNull(variant, "variant") + "'", limit);
        this.variant = variant;
        this.threads = threads;
    }

    /** @return the name of the variant that refused the call */
    public String variant() {
        return variant;
    }

    /** @return how many timeout threads the variant has; all were busy */
    public int threads() {
        return threads;
    }

    /** @return {@code variant 'x': all N timeout threads are busy} */
    @Override
    public String getMessage() {
        return "variant '" + variant + "': all " + threads + " timeout threads are busy";
    }

    /** Skips the stack trace, which would always point to the same place; see the class comment. */
    @Override
    public Throwable fillInStackTrace() {
        return this;
    }
}
