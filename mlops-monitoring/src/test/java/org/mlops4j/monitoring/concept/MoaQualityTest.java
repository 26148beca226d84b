package org.mlops4j.monitoring.concept;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our detectors at their defaults against MOA's at MOA's defaults, on the same seeded streams
 * ({@link QualityStream}, 30 seeds each): MOA's per-seed figures were recorded by
 * {@code DetectorQualityHarness} (benchmarks module, which runs MOA 2024.07.0 itself) into
 * {@code concept/moa_quality.json}; this test regenerates the streams, runs ours and asserts that on
 * every stream each detector detects at least as many changes, with a mean delay no longer (overall
 * and over the seeds both detected), and raises no more false alarms. The streams are generated the
 * same way on every JVM, so the comparison is exact: no noise allowance.
 */
class MoaQualityTest {

    private static final Map<String, Supplier<ConceptDriftDetector>> OURS = Map.of(
            "PageHinkley", ConceptDriftDetectors::pageHinkley,
            "ADWIN", ConceptDriftDetectors::adwin,
            "DDM", ConceptDriftDetectors::ddm,
            "EDDM", ConceptDriftDetectors::eddm,
            "HDDM_A", ConceptDriftDetectors::hddmA);

    private static final List<DetectorQuality.Result> MOA = new ArrayList<>();

    @BeforeAll
    static void readReference() throws IOException {
        try (InputStream in = MoaQualityTest.class.getResourceAsStream("/concept/moa_quality.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            for (JsonNode r : root.get("results")) {
                List<Integer> delays = new ArrayList<>();
                r.get("delays").forEach(d -> delays.add(d.asInt()));
                List<Integer> falseAlarms = new ArrayList<>();
                r.get("falseAlarms").forEach(f -> falseAlarms.add(f.asInt()));
                DetectorQuality.Result moa = new DetectorQuality.Result(r.get("detector").asText(),
                        QualityStream.valueOf(r.get("stream").asText()), delays, falseAlarms);
                assertThat(moa.falseAlarmsPerStream()).as("summary of %s", r)
                        .isCloseTo(r.get("falseAlarmsPerStream").asDouble(), within(1e-12));
                MOA.add(moa);
            }
        }
    }

    @Test
    void referenceCoversEveryDetectorOnEveryStreamItTakes() {
        // 5 detectors on the 4 error streams, ADWIN and Page-Hinkley on the 2 Gaussian ones.
        assertThat(MOA).hasSize(24);
        assertThat(MOA).allSatisfy(r -> assertThat(r.delays()).hasSize(DetectorQuality.SEEDS));
        assertThat(MOA.stream().filter(r -> !r.stream().errors()).map(DetectorQuality.Result::detector))
                .containsOnly("PageHinkley", "ADWIN");
    }

    @Test
    void defaultsDetectAtLeastAsMuchAsMoaNoLaterWithNoMoreFalseAlarms() {
        for (DetectorQuality.Result moa : MOA) {
            DetectorQuality.Result ours = DetectorQuality.run(moa.detector(), moa.stream(),
                    DetectorQuality.of(OURS.get(moa.detector())));
            String what = moa.detector() + " on " + moa.stream();
            assertThat(ours.detected()).as("detections, %s", what).isGreaterThanOrEqualTo(moa.detected());
            assertThat(ours.falseAlarmsPerStream()).as("false alarms, %s", what)
                    .isLessThanOrEqualTo(moa.falseAlarmsPerStream());
            if (moa.stream().drifts()) {
                assertThat(ours.meanDelay()).as("mean delay, %s", what).isLessThanOrEqualTo(moa.meanDelay());
                long oursOnShared = 0;
                long moaOnShared = 0;
                for (int i = 0; i < DetectorQuality.SEEDS; i++) {
                    if (ours.delays().get(i) >= 0 && moa.delays().get(i) >= 0) {
                        oursOnShared += ours.delays().get(i);
                        moaOnShared += moa.delays().get(i);
                    }
                }
                assertThat(oursOnShared).as("delay on the seeds both detected, %s", what)
                        .isLessThanOrEqualTo(moaOnShared);
            }
        }
    }

    @Test
    void pageHinkleyDefaultsBeatMoaOnFalseAlarmsAndDelayWhereRiversLose() {
        for (QualityStream stream : List.of(QualityStream.STABLE_GAUSSIAN, QualityStream.STABLE_BERNOULLI)) {
            DetectorQuality.Result moa = MOA.stream()
                    .filter(r -> r.detector().equals("PageHinkley") && r.stream() == stream).findFirst().orElseThrow();
            DetectorQuality.Result river = DetectorQuality.run("river", stream,
                    DetectorQuality.of(() -> ConceptDriftDetectors.pageHinkley(PageHinkleyConfig.river())));
            DetectorQuality.Result ours = DetectorQuality.run("ours", stream,
                    DetectorQuality.of(ConceptDriftDetectors::pageHinkley));
            assertThat(river.falseAlarmsPerStream()).as("River's on %s", stream)
                    .isGreaterThan(moa.falseAlarmsPerStream());
            assertThat(ours.falseAlarmsPerStream()).as("ours on %s", stream)
                    .isLessThanOrEqualTo(moa.falseAlarmsPerStream());
        }
        DetectorQuality.Result moaShift = MOA.stream()
                .filter(r -> r.detector().equals("PageHinkley") && r.stream() == QualityStream.GAUSSIAN_SHIFT)
                .findFirst().orElseThrow();
        DetectorQuality.Result ours = DetectorQuality.run("ours", QualityStream.GAUSSIAN_SHIFT,
                DetectorQuality.of(ConceptDriftDetectors::pageHinkley));
        assertThat(ours.meanDelay()).isLessThan(0.75 * moaShift.meanDelay());
    }
}
