package org.mlops4j.monitoring.concept;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The saved state of a {@link ConceptDriftDetector}: the format version, the detector's name, its
 * drift state by name, and a flat map from field name to number holding both the configuration and
 * the running statistics. Doubles round-trip exactly, so a state written to JSON or a database and
 * read back restores the detector bit for bit; counters are stored as doubles and are exact up to
 * 2<sup>53</sup>.
 *
 * <p>Restore with {@link ConceptDriftDetectors#restore(DetectorState)}. Immutable and thread-safe.
 *
 * @param format the version of this layout; {@link #FORMAT} is the one written and read
 * @param detector the detector's {@link ConceptDriftDetector#name() name}, such as {@code "ADWIN"}
 * @param state the detector's drift state when saved (stored by name, never by ordinal)
 * @param values the fields, copied into an unmodifiable map sorted by key
 */
public record DetectorState(int format, String detector, DriftState state, Map<String, Double> values) {

    /** The format this version writes and reads. */
    public static final int FORMAT = 1;

    /**
     * Validates and copies the fields.
     *
     * @param format the version of this layout; {@link #FORMAT} is the one written and read
     * @param detector the detector's {@link ConceptDriftDetector#name() name}, such as {@code "ADWIN"}
     * @param state the detector's drift state when saved (stored by name, never by ordinal)
     * @param values the fields, copied into an unmodifiable map sorted by key
     * @throws NullPointerException if an argument, a key or a value is null
     * @throws IllegalArgumentException if {@code detector} is blank
     */
    public DetectorState {
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(values, "values");
        if (format != FORMAT) {
            throw new IllegalArgumentException("detector state format must be " + FORMAT + " but was " + format
                    + ": it was written by another version of mlops4j");
        }
        if (detector.isBlank()) {
            throw new IllegalArgumentException("detector must not be blank but was '" + detector + "'");
        }
        TreeMap<String, Double> copy = new TreeMap<>();
        values.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "values key"),
                Objects.requireNonNull(v, () -> "values[" + k + "]")));
        values = Collections.unmodifiableMap(copy);
    }

    /**
     * A state in the current format.
     *
     * @param detector the detector's name
     * @param state its drift state
     * @param values its configuration and statistics
     * @return the state
     */
    public static DetectorState of(String detector, DriftState state, Map<String, Double> values) {
        return new DetectorState(FORMAT, detector, state, values);
    }

    /**
     * Returns one field.
     *
     * @param key the field name
     * @return its value
     * @throws IllegalArgumentException if the field is missing
     */
    public double value(String key) {
        Double v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException(detector + " state has no field '" + key + "'");
        }
        return v;
    }

    /**
     * Returns one field that must hold a whole number.
     *
     * @param key the field name
     * @return its value as a long
     * @throws IllegalArgumentException if the field is missing or not a whole number
     */
    public long longValue(String key) {
        double v = value(key);
        if (v != Math.rint(v) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(detector + " state field '" + key
                    + "' must be a whole number but was " + v);
        }
        return (long) v;
    }

    /**
     * Returns one field that must hold a whole number in the {@code int} range.
     *
     * @param key the field name
     * @return its value as an int
     * @throws IllegalArgumentException if the field is missing, not whole or out of range
     */
    public int intValue(String key) {
        long v = longValue(key);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(detector + " state field '" + key
                    + "' must fit an int but was " + v);
        }
        return (int) v;
    }
}
