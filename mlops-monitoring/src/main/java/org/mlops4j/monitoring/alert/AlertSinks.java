package org.mlops4j.monitoring.alert;

import java.net.URI;
import java.util.Objects;
import java.util.function.Consumer;

/** The built-in {@link AlertSink}s. */
public final class AlertSinks {

    private AlertSinks() {
    }

    /**
     * Returns a sink that logs each alert through SLF4J (logger
     * {@code org.mlops4j.monitoring.alert.Alerts}): WARN for {@link Severity#WARNING} and
     * {@link Severity#CRITICAL}, INFO for {@link Severity#INFO}. Thread-safe.
     *
     * @return the log sink
     */
    public static AlertSink log() {
        return LogAlertSink.INSTANCE;
    }

    /**
     * Returns a new sink that keeps every alert in memory, for tests. Thread-safe.
     *
     * @return an empty in-memory sink
     */
    public static InMemoryAlertSink inMemory() {
        return new InMemoryAlertSink();
    }

    /**
     * Returns a sink that hands each alert to a callback on the evaluating thread. The callback
     * must be thread-safe and quick; its exceptions are handled by the evaluator.
     *
     * @param callback the callback
     * @return the sink
     * @throws NullPointerException if {@code callback} is null
     */
    public static AlertSink callback(Consumer<Alert> callback) {
        Objects.requireNonNull(callback, "callback");
        return new AlertSink() {
            @Override
            public void send(Alert alert) {
                callback.accept(alert);
            }

            @Override
            public String toString() {
                return "CallbackAlertSink[" + callback + "]";
            }
        };
    }

    /**
     * Returns a sink that POSTs each alert as JSON to {@code uri} from its own thread, with
     * retries and exponential backoff on I/O errors, HTTP 5xx and HTTP 429. {@link AlertSink#send}
     * only enqueues, so the evaluator never waits on the network; alerts that find the queue full
     * are dropped and counted. Close the sink to stop its thread.
     *
     * <p>Each attempt must complete, response body included, within
     * {@link WebhookConfig#requestTimeout()}, or it is abandoned (its connection closed) and counts
     * as a failed attempt; all attempts of one alert and the waits between them stay within
     * {@link WebhookConfig#deliveryTimeout()}. A 429 or 503 with a {@code Retry-After} (seconds or an
     * HTTP-date) is retried after that wait instead of the backoff; one beyond the remaining budget
     * ends the alert's delivery at once, counted as failed; a malformed one is logged and the backoff
     * applies. Delivery is at least once: an attempt abandoned after the receiver acted on it is
     * sent again.
     *
     * <p>The request carries {@link WebhookConfig#headers()} and, with a
     * {@link WebhookConfig#signingSecret()}, the {@link WebhookConfig#SIGNATURE_HEADER} header:
     * {@code sha256=} and the hex HMAC-SHA256 of the exact body bytes. User info in the URI
     * ({@code https://user:password@host/...}) is sent as Basic authentication unless an
     * {@code Authorization} header is configured. Log lines and {@code toString()} show only the
     * URI's scheme, host and port, never its user info, path or query, and never a header value or
     * the secret.
     *
     * <p>The body is an object with {@code kind}, {@code rule}, {@code signal} (the
     * {@link org.mlops4j.core.signal.SignalKind}), {@code severity}, {@code metric},
     * {@code value}, {@code threshold}, {@code window}, {@code endpoint}, {@code model},
     * {@code timestamp} (ISO-8601) and {@code topDriftedFeatures} (an array of
     * {@code {"feature", "statistic"}} objects).
     *
     * @param uri the http or https endpoint
     * @param config retries, timeouts and queue size
     * @return the running sink
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code uri} is not an absolute http or https URI with a host
     *     name; the message never shows its user info, path or query
     */
    public static WebhookAlertSink webhook(URI uri, WebhookConfig config) {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(config, "config");
        String scheme = uri.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            // Named without its path and query, which may hold the webhook's secret.
            throw new IllegalArgumentException("uri must be an absolute http or https URI but was "
                    + (scheme == null ? "a relative URI" : HttpWebhookSink.redacted(uri)));
        }
        if (uri.getHost() == null) {
            // A registry-based authority (an '_' in the name, say) or none: the HTTP client would refuse
            // it on the delivery thread, quoting the whole URI. Named by its scheme only.
            throw new IllegalArgumentException("uri must name a host (letters, digits, '-' and '.') but had none: "
                    + scheme + "://...");
        }
        return new HttpWebhookSink(uri, config);
    }
}
