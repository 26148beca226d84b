package org.mlops4j.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.feedback.FeedbackEvent;
import org.mlops4j.core.feedback.GroundTruth;
import org.mlops4j.core.fleet.FleetFigures;
import org.mlops4j.core.fleet.FleetWindows;
import org.mlops4j.core.fleet.VariantAggregate;
import org.mlops4j.core.fleet.WindowAggregate;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.core.signal.VariantFigures;
import org.mlops4j.monitoring.profile.FeatureProfile;
import org.mlops4j.monitoring.profile.FleetProfiles;
import org.mlops4j.monitoring.profile.ReferenceProfile;

/** What three replicas' monitors publish beyond traffic: feedback per window, input and output profiles. */
class FleetAggregatesTest {

    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
    private static final ModelRef MODEL = new ModelRef("churn", 3);
    private static final Schema SCHEMA = Schema.of(List.of(Feature.numeric("x").withRange(0, 100).optional(),
            Feature.categorical("c", Set.of("a", "b", "c")).optional()));

    private static ModelMonitor<Object> classifier(String replica, FleetWindows store, ManualClock clock) {
        return ModelMonitor.builder(OutputReader.classifier((Object o) -> (String) o)).windowSize(10_000)
                .windowDuration(Duration.ofMinutes(1)).clock(clock).sameThreadAnalysis()
                .listener(new FleetPublisher(replica, store)).build();
    }

    private static void advanceTo(ManualClock clock, Instant t) {
        clock.advance(Duration.between(clock.now(), t));
    }

    private static PredictionEvent<Object, Object> answer(String id, Instant t, String label, boolean fallback) {
        return PredictionEvent.success(id, null, null, t, "ep", "v", MODEL, null, label, 0.9, 1_000_000, fallback);
    }

    private static FeedbackEvent<Object, Object> truth(PredictionEvent<Object, Object> p, String label, Instant at) {
        return new FeedbackEvent<>(p, GroundTruth.label(label), at);
    }

    @Test
    void labelsArrivingOnThreeReplicasMergeIntoTheSumOfTheirFigures() {
        ManualClock clock = new ManualClock(T0);
        FleetWindows store = FleetWindows.inMemory();
        List<ModelMonitor<Object>> monitors = new ArrayList<>();
        long expectedLabelled = 0;
        long expectedCorrect = 0;
        for (int r = 0; r < 3; r++) {
            monitors.add(classifier("pod-" + r, store, clock));
        }
        advanceTo(clock, T0.plusSeconds(10));
        List<List<PredictionEvent<Object, Object>>> answered = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            List<PredictionEvent<Object, Object>> mine = new ArrayList<>();
            // Replica r answers 20 + 10 r routed calls, a third of them "yes", and one fallback call.
            for (int i = 0; i < 20 + 10 * r; i++) {
                PredictionEvent<Object, Object> p = answer(r + "-" + i, T0.plusSeconds(5), i % 3 == 0 ? "yes" : "no",
                        false);
                monitors.get(r).onPrediction(p);
                mine.add(p);
            }
            PredictionEvent<Object, Object> fallback = answer(r + "-f", T0.plusSeconds(5), "yes", true);
            monitors.get(r).onPrediction(fallback);
            // A fallback answer's label counts in the monitor's own accuracy, not in a routed figure.
            monitors.get(r).onFeedback(truth(fallback, "yes", clock.now()));
            answered.add(mine);
        }
        // Labels of the first 12 + 5 r answers arrive in the first minute: the truth is always "yes".
        for (int r = 0; r < 3; r++) {
            for (int i = 0; i < 12 + 5 * r; i++) {
                monitors.get(r).onFeedback(truth(answered.get(r).get(i), "yes", clock.now()));
                expectedLabelled++;
                expectedCorrect += i % 3 == 0 ? 1 : 0;
            }
        }
        // The rest arrive in the second minute, when no replica answers anything: windows of labels alone.
        advanceTo(clock, T0.plusSeconds(90));
        for (int r = 0; r < 3; r++) {
            List<PredictionEvent<Object, Object>> mine = answered.get(r);
            for (int i = 12 + 5 * r; i < mine.size(); i++) {
                monitors.get(r).onFeedback(truth(mine.get(i), "no", clock.now()));
                expectedLabelled++;
                expectedCorrect += i % 3 == 0 ? 0 : 1;
            }
        }
        advanceTo(clock, T0.plusSeconds(130));
        long labelled = 0;
        long correct = 0;
        long requests = 0;
        for (ModelMonitor<Object> m : monitors) {
            m.flush();
            VariantFigures own = m.figures("ep", "v", MODEL).orElseThrow();
            labelled += own.labelled();
            correct += own.correct();
            requests += own.requests();
            assertThat(m.listenerFailures()).isZero();
        }
        // 90 routed answers, all labelled: 12 + 17 + 22 = 51 in the first minute, 39 in the second.
        assertThat(labelled).isEqualTo(90).isEqualTo(expectedLabelled);
        assertThat(correct).isEqualTo(expectedCorrect);
        VariantFigures fleet = FleetFigures.since(store, T0).figures("ep", "v", MODEL).orElseThrow();
        assertThat(fleet.labelled()).isEqualTo(labelled);
        assertThat(fleet.correct()).isEqualTo(correct);
        assertThat(fleet.requests()).isEqualTo(requests).isEqualTo(90);
        assertThat(fleet.accuracy()).isEqualTo((double) correct / labelled);
        // Per minute: the labels counted where they arrived.
        VariantAggregate first = store.merged("ep", "v", MODEL, T0, T0.plusSeconds(60)).orElseThrow();
        assertThat(first.labelled()).isEqualTo(51);
        assertThat(first.correct()).isEqualTo(4 + 6 + 8);
        VariantAggregate second = store.merged("ep", "v", MODEL, T0.plusSeconds(60), Instant.MAX).orElseThrow();
        assertThat(second.labelled()).isEqualTo(39);
        assertThat(second.requests()).isZero();
        // A window of labels alone has no metrics: only the three first-minute windows were analysed.
        assertThat(monitors.get(0).recentWindows()).hasSize(1);
    }

    @Test
    void aLateLabelInALaterSlotClosesTheOpenWindowFirst() {
        ManualClock clock = new ManualClock(T0);
        FleetWindows store = FleetWindows.inMemory();
        ModelMonitor<Object> m = classifier("pod-a", store, clock);
        PredictionEvent<Object, Object> p = answer("1", T0.plusSeconds(5), "yes", false);
        m.onPrediction(p);
        advanceTo(clock, T0.plusSeconds(70));
        m.onFeedback(truth(p, "yes", clock.now()));
        VariantAggregate first = store.merged("ep", "v", MODEL, T0, T0.plusSeconds(60)).orElseThrow();
        assertThat(first.requests()).isEqualTo(1);
        assertThat(first.labelled()).isZero();
        advanceTo(clock, T0.plusSeconds(200));
        m.closeExpiredWindows();
        VariantAggregate second = store.merged("ep", "v", MODEL, T0.plusSeconds(60), T0.plusSeconds(120))
                .orElseThrow();
        assertThat(second.labelled()).isEqualTo(1);
        assertThat(second.correct()).isEqualTo(1);
    }

    private static List<Map<String, Object>> rows(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        String[] cats = {"a", "b", "c", "zz"};
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> row = new HashMap<>();
            if (rnd.nextInt(20) > 0) {
                row.put("x", 50 + 15 * gaussian(rnd));
            }
            if (rnd.nextInt(10) > 0) {
                row.put("c", cats[Math.min(rnd.nextInt(7), 3)]);
            }
            rows.add(row);
        }
        return rows;
    }

    private static double gaussian(SplittableRandom rnd) {
        return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    @Test
    void theFleetsMergedProfilesAreTheProfilesOfAllItsRows() {
        ManualClock clock = new ManualClock(T0);
        FleetWindows store = FleetWindows.inMemory();
        ReferenceProfile reference = ReferenceProfile.of(SCHEMA, rows(500, 1));
        List<Map<String, Object>> all = new ArrayList<>();
        Map<String, Long> answers = new TreeMap<>();
        for (int r = 0; r < 3; r++) {
            ModelMonitor<Object> m = ModelMonitor.builder(OutputReader.classifier((Object o) -> (String) o))
                    .reference(reference).windowSize(400).clock(clock).sameThreadAnalysis()
                    .listener(new FleetPublisher("pod-" + r, store)).build();
            List<Map<String, Object>> mine = rows(1_000 + 100 * r, 10 + r);
            int i = 0;
            for (Map<String, Object> row : mine) {
                String label = row.get("x") instanceof Double x && x > 60 ? "high" : "low";
                // Every tenth answer is a fallback's: profiles describe every answer, as the window's own metrics.
                m.onPrediction(PredictionEvent.success(r + "-" + i, null, null, T0.plusMillis(i), "ep", "v", MODEL,
                        row, label, 0.9, 1_000_000, i % 10 == 0));
                answers.merge(label, 1L, Long::sum);
                i++;
            }
            m.flush();
            all.addAll(mine);
        }
        VariantAggregate merged = store.merged("ep", "v", MODEL, Instant.EPOCH, Instant.MAX).orElseThrow();
        // 1,000, 1,100 and 1,200 rows in windows of 400: 3 + 3 + 3 windows, one profile each.
        assertThat(merged.inputProfiles()).hasSize(9);
        ReferenceProfile fleet = FleetProfiles.inputs(merged).orElseThrow();
        ReferenceProfile single = ReferenceProfile.of(SCHEMA, all);
        assertThat(fleet.rows()).isEqualTo(3_300).isEqualTo(single.rows());
        FeatureProfile x = fleet.feature("x").orElseThrow();
        FeatureProfile exactX = single.feature("x").orElseThrow();
        assertThat(x.missing()).isEqualTo(exactX.missing()).isPositive();
        assertThat(x.valid()).isEqualTo(exactX.valid());
        assertThat(x.min()).isEqualTo(exactX.min());
        assertThat(x.max()).isEqualTo(exactX.max());
        assertThat(x.mean()).isCloseTo(exactX.mean(), Offset.offset(1e-9));
        assertThat(x.variance()).isCloseTo(exactX.variance(), Offset.offset(1e-7));
        double[] sorted = all.stream().filter(row -> row.get("x") != null).mapToDouble(row -> (Double) row.get("x"))
                .sorted().toArray();
        for (double q : new double[] {0.05, 0.25, 0.5, 0.75, 0.95}) {
            double value = x.quantile(q);
            double rank = (double) Math.abs(Arrays.binarySearch(sorted, value)) / sorted.length;
            // The KLL sketch's documented rank error for a merged sketch at k = 200 (ProfileConfig).
            assertThat(rank).as("rank of the fleet's q=%s", q).isCloseTo(q, Offset.offset(0.0165));
        }
        FeatureProfile c = fleet.feature("c").orElseThrow();
        FeatureProfile exactC = single.feature("c").orElseThrow();
        assertThat(c.categoryCounts()).isEqualTo(exactC.categoryCounts()).containsKeys("a", "b", "c", "zz");
        assertThat(c.missing()).isEqualTo(exactC.missing()).isPositive();
        // The outputs: one categorical feature of every answer's label.
        FeatureProfile labels = FleetProfiles.outputs(merged).orElseThrow().feature(FleetProfiles.PREDICTION)
                .orElseThrow();
        assertThat(labels.categoryCounts()).isEqualTo(answers);
        // Folding the profiles first changes no count: what a compaction stores.
        VariantAggregate compacted = FleetProfiles.compact(merged);
        assertThat(compacted.inputProfiles()).hasSize(1);
        assertThat(FleetProfiles.inputs(compacted).orElseThrow().feature("c").orElseThrow().categoryCounts())
                .isEqualTo(exactC.categoryCounts());
        assertThat(compacted.requests()).isEqualTo(merged.requests());
    }

    @Test
    void aRegressionModelsOutputProfileIsThatOfAllItsValues() {
        FleetWindows store = FleetWindows.inMemory();
        double[] values = new double[900];
        for (int r = 0; r < 3; r++) {
            ModelMonitor<Object> m = ModelMonitor.builder(OutputReader.regressor((Object o) -> (Double) o))
                    .windowSize(100).sameThreadAnalysis().listener(new FleetPublisher("pod-" + r, store)).build();
            for (int i = 0; i < 300; i++) {
                double v = r * 1_000 + i * 0.5;
                values[r * 300 + i] = v;
                m.onPrediction(PredictionEvent.success(r + "-" + i, T0.plusMillis(i), "ep", "v", MODEL, null, v, 0.9,
                        1_000_000));
            }
        }
        VariantAggregate merged = store.merged("ep", "v", MODEL, Instant.EPOCH, Instant.MAX).orElseThrow();
        assertThat(merged.outputProfiles()).hasSize(9);
        assertThat(merged.inputProfiles()).isEmpty();
        FeatureProfile fleet = FleetProfiles.outputs(merged).orElseThrow().feature(FleetProfiles.PREDICTION)
                .orElseThrow();
        assertThat(fleet.valid()).isEqualTo(900);
        assertThat(fleet.min()).isEqualTo(0);
        assertThat(fleet.max()).isEqualTo(2_149.5);
        assertThat(fleet.mean()).isCloseTo(Arrays.stream(values).average().orElseThrow(), Offset.offset(1e-9));
        // The middle 300 values are 1,000 .. 1,149.5: the median is among them.
        assertThat(fleet.quantile(0.5)).isBetween(1_000.0, 1_149.5);
        assertThat(FleetProfiles.inputs(merged)).isEmpty();
    }

    @Test
    void aMonitorWithoutAPublisherCountsNothingForAFleet() {
        List<WindowAggregate> heard = new ArrayList<>();
        ModelMonitor<Object> m = ModelMonitor.builder(OutputReader.classifier((Object o) -> (String) o))
                .windowSize(2).sameThreadAnalysis().listener(new MonitorListener() {
                    @Override
                    public void onWindowAggregate(WindowAggregate window) {
                        heard.add(window);
                    }
                }).build();
        PredictionEvent<Object, Object> p = answer("1", T0, "yes", false);
        m.onPrediction(p);
        m.onFeedback(truth(p, "yes", T0));
        m.onPrediction(answer("2", T0, "no", false));
        assertThat(m.recentWindows()).hasSize(1);
        assertThat(heard).isEmpty();
        assertThat(m.figures("ep", "v", MODEL).orElseThrow().labelled()).isEqualTo(1);
        FleetPublisher late = new FleetPublisher("pod-a", FleetWindows.inMemory());
        assertThatThrownBy(() -> m.addListener(late)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listener FleetPublisher[pod-a").hasMessageContaining("Builder.listener");
        // A monitor built with one takes another.
        ModelMonitor<Object> fleet = classifier("pod-b", FleetWindows.inMemory(), new ManualClock(T0));
        fleet.addListener(late);
        assertThat(fleet.removeListener(late)).isTrue();
    }

    @Test
    void aWindowsProfilesAreBounded() {
        Map<String, Object> row = new LinkedHashMap<>();
        List<Feature> features = new ArrayList<>();
        for (int f = 0; f < 16; f++) {
            features.add(Feature.numeric("f" + f).withRange(0, 100));
        }
        for (int c = 0; c < 4; c++) {
            features.add(Feature.categorical("c" + c, Set.of("a", "b", "c", "d", "e")));
        }
        Schema schema = Schema.of(features);
        SplittableRandom rnd = new SplittableRandom(5);
        List<Map<String, Object>> reference = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            Map<String, Object> r = new HashMap<>();
            features.forEach(f -> r.put(f.name(), f.name().startsWith("f") ? rnd.nextDouble() * 100
                    : String.valueOf((char) ('a' + rnd.nextInt(5)))));
            reference.add(r);
        }
        FleetWindows store = FleetWindows.inMemory();
        ModelMonitor<Object> m = ModelMonitor.builder(OutputReader.classifier((Object o) -> (String) o))
                .reference(ReferenceProfile.of(schema, reference.subList(0, 1_000))).windowSize(1_000)
                .sameThreadAnalysis().listener(new FleetPublisher("pod-a", store)).build();
        for (int i = 0; i < 1_000; i++) {
            row = reference.get(1_000 + i);
            m.onPrediction(PredictionEvent.success("p" + i, T0, "ep", "v", MODEL, row, i % 3 == 0 ? "fraud" : "legit",
                    0.9, 1_000_000));
        }
        VariantAggregate window = store.merged("ep", "v", MODEL, Instant.EPOCH, Instant.MAX).orElseThrow();
        int bytes = window.encode().length;
        // The figure docs/operations.md gives: 20 features (16 numeric, 4 categorical), 1,000 rows.
        // Measured 61,867 bytes: about 3.7 KB per numeric feature (its KLL sketch in base64) and 0.1 KB per categorical one.
        assertThat(bytes).isBetween(55_000, 70_000);
    }
}
