package org.mlops4j.tracking;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.mlops4j.core.SafeText;

/**
 * The limits MLflow enforces on what a run may hold, enforced here by every store so that any run
 * can be exported to MLflow unchanged:
 * <ul>
 *   <li>keys (param, metric and tag) are 1 to 250 characters of letters, digits, {@code _ - . / }
 *       and space ({@code [/\w.\- ]}), and read as a normalised relative path: no leading or
 *       trailing {@code /}, no {@code //}, and no {@code .} or {@code ..} segment;</li>
 *   <li>param values are at most 6,000 characters, tag values at most 5,000;</li>
 *   <li>run and experiment names are at most 250 and 256 characters, not blank, and hold none
 *       of the control and bidirectional formatting characters {@link SafeText#checkName}
 *       refuses (keys cannot hold them either);</li>
 *   <li>metric timestamps are from the epoch, 1970-01-01T00:00:00Z, to the end of the year 9999
 *       UTC ({@link #MIN_TIMESTAMP} to {@link #MAX_TIMESTAMP}): MLflow refuses a negative
 *       timestamp ("a nonnegative long"), and every store holds these epoch milliseconds (SQLite
 *       and PostgreSQL {@code BIGINT}, MLflow's {@code int64}), exact in a JSON number read as a
 *       double and printable as four-digit ISO-8601 years. {@link Instant#MAX} does not even fit
 *       in epoch milliseconds.</li>
 * </ul>
 */
public final class TrackingLimits {

    /** Longest param, metric or tag key. */
    public static final int MAX_KEY_LENGTH = 250;
    /** Longest param value. */
    public static final int MAX_PARAM_VALUE_LENGTH = 6000;
    /** Longest tag value. */
    public static final int MAX_TAG_VALUE_LENGTH = 5000;
    /** Longest run name. */
    public static final int MAX_RUN_NAME_LENGTH = 250;
    /** Longest experiment name. */
    public static final int MAX_EXPERIMENT_NAME_LENGTH = 256;

    /** The earliest metric timestamp accepted: the epoch, 1970-01-01T00:00:00Z (MLflow refuses earlier ones). */
    public static final Instant MIN_TIMESTAMP = Instant.EPOCH;
    /** The latest metric timestamp accepted: 9999-12-31T23:59:59.999Z (stores keep milliseconds). */
    public static final Instant MAX_TIMESTAMP = Instant.parse("9999-12-31T23:59:59.999Z");

    private static final Pattern KEY = Pattern.compile("[/\\w.\\- ]+", Pattern.UNICODE_CHARACTER_CLASS);

    private TrackingLimits() {
    }

    /**
     * Checks a param, metric or tag key.
     *
     * @param key the key
     * @param kind {@code "param"}, {@code "metric"} or {@code "tag"}, for the message
     * @return the key
     * @throws NullPointerException if the key is null
     * @throws IllegalArgumentException naming the key and the rule it breaks
     */
    public static String checkKey(String key, String kind) {
        if (key == null) {
            throw new NullPointerException(kind + " key");
        }
        // Keys are checked on every logged value: the common key passes one loop over its characters
        // (no regex, no split, no message built); any other takes the full check, which accepts
        // Unicode word characters and words its refusal.
        return isPlainKey(key) ? key : checkKeyFully(key, kind);
    }

    /**
     * Whether a key is valid by a single pass: 1 to {@link #MAX_KEY_LENGTH} characters, each an ASCII
     * letter, digit, underscore, dash, period, space or slash, with no empty, {@code .} or {@code ..}
     * path segment. Every key it accepts the full check accepts; it refuses some valid keys (those
     * with other Unicode word characters), which the full check then accepts.
     */
    static boolean isPlainKey(String key) {
        int n = key.length();
        if (n > MAX_KEY_LENGTH) {
            return false;
        }
        int segmentStart = 0;
        for (int i = 0; i <= n; i++) {
            char c = i < n ? key.charAt(i) : '/';
            if (c == '/') {
                int length = i - segmentStart;
                // An empty segment is a leading, trailing or double slash, or the empty key.
                if (length == 0 || length <= 2 && key.charAt(segmentStart) == '.'
                        && (length == 1 || key.charAt(segmentStart + 1) == '.')) {
                    return false;
                }
                segmentStart = i + 1;
            } else if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
                    || c == '.' || c == ' ')) {
                return false;
            }
        }
        return true;
    }

    static String checkKeyFully(String key, String kind) {
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException(kind + " key must be 1 to " + MAX_KEY_LENGTH + " characters but was "
                    + key.length() + " ('" + abbreviate(key) + "')");
        }
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("invalid " + kind + " key '" + abbreviate(key)
                    + "': keys may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ),"
                    + " and slashes (/)");
        }
        if (key.startsWith("/") || key.endsWith("/") || key.contains("//")) {
            throw new IllegalArgumentException("invalid " + kind + " key '" + abbreviate(key)
                    + "': it must be a normalised relative path (no leading, trailing or double '/')");
        }
        for (String segment : key.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("invalid " + kind + " key '" + abbreviate(key)
                        + "': it must not contain '.' or '..' path segments");
            }
        }
        return key;
    }

    /**
     * Checks a metric timestamp: within {@link #MIN_TIMESTAMP} and {@link #MAX_TIMESTAMP}.
     *
     * @param key the metric key, for the message
     * @param timestamp the timestamp
     * @return the timestamp
     * @throws NullPointerException if the timestamp is null
     * @throws IllegalArgumentException naming the key and the timestamp when it is out of range
     */
    public static Instant checkTimestamp(String key, Instant timestamp) {
        requireTimestamp(key, timestamp);
        if (timestamp.isBefore(MIN_TIMESTAMP) || timestamp.isAfter(MAX_TIMESTAMP)) {
            throw new IllegalArgumentException("timestamp of metric '" + key + "' must be between " + MIN_TIMESTAMP
                    + " and " + MAX_TIMESTAMP + " but was " + timestamp);
        }
        return timestamp;
    }

    /**
     * Refuses a null metric timestamp, naming the key. Not {@code Objects.requireNonNull(timestamp,
     * message)}: that would build the message for every metric.
     */
    static void requireTimestamp(String key, Instant timestamp) {
        if (timestamp == null) {
            throw new NullPointerException("timestamp of metric '" + key + "'");
        }
    }

    /**
     * Checks the timestamps of metrics about to be logged: what every store's {@code logBatch} does
     * first, so that a bad one is refused at the call and nothing of the batch is written.
     *
     * @param metrics the metrics
     * @throws IllegalArgumentException naming the first metric out of range, its key and its timestamp
     */
    public static void checkTimestamps(List<Metric> metrics) {
        for (Metric m : metrics) {
            checkTimestamp(m.key(), m.timestamp());
        }
    }

    /**
     * Checks a param value.
     *
     * @param key the param key, for the message
     * @param value the value
     * @throws NullPointerException if the value is null
     * @throws IllegalArgumentException if it is too long
     */
    public static void checkParamValue(String key, String value) {
        if (value == null) {
            throw new NullPointerException("value of param '" + key + "'");
        }
        if (value.length() > MAX_PARAM_VALUE_LENGTH) {
            throw new IllegalArgumentException("value of param '" + key + "' must be at most " + MAX_PARAM_VALUE_LENGTH
                    + " characters but was " + value.length());
        }
    }

    /**
     * Checks a tag value.
     *
     * @param key the tag key, for the message
     * @param value the value
     * @throws NullPointerException if the value is null
     * @throws IllegalArgumentException if it is too long
     */
    public static void checkTagValue(String key, String value) {
        if (value == null) {
            throw new NullPointerException("value of tag '" + key + "'");
        }
        if (value.length() > MAX_TAG_VALUE_LENGTH) {
            throw new IllegalArgumentException("value of tag '" + key + "' must be at most " + MAX_TAG_VALUE_LENGTH
                    + " characters but was " + value.length());
        }
    }

    /**
     * Checks an experiment name.
     *
     * @param name the name
     * @return the name
     * @throws IllegalArgumentException if it is blank, too long, or holds a control or
     *     bidirectional formatting character
     */
    public static String checkExperimentName(String name) {
        Objects.requireNonNull(name, "experiment name");
        if (name.isBlank() || name.length() > MAX_EXPERIMENT_NAME_LENGTH) {
            throw new IllegalArgumentException("experiment name must be 1 to " + MAX_EXPERIMENT_NAME_LENGTH
                    + " characters and not blank but was '" + abbreviate(name) + "'");
        }
        return SafeText.checkName("experiment name", name);
    }

    /**
     * Checks a run name.
     *
     * @param name the name
     * @return the name
     * @throws IllegalArgumentException if it is blank, too long, or holds a control or
     *     bidirectional formatting character
     */
    public static String checkRunName(String name) {
        Objects.requireNonNull(name, "run name");
        if (name.isBlank() || name.length() > MAX_RUN_NAME_LENGTH) {
            throw new IllegalArgumentException("run name must be 1 to " + MAX_RUN_NAME_LENGTH
                    + " characters and not blank but was '" + abbreviate(name) + "'");
        }
        return SafeText.checkName("run name", name);
    }

    /**
     * Quotes at most the first 57 characters of a value in a message, then its length: a message
     * never grows with the value it reports. Control and bidirectional formatting characters are
     * escaped ({@link SafeText#abbreviate}).
     *
     * @param s the value
     * @return the value, or its first characters, "..." and its length
     */
    static String abbreviate(String s) {
        return SafeText.abbreviate(s);
    }
}
