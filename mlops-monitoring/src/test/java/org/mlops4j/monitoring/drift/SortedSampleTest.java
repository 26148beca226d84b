package org.mlops4j.monitoring.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A test on {@link SortedSample}s gives exactly, to the bit, the result of the same test on the
 * original arrays: on every case of the scipy reference suite and on samples that reach each
 * branch (exact and asymptotic p-values, ties, radix-sorted sizes, values in arrival order that
 * the t-test sums).
 */
class SortedSampleTest {

    static Stream<Arguments> referenceCases() {
        return DriftTestsReferenceTest.numericCases();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("referenceCases")
    void sortedPathEqualsArrayPathOnTheReferenceSuite(String test, String caseId, double[] ref, double[] cur,
                                                      JsonNode expected) {
        NumericDriftTest t = DriftTests.numeric(test);
        assertThat(t.test(SortedSample.of(ref), SortedSample.of(cur))).isEqualTo(t.test(ref, cur));
    }

    static Stream<Arguments> drawnCases() {
        SplittableRandom rnd = new SplittableRandom(2026);
        Stream.Builder<Arguments> cases = Stream.builder();
        int[][] sizes = {{15, 18}, {40, 40}, {300, 700}, {3000, 2500}, {12_000, 11_000}};
        for (String name : DriftTests.numericNames()) {
            for (int[] n : sizes) {
                cases.add(Arguments.of(name, "gaussian " + n[0] + "/" + n[1],
                        gaussian(rnd, n[0], 1e6, 0.0), gaussian(rnd, n[1], 1e6, 0.05)));
                cases.add(Arguments.of(name, "ties " + n[0] + "/" + n[1],
                        ties(rnd, n[0], 0), ties(rnd, n[1], 1)));
            }
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("drawnCases")
    void sortedPathEqualsArrayPathOnDrawnSamples(String test, String caseId, double[] ref, double[] cur) {
        NumericDriftTest t = DriftTests.numeric(test);
        SortedSample r = SortedSample.of(ref);
        SortedSample c = SortedSample.of(cur);
        DriftResult expected = t.test(ref, cur);
        assertThat(t.test(r, c)).isEqualTo(expected);
        // A shared sample serves any number of tests and stays as it was.
        assertThat(t.test(r, c)).isEqualTo(expected);
    }

    @Test
    void theTTestSumsInArrivalOrderNotSortedOrder() {
        // Values whose sum depends on the order of the additions: the sorted path must keep
        // the arrival-order sums to give the array path's answer.
        double[] x = {1e16, 1.0, -1e16, 3.0, 2.5, -7.25, 1e-3, 5e15, -5e15, 0.1};
        double[] y = {0.2, 1e15, -1e15, 4.0, 1.0, 3.0, -2.0, 1e-7, 0.3, 0.9};
        NumericDriftTest t = DriftTests.numeric("t_test");
        assertThat(t.test(SortedSample.of(x), SortedSample.of(y))).isEqualTo(t.test(x, y));
    }

    @Test
    void valuesAreSortedAsArraysSortAndCopied() {
        double[] x = {3.0, -0.0, 0.0, -2.0, Double.MIN_VALUE, 3.0};
        SortedSample s = SortedSample.of(x);
        double[] expected = x.clone();
        Arrays.sort(expected);
        assertThat(s.values()).containsExactly(expected);
        assertThat(Double.doubleToRawLongBits(s.values()[1])).isEqualTo(Double.doubleToRawLongBits(-0.0));
        s.values()[0] = 99.0;
        assertThat(s.values()[0]).isEqualTo(-2.0);
        assertThat(s.size()).isEqualTo(6);
        assertThat(x).containsExactly(3.0, -0.0, 0.0, -2.0, Double.MIN_VALUE, 3.0);
        assertThat(s).hasToString("SortedSample[size=6, min=-2.0, max=3.0]");
    }

    @Test
    void badSamplesAreRejectedWithTheArrayPathsMessages() {
        assertThatThrownBy(() -> SortedSample.of(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("sample");
        assertThatThrownBy(() -> SortedSample.of(new double[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("sample sample must not be empty");
        assertThatThrownBy(() -> SortedSample.of(new double[] {1.0, 2.0, Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sample sample must be finite but sample[2] was NaN");
        assertThatThrownBy(() -> SortedSample.of(new double[] {Double.NEGATIVE_INFINITY, 2.0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sample sample must be finite but sample[0] was -Infinity");
        NumericDriftTest ks = DriftTests.numeric("ks");
        SortedSample one = SortedSample.of(new double[] {1.0});
        assertThatThrownBy(() -> ks.test(null, one)).isInstanceOf(NullPointerException.class).hasMessage("reference");
        assertThatThrownBy(() -> ks.test(one, (SortedSample) null)).isInstanceOf(NullPointerException.class)
                .hasMessage("current");
    }

    @Test
    void degenerateSamplesFailAsOnTheArrays() {
        for (String name : new String[] {"cvm", "t_test"}) {
            NumericDriftTest t = DriftTests.numeric(name);
            double[] one = {1.0};
            double[] two = {1.0, 2.0};
            assertThat(message(() -> t.test(SortedSample.of(one), SortedSample.of(two))))
                    .isEqualTo(message(() -> t.test(one, two))).contains("needs at least 2 values in the reference");
            assertThat(message(() -> t.test(SortedSample.of(two), SortedSample.of(one))))
                    .isEqualTo(message(() -> t.test(two, one))).contains("current");
        }
        // Constant samples: the message names each sample's first value in arrival order.
        double[] zeros = {0.0, -0.0, 0.0};
        double[] negativeZeros = {-0.0, 0.0};
        NumericDriftTest t = DriftTests.numeric("t_test");
        assertThat(message(() -> t.test(SortedSample.of(zeros), SortedSample.of(negativeZeros))))
                .isEqualTo(message(() -> t.test(zeros, negativeZeros)))
                .isEqualTo("t_test is undefined when both samples are constant (reference is all 0.0, current is all -0.0)");
    }

    @Test
    void aTestOfItsOwnGetsTheSortedValuesByDefault() {
        NumericDriftTest first = new NumericDriftTest() {
            @Override
            public String name() {
                return "first";
            }

            @Override
            public DriftResult test(double[] reference, double[] current) {
                return new DriftResult("first", reference[0] - current[0], Double.NaN, 1.0, false);
            }
        };
        DriftResult r = first.test(SortedSample.of(new double[] {5.0, -1.0}), SortedSample.of(new double[] {2.0, -3.0}));
        assertThat(r.statistic()).isEqualTo(2.0);
    }

    private static String message(Runnable r) {
        try {
            r.run();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("no IllegalArgumentException");
    }

    private static double[] gaussian(SplittableRandom rnd, int n, double offset, double shift) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = offset + rnd.nextGaussian() + shift;
        }
        return out;
    }

    private static double[] ties(SplittableRandom rnd, int n, int shift) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = (rnd.nextInt(12) + shift) * 0.25 - 1.0;
        }
        return out;
    }
}
