package org.mlops4j.core;

import java.util.Objects;

/**
 * The characters a name or a free-text field may hold, shared by the trackers' and the model
 * registries' checks, and the quoting of a refused value in a message.
 *
 * <p>A <b>name</b> (an experiment, run or model name, an actor, a registry tag key) refuses:
 * <ul>
 *   <li>control characters: C0 ({@code U+0000}–{@code U+001F}, tab and line breaks included),
 *       {@code DEL} ({@code U+007F}) and C1 ({@code U+0080}–{@code U+009F});</li>
 *   <li>the line and paragraph separators {@code U+2028} and {@code U+2029};</li>
 *   <li>bidirectional formatting characters: the embeddings and overrides {@code U+202A}–{@code U+202E},
 *       the isolates {@code U+2066}–{@code U+2069}, and the marks {@code U+200E}, {@code U+200F}
 *       and {@code U+061C}. They reorder how the text around them is displayed, so that a name
 *       can read as another in a log, a terminal or a UI ("Trojan Source").</li>
 * </ul>
 * <b>Free text</b> (an alias change's reason) may span lines: it accepts tab, line feed, carriage
 * return, the line and paragraph separators and the bidirectional marks (which right-to-left
 * prose needs), and refuses the other control characters and the embeddings, overrides and
 * isolates. Letters of every script are accepted in both.
 */
public final class SafeText {

    /** Characters of a value quoted in a message before it is cut. */
    private static final int QUOTED_CHARS = 57;

    private SafeText() {
    }

    /**
     * Checks a name.
     *
     * @param field what the value is, for the message ({@code "experiment name"})
     * @param value the value
     * @return the value
     * @throws NullPointerException if the value is null
     * @throws IllegalArgumentException naming the field, the first character refused and the
     *     value, escaped and cut
     */
    public static String checkName(String field, String value) {
        return check(field, value, false);
    }

    /**
     * Checks free text, which may span lines.
     *
     * @param field what the value is, for the message ({@code "reason"})
     * @param value the value
     * @return the value
     * @throws NullPointerException if the value is null
     * @throws IllegalArgumentException naming the field, the first character refused and the
     *     value, escaped and cut
     */
    public static String checkFreeText(String field, String value) {
        return check(field, value, true);
    }

    private static String check(String field, String value, boolean freeText) {
        Objects.requireNonNull(value, field);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (refused(c, freeText)) {
                throw new IllegalArgumentException(field + " must not contain control characters or bidirectional"
                        + " formatting characters" + (freeText ? " other than tab, line breaks and marks" : "")
                        + " but has " + codePoint(c) + " at index " + i + ": " + quote(value));
            }
        }
        return value;
    }

    private static boolean refused(char c, boolean freeText) {
        if (Character.isISOControl(c)) {
            return !(freeText && (c == '\t' || c == '\n' || c == '\r'));
        }
        if (c == '\u2028' || c == '\u2029' || c == '\u200E' || c == '\u200F' || c == '\u061C') {
            return !freeText;
        }
        return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
    }

    /**
     * Quotes a value for a message: {@code '} and {@link #abbreviate(String)} of it and {@code '}.
     *
     * @param value the value
     * @return the value in single quotes, escaped and cut
     */
    public static String quote(String value) {
        return "'" + abbreviate(value) + "'";
    }

    /**
     * Shortens a value for a message: its first 57 characters, with control, format
     * (bidirectional ones among them), separator and unpaired surrogate characters written as
     * a backslash, {@code u} and the character's four hex digits, then "..." and its length when it is longer than 60 characters; the
     * result never grows with the value.
     *
     * @param value the value
     * @return the value, escaped and cut
     */
    public static String abbreviate(String value) {
        int shown = value.length() <= QUOTED_CHARS + 3 ? value.length() : QUOTED_CHARS;
        if (shown < value.length() && Character.isHighSurrogate(value.charAt(shown - 1))) {
            shown--;
        }
        StringBuilder out = new StringBuilder(shown + 32);
        for (int i = 0; i < shown; i++) {
            char c = value.charAt(i);
            out.append(escaped(value, i) ? "\\u" + hex4(c) : String.valueOf(c));
        }
        if (shown < value.length()) {
            out.append("... (").append(value.length()).append(" characters)");
        }
        return out.toString();
    }

    private static boolean escaped(String s, int i) {
        char c = s.charAt(i);
        int type = Character.getType(c);
        if (Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR) {
            return true;
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
        }
        return false;
    }

    private static String codePoint(char c) {
        return "U+" + hex4(c);
    }

    private static String hex4(char c) {
        String hex = Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT);
        return "0".repeat(4 - hex.length()) + hex;
    }
}
