package org.mlops4j.monitoring.alert;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads an HTTP {@code Retry-After} value (RFC 9110 section 10.2.3). */
final class RetryAfter {

    /** Longer delta-seconds than this (about 34 years) are read as this. */
    private static final long MAX_SECONDS = 1L << 30;

    private RetryAfter() {
    }

    /**
     * Returns the wait a {@code Retry-After} value asks for: delta-seconds (digits, leading zeros
     * allowed; more than {@code 2^30} read as {@code 2^30}), or an HTTP-date (IMF-fixdate such as
     * {@code Sun, 06 Nov 1994 08:49:37 GMT}) less {@code now}, zero for a date in the past.
     *
     * @param value the header value
     * @param now the current time
     * @return the wait, or empty if the value is neither form
     */
    static Optional<Duration> parse(String value, Instant now) {
        String v = value.trim();
        if (!v.isEmpty() && v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            // Leading zeros are allowed (1*DIGIT) and say nothing about the size of the number.
            String digits = v.replaceFirst("^0+(?=.)", "");
            long seconds = digits.length() > 10 ? MAX_SECONDS : Math.min(Long.parseLong(digits), MAX_SECONDS);
            return Optional.of(Duration.ofSeconds(seconds));
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
