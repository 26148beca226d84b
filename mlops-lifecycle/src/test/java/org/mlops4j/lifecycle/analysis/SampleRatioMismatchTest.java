package org.mlops4j.lifecycle.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mlops4j.lifecycle.analysis.Reference.assertClose;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SampleRatioMismatchTest {

    @Test
    void statisticAndPValueMatchScipyChisquare() {
        for (JsonNode c : Reference.root().get("srm")) {
            String id = c.get("id").asText();
            Map<String, Long> observed = new HashMap<>();
            Map<String, Double> weights = new HashMap<>();
            for (Map.Entry<String, JsonNode> e : c.get("observed").properties()) {
                observed.put(e.getKey(), e.getValue().asLong());
                weights.put(e.getKey(), c.get("weights").get(e.getKey()).asDouble());
            }

            SampleRatioMismatch srm = SampleRatioMismatch.check(observed, weights);

            assertClose(id + " statistic", srm.chiSquare(), c.get("statistic").asDouble(), 1e-12);
            assertClose(id + " p", srm.pValue(), c.get("p_value").asDouble(), 1e-9);
            assertThat(srm.degreesOfFreedom()).isEqualTo(observed.size() - 1);
            srm.expected().forEach((k, v) ->
                    assertClose(id + " expected " + k, v, c.get("expected").get(k).asDouble(), 1e-12));
            assertThat(srm.mismatch()).as(id).isEqualTo(c.get("p_value").asDouble() < 0.001);
        }
    }

    @Test
    void fiftyFiftySplitWithFivePercentMoreOnOneSideIsAMismatch() {
        SampleRatioMismatch srm = SampleRatioMismatch.check(
                Map.of("control", 10_000L, "treatment", 10_500L),
                Map.of("control", 0.5, "treatment", 0.5));

        assertThat(srm.pValue()).isBetween(1e-4, 1e-3);
        assertThat(srm.mismatch()).isTrue();
        assertThat(SampleRatioMismatch.check(Map.of("control", 10_000L, "treatment", 10_500L),
                Map.of("control", 0.5, "treatment", 0.5), 1e-4).mismatch()).isFalse();
        assertThat(srm.expected()).containsEntry("control", 10_250.0);
    }

    @Test
    void badInputIsRejectedNamingTheFieldAndValue() {
        Map<String, Double> even = Map.of("a", 1.0, "b", 1.0);
        assertThatThrownBy(() -> SampleRatioMismatch.check(Map.of("a", -1L, "b", 5L), even))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("observed count of variant 'a' must be >= 0 but was -1");
        assertThatThrownBy(() -> SampleRatioMismatch.check(Map.of("a", 1L, "b", 5L),
                Map.of("a", 1.0, "b", 0.0)))
                .hasMessage("weight of variant 'b' must be finite and > 0 but was 0.0");
        assertThatThrownBy(() -> SampleRatioMismatch.check(Map.of("a", 1L, "b", 5L),
                Map.of("a", Double.NaN, "b", 1.0)))
                .hasMessage("weight of variant 'a' must be finite and > 0 but was NaN");
        assertThatThrownBy(() -> SampleRatioMismatch.check(Map.of("a", 1L, "b", 5L),
                Map.of("a", 1.0, "c", 1.0)))
                .hasMessage("weights must name the variants of observed [a, b] but named [a, c]");
        assertThatThrownBy(() -> SampleRatioMismatch.check(Map.of("a", 1L), Map.of("a", 1.0)))
                .hasMessage("observed must hold at least 2 variants but held [a]");
        assertThatThrownBy(() -> SampleRatioMismatch.check(Map.of("a", 0L, "b", 0L), even))
                .hasMessage("observed counts must sum to > 0 but summed to 0");
        assertThatThrownBy(() -> SampleRatioMismatch.check(Map.of("a", 1L, "b", 5L), even, 0))
                .hasMessage("threshold must be in (0, 1) but was 0.0");
    }
}
