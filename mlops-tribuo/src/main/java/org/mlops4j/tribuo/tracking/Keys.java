package org.mlops4j.tribuo.tracking;

import java.util.regex.Pattern;
import org.mlops4j.tracking.TrackingLimits;

/**
 * Turns free text (label names, provenance field names, slice names) into pieces of param and
 * metric keys that {@link TrackingLimits#checkKey} accepts. Stateless.
 */
final class Keys {

    /**
     * The longest piece made from free text: long enough to read, short enough that
     * {@code slice.<piece>.precision.<piece>} stays within {@link TrackingLimits#MAX_KEY_LENGTH}.
     */
    static final int MAX_PIECE_LENGTH = 100;

    /** Everything a key may not hold, and {@code /}: a piece stays one path segment. */
    private static final Pattern INVALID = Pattern.compile("[^\\w.\\- ]", Pattern.UNICODE_CHARACTER_CLASS);

    private Keys() {
    }

    /**
     * Replaces every character a key may not hold, and {@code /}, with {@code _}, and cuts the
     * result to {@link #MAX_PIECE_LENGTH} characters.
     *
     * @param text the text
     * @return a non-empty key piece without {@code /}
     */
    static String piece(String text) {
        String s = truncate(INVALID.matcher(text).replaceAll("_"), MAX_PIECE_LENGTH);
        return s.isEmpty() ? "_" : s;
    }

    /**
     * Cuts text to at most {@code max} characters, never between the halves of a surrogate pair.
     *
     * @param text the text
     * @param max the longest result
     * @return the text, or its longest prefix that fits
     */
    static String truncate(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end);
    }
}
