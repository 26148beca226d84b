package org.mlops4j.monitoring.concept;

/** Input and argument checks shared by the detectors and their configurations. */
final class Checks {

    private Checks() {
    }

    /** Accepts a finite value. */
    static double finite(double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("x must be finite but was " + x);
        }
        return x;
    }

    /** Accepts a value in [0, 1]: 1 for an error, 0 for a correct prediction. */
    static double unit(double x) {
        if (!(x >= 0.0 && x <= 1.0)) {
            throw new IllegalArgumentException("x must be in [0, 1] (1 = error, 0 = correct) but was " + x);
        }
        return x;
    }

    /** Accepts exactly 0 or 1. */
    static double bit(double x) {
        if (x != 0.0 && x != 1.0) {
            throw new IllegalArgumentException("x must be 0 (correct) or 1 (error) but was " + x);
        }
        return x;
    }

    /** Requires {@code value} to lie in the open interval (0, 1). */
    static double openUnit(String name, double value) {
        if (!(value > 0.0 && value < 1.0)) {
            throw new IllegalArgumentException(name + " must be in (0, 1) but was " + value);
        }
        return value;
    }

    /** Requires a finite positive value. */
    static double positive(String name, double value) {
        if (!(value > 0.0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(name + " must be finite and > 0 but was " + value);
        }
        return value;
    }

    /** Requires a whole number at least {@code min}. */
    static int atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + " but was " + value);
        }
        return value;
    }
}
