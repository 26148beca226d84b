package org.mlops4j.monitoring.alert;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the webhook sink ({@link AlertSinks#webhook}).
 *
 * @param maxAttempts how many times one alert is tried in total, in [1, 100]
 * @param initialBackoff the wait before the first retry, not negative
 * @param backoffMultiplier how much each further wait grows, at least 1
 * @param maxBackoff the longest wait between attempts, at least {@code initialBackoff}
 * @param connectTimeout the TCP connect timeout, positive
 * @param requestTimeout the timeout of one request until its response headers, positive
 * @param queueCapacity how many alerts may wait for delivery before new ones are dropped, at least 1
 */
public record WebhookConfig(int maxAttempts, Duration initialBackoff, double backoffMultiplier,
                            Duration maxBackoff, Duration connectTimeout, Duration requestTimeout,
                            int queueCapacity) {

    /**
     * Validates the config.
     *
     * @param maxAttempts how many times one alert is tried in total, in [1, 100]
     * @param initialBackoff the wait before the first retry, not negative
     * @param backoffMultiplier how much each further wait grows, at least 1
     * @param maxBackoff the longest wait between attempts, at least {@code initialBackoff}
     * @param connectTimeout the TCP connect timeout, positive
     * @param requestTimeout the timeout of one request until its response headers, positive
     * @param queueCapacity how many alerts may wait for delivery before new ones are dropped, at least 1
     * @throws NullPointerException if a duration is null
     * @throws IllegalArgumentException if a setting is out of range; the message names it
     */
    public WebhookConfig {
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException("maxAttempts must be in [1, 100] but was " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        if (initialBackoff.isNegative()) {
            throw new IllegalArgumentException("initialBackoff must not be negative but was " + initialBackoff);
        }
        if (!(backoffMultiplier >= 1.0) || Double.isInfinite(backoffMultiplier)) {
            throw new IllegalArgumentException("backoffMultiplier must be finite and >= 1 but was "
                    + backoffMultiplier);
        }
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must be >= initialBackoff " + initialBackoff
                    + " but was " + maxBackoff);
        }
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(requestTimeout, "requestTimeout");
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be >= 1 but was " + queueCapacity);
        }
    }

    /**
     * Returns the defaults: 5 attempts, backoff from 200 ms doubling up to 10 s, 5 s connect and
     * 10 s request timeouts, 1000 queued alerts.
     *
     * @return the default config
     */
    public static WebhookConfig ofDefaults() {
        return new WebhookConfig(5, Duration.ofMillis(200), 2.0, Duration.ofSeconds(10),
                Duration.ofSeconds(5), Duration.ofSeconds(10), 1000);
    }

    /**
     * Returns the wait before retry number {@code retry} (1 for the first retry):
     * {@code min(maxBackoff, initialBackoff * backoffMultiplier^(retry - 1))}.
     *
     * @param retry the retry number, from 1
     * @return the wait
     * @throws IllegalArgumentException if {@code retry < 1}
     */
    public Duration backoff(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry must be >= 1 but was " + retry);
        }
        double nanos = initialBackoff.toNanos() * Math.pow(backoffMultiplier, retry - 1);
        return nanos >= maxBackoff.toNanos() ? maxBackoff : Duration.ofNanos((long) nanos);
    }

    private static void requirePositive(Duration value, String argument) {
        Objects.requireNonNull(value, argument);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(argument + " must be positive but was " + value);
        }
    }
}
