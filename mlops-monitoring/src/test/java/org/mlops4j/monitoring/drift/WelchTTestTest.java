package org.mlops4j.monitoring.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Welch's t-test in one pass per sample: against scipy 1.17 on every case of
 * {@code drift/reference.json} (statistic within 1e-12 relative), and against exact rational
 * arithmetic on the large-offset samples of {@code ttest/ttest_reference.json} (statistic and df
 * within 1e-12 relative), where scipy's own float sums are off by up to 1 (a t of 0.0 for an
 * exact 0.013), which the JSON records.
 */
class WelchTTestTest {

    private static JsonNode read(String resource) {
        try (InputStream in = WelchTTestTest.class.getResourceAsStream(resource)) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Arguments> scipyCases() {
        List<Arguments> cases = new ArrayList<>();
        for (JsonNode c : read("/drift/reference.json").get("numeric")) {
            JsonNode t = c.get("results").get("t_test");
            if (t != null) {
                cases.add(Arguments.of(c.get("id").asText(), DriftTestsReferenceTest.sample(c, "reference"),
                        DriftTestsReferenceTest.sample(c, "current"), t.get(0).asDouble(), t.get(1).asDouble()));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scipyCases")
    void matchesScipyOnTheDriftReferenceSuite(String id, double[] ref, double[] cur, double t, double p) {
        Estimate e = WelchTTest.test(ref, cur);
        assertThat(e.statistic()).isCloseTo(t, within(1e-12 * Math.abs(t)));
        assertThat(e.pValue()).isCloseTo(p, within(Math.max(1e-9 * p, 1e-15)));
    }

    static Stream<Arguments> exactCases() {
        List<Arguments> cases = new ArrayList<>();
        for (JsonNode c : read("/ttest/ttest_reference.json").get("cases")) {
            cases.add(Arguments.of(c.get("id").asText(), DriftTestsReferenceTest.synthetic(c.get("reference")),
                    DriftTestsReferenceTest.synthetic(c.get("current")), c));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exactCases")
    void matchesExactArithmeticOnLargeOffsets(String id, double[] ref, double[] cur, JsonNode c) {
        double[] refBefore = ref.clone();
        double[] curBefore = cur.clone();
        DriftResult r = DriftTests.numeric("t_test").test(ref, cur);
        double t = c.get("exact_statistic").asDouble();
        assertThat(r.statistic()).isCloseTo(t, within(1e-12 * Math.abs(t)));
        double p = c.get("exact_pvalue").asDouble();
        assertThat(r.pValue()).isCloseTo(p, within(Math.max(1e-9 * p, 1e-15)));
        assertThat(ref).isEqualTo(refBefore);
        assertThat(cur).isEqualTo(curBefore);
    }

    @Test
    void outlyingFirstValueTriggersTheSecondPassAndKeepsTheSumOfSquaresExact() {
        SplittableRandom rnd = new SplittableRandom(7);
        double[] x = new double[400_001];
        x[0] = 3.0e6;
        for (int i = 1; i < x.length; i++) {
            x[i] = rnd.nextDouble() - 0.5;
        }
        double[] m = WelchTTest.moments(x, "reference");
        BigDecimal[] exact = exactMeanAndSquares(x);
        assertThat(m[0] + m[1]).isCloseTo(exact[0].doubleValue(), within(1e-12 * Math.abs(exact[0].doubleValue())));
        assertThat(m[2]).isCloseTo(exact[1].doubleValue(), within(1e-12 * exact[1].doubleValue()));
        // the shift moved off sample[0]: the second pass ran around the first pass's mean
        assertThat(m[0]).isNotEqualTo(x[0]).isCloseTo(exact[0].doubleValue(), within(1e-3));
    }

    @Test
    void typicalFirstValueNeedsOnePass() {
        double[] x = {2.0, 1.0, 3.0, 2.5, 1.5};
        double[] m = WelchTTest.moments(x, "reference");
        assertThat(m[0]).isEqualTo(2.0);
        assertThat(m[1]).isEqualTo(0.0);
        assertThat(m[2]).isEqualTo(2.5);
    }

    @Test
    void constantSamplesGiveExactlyZeroVariance() {
        double[] m = WelchTTest.moments(new double[] {0.1, 0.1, 0.1, 0.1, 0.1}, "current");
        assertThat(m).containsExactly(0.1, 0.0, 0.0);
        Estimate e = WelchTTest.test(new double[] {0.1, 0.1, 0.1}, new double[] {0.0, 0.2, 0.4, 0.6, 0.8});
        assertThat(e.statistic()).isCloseTo(-0.3 / Math.sqrt(0.02), within(1e-12));
    }

    @Test
    void shiftedSumsCoverTheRemainderOfTheUnrolledLoop() {
        for (int n = 1; n <= 9; n++) {
            double[] x = new double[n];
            double sum = 0.0;
            double squares = 0.0;
            for (int i = 0; i < n; i++) {
                x[i] = i + 1;
                sum += i + 1 - 0.5;
                squares += (i + 0.5) * (i + 0.5);
            }
            assertThat(WelchTTest.shiftedSums(x, 0.5)).as("n=%d", n).containsExactly(sum, squares);
        }
    }

    @Test
    void shiftedSumsUseFourInterleavedAccumulators() {
        // 1e16 + 1 rounds back to 1e16: added one by one the ones vanish, but in four
        // accumulators (1e16, 1, 1, 1) combined pairwise two of them survive
        assertThat(WelchTTest.shiftedSums(new double[] {1e16, 1.0, 1.0, 1.0}, 0.0)[0])
                .isEqualTo(1e16 + 2.0);
    }

    @Test
    void needsTwoValuesInTheCurrentSample() {
        assertThatThrownBy(() -> WelchTTest.test(new double[] {1.0, 2.0}, new double[] {3.0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("t_test needs at least 2 values in the current sample but it has 1");
    }

    @Test
    void aNonFiniteFirstValueIsRejected() {
        assertThatThrownBy(() -> WelchTTest.moments(new double[] {Double.NEGATIVE_INFINITY, 1.0, 2.0, 3.0, 4.0}, "current"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("current sample must be finite but current[0] was -Infinity");
    }

    @Test
    void rejectsNonFiniteValuesNamingTheFieldAndIndex() {
        double[] good = {1.0, 2.0, 3.0};
        assertThatThrownBy(() -> DriftTests.numeric("t_test").test(good, new double[] {1.0, 2.0, Double.NaN, 4.0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("current sample must be finite but current[2] was NaN");
        assertThatThrownBy(() -> DriftTests.numeric("t_test")
                .test(new double[] {1.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}, good))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reference sample must be finite but reference[1] was Infinity");
        assertThatThrownBy(() -> DriftTests.numeric("t_test").test(new double[] {Double.NaN}, good))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reference sample must be finite but reference[0] was NaN");
        assertThatThrownBy(() -> DriftTests.numeric("t_test").test(new double[0], good))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reference sample must not be empty");
        assertThatThrownBy(() -> DriftTests.numeric("t_test").test(good, null))
                .isInstanceOf(NullPointerException.class).hasMessage("current");
    }

    @Test
    void aFiniteSampleWhoseSumOverflowsIsNotRejected() {
        double[] m = WelchTTest.moments(new double[] {-1e308, 1e308, 1e308}, "reference");
        assertThat(m[0]).isEqualTo(-1e308);
    }

    private static BigDecimal[] exactMeanAndSquares(double[] x) {
        BigDecimal sum = BigDecimal.ZERO;
        for (double v : x) {
            sum = sum.add(new BigDecimal(v));
        }
        BigDecimal mean = sum.divide(BigDecimal.valueOf(x.length), MathContext.DECIMAL128);
        BigDecimal ss = BigDecimal.ZERO;
        for (double v : x) {
            BigDecimal d = new BigDecimal(v).subtract(mean);
            ss = ss.add(d.multiply(d));
        }
        return new BigDecimal[] {mean, ss};
    }
}
