package org.mlops4j.monitoring.alert;

import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Settings of the webhook sink ({@link AlertSinks#webhook}).
 *
 * <p>Header values and the signing secret are secrets: {@link #toString()} shows {@code ***} in
 * their place, and the sink never logs them.
 *
 * @param maxAttempts how many times one alert is tried in total, in [1, 100]
 * @param initialBackoff the wait before the first retry, not negative
 * @param backoffMultiplier how much each further wait grows, at least 1
 * @param maxBackoff the longest wait between attempts, at least {@code initialBackoff}
 * @param connectTimeout the TCP connect timeout, positive
 * @param requestTimeout the deadline of one attempt, the whole exchange: connect, sending the
 *     request, the response headers and reading the response body; positive
 * @param queueCapacity how many alerts may wait for delivery before new ones are dropped, at least 1
 * @param deliveryTimeout the budget of one alert, all its attempts and the waits between them
 *     (backoffs and {@code Retry-After}); at least {@code requestTimeout}
 * @param headers extra request headers (an {@code Authorization} header, say), in order; names are
 *     HTTP tokens, unique ignoring case, other than {@code Content-Type}, {@link #SIGNATURE_HEADER}
 *     and the headers that frame the request ({@code Host}, {@code Content-Length},
 *     {@code Transfer-Encoding}, {@code Connection} and the like); values are Latin-1 without
 *     control characters (a tab is allowed). At most {@value #MAX_HEADERS}. Copied
 * @param signingSecret the HMAC-SHA256 key (its UTF-8 bytes) of the {@link #SIGNATURE_HEADER}
 *     header, or null to send no signature; not empty
 */
public record WebhookConfig(int maxAttempts, Duration initialBackoff, double backoffMultiplier,
                            Duration maxBackoff, Duration connectTimeout, Duration requestTimeout,
                            int queueCapacity, Duration deliveryTimeout, Map<String, String> headers,
                            String signingSecret) {

    /**
     * The header carrying the body's signature when a {@link #signingSecret()} is set:
     * {@code sha256=} and the lowercase hex of HMAC-SHA256(secret's UTF-8 bytes, the exact body
     * bytes), as GitHub's {@code X-Hub-Signature-256}.
     */
    public static final String SIGNATURE_HEADER = "X-Mlops-Signature";

    private static final Duration MAX_DURATION = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);

    /** The most extra headers a config may have. */
    public static final int MAX_HEADERS = 50;

    /**
     * Headers the sink or the JDK's HTTP client sets, or that frame the message (hop by hop), lower
     * case.
     */
    private static final Set<String> RESERVED = Set.of("connection", "content-length", "expect", "host",
            "upgrade", "content-type", "transfer-encoding", "te", "trailer", "keep-alive", "http2-settings",
            SIGNATURE_HEADER.toLowerCase(Locale.ROOT));

    /**
     * Validates the config.
     *
     * @param maxAttempts how many times one alert is tried in total, in [1, 100]
     * @param initialBackoff the wait before the first retry, not negative
     * @param backoffMultiplier how much each further wait grows, at least 1
     * @param maxBackoff the longest wait between attempts, at least {@code initialBackoff}
     * @param connectTimeout the TCP connect timeout, positive
     * @param requestTimeout the deadline of one attempt's whole exchange, response body included, positive
     * @param queueCapacity how many alerts may wait for delivery before new ones are dropped, at least 1
     * @param deliveryTimeout the budget of one alert over all its attempts and waits, positive
     * @param headers extra headers sent with each alert; values are never printed
     * @param signingSecret the HMAC-SHA256 secret of the signature header, or null to send no signature; not empty
     * @throws NullPointerException if a duration or {@code headers} is null, or a header's name or value
     * @throws IllegalArgumentException if a setting is out of range; the message names it (and, for a
     *     header, its name but never its value)
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
        Objects.requireNonNull(deliveryTimeout, "deliveryTimeout");
        if (deliveryTimeout.compareTo(requestTimeout) < 0) {
            throw new IllegalArgumentException("deliveryTimeout must be >= requestTimeout " + requestTimeout
                    + " but was " + deliveryTimeout);
        }
        headers = copyHeaders(headers);
        if (signingSecret != null && signingSecret.isEmpty()) {
            throw new IllegalArgumentException("signingSecret must not be empty (null sends no signature)");
        }
    }

    /**
     * Makes a config with no extra headers, no signature and a {@code deliveryTimeout} of the longest
     * the attempts can take: {@code maxAttempts * requestTimeout} plus every backoff between them.
     *
     * @param maxAttempts how many times one alert is tried in total, in [1, 100]
     * @param initialBackoff the wait before the first retry, not negative
     * @param backoffMultiplier how much each further wait grows, at least 1
     * @param maxBackoff the longest wait between attempts, at least {@code initialBackoff}
     * @param connectTimeout the TCP connect timeout, positive
     * @param requestTimeout the deadline of one attempt, the whole exchange; positive
     * @param queueCapacity how many alerts may wait for delivery before new ones are dropped, at least 1
     * @throws NullPointerException if a duration is null
     * @throws IllegalArgumentException if a setting is out of range; the message names it
     */
    public WebhookConfig(int maxAttempts, Duration initialBackoff, double backoffMultiplier,
                         Duration maxBackoff, Duration connectTimeout, Duration requestTimeout,
                         int queueCapacity) {
        this(maxAttempts, initialBackoff, backoffMultiplier, maxBackoff, connectTimeout, requestTimeout,
                queueCapacity, worstCase(maxAttempts, initialBackoff, backoffMultiplier, maxBackoff,
                        requestTimeout), Map.of(), null);
    }

    /**
     * Returns the defaults: 5 attempts, backoff from 200 ms doubling up to 10 s, 5 s connect and
     * 10 s request timeouts, 1000 queued alerts, a delivery budget of 53 s (5 attempts of 10 s and
     * the 3 s of backoff between them), no extra headers and no signature.
     *
     * @return the default config
     */
    public static WebhookConfig ofDefaults() {
        return new WebhookConfig(5, Duration.ofMillis(200), 2.0, Duration.ofSeconds(10),
                Duration.ofSeconds(5), Duration.ofSeconds(10), 1000);
    }

    /**
     * Returns this config with another delivery budget.
     *
     * @param timeout the budget of one alert, all attempts and waits; at least {@code requestTimeout}
     * @return the new config
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if it is shorter than {@code requestTimeout}
     */
    public WebhookConfig withDeliveryTimeout(Duration timeout) {
        return new WebhookConfig(maxAttempts, initialBackoff, backoffMultiplier, maxBackoff, connectTimeout,
                requestTimeout, queueCapacity, timeout, headers, signingSecret);
    }

    /**
     * Returns this config with one more extra header, whose value is never logged or printed.
     *
     * @param name the header's name, an HTTP token not yet set (ignoring case) and not reserved
     * @param value the header's value, without control characters
     * @return the new config
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the name or value is not allowed
     */
    public WebhookConfig withHeader(String name, String value) {
        Objects.requireNonNull(name, "header name");
        Objects.requireNonNull(value, "value of header " + abbreviate(name));
        Map<String, String> more = new LinkedHashMap<>(headers);
        for (String existing : headers.keySet()) {
            if (existing.equalsIgnoreCase(name)) {
                throw new IllegalArgumentException("headers already has " + abbreviate(existing)
                        + " (names are compared ignoring case) but was given " + abbreviate(name) + " again");
            }
        }
        more.put(name, value);
        return new WebhookConfig(maxAttempts, initialBackoff, backoffMultiplier, maxBackoff, connectTimeout,
                requestTimeout, queueCapacity, deliveryTimeout, more, signingSecret);
    }

    /**
     * Returns this config signing each body with HMAC-SHA256 in the {@link #SIGNATURE_HEADER}
     * header, or with no signature.
     *
     * @param secret the key (its UTF-8 bytes), not empty; null for no signature
     * @return the new config
     * @throws IllegalArgumentException if {@code secret} is empty
     */
    public WebhookConfig withSigningSecret(String secret) {
        return new WebhookConfig(maxAttempts, initialBackoff, backoffMultiplier, maxBackoff, connectTimeout,
                requestTimeout, queueCapacity, deliveryTimeout, headers, secret);
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
        return backoff(retry, initialBackoff, backoffMultiplier, maxBackoff);
    }

    /**
     * Returns the settings with every header value and the signing secret shown as {@code ***}.
     *
     * @return the redacted form
     */
    @Override
    public String toString() {
        StringJoiner shown = new StringJoiner(", ", "{", "}");
        for (String name : headers.keySet()) {
            shown.add(name + "=***");
        }
        return "WebhookConfig[maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff
                + ", backoffMultiplier=" + backoffMultiplier + ", maxBackoff=" + maxBackoff
                + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                + ", queueCapacity=" + queueCapacity + ", deliveryTimeout=" + deliveryTimeout
                + ", headers=" + shown + ", signingSecret=" + (signingSecret == null ? "none" : "***") + "]";
    }

    private static Duration backoff(int retry, Duration initial, double multiplier, Duration max) {
        try {
            double nanos = initial.toNanos() * Math.pow(multiplier, retry - 1);
            return nanos >= max.toNanos() ? max : Duration.ofNanos((long) nanos);
        } catch (ArithmeticException e) {
            return max; // backoffs of centuries
        }
    }

    /** The longest all attempts can take: each for the request timeout, and every backoff. */
    private static Duration worstCase(int maxAttempts, Duration initialBackoff, double backoffMultiplier,
                                      Duration maxBackoff, Duration requestTimeout) {
        if (maxAttempts < 1 || maxAttempts > 100 || initialBackoff == null || maxBackoff == null
                || requestTimeout == null || !(backoffMultiplier >= 1.0) || Double.isInfinite(backoffMultiplier)) {
            return requestTimeout; // the canonical constructor refuses these, naming the setting
        }
        try {
            Duration total = requestTimeout.multipliedBy(maxAttempts);
            for (int retry = 1; retry < maxAttempts; retry++) {
                total = total.plus(backoff(retry, initialBackoff, backoffMultiplier, maxBackoff));
            }
            return total;
        } catch (ArithmeticException e) {
            return MAX_DURATION; // timeouts of billions of years: no budget
        }
    }

    private static Map<String, String> copyHeaders(Map<String, String> headers) {
        Objects.requireNonNull(headers, "headers");
        if (headers.size() > MAX_HEADERS) {
            throw new IllegalArgumentException("headers must have at most " + MAX_HEADERS + " entries but had "
                    + headers.size());
        }
        Map<String, String> copy = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, String> e : headers.entrySet()) {
            String name = Objects.requireNonNull(e.getKey(), "header name");
            String value = Objects.requireNonNull(e.getValue(), "value of header " + abbreviate(name));
            if (name.isEmpty() || !name.chars().allMatch(WebhookConfig::isTokenChar)) {
                throw new IllegalArgumentException("headers name must be an HTTP token (letters, digits and "
                        + "!#$%&'*+-.^_`|~) but was \"" + abbreviate(name) + "\"");
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (RESERVED.contains(lower)) {
                throw new IllegalArgumentException("headers must not set " + name
                        + ", a header the sink or its HTTP client controls");
            }
            if (!seen.add(lower)) {
                throw new IllegalArgumentException("headers has " + abbreviate(name)
                        + " twice (names are compared ignoring case)");
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                    // The value is a secret: name the header and the position, never the value.
                    throw new IllegalArgumentException("value of header " + abbreviate(name)
                            + " must not contain a control or non-Latin-1 character but has one at index " + i
                            + " (value not shown)");
                }
            }
            copy.put(name, value);
        }
        return Collections.unmodifiableMap(copy);
    }

    private static boolean isTokenChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    /** At most 60 characters of {@code s}: longer names are cut to 57 and their length given. */
    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "... (" + s.length() + " characters)";
    }

    private static void requirePositive(Duration value, String argument) {
        Objects.requireNonNull(value, argument);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(argument + " must be positive but was " + value);
        }
    }
}
