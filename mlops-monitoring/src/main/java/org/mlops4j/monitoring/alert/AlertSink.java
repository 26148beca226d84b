package org.mlops4j.monitoring.alert;

/**
 * Where alerts go. Implementations must be thread-safe and quick: the evaluator calls them on the
 * thread that evaluated the sample, while holding the state of that rule, endpoint and model (so
 * that FIRED and RESOLVED for one incident arrive in order). Slow deliveries (network) must be
 * handed to another thread, as {@link AlertSinks#webhook} does.
 *
 * <p>An exception thrown by {@link #send(Alert)} is logged and counted by the evaluator and never
 * stops the other sinks.
 */
@FunctionalInterface
public interface AlertSink {

    /**
     * Delivers one alert.
     *
     * @param alert the alert, never null
     */
    void send(Alert alert);
}
