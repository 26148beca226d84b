package org.mlops4j.tracking;

/**
 * A mutable label on a run, for example {@code team=risk} or the git commit it ran at.
 *
 * @param key the tag key
 * @param value the value, at most {@link TrackingLimits#MAX_TAG_VALUE_LENGTH} characters
 */
public record Tag(String key, String value) {

    /**
     * Validates the tag.
     *
     * @param key the tag key
     * @param value the value, at most {@link TrackingLimits#MAX_TAG_VALUE_LENGTH} characters
     * @throws NullPointerException if either is null
     * @throws IllegalArgumentException if either breaks {@link TrackingLimits}
     */
    public Tag {
        TrackingLimits.checkKey(key, "tag");
        TrackingLimits.checkTagValue(key, value);
    }
}
