package org.mlops4j.monitoring.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The radix sort gives exactly the array {@code Arrays.sort} gives, bit for bit. */
class RadixSortTest {

    private static final double[] SPECIAL = {
        0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, -Double.MIN_NORMAL,
        Double.MIN_NORMAL - Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.0, -1.0, Math.ulp(1.0), 1.0 + Math.ulp(1.0),
        -1.0 - Math.ulp(1.0), 1e-310, -1e-310, 1e308, -1e308, Double.NaN
    };

    static Stream<Arguments> adversarial() {
        SplittableRandom rnd = new SplittableRandom(21);
        return Stream.of(
                Arguments.of("empty", new double[0]),
                Arguments.of("one", new double[] {-0.0}),
                Arguments.of("two in order", new double[] {-0.0, 0.0}),
                Arguments.of("two reversed", new double[] {0.0, -0.0}),
                Arguments.of("two negatives", new double[] {-1.0, -2.0}),
                Arguments.of("specials", SPECIAL.clone()),
                Arguments.of("specials reversed", reversed(SPECIAL)),
                Arguments.of("specials repeated 300 times", draw(rnd, 300 * SPECIAL.length,
                        r -> SPECIAL[r.nextInt(SPECIAL.length)])),
                Arguments.of("zeros of both signs", draw(rnd, 5000, r -> r.nextBoolean() ? 0.0 : -0.0)),
                Arguments.of("all equal", draw(rnd, 4096, r -> -3.5)),
                Arguments.of("subnormals", draw(rnd, 5000,
                        r -> Double.longBitsToDouble(r.nextLong(1L << 52)) * (r.nextBoolean() ? 1 : -1))),
                Arguments.of("raw bit patterns, NaN included", draw(rnd, 10_000,
                        r -> Double.longBitsToDouble(r.nextLong()))),
                Arguments.of("few distinct values", draw(rnd, 20_000, r -> r.nextInt(7) - 3.0)),
                Arguments.of("already sorted", sorted(draw(rnd, 3000, r -> r.nextDouble() - 0.5))),
                Arguments.of("sorted descending", reversed(sorted(draw(rnd, 3000, r -> r.nextGaussian())))),
                Arguments.of("gaussian, just below the radix size", draw(rnd, RadixSort.MIN_RADIX_SIZE - 1, SplittableRandom::nextGaussian)),
                Arguments.of("gaussian, at the radix size", draw(rnd, RadixSort.MIN_RADIX_SIZE, SplittableRandom::nextGaussian)),
                Arguments.of("gaussian, 200,001 values", draw(rnd, 200_001, r -> r.nextGaussian() * 1e6)),
                Arguments.of("wide exponents", draw(rnd, 50_000,
                        r -> Math.scalb(r.nextDouble() - 0.5, r.nextInt(-1074, 1024)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adversarial")
    void radixSortEqualsArraysSort(String name, double[] input) {
        double[] expected = input.clone();
        Arrays.sort(expected);
        double[] radix = input.clone();
        RadixSort.radix(radix);
        double[] auto = input.clone();
        RadixSort.sort(auto);
        // Arrays.equals on long[] (containsExactly is quadratic on large arrays).
        assertThat(Arrays.equals(bits(radix), bits(expected))).as("radix equals Arrays.sort").isTrue();
        assertThat(Arrays.equals(bits(auto), bits(expected))).as("sort equals Arrays.sort").isTrue();
    }

    @Test
    void keysOrderLikeTheNumbersAndRoundTrip() {
        double[] ordered = {Double.NEGATIVE_INFINITY, -Double.MAX_VALUE, -1.0, -Double.MIN_NORMAL,
            -Double.MIN_VALUE, -0.0, 0.0, Double.MIN_VALUE, Double.MIN_NORMAL, 1.0, Double.MAX_VALUE,
            Double.POSITIVE_INFINITY, Double.NaN};
        for (int i = 0; i < ordered.length; i++) {
            assertThat(Double.doubleToRawLongBits(RadixSort.value(RadixSort.key(ordered[i]))))
                    .as("round trip of %s", ordered[i]).isEqualTo(Double.doubleToLongBits(ordered[i]));
            if (i > 0) {
                assertThat(Long.compareUnsigned(RadixSort.key(ordered[i - 1]), RadixSort.key(ordered[i])))
                        .as("%s before %s", ordered[i - 1], ordered[i]).isNegative();
            }
        }
    }

    private static long[] bits(double[] a) {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = Double.doubleToLongBits(a[i]);
        }
        return out;
    }

    private static double[] draw(SplittableRandom rnd, int n, java.util.function.ToDoubleFunction<SplittableRandom> f) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = f.applyAsDouble(rnd);
        }
        return out;
    }

    private static double[] sorted(double[] a) {
        double[] out = a.clone();
        Arrays.sort(out);
        return out;
    }

    private static double[] reversed(double[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[a.length - 1 - i];
        }
        return out;
    }
}
