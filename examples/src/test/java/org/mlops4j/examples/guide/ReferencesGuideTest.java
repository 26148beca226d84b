package org.mlops4j.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.WindowMetrics;
import org.mlops4j.monitoring.WindowReference;
import org.mlops4j.monitoring.drift.DatasetDriftReport;
import org.mlops4j.monitoring.drift.Verdict;
import org.mlops4j.monitoring.profile.ReferenceProfile;
import org.mlops4j.monitoring.profile.SampledProfile;
import org.mlops4j.monitoring.profile.WindowConfig;
import org.mlops4j.monitoring.reference.ReferenceKind;

/**
 * Runs {@link ReferencesGuide} on a synthetic weekly cycle (fixed seeds): the amount's mean is 50 plus
 * 20 by day and less 12 at weekends, standard deviation 10.
 */
class ReferencesGuideTest {

    private static final Schema SCHEMA = Schema.of(Feature.numeric("amount"));
    private static final Instant MONDAY = Instant.parse("2026-01-05T00:00:00Z");
    private static final int WEEK = 168;

    private static double mean(Instant t) {
        ZonedDateTime z = t.atZone(ZoneOffset.UTC);
        return 50 + 20 * Math.sin(2 * Math.PI * (z.getHour() - 9) / 24.0) + (z.getDayOfWeek().getValue() >= 6 ? -12 : 0);
    }

    private static List<Map<String, Object>> hour(Instant start, int rows, SplittableRandom random) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            out.add(Map.of("amount", mean(start) + 10 * random.nextGaussian()));
        }
        return out;
    }

    @Test
    void theSeasonalMonitorTakesOverFromTheFixedReferenceAfterFourWeeks() {
        SplittableRandom random = new SplittableRandom(11);
        List<Map<String, Object>> week = new ArrayList<>();
        for (int h = 0; h < WEEK; h++) {
            week.addAll(hour(MONDAY.plus(Duration.ofHours(h)), 20, random));
        }
        ReferenceProfile allWeek = ReferenceProfile.of(SCHEMA, week);
        ManualClock clock = new ManualClock(MONDAY);
        List<WindowReference> heard = new CopyOnWriteArrayList<>();
        try (ModelMonitor<Object> monitor = ReferencesGuide.seasonalMonitor(allWeek, clock, heard)) {
            long id = 0;
            for (int h = 0; h < 5 * WEEK; h++) {
                Instant start = MONDAY.plus(Duration.ofHours(h));
                List<Map<String, Object>> rows = hour(start, 60, random);
                for (int i = 0; i < rows.size(); i++) {
                    monitor.onPrediction(PredictionEvent.success("p" + id++, start.plusSeconds(60L * i), "pay", "main",
                            new ModelRef("fraud", 1), rows.get(i), "legit", 0.9, 1_000_000));
                }
                clock.advance(Duration.ofHours(1));
                monitor.closeExpiredWindows();
                monitor.flush();   // the window is closed already: this waits for its analysis
            }
            assertThat(heard).hasSize(5 * WEEK);
            assertThat(monitor.referenceWarmUps()).isEqualTo(4 * WEEK);
            assertThat(heard.subList(0, 4 * WEEK)).allSatisfy(r -> {
                assertThat(r.kind()).isEqualTo(ReferenceKind.FIXED);
                assertThat(r.warmUp()).isTrue();
            });
            assertThat(heard.subList(4 * WEEK, 5 * WEEK)).allSatisfy(r -> {
                assertThat(r.kind()).isEqualTo(ReferenceKind.SEASONAL);
                assertThat(r.merged()).isEqualTo(4);
                assertThat(r.rows()).isEqualTo(240);
            });
            // Monday 00:00 UTC of week 5: slot 96 of the hour-of-week season.
            assertThat(heard.get(4 * WEEK).slot()).isEqualTo(96);
            List<WindowMetrics> last = monitor.recentWindows();
            // The last 100 windows are all seasonal: a few single windows over the 0.05 level at most.
            assertThat(last).hasSize(100);
            assertThat(last.stream().filter(w -> !w.driftedFeatures().isEmpty()).count()).isLessThanOrEqualTo(12);
        }
    }

    @Test
    void policiesAndSlots() {
        assertThat(ReferencesGuide.policies()).containsExactly(105, 673);
    }

    @Test
    void aHistoryOutsideAMonitorWarmsUpForFourWeeks() {
        SplittableRandom random = new SplittableRandom(12);
        List<SampledProfile> windows = new ArrayList<>();
        List<Instant> starts = new ArrayList<>();
        for (int h = 0; h < 5 * WEEK; h++) {
            Instant start = MONDAY.plus(Duration.ofHours(h));
            starts.add(start);
            windows.add(SampledProfile.of(SCHEMA, hour(start, 50, random), WindowConfig.ofDefaults()));
        }
        List<Optional<DatasetDriftReport>> reports = ReferencesGuide.historyOutsideAMonitor(windows, starts);
        assertThat(reports.subList(0, 4 * WEEK)).allSatisfy(r -> assertThat(r).isEmpty());
        assertThat(reports.subList(4 * WEEK, 5 * WEEK)).allSatisfy(r -> assertThat(r).isPresent());
        long drifted = reports.stream().flatMap(Optional::stream).filter(r -> r.verdict() == Verdict.DRIFT).count();
        // At the 0.05 level about 8 of 168 same-distribution windows drift by chance.
        assertThat(drifted).isLessThanOrEqualTo(20);
    }
}
