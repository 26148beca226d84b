package org.mlops4j.monitoring.drift;

import java.util.Objects;

/** Input checks and sorted copies shared by the numeric tests. */
final class Samples {

    private Samples() {
    }

    /**
     * Returns a sorted copy, in the order of {@code Arrays.sort}, after checking the sample is
     * non-empty and finite; large samples are radix-sorted ({@link RadixSort}).
     */
    static double[] sortedCopy(double[] sample, String name) {
        double[] copy = checkedCopy(sample, name);
        RadixSort.sort(copy);
        return copy;
    }

    /** Returns a copy, in the given order, after checking the sample is non-empty and finite. */
    static double[] checkedCopy(double[] sample, String name) {
        Objects.requireNonNull(sample, name);
        if (sample.length == 0) {
            throw new IllegalArgumentException(name + " sample must not be empty");
        }
        for (int i = 0; i < sample.length; i++) {
            if (!Double.isFinite(sample[i])) {
                throw new IllegalArgumentException(
                        name + " sample must be finite but " + name + "[" + i + "] was " + sample[i]);
            }
        }
        return sample.clone();
    }

    static void requireAtLeast(double[] sample, int size, String name, String test) {
        requireAtLeast(sample.length, size, name, test);
    }

    static void requireAtLeast(int length, int size, String name, String test) {
        if (length < size) {
            throw new IllegalArgumentException(test + " needs at least " + size + " values in the "
                    + name + " sample but it has " + length);
        }
    }

    static double mean(double[] x) {
        double sum = 0.0;
        for (double v : x) {
            sum += v;
        }
        return sum / x.length;
    }

    /** Variance with the given delta degrees of freedom, two-pass as numpy.var. */
    static double variance(double[] x, double mean, int ddof) {
        double sum = 0.0;
        for (double v : x) {
            double d = v - mean;
            sum += d * d;
        }
        return sum / (x.length - ddof);
    }
}
