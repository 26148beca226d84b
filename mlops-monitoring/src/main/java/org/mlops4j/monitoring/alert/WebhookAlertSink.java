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
     * Returns how many alerts were given up on: attempts exhausted, a non-retryable response
     * (4xx other than 429) or interrupted by {@link #close()}.
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
     * Stops accepting alerts, waits for queued ones for up to the request timeout times the
     * maximum attempts, then interrupts the delivery thread. Idempotent.
     */
    @Override
    void close();
}
