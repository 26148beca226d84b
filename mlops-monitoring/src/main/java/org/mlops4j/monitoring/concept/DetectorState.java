package org.mlops4j.monitoring.concept;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The saved state of a {@link ConceptDriftDetector}: its name and a flat map from field name to
 * number, holding both the configuration and the running statistics. Doubles round-trip exactly,
 * so a map written to JSON or a database and read back restores the detector bit for bit; counters
 * are stored as doubles and are exact up to 2<sup>53</sup>.
 *
 * <p>Restore with {@link ConceptDriftDetectors#restore(DetectorState)}. Immutable and thread-safe.
 *
 * @param detector the detector's {@link ConceptDriftDetector#name() name}, such as {@code "ADWIN"}
 * @param values the fields, copied into an unmodifiable map sorted by key
 */
public record DetectorState(String detector, Map<String, Double> values) {

    /**
     * Validates and copies the fields.
     *
     * @throws NullPointerException if an argument, a key or a value is null
     * @throws IllegalArgumentException if {@code detector} is blank
     */
    public DetectorState {
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(values, "values");
        if (detector.isBlank()) {
            throw new IllegalArgumentException("detector must not be blank but was '" + detector + "'");
        }
        TreeMap<String, Double> copy = new TreeMap<>();
        values.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "values key"),
                Objects.requireNonNull(v, () -> "values[" + k + "]")));
        values = Collections.unmodifiableMap(copy);
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

    /** Reads the {@code state} field written by every built-in detector. */
    DriftState driftState() {
        int ordinal = intValue("state");
        DriftState[] all = DriftState.values();
        if (ordinal < 0 || ordinal >= all.length) {
            throw new IllegalArgumentException(detector + " state field 'state' must be in [0, "
                    + (all.length - 1) + "] but was " + ordinal);
        }
        return all[ordinal];
    }
}
