package org.mlops4j.monitoring.concept;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ADWIN's cut decisions at their boundaries, against {@code concept/adwin_reference.json}: written by
 * {@code concept/adwin_reference.py}, a Python re-implementation of ADWIN2 (Bifet and Gavaldà 2007,
 * MOA's and River's exponential histogram) in this class's conventions, on streams built to reach
 * one boundary each: the first update at which both sub-windows can reach the minimum length, the
 * grace period's last width, a difference of means equal to the bound exactly, cuts that drop rows
 * down to the newest ones, and the clock on error rates. Python's floats are IEEE doubles evaluated
 * in the same order, so the comparison is exact: the update of every detection and the window's
 * width, total, variance (bit for bit) and row count after every update (after every check on the
 * long streams), then the whole histogram.
 */
class AdwinDecisionTest {

    private static JsonNode reference;

    private static synchronized JsonNode reference() {
        if (reference == null) {
            try (InputStream in = AdwinDecisionTest.class.getResourceAsStream("/concept/adwin_reference.json")) {
                reference = new ObjectMapper().readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return reference;
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (JsonNode c : reference().get("cases")) {
            cases.add(Arguments.of(c.get("name").asText(), c));
        }
        return cases.stream();
    }

    private static JsonNode referenceCase(String name) {
        for (JsonNode c : reference().get("cases")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no reference case " + name);
    }

    private static AdwinConfig config(JsonNode c) {
        JsonNode k = c.get("config");
        return new AdwinConfig(k.get("delta").asDouble(), k.get("clock").asInt(), k.get("maxBuckets").asInt(),
                k.get("minWindowLength").asInt(), k.get("gracePeriod").asInt(), k.get("increasesOnly").asBoolean());
    }

    private static double[] stream(JsonNode c) {
        if (c.has("bits")) {
            String bits = c.get("bits").asText();
            double[] xs = new double[bits.length()];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = bits.charAt(i) == '1' ? 1.0 : 0.0;
            }
            return xs;
        }
        JsonNode values = c.get("stream");
        double[] xs = new double[values.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = values.get(i).asDouble();
        }
        return xs;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void detectionsAndWindowMatchTheReferenceUpdateByUpdate(String name, JsonNode c) {
        Adwin adwin = new Adwin(config(c));
        double[] xs = stream(c);
        Map<Integer, JsonNode> states = new HashMap<>();
        c.get("states").forEach(s -> states.put(s.get(0).asInt(), s));
        List<Integer> detections = new ArrayList<>();
        for (int i = 0; i < xs.length; i++) {
            int update = i + 1;
            if (adwin.update(xs[i]) == DriftState.DRIFT) {
                detections.add(update);
            }
            JsonNode s = states.get(update);
            if (s != null) {
                DetectorState got = adwin.snapshot();
                assertThat(new double[] {got.value("width"), got.value("total"), got.value("variance"),
                        got.value("rows")})
                        .as("%s: width, total, variance, rows after update %d", name, update)
                        .containsExactly(s.get(1).asDouble(), s.get(2).asDouble(), s.get(3).asDouble(),
                                s.get(4).asDouble());
            }
        }
        List<Integer> expected = new ArrayList<>();
        c.get("detections").forEach(d -> expected.add(d.asInt()));
        assertThat(detections).as("%s: updates that signal drift", name).isEqualTo(expected);
        assertThat(adwin.snapshot().values()).as("%s: the histogram at the end", name)
                .containsAllEntriesOf(finalValues(c.get("final")));
    }

    private static Map<String, Double> finalValues(JsonNode f) {
        Map<String, Double> v = new HashMap<>();
        for (String key : new String[] {"width", "total", "variance", "tick", "rows"}) {
            v.put(key, f.get(key).asDouble());
        }
        JsonNode buckets = f.get("buckets");
        for (int r = 0; r < buckets.size(); r++) {
            JsonNode row = buckets.get(r);
            v.put("row." + r + ".count", (double) row.size());
            for (int k = 0; k < row.size(); k++) {
                v.put("row." + r + "." + k + ".total", row.get(k).get(0).asDouble());
                v.put("row." + r + "." + k + ".variance", row.get(k).get(1).asDouble());
            }
        }
        return v;
    }

    @Test
    void referenceCoversEveryBoundaryCase() {
        assertThat(cases().map(a -> (String) a.get()[0])).containsExactly("firstCutStep", "gracePeriodBoundary",
                "exactTieIsNoCut", "justAboveTieCuts", "subWindowsShorterThanMinimumNeverCut",
                "repeatedCutsAcrossRows", "windowShrinksToItsNewestRows", "defaultsOnErrorRates",
                "riverOnErrorRates");
    }

    @Test
    void aCutFirstHoldsWhenTheNewestSubWindowReachesTheMinimumLength() {
        // Six 0s then 100s, checked every update with minimum sub-window 2: at update 7 the 100 is a
        // sub-window of 1; at update 8 the boundary 0s | 100, 100 (n0 = 6, n1 = 2, in row 0) cuts.
        Adwin adwin = new Adwin(new AdwinConfig(0.5, 1, 5, 2, 2, false));
        double[] xs = stream(referenceCase("firstCutStep"));
        for (int i = 0; i < 7; i++) {
            assertThat(adwin.update(xs[i])).as("update %d", i + 1).isEqualTo(DriftState.NONE);
        }
        assertThat(adwin.update(xs[7])).isEqualTo(DriftState.DRIFT);
        assertThat(adwin.width()).isEqualTo(6L);
        // Update 9 cuts again and leaves row 0 alone: five buckets of one observation.
        assertThat(adwin.update(xs[8])).isEqualTo(DriftState.DRIFT);
        assertThat(adwin.snapshot().value("rows")).isEqualTo(1.0);
        assertThat(adwin.snapshot().value("row.0.count")).isEqualTo(5.0);
    }

    @Test
    void theGracePeriodsLastWidthIsNotChecked() {
        // The same stream with grace period 8: the window of 8 could cut but is not checked.
        Adwin adwin = new Adwin(new AdwinConfig(0.5, 1, 5, 2, 8, false));
        double[] xs = stream(referenceCase("gracePeriodBoundary"));
        for (int i = 0; i < 8; i++) {
            assertThat(adwin.update(xs[i])).as("update %d", i + 1).isEqualTo(DriftState.NONE);
        }
        assertThat(adwin.width()).isEqualTo(8L);
        assertThat(adwin.update(xs[8])).isEqualTo(DriftState.DRIFT);
        assertThat(adwin.width()).isEqualTo(5L);
    }

    @Test
    void aDifferenceOfMeansEqualToTheBoundIsNotACut() {
        // 28 zeros then 24 ones, one check at update 52: at the zeros | ones boundary the means
        // differ by 1.0 and, at this delta, epsilon is 1.0 exactly (adwin_reference.py checks the tie
        // for every ln term within 2 ulps). 64 ulps more delta and the same boundary cuts.
        JsonNode tie = referenceCase("exactTieIsNoCut");
        double[] xs = stream(tie);
        Adwin atTie = new Adwin(config(tie));
        List<DriftState> states = new ArrayList<>();
        for (double x : xs) {
            states.add(atTie.update(x));
        }
        assertThat(states).doesNotContain(DriftState.DRIFT);
        assertThat(atTie.width()).isEqualTo(52L);
        Adwin above = new Adwin(config(referenceCase("justAboveTieCuts")));
        for (int i = 0; i < 51; i++) {
            above.update(xs[i]);
        }
        assertThat(above.update(xs[51])).isEqualTo(DriftState.DRIFT);
        assertThat(above.width()).isEqualTo(44L);
    }

    @Test
    void theClockCountsEveryUpdate() {
        // tick is the number of updates (a cut does not reset it), and only its multiples are checked.
        Adwin adwin = new Adwin(AdwinConfig.ofDefaults());
        double[] xs = stream(referenceCase("defaultsOnErrorRates"));
        for (int i = 0; i < 1_568; i++) {
            adwin.update(xs[i]);
        }
        assertThat(adwin.state()).isEqualTo(DriftState.DRIFT);
        assertThat(adwin.snapshot().value("tick")).isEqualTo(1_568.0);
        assertThat(adwin.width()).isEqualTo(256L);
    }
}
