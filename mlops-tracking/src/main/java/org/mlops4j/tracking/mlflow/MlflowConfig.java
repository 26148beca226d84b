package org.mlops4j.tracking.mlflow;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.mlops4j.core.Clock;

/**
 * How to reach an MLflow tracking server (REST API 2.0): where it is, how to authenticate, how long
 * to wait, and how often to retry. Immutable; start with {@link #of(URI)} and adjust with the
 * {@code with...} methods.
 *
 * <pre>{@code
 * MlflowConfig config = MlflowConfig.of(URI.create("https://mlflow.internal:5000"))
 *         .withAuth(MlflowAuth.bearer(System.getenv("MLFLOW_TRACKING_TOKEN")))
 *         .withRetries(5, Duration.ofMillis(500));
 * }</pre>
 *
 * @param baseUri the server's address, {@code http} or {@code https}, with an optional path prefix
 *     (for a server behind a proxy at {@code https://host/mlflow}); no query, fragment or user info
 * @param auth how requests authenticate
 * @param connectTimeout how long to wait for a connection
 * @param requestTimeout how long to wait for each response
 * @param maxRetries how many times a failed request is retried (0 to 10): on HTTP 429 and 503
 *     always, and on 500, 502, 504 and I/O errors when the request is safe to repeat
 * @param initialBackoff the wait before the first retry, doubled before each next one (capped at
 *     {@link #MAX_BACKOFF}); a server's {@code Retry-After} takes precedence
 * @param clock the clock that timestamps runs, metrics and alias changes
 */
public record MlflowConfig(URI baseUri, MlflowAuth auth, Duration connectTimeout, Duration requestTimeout,
                           int maxRetries, Duration initialBackoff, Clock clock) {

    /** The longest wait between two attempts, whatever the backoff or {@code Retry-After} says. */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** The most retries allowed. */
    public static final int MAX_RETRIES_LIMIT = 10;

    /**
     * Validates the configuration.
     *
     * @param baseUri the server's address, {@code http} or {@code https}, with an optional path prefix
     *     (for a server behind a proxy at {@code https://host/mlflow}); no query, fragment or user info
     * @param auth how requests authenticate
     * @param connectTimeout how long to wait for a connection
     * @param requestTimeout how long to wait for each response
     * @param maxRetries how many times a failed request is retried (0 to 10): on HTTP 429 and 503
     *     always, and on 500, 502, 504 and I/O errors when the request is safe to repeat
     * @param initialBackoff the wait before the first retry, doubled before each next one (capped at
     *     {@link #MAX_BACKOFF}); a server's {@code Retry-After} takes precedence
     * @param clock the clock that timestamps runs, metrics and alias changes
     * @throws NullPointerException if any component is null
     * @throws IllegalArgumentException naming the component and its bad value
     */
    public MlflowConfig {
        Objects.requireNonNull(baseUri, "baseUri");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(clock, "clock");
        String scheme = baseUri.getScheme() == null ? "" : baseUri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("baseUri must be an http or https URI but was '" + baseUri + "'");
        }
        if (baseUri.getHost() == null) {
            throw new IllegalArgumentException("baseUri must name a host but was '" + baseUri + "'");
        }
        if (baseUri.getRawQuery() != null || baseUri.getRawFragment() != null) {
            throw new IllegalArgumentException("baseUri must have no query or fragment but was '" + baseUri + "'");
        }
        if (baseUri.getRawUserInfo() != null) {
            // Printing the URI would print the password: name only the host.
            throw new IllegalArgumentException("baseUri must not hold credentials (use auth instead) but held user"
                    + " info for host " + baseUri.getHost());
        }
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(requestTimeout, "requestTimeout");
        if (maxRetries < 0 || maxRetries > MAX_RETRIES_LIMIT) {
            throw new IllegalArgumentException("maxRetries must be in [0, " + MAX_RETRIES_LIMIT + "] but was "
                    + maxRetries);
        }
        if (initialBackoff.isNegative() || initialBackoff.compareTo(MAX_BACKOFF) > 0) {
            throw new IllegalArgumentException("initialBackoff must be in [0, " + MAX_BACKOFF + "] but was "
                    + initialBackoff);
        }
    }

    /**
     * A configuration with no auth, a 10 s connect timeout, a 60 s request timeout, 3 retries from
     * 200 ms, and the system clock.
     *
     * @param baseUri the server's address
     * @return the configuration
     * @throws IllegalArgumentException if the address is not a plain http or https URI
     */
    public static MlflowConfig of(URI baseUri) {
        return new MlflowConfig(baseUri, MlflowAuth.none(), Duration.ofSeconds(10), Duration.ofSeconds(60), 3,
                Duration.ofMillis(200), Clock.system());
    }

    /**
     * @param value how requests authenticate
     * @return a new configuration
     */
    public MlflowConfig withAuth(MlflowAuth value) {
        return new MlflowConfig(baseUri, value, connectTimeout, requestTimeout, maxRetries, initialBackoff, clock);
    }

    /**
     * @param connect the connect timeout
     * @param request the per-request timeout
     * @return a new configuration
     */
    public MlflowConfig withTimeouts(Duration connect, Duration request) {
        return new MlflowConfig(baseUri, auth, connect, request, maxRetries, initialBackoff, clock);
    }

    /**
     * @param max how many times a failed request is retried
     * @param backoff the wait before the first retry
     * @return a new configuration
     */
    public MlflowConfig withRetries(int max, Duration backoff) {
        return new MlflowConfig(baseUri, auth, connectTimeout, requestTimeout, max, backoff, clock);
    }

    /**
     * @param value the clock of run, metric and alias-change times
     * @return a new configuration
     */
    public MlflowConfig withClock(Clock value) {
        return new MlflowConfig(baseUri, auth, connectTimeout, requestTimeout, maxRetries, initialBackoff, value);
    }

    private static void requirePositive(Duration d, String name) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive but was " + d);
        }
    }
}
