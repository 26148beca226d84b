package org.mlops4j.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.alert.Alert;
import org.mlops4j.monitoring.alert.AlertEvaluator;
import org.mlops4j.monitoring.alert.AlertRule;
import org.mlops4j.monitoring.profile.DriftCheckConfig;
import org.mlops4j.monitoring.profile.ReferenceProfile;
import org.mlops4j.monitoring.reference.ReferenceKind;
import org.mlops4j.monitoring.reference.ReferencePolicy;
import org.mlops4j.monitoring.report.MonitoringReport;

/**
 * Seasonal and rolling references inside a monitor, on synthetic traffic with fixed seeds: hourly
 * windows (120 predictions each, one every 30 s) of two numeric features, {@code amount} (the one
 * that moves) and {@code tenure} (stable). Windows are compared by the sketch KS test at 0.01
 * (Bonferroni over the two features), and the alert is {@code feature-drift} held for 2 windows, so
 * that one window's false alarm at that level does not page anyone: under no drift a window drifts
 * with probability at most about 0.01, two in a row about 1e-4, about 0.03 expected false alerts over
 * the 336 compared windows of two weeks. The rows are drawn with fixed seeds, but a merged KLL sketch
 * compacts with a random bit (DataSketches), so counts of drifted windows vary by a few between runs:
 * the bounds below leave room for that, and the numbers in comments are those of our runs.
 */
class SeasonalReferenceMonitorTest {

    private static final Schema SCHEMA = Schema.of(Feature.numeric("amount"), Feature.numeric("tenure"));
    private static final ModelRef MODEL = new ModelRef("fraud", 1);
    /** Monday 2026-01-05 00:00 UTC. */
    private static final Instant MONDAY = Instant.parse("2026-01-05T00:00:00Z");
    private static final int ROWS_PER_HOUR = 120;
    private static final int WEEK_HOURS = 168;
    private static final double SD = 10;

    /**
     * The weekly cycle of {@code amount}'s mean: 50, plus 20 by day (a sine peaking at 15:00 UTC), less 12
     * on Saturdays and Sundays.
     */
    static double weeklyMean(Instant t) {
        ZonedDateTime z = t.atZone(ZoneOffset.UTC);
        double hour = z.getHour() + z.getMinute() / 60.0;
        double day = 20 * Math.sin(2 * Math.PI * (hour - 9) / 24);
        boolean weekend = z.getDayOfWeek().getValue() >= 6;
        return 50 + day + (weekend ? -12 : 0);
    }

    /** One monitor under test and what it heard. */
    private static final class Run implements MonitorListener {
        final ModelMonitor<Object> monitor;
        final List<WindowMetrics> windows = new ArrayList<>();
        final List<WindowReference> references = new ArrayList<>();
        /** The start of the window whose figures fired each alert. */
        final List<Instant> fired = new ArrayList<>();
        private Instant lastStart;

        Run(ManualClock clock, ReferenceProfile fixed, ReferencePolicy policy) {
            ModelMonitor.Builder<Object> b = ModelMonitor.builder().schema(SCHEMA).reference(policy)
                    .windowDuration(Duration.ofHours(1)).windowSize(100_000).sameThreadAnalysis().clock(clock)
                    .drift(DriftCheckConfig.ofDefaults().withSketchTest(DriftCheckConfig.SketchTest.KS, 0.01))
                    .alerts(AlertEvaluator.of(clock, List.of(AlertRule.featureDriftDetected().withHoldFor(2)),
                            List.of()))
                    .listener(this);
            if (fixed != null) {
                b.reference(fixed);
            }
            monitor = b.build();
        }

        @Override
        public void onWindow(WindowMetrics m) {
            windows.add(m);
            lastStart = m.start();
        }

        @Override
        public void onWindowReference(WindowReference r) {
            references.add(r);
        }

        @Override
        public void onAlert(Alert alert) {
            if (alert.kind() == Alert.Kind.FIRED) {
                fired.add(lastStart);
            }
        }

        long driftedWindows(Instant from) {
            return windows.stream().filter(w -> !w.start().isBefore(from) && !w.driftedFeatures().isEmpty()).count();
        }

        long firedFrom(Instant from) {
            return fired.stream().filter(t -> !t.isBefore(from)).count();
        }
    }

    /**
     * Feeds {@code hours} hourly windows: each monitor gets the same rows, {@code amount} from
     * {@code mean(run, time)}, then closes the last window.
     */
    private static void feed(ManualClock clock, int hours, long seed, List<Run> runs,
                             BiFunction<Integer, Instant, Double> mean) {
        SplittableRandom random = new SplittableRandom(seed);
        long id = 0;
        for (int h = 0; h < hours; h++) {
            Instant hour = MONDAY.plus(Duration.ofHours(h));
            for (int i = 0; i < ROWS_PER_HOUR; i++) {
                Instant t = hour.plusSeconds(30L * i);
                double noise = random.nextGaussian() * SD;
                double tenure = 5 + 2 * random.nextGaussian();
                for (int r = 0; r < runs.size(); r++) {
                    Map<String, Object> row = Map.of("amount", mean.apply(r, t) + noise, "tenure", tenure);
                    runs.get(r).monitor.onPrediction(PredictionEvent.success("p" + id++, t, "pay", "main", MODEL, row,
                            "legit", 0.9, 1_000_000));
                }
            }
        }
        clock.advance(Duration.between(clock.now(), MONDAY.plus(Duration.ofHours(hours))));
        runs.forEach(r -> r.monitor.closeExpiredWindows());
    }

    /** A fixed reference of a whole week's traffic: 30 rows an hour of a week drawn with another seed. */
    private static ReferenceProfile allWeekReference() {
        SplittableRandom random = new SplittableRandom(7);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int h = 0; h < WEEK_HOURS; h++) {
            for (int i = 0; i < 30; i++) {
                Instant t = MONDAY.plus(Duration.ofHours(h)).plusSeconds(120L * i);
                rows.add(Map.of("amount", weeklyMean(t) + random.nextGaussian() * SD,
                        "tenure", 5 + 2 * random.nextGaussian()));
            }
        }
        return ReferenceProfile.of(SCHEMA, rows);
    }

    @Test
    void aWeeklyCycleAlertsAgainstAFixedReferenceButNotAgainstTheSameHourOfPastWeeks() {
        ManualClock clock = new ManualClock(MONDAY);
        ReferenceProfile allWeek = allWeekReference();
        Run fixed = new Run(clock, allWeek, ReferencePolicy.fixed());
        Run seasonal = new Run(clock, null, ReferencePolicy.hourOfWeek(4));
        Run seasonalWithFallback = new Run(clock, allWeek, ReferencePolicy.hourOfWeek(4));
        feed(clock, 6 * WEEK_HOURS, 42, List.of(fixed, seasonal, seasonalWithFallback), (r, t) -> weeklyMean(t));
        Instant afterWarmUp = MONDAY.plus(Duration.ofDays(28));

        // The fixed all-week reference: nearly every hour differs from the week's mixture (998 of 1,008 windows
        // drift in our runs), so the alert fires, resolves at the few hours that look like the mixture, and fires
        // again (11 incidents in our runs, 4 of them in the last two weeks).
        assertThat(fixed.windows).hasSize(1008);
        assertThat(fixed.driftedWindows(MONDAY)).isGreaterThan(950);
        assertThat(fixed.driftedWindows(afterWarmUp)).isGreaterThan(310);
        assertThat(fixed.fired).hasSizeGreaterThanOrEqualTo(6);
        assertThat(fixed.firedFrom(afterWarmUp)).isGreaterThanOrEqualTo(2);
        assertThat(fixed.references).hasSize(1008)
                .allSatisfy(r -> assertThat(r.kind()).isEqualTo(ReferenceKind.FIXED));
        assertThat(fixed.monitor.referenceWarmUps()).isZero();

        // Seasonal without a fixed reference: 4 weeks of warm-up without a verdict, then the same hour of the
        // last 4 weeks, and no alert at all.
        assertThat(seasonal.windows).hasSize(1008);
        assertThat(seasonal.monitor.referenceWarmUps()).isEqualTo(4 * WEEK_HOURS);
        assertThat(seasonal.references.subList(0, 672))
                .allSatisfy(r -> {
                    assertThat(r.kind()).isEqualTo(ReferenceKind.NONE);
                    assertThat(r.warmUp()).isTrue();
                });
        assertThat(seasonal.windows.subList(0, 672)).allSatisfy(w -> assertThat(w.inputDrift()).isEmpty());
        assertThat(seasonal.references.subList(672, 1008))
                .allSatisfy(r -> {
                    assertThat(r.kind()).isEqualTo(ReferenceKind.SEASONAL);
                    assertThat(r.merged()).isEqualTo(4);
                    assertThat(r.rows()).isEqualTo(4L * ROWS_PER_HOUR);
                });
        // Monday 00:00 UTC of week 5 is hour-of-week slot 96 (slots count from Thursday 00:00 UTC).
        assertThat(seasonal.references.get(672).slot()).isEqualTo(96);
        assertThat(seasonal.references.get(672).start()).isEqualTo(afterWarmUp);
        assertThat(seasonal.fired).isEmpty();
        // Single windows over the 0.01 level happen (1 of 336 in our runs; the hold of two windows keeps them from
        // alerting).
        assertThat(seasonal.driftedWindows(afterWarmUp)).isLessThanOrEqualTo(8);

        // With the fixed reference as the warm-up's fallback, the cycle alerts during the first 4 weeks only.
        assertThat(seasonalWithFallback.monitor.referenceWarmUps()).isEqualTo(4 * WEEK_HOURS);
        assertThat(seasonalWithFallback.references.subList(0, 672))
                .allSatisfy(r -> assertThat(r.kind()).isEqualTo(ReferenceKind.FIXED));
        assertThat(seasonalWithFallback.fired).isNotEmpty();
        assertThat(seasonalWithFallback.firedFrom(afterWarmUp)).isZero();
        // The latest profiles show the reference the window was compared with: 4 merged hours.
        assertThat(seasonalWithFallback.monitor.latestProfiles()).singleElement()
                .satisfies(p -> assertThat(p.reference().rows()).isEqualTo(4L * ROWS_PER_HOUR));
        // The last window (Sunday 23:00 UTC, slot 95) is named in the report's drift check.
        assertThat(seasonalWithFallback.monitor.latestReferences()).singleElement()
                .satisfies(r -> assertThat(r.slot()).isEqualTo(95));
        assertThat(MonitoringReport.builder().monitor(seasonalWithFallback.monitor).build().driftChecks())
                .singleElement().satisfies(c -> assertThat(c.title()).endsWith(" UTC, vs slot 95 of the last 4 seasons"));
        assertThat(MonitoringReport.builder().monitor(fixed.monitor).build().driftChecks())
                .singleElement().satisfies(c -> assertThat(c.title()).endsWith(" UTC"));
    }

    @Test
    void aRealShiftOnTopOfTheCycleIsFoundByTheSeasonalReference() {
        ManualClock clock = new ManualClock(MONDAY);
        Run seasonal = new Run(clock, null, ReferencePolicy.hourOfWeek(4));
        // Week 6, Wednesday 12:00 UTC: amount moves up by one standard deviation.
        Instant shift = MONDAY.plus(Duration.ofDays(5 * 7 + 2)).plus(Duration.ofHours(12));
        feed(clock, 6 * WEEK_HOURS, 43, List.of(seasonal),
                (r, t) -> weeklyMean(t) + (t.isBefore(shift) ? 0 : SD));
        assertThat(seasonal.fired).isNotEmpty();
        // No alert before the shift; the alert fires on the second shifted window (the rule holds for 2).
        assertThat(seasonal.fired.get(0)).isEqualTo(shift.plus(Duration.ofHours(1)));
        // Every shifted window drifts.
        long shifted = seasonal.windows.stream().filter(w -> !w.start().isBefore(shift)).count();
        assertThat(shifted).isEqualTo(108);
        assertThat(seasonal.driftedWindows(shift)).isEqualTo(shifted);
    }

    @Test
    void aSlowTrendAlertsAgainstTheFixedReferenceButNotTheRollingOne() {
        ManualClock clock = new ManualClock(MONDAY);
        ReferenceProfile start = stableReference(50);
        Run fixed = new Run(clock, start, ReferencePolicy.fixed());
        Run rolling = new Run(clock, start, ReferencePolicy.rolling(24));
        // The mean rises by 0.005 standard deviations an hour: 2 standard deviations over 400 hours.
        feed(clock, 400, 44, List.of(fixed, rolling),
                (r, t) -> 50 + 0.05 * Duration.between(MONDAY, t).toSeconds() / 3600.0);
        // Fixed: 339 of 400 windows drift in our runs, the first alert after about 46 hours (0.23 standard
        // deviations). Rolling over the last 24 hours lags the trend by about 0.06 standard deviations: 2 to 4 single
        // windows drift, never two in a row.
        assertThat(fixed.fired).isNotEmpty();
        assertThat(fixed.fired.get(0)).isBefore(MONDAY.plus(Duration.ofHours(72)));
        assertThat(fixed.driftedWindows(MONDAY)).isGreaterThan(300);
        assertThat(rolling.fired).isEmpty();
        assertThat(rolling.driftedWindows(MONDAY)).isLessThanOrEqualTo(10);
        assertThat(rolling.monitor.referenceWarmUps()).isEqualTo(24);
        assertThat(rolling.references.subList(24, 400)).allSatisfy(r -> {
            assertThat(r.kind()).isEqualTo(ReferenceKind.ROLLING);
            assertThat(r.merged()).isEqualTo(24);
            assertThat(r.slot()).isEqualTo(-1);
        });
    }

    @Test
    void anAbruptShiftAlertsAgainstTheRollingReference() {
        ManualClock clock = new ManualClock(MONDAY);
        ReferenceProfile start = stableReference(50);
        Run rolling = new Run(clock, start, ReferencePolicy.rolling(24));
        Instant shift = MONDAY.plus(Duration.ofHours(300));
        feed(clock, 400, 45, List.of(rolling), (r, t) -> t.isBefore(shift) ? 50.0 : 65.0);
        // Fired on the second shifted window; every window drifts for 20 hours (in our runs), until the shifted
        // windows make up most of the 24 merged ones.
        assertThat(rolling.fired).containsExactly(shift.plus(Duration.ofHours(1)));
        assertThat(rolling.driftedWindows(shift.plus(Duration.ofHours(24)))).isLessThanOrEqualTo(2);
    }

    @Test
    void aFixedMonitorWithoutAReferenceProfilesNothingAndHearsNoReference() {
        ManualClock clock = new ManualClock(MONDAY);
        Run none = new Run(clock, null, ReferencePolicy.fixed());
        feed(clock, 3, 48, List.of(none), (r, t) -> 50.0);
        assertThat(none.windows).hasSize(3);
        assertThat(none.references).isEmpty();
        assertThat(none.windows).allSatisfy(w -> assertThat(w.inputDrift()).isEmpty());
        assertThat(none.monitor.latestProfiles()).isEmpty();
        assertThat(none.monitor.referenceWarmUps()).isZero();
    }

    @Test
    void aRollingOrSeasonalReferenceNeedsASchema() {
        assertThatThrownBy(() -> ModelMonitor.builder().reference(ReferencePolicy.rolling(3)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reference rolling(3 windows, min 3) needs a schema to profile windows: give schema(...), "
                        + "a reference profile or a signature");
        assertThat(ModelMonitor.builder().build().referencePolicy()).isEqualTo(ReferencePolicy.fixed());
        assertThat(ModelMonitor.builder().schema(SCHEMA).reference(ReferencePolicy.hourOfWeek(2)).build()
                .referencePolicy()).isEqualTo(ReferencePolicy.hourOfWeek(2));
    }

    @Test
    void aRebaselineStartsTheHistoryAfreshAndKeepsCountingWarmUps() {
        ManualClock clock = new ManualClock(MONDAY);
        Run rolling = new Run(clock, null, ReferencePolicy.rolling(2));
        feed(clock, 4, 46, List.of(rolling), (r, t) -> 50.0);
        assertThat(rolling.references).extracting(WindowReference::kind).containsExactly(ReferenceKind.NONE,
                ReferenceKind.NONE, ReferenceKind.ROLLING, ReferenceKind.ROLLING);
        rolling.monitor.rebaseline(Baseline.none());
        SplittableRandom random = new SplittableRandom(47);
        for (int h = 4; h < 7; h++) {
            for (int i = 0; i < 40; i++) {
                Instant t = MONDAY.plus(Duration.ofHours(h)).plusSeconds(60L * i);
                rolling.monitor.onPrediction(PredictionEvent.success("q" + h + "-" + i, t, "pay", "main", MODEL,
                        Map.of("amount", 50 + SD * random.nextGaussian(), "tenure", 5.0), "legit", 0.9, 1_000_000));
            }
        }
        rolling.monitor.flush();
        assertThat(rolling.references.subList(4, 7)).extracting(WindowReference::kind)
                .containsExactly(ReferenceKind.NONE, ReferenceKind.NONE, ReferenceKind.ROLLING);
        assertThat(rolling.monitor.referenceWarmUps()).isEqualTo(4);
        WindowReference last = rolling.references.get(6);
        assertThat(last.endpoint()).isEqualTo("pay");
        assertThat(last.variant()).isEqualTo("main");
        assertThat(last.model()).isEqualTo("fraud/1");
        assertThat(last.start()).isEqualTo(MONDAY.plus(Duration.ofHours(6)));
        assertThat(last.window()).isEqualTo(7);
        assertThat(last.rows()).isEqualTo(80);
    }

    private static ReferenceProfile stableReference(double mean) {
        SplittableRandom random = new SplittableRandom(8);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 2_880; i++) {
            rows.add(Map.of("amount", mean + random.nextGaussian() * SD, "tenure", 5 + 2 * random.nextGaussian()));
        }
        return ReferenceProfile.of(SCHEMA, rows);
    }
}
