package org.mlops4j.core.review;

import java.time.Duration;
import java.util.Objects;

/**
 * The argument checks every {@link ReviewStore} implementation shares, so that the in-memory and
 * the JDBC stores refuse the same input with the same message.
 */
public final class ReviewLimits {

    /** The longest queue name, prediction id, model reference or reviewer name, in characters. */
    public static final int MAX_NAME = 200;
    /** The longest input, answer or decision text, in characters (1 MiB of UTF-16 units). */
    public static final int MAX_TEXT = 1 << 20;
    /** The longest reviewer comment, in characters. */
    public static final int MAX_COMMENT = 10_000;
    /** The largest {@code limit} a listing accepts. */
    public static final int MAX_LIMIT = 10_000;

    private ReviewLimits() {
    }

    /**
     * Checks a name: not blank, at most {@link #MAX_NAME} characters.
     *
     * @param field the argument's name, for the message
     * @param name the value
     * @return {@code name}
     * @throws IllegalArgumentException naming the field and value when it is null, blank or too long
     */
    public static String checkName(String field, String name) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME) {
            throw new IllegalArgumentException(field + " must be non-blank and at most " + MAX_NAME
                    + " characters but was " + (name == null ? null : "'" + clip(name) + "'"));
        }
        return name;
    }

    /**
     * Checks a text: not null, at most {@code max} characters (it may be empty).
     *
     * @param field the argument's name, for the message
     * @param text the value
     * @param max the most characters
     * @return {@code text}
     * @throws IllegalArgumentException when it is too long
     * @throws NullPointerException when it is null
     */
    public static String checkText(String field, String text, int max) {
        Objects.requireNonNull(text, field);
        if (text.length() > max) {
            throw new IllegalArgumentException(field + " must be at most " + max + " characters but had "
                    + text.length());
        }
        return text;
    }

    /**
     * Checks a claim's lease: positive and at most one day.
     *
     * @param lease the lease
     * @return {@code lease}
     * @throws IllegalArgumentException when it is zero, negative or longer than a day
     */
    public static Duration checkLease(Duration lease) {
        Objects.requireNonNull(lease, "lease");
        if (lease.isNegative() || lease.isZero() || lease.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("lease must be in (0, 1 day] but was " + lease);
        }
        return lease;
    }

    /**
     * Checks a listing's limit: in [1, {@link #MAX_LIMIT}].
     *
     * @param limit the most rows
     * @return {@code limit}
     * @throws IllegalArgumentException when out of range
     */
    public static int checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be in [1, " + MAX_LIMIT + "] but was " + limit);
        }
        return limit;
    }

    /**
     * Checks a queue's capacity: at least 1.
     *
     * @param capacity the most waiting items
     * @return {@code capacity}
     * @throws IllegalArgumentException when below 1
     */
    public static int checkCapacity(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1 but was " + capacity);
        }
        return capacity;
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
