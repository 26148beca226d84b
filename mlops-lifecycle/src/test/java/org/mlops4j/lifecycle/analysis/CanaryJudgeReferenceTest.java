package org.mlops4j.lifecycle.analysis;

import static org.mlops4j.lifecycle.analysis.Reference.assertClose;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the judge's statistics against {@code analysis/reference.json}: the Hodges-Lehmann shift
 * (numpy median of the pairwise differences), the interval from R's {@code wilcox.test} algorithm
 * re-implemented in the script, and scipy's {@code mannwhitneyu} p-value. The shift, interval and
 * medians are order statistics of the same IEEE differences, so they must agree to 1e-12
 * relative (in practice bit for bit); the p-value to 1e-9 relative.
 */
class CanaryJudgeReferenceTest {

    private static final double EXACT = 1e-12;
    private static final double P_RELATIVE = 1e-9;

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (JsonNode c : Reference.root().get("canary")) {
            double[] control = c.has("control") ? Reference.doubles(c.get("control"))
                    : Reference.synthetic(c.get("controlSynthetic"));
            double[] experiment = c.has("experiment") ? Reference.doubles(c.get("experiment"))
                    : Reference.synthetic(c.get("experimentSynthetic"));
            for (JsonNode interval : c.get("intervals")) {
                cases.add(Arguments.of(c.get("id").asText(), interval.get("confidence").asDouble(),
                        control, experiment, c, interval));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("cases")
    void shiftIntervalAndPValueMatchRAndScipy(String id, double confidence, double[] control,
                                              double[] experiment, JsonNode expected,
                                              JsonNode interval) {
        CanaryJudge judge = CanaryJudge.builder().confidence(confidence).minSamples(1)
                .metric(MetricSpec.anyChangeIsBad("m")).build();

        MetricJudgement j = judge.judge(Map.of("m", control), Map.of("m", experiment))
                .judgement("m").orElseThrow();

        assertClose(id + " estimate", j.estimate(), expected.get("estimate").asDouble(), EXACT);
        assertClose(id + " lower", j.lower(), interval.get("lower").asDouble(), EXACT);
        assertClose(id + " upper", j.upper(), interval.get("upper").asDouble(), EXACT);
        assertClose(id + " p", j.pValue(), expected.get("p_value").asDouble(), P_RELATIVE);
        assertClose(id + " control median", j.controlMedian(),
                expected.get("control_median").asDouble(), EXACT);
        assertClose(id + " experiment median", j.experimentMedian(),
                expected.get("experiment_median").asDouble(), EXACT);
    }
}
