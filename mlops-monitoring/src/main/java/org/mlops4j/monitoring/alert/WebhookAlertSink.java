package org.mlops4j.monitoring.alert;

/**
 * An {@link AlertSink} that delivers alerts over HTTP from its own thread; made by
 * {@link AlertSinks#webhook}. Its counters say what became of the alerts. Thread-safe.
 */
public interface WebhookAlertSink extends AlertSink, AutoCloseable {

    /**
     * Enqueues the alert for delivery and returns at once; if the queue is full or the sink is
     * closed, the alert is dropped and counted in {@link #dropped()}.
     *
     * @param alert the alert
     */
    @Override
    void send(Alert alert);

    /**
     * Returns how many alerts were accepted with a 2xx response.
     *
     * @return the count since creation
     */
    long delivered();

    /**
     * Returns how many alerts were given up on: attempts exhausted (an attempt that had no complete
     * response within the request timeout counts as a failed attempt), a non-retryable response (4xx
     * other than 429), a wait ({@code Retry-After} or backoff) longer than what is left of the
     * delivery budget, or interrupted by {@link #close()}. Each is logged at WARN.
     *
     * @return the count since creation
     */
    long failed();

    /**
     * Returns how many alerts were dropped because the queue was full or the sink closed.
     *
     * @return the count since creation
     */
    long dropped();

    /**
     * Returns how many HTTP attempts were retried.
     *
     * @return the count since creation
     */
    long retries();

    /**
     * Stops accepting alerts, waits for queued ones for up to the delivery timeout
     * ({@link WebhookConfig#deliveryTimeout()}), then interrupts the delivery thread, which ends the
     * exchange in flight. Idempotent.
     */
    @Override
    void close();
}
