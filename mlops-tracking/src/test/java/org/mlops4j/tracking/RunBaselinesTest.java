package org.mlops4j.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.Clock;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.tracking.PerformanceBaseline.Kind;
import org.mlops4j.tracking.jdbc.JdbcStore;
import org.mlops4j.tracking.jdbc.JdbcTracker;

public class RunBaselinesTest {

    @TempDir
    Path dir;

    /**
     * Records the three kinds in a model run on a store, reads them back and compares: every store runs it.
     *
     * @param tracker the store
     */
    public static void recordsReadsAndCompares(Tracker tracker) {
        Run previous = tracker.startRun("fraud", RunConfig.ofDefaults().recordSource(false));
        previous.logMetrics(Map.of("accuracy", 0.84, "macro_f1", 0.70), 0L);
        previous.close();

        Run run = tracker.startRun("fraud", RunConfig.ofDefaults().recordSource(false));
        run.logMetrics(Map.of("accuracy", 0.88, "macro_f1", 0.66), 0L);
        RunBaselines.log(run, PerformanceBaseline.humanLevel("human", Map.of("accuracy", 0.95),
                "3 analysts on 500 transactions"));
        RunBaselines.log(run, TrivialBaselines.majorityClass(List.of("legit", "legit", "legit", "fraud")));
        RunBaselines.log(run, PerformanceBaseline.previousModel("v1", tracker, previous.id(),
                List.of("accuracy", "macro_f1")));
        run.close();

        RunInfo info = tracker.run(run.id()).orElseThrow();
        assertThat(info.latestMetrics().get("baseline.human.accuracy").value()).isEqualTo(0.95);
        assertThat(info.tags()).containsEntry("mlops.baseline.v1.kind", "PREVIOUS_MODEL")
                .containsEntry("mlops.baseline.v1.metrics", "accuracy,macro_f1")
                .containsEntry("mlops.baseline.v1.source", "run " + previous.id());
        List<PerformanceBaseline> read = RunBaselines.read(info);
        assertThat(read).extracting(PerformanceBaseline::name).containsExactly("human", "majority", "v1");
        assertThat(read.get(0)).isEqualTo(PerformanceBaseline.humanLevel("human", Map.of("accuracy", 0.95),
                "3 analysts on 500 transactions"));
        assertThat(read.get(1).kind()).isEqualTo(Kind.TRIVIAL);
        assertThat(read.get(1).metrics()).containsEntry("accuracy", 0.75);
        assertThat(read.get(2).metrics()).containsExactlyEntriesOf(linked("accuracy", 0.84, "macro_f1", 0.70));

        List<BaselineComparison> accuracy = RunBaselines.compare(info, "accuracy", Goal.MAX);
        assertThat(accuracy).extracting(BaselineComparison::baseline).containsExactly("human", "majority", "v1");
        assertThat(accuracy).extracting(BaselineComparison::beats).containsExactly(false, true, true);
        assertThat(accuracy.get(0).difference()).isCloseTo(-0.07, within(1e-12));
        assertThat(accuracy.get(1).relativeImprovement()).isCloseTo(0.13 / 0.75, within(1e-12));
        // The previous model's macro F1 was better: the human-level and majority baselines have no macro_f1... the
        // majority baseline does (2*3/(4+3)/2 = 3/7), so two comparisons.
        List<BaselineComparison> f1 = RunBaselines.compare(info, "macro_f1", Goal.MAX);
        assertThat(f1).extracting(BaselineComparison::baseline).containsExactly("majority", "v1");
        assertThat(f1.get(0).baselineValue()).isCloseTo(3.0 / 7, within(1e-15));
        assertThat(f1.get(1).beats()).isFalse();
        assertThat(f1.get(1).improvement()).isCloseTo(-0.04, within(1e-12));

        Map<String, List<BaselineComparison>> both = tracker.compare(List.of(previous.id(), run.id()))
                .againstBaselines("accuracy", Goal.MAX);
        assertThat(both).containsOnlyKeys(run.id());
        assertThat(both.get(run.id())).isEqualTo(accuracy);
    }

    private static Map<String, Double> linked(String k1, double v1, String k2, double v2) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    @Test
    void inMemoryTracker() {
        recordsReadsAndCompares(new InMemoryTracker(Clock.system(), dir.resolve("artifacts")));
    }

    @Test
    void sqliteStore() {
        try (JdbcTracker tracker = new JdbcTracker(JdbcStore.sqlite(dir.resolve("mlops.db")), dir.resolve("artifacts"),
                Clock.system())) {
            recordsReadsAndCompares(tracker);
        }
    }

    @Test
    void recordingAgainReplacesTheBaseline() {
        InMemoryTracker tracker = new InMemoryTracker(Clock.system(), dir.resolve("artifacts"));
        Run run = tracker.startRun("fraud", RunConfig.ofDefaults().recordSource(false)).logMetric("accuracy", 0.9);
        RunBaselines.log(run, PerformanceBaseline.humanLevel("human", linked("accuracy", 0.95, "macro_f1", 0.9), ""));
        RunBaselines.log(run, PerformanceBaseline.trivial("human", Map.of("accuracy", 0.5), "relabelled"));
        PerformanceBaseline read = RunBaselines.read(tracker.run(run.id()).orElseThrow()).get(0);
        assertThat(read).isEqualTo(PerformanceBaseline.trivial("human", Map.of("accuracy", 0.5), "relabelled"));
    }

    @Test
    void previousModelFromAVersionsSourceRun() {
        InMemoryTracker tracker = new InMemoryTracker(Clock.system(), dir.resolve("artifacts"));
        Run old = tracker.startRun("fraud", RunConfig.ofDefaults().recordSource(false)).logMetric("rmse", 2.5);
        ModelVersion v1 = ModelVersion.builder("fraud", 1).sourceRunId(old.id()).build();
        PerformanceBaseline b = PerformanceBaseline.previousModel("v1", tracker, v1, List.of("rmse"));
        assertThat(b.kind()).isEqualTo(Kind.PREVIOUS_MODEL);
        assertThat(b.metrics()).containsExactlyEntriesOf(Map.of("rmse", 2.5));
        assertThat(b.source()).isEqualTo("models:/fraud/1 (run " + old.id() + ")");

        assertThatThrownBy(() -> PerformanceBaseline.previousModel("v0", tracker,
                ModelVersion.builder("fraud", 2).build(), List.of("rmse")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(
                        "model version models:/fraud/2 has no source run to take baseline metrics from");
        assertThatThrownBy(() -> PerformanceBaseline.previousModel("v1", tracker, old.id(), List.of("mae")))
                .hasMessage("run " + old.id() + " has no metric 'mae'; it has [rmse]");
        assertThatThrownBy(() -> PerformanceBaseline.previousModel("v1", tracker, "nope", List.of("rmse")))
                .isInstanceOf(RunNotFoundException.class);
        assertThatThrownBy(() -> PerformanceBaseline.previousModel("v1", tracker,
                ModelVersion.builder("fraud", 3).sourceRunId("gone").build(), List.of("rmse")))
                .isInstanceOf(RunNotFoundException.class).hasMessageContaining("gone");
        assertThatThrownBy(() -> PerformanceBaseline.previousModel("v1", tracker, old.id(), List.of()))
                .hasMessageContaining("metricKeys of baseline 'v1' must name at least one metric");
        old.logMetric("mae", Double.NaN);
        assertThatThrownBy(() -> PerformanceBaseline.previousModel("v1", tracker, old.id(), List.of("mae")))
                .hasMessage("metric 'mae' of baseline 'v1' must be finite but was NaN");
    }

    @Test
    void majorityClassScoredOnOtherLabels() {
        // Fitted: a three times, b twice, c once, so it predicts a. Scored on a, b, b, c, a: c = 2 of n = 5.
        PerformanceBaseline b = TrivialBaselines.majorityClass(List.of("a", "b", "a", "c", "a", "b"),
                List.of("a", "b", "b", "c", "a"));
        assertThat(b.name()).isEqualTo("majority");
        assertThat(b.source()).isEqualTo("always predicts the majority class 'a' (3 of 6 fitted labels)");
        // F1 of a = 2*2/(5+2) = 4/7; b and c 0; macro over 3 classes, weighted by support 2/5.
        assertThat(b.metrics()).containsOnlyKeys("accuracy", "micro_f1", "macro_f1", "weighted_f1");
        assertThat(b.metrics().get("accuracy")).isEqualTo(0.4);
        assertThat(b.metrics().get("micro_f1")).isEqualTo(0.4);
        assertThat(b.metrics().get("macro_f1")).isCloseTo(4.0 / 21, within(1e-15));
        assertThat(b.metrics().get("weighted_f1")).isCloseTo(8.0 / 35, within(1e-15));
    }

    @Test
    void majorityClassAbsentFromTheTestLabelsCountsAsAClass() {
        // Predicts x, which the test labels lack: every F1 is 0, accuracy 0, over 3 classes (y, z, x).
        PerformanceBaseline b = TrivialBaselines.majorityClass(List.of("x", "x", "y"), List.of("y", "z"));
        assertThat(b.metrics()).containsEntry("accuracy", 0.0).containsEntry("macro_f1", 0.0)
                .containsEntry("weighted_f1", 0.0);
        // One list: fitted and scored on the same labels; p = 3/4, F1 = 2p/(1+p) = 6/7, two classes.
        PerformanceBaseline same = TrivialBaselines.majorityClass(List.of(1, 1, 0, 1));
        assertThat(same.metrics().get("accuracy")).isEqualTo(0.75);
        assertThat(same.metrics().get("macro_f1")).isCloseTo(3.0 / 7, within(1e-15));
        assertThat(same.metrics().get("weighted_f1")).isCloseTo(0.75 * 6 / 7, within(1e-15));
    }

    @Test
    void majorityTieGoesToTheSmallestLabel() {
        assertThat(TrivialBaselines.majorityClass(List.of("b", "a", "c", "b", "a")).source())
                .startsWith("always predicts the majority class 'a' (2 of 5");
        assertThat(TrivialBaselines.majorityClass(List.of("a", "b", "b", "a")).source())
                .startsWith("always predicts the majority class 'a' (2 of 4");
    }

    @Test
    void majorityTieByNaturalOrderWhateverTheIterationOrder() {
        // 16 and 1 tie; a hash map meets 16 first: the smaller one, 1, is still chosen (not "1" < "16" by text).
        assertThat(TrivialBaselines.majorityClass(List.of(16, 1, 16, 1)).source())
                .isEqualTo("always predicts the majority class '1' (2 of 4 fitted labels)");
        assertThat(TrivialBaselines.majorityClass(List.of(9, 10, 10, 9)).source())
                .startsWith("always predicts the majority class '9'");
        // A less frequent label never wins, however it sorts or when it is met.
        assertThat(TrivialBaselines.majorityClass(List.of(16, 16, 1)).source())
                .startsWith("always predicts the majority class '16'");
        // Labels of different classes compare as text: "-" < "0", though a hash map meets 0 first.
        assertThat(TrivialBaselines.majorityClass(List.<Object>of(0, "-")).source())
                .startsWith("always predicts the majority class '-'");
        // Labels of one class that is not comparable compare as text too.
        assertThat(TrivialBaselines.majorityClass(List.of(List.of(2), List.of(1))).source())
                .startsWith("always predicts the majority class '[1]'");
        // A long label is cut at 100 characters in the source.
        assertThat(TrivialBaselines.majorityClass(List.of("x".repeat(100))).source()).contains("'" + "x".repeat(100)
                + "'");
        assertThat(TrivialBaselines.majorityClass(List.of("x".repeat(101))).source()).contains("'" + "x".repeat(100)
                + "...'");
    }

    @Test
    void meanPredictorSumsWithoutLosingSmallTerms() {
        // A plain sum of 1e16, 1 and -1e16 gives 0; the compensated one 1, so the mean is exactly 1/3.
        PerformanceBaseline b = TrivialBaselines.meanPredictor(new double[] {1e16, 1, -1e16}, new double[] {1.0 / 3});
        assertThat(b.metrics()).containsEntry("rmse", 0.0).containsEntry("mae", 0.0);
        PerformanceBaseline small = TrivialBaselines.meanPredictor(new double[] {1, 1e16, -1e16}, new double[] {1.0 / 3});
        assertThat(small.metrics()).containsEntry("rmse", 0.0).containsEntry("mae", 0.0);
        // Deviations summed the same way: 1e16 + 1 + (-1e16) around a mean of 0 fitted on {0}.
        PerformanceBaseline deviations = TrivialBaselines.meanPredictor(new double[] {0}, new double[] {1e8, 1, -1e8});
        assertThat(deviations.metrics().get("rmse")).isEqualTo(Math.sqrt((2e16 + 1) / 3));
        assertThat(deviations.metrics().get("mae")).isEqualTo((2e8 + 1) / 3);
    }

    @Test
    void recordIsStoredAtStepZeroThenPastItself() {
        InMemoryTracker tracker = new InMemoryTracker(Clock.system(), dir.resolve("artifacts"));
        Run run = tracker.startRun("fraud", RunConfig.ofDefaults().recordSource(false)).logMetric("accuracy", 0.9, 7);
        PerformanceBaseline human = PerformanceBaseline.humanLevel("human", Map.of("accuracy", 0.95), "");
        assertThat(RunBaselines.log(run, human)).isSameAs(run);
        assertThat(tracker.metricHistory(run.id(), "baseline.human.accuracy")).extracting(Metric::step).containsExactly(0L);
        // Another baseline's record does not move this one's step; recording it again does.
        RunBaselines.log(run, PerformanceBaseline.humanLevel("humans", Map.of("accuracy", 0.9), ""));
        assertThat(tracker.metricHistory(run.id(), "baseline.humans.accuracy")).extracting(Metric::step)
                .containsExactly(0L);
        RunBaselines.log(run, human);
        assertThat(tracker.metricHistory(run.id(), "baseline.human.accuracy")).extracting(Metric::step)
                .containsExactly(0L, 1L);
        // An empty source writes no tag; a tag that merely ends in .kind is not a baseline.
        run.setTag("note.kind", "x");
        RunInfo info = tracker.run(run.id()).orElseThrow();
        assertThat(info.tags()).doesNotContainKey("mlops.baseline.human.source");
        assertThat(RunBaselines.read(info)).extracting(PerformanceBaseline::name).containsExactly("human", "humans");
        assertThat(RunBaselines.metricKey("human", "auc.fraud")).isEqualTo("baseline.human.auc.fraud");
    }

    @Test
    void aMetricListLongerThanATagValueIsRefusedAndNothingWritten() {
        InMemoryTracker tracker = new InMemoryTracker(Clock.system(), dir.resolve("artifacts"));
        Run run = tracker.startRun("fraud", RunConfig.ofDefaults().recordSource(false));
        Map<String, Double> many = new LinkedHashMap<>();
        for (int i = 0; i < 30; i++) {
            many.put(i + "m".repeat(200), (double) i);
        }
        assertThatThrownBy(() -> RunBaselines.log(run, PerformanceBaseline.humanLevel("h", many, "")))
                .hasMessageContaining("value of tag 'mlops.baseline.h.metrics' must be at most 5000 characters");
        assertThat(tracker.run(run.id()).orElseThrow().latestMetrics()).isEmpty();
        PerformanceBaseline limit = PerformanceBaseline.humanLevel("h", Map.of("a", 1.0), "s".repeat(1000));
        assertThat(limit.source()).hasSize(1000);
    }

    @Test
    void aComparisonLeavesOutRunsWithoutTheMetricOrBaselines() {
        InMemoryTracker tracker = new InMemoryTracker(Clock.system(), dir.resolve("artifacts"));
        Run none = tracker.startRun("fraud", RunConfig.ofDefaults().recordSource(false)).logMetric("loss", 0.3);
        Run bare = tracker.startRun("fraud", RunConfig.ofDefaults().recordSource(false)).logMetric("accuracy", 0.7);
        Run model = tracker.startRun("fraud", RunConfig.ofDefaults().recordSource(false)).logMetric("accuracy", 0.9);
        RunBaselines.log(model, TrivialBaselines.majorityClass(List.of("a", "a", "b", "b", "a")));
        Map<String, List<BaselineComparison>> out = tracker.compare(List.of(none.id(), bare.id(), model.id()))
                .againstBaselines("accuracy", Goal.MAX);
        assertThat(out).containsOnlyKeys(model.id());
        assertThat(out.get(model.id()).get(0).baselineValue()).isEqualTo(0.6);
        assertThat(out.get(model.id()).get(0).beats()).isTrue();
        assertThatThrownBy(() -> new BaselineComparison("b", Kind.TRIVIAL, "m", Goal.MAX, Double.NaN, 1, 0, 0, 0,
                false)).hasMessage("modelValue of metric 'm' must be finite but was NaN");
        assertThatThrownBy(() -> new BaselineComparison("b", Kind.TRIVIAL, "m", Goal.MAX, 1, Double.NEGATIVE_INFINITY,
                0, 0, 0, false)).hasMessage("baselineValue of metric 'm' must be finite but was -Infinity");
    }

    @Test
    void meanPredictorByHand() {
        // Mean 2.5; errors on 2, 4, 7: -0.5, 1.5, 4.5; squares 0.25 + 2.25 + 20.25 = 22.75.
        PerformanceBaseline b = TrivialBaselines.meanPredictor(new double[] {1, 2, 3, 4}, new double[] {2, 4, 7});
        assertThat(b.name()).isEqualTo("mean");
        assertThat(b.kind()).isEqualTo(Kind.TRIVIAL);
        assertThat(b.metrics().get("rmse")).isCloseTo(Math.sqrt(22.75 / 3), within(1e-15));
        assertThat(b.metrics().get("mae")).isCloseTo(6.5 / 3, within(1e-15));
        assertThat(b.source()).isEqualTo("always predicts the mean 2.5 of 4 fitted values");
        // Scored on its own values: the population standard deviation and the mean absolute deviation.
        PerformanceBaseline own = TrivialBaselines.meanPredictor(new double[] {2, 4, 4, 4, 5, 5, 7, 9});
        assertThat(own.metrics()).containsEntry("rmse", 2.0).containsEntry("mae", 1.5);
    }

    @Test
    void meanPredictorMatchesNumpyOnLargeOffsets() {
        // numpy: m = fit.mean(); np.sqrt(np.mean((test - m) ** 2)), np.mean(np.abs(test - m))
        double[] fit = {1e8 + 0.1, 1e8 + 0.7, 1e8 + 0.25, 1e8 + 0.95, 1e8 + 0.5};
        double[] test = {1e8 + 0.3, 1e8 + 0.9, 1e8 + 0.05, 1e8 + 1.2};
        PerformanceBaseline b = TrivialBaselines.meanPredictor(fit, test);
        assertThat(b.metrics().get("rmse")).isCloseTo(0.47236109408348786, within(1e-12));
        assertThat(b.metrics().get("mae")).isCloseTo(0.4375000037252903, within(1e-12));
    }

    @Test
    void badInputIsRefusedNamingIt() {
        assertThatThrownBy(() -> TrivialBaselines.majorityClass(List.of()))
                .hasMessage("fit labels must not be empty");
        assertThatThrownBy(() -> TrivialBaselines.majorityClass(List.of("a"), List.of()))
                .hasMessage("test labels must not be empty");
        assertThatThrownBy(() -> TrivialBaselines.majorityClass(java.util.Arrays.asList("a", null)))
                .hasMessage("fit label 1 must not be null");
        assertThatThrownBy(() -> TrivialBaselines.meanPredictor(new double[0]))
                .hasMessage("fit values must not be empty");
        assertThatThrownBy(() -> TrivialBaselines.meanPredictor(new double[] {1}, new double[] {1, Double.NaN}))
                .hasMessage("test value 1 must be finite but was NaN");
        assertThatThrownBy(() -> PerformanceBaseline.humanLevel("human", Map.of("accuracy", Double.NaN), ""))
                .hasMessage("metric 'accuracy' of baseline 'human' must be finite but was NaN");
        assertThatThrownBy(() -> PerformanceBaseline.humanLevel("human", Map.of("rmse",
                Double.POSITIVE_INFINITY), "")).hasMessage("metric 'rmse' of baseline 'human' must be finite but was Infinity");
        assertThatThrownBy(() -> PerformanceBaseline.humanLevel("human.level", Map.of("accuracy", 0.9), ""))
                .hasMessage("name must be 1 to 64 letters, digits, '_' or '-' but was 'human.level'");
        assertThatThrownBy(() -> PerformanceBaseline.humanLevel("", Map.of("accuracy", 0.9), ""))
                .hasMessageContaining("but was ''");
        assertThatThrownBy(() -> PerformanceBaseline.humanLevel("human", Map.of(), ""))
                .hasMessage("metrics of baseline 'human' must hold at least one metric but was empty");
        assertThatThrownBy(() -> PerformanceBaseline.humanLevel("human", Map.of("a,b", 0.9), ""))
                .hasMessageContaining("invalid metric key 'a,b'");
        assertThatThrownBy(() -> PerformanceBaseline.humanLevel("human", Map.of("accuracy", 0.9), "x".repeat(1001)))
                .hasMessage("source of baseline 'human' must be at most 1000 characters but was 1001");
    }

    @Test
    void compareRefusesAMetricTheRunLacksOrHoldsAsNaN() {
        InMemoryTracker tracker = new InMemoryTracker(Clock.system(), dir.resolve("artifacts"));
        Run run = tracker.startRun("fraud", RunConfig.ofDefaults().recordSource(false)).logMetric("accuracy", 0.9)
                .logMetric("loss", Double.NaN);
        RunBaselines.log(run, PerformanceBaseline.humanLevel("human", Map.of("accuracy", 0.95, "loss", 0.1), ""));
        RunInfo info = tracker.run(run.id()).orElseThrow();
        assertThatThrownBy(() -> RunBaselines.compare(info, "acuracy", Goal.MAX))
                .hasMessage("run " + run.id() + " has no metric 'acuracy' to compare with its baselines; it has "
                        + "[accuracy, loss]");
        assertThatThrownBy(() -> RunBaselines.compare(info, "loss", Goal.MIN))
                .hasMessage("metric 'loss' of run " + run.id() + " must be finite to compare with baselines but was NaN");
        assertThatThrownBy(() -> tracker.compare(List.of(run.id())).againstBaselines("f1", Goal.MAX))
                .hasMessageStartingWith("no run of the comparison has metric 'f1'");
        // A run without baselines compares with none.
        Run bare = tracker.startRun("fraud", RunConfig.ofDefaults().recordSource(false)).logMetric("accuracy", 0.9);
        assertThat(RunBaselines.compare(tracker.run(bare.id()).orElseThrow(), "accuracy", Goal.MAX)).isEmpty();
        assertThat(RunBaselines.read(tracker.run(bare.id()).orElseThrow())).isEmpty();
    }

    @Test
    void tagsEditedByHandAreReported() {
        InMemoryTracker tracker = new InMemoryTracker(Clock.system(), dir.resolve("artifacts"));
        Run run = tracker.startRun("fraud", RunConfig.ofDefaults().recordSource(false));
        RunBaselines.log(run, PerformanceBaseline.humanLevel("human", Map.of("accuracy", 0.95), ""));
        run.setTag("mlops.baseline.human.metrics", "accuracy,f1");
        assertThatThrownBy(() -> RunBaselines.read(tracker.run(run.id()).orElseThrow()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("run " + run.id() + " records baseline 'human' with metric 'f1' but has no metric "
                        + "baseline.human.f1");
        run.setTag("mlops.baseline.human.kind", "GUESS");
        assertThatThrownBy(() -> RunBaselines.read(tracker.run(run.id()).orElseThrow()))
                .hasMessageContaining("has tag mlops.baseline.human.kind = 'GUESS', not one of [HUMAN_LEVEL, TRIVIAL, "
                        + "PREVIOUS_MODEL]");
    }

    @Test
    void comparisonFollowsTheGoal() {
        PerformanceBaseline mean = PerformanceBaseline.trivial("mean", Map.of("rmse", 4.0), "");
        // Smaller is better: an RMSE of 3 improves on 4 by 1, a skill score of 1 - 3/4.
        BaselineComparison better = BaselineComparison.of(mean, "rmse", 3.0, Goal.MIN);
        assertThat(better.difference()).isEqualTo(-1.0);
        assertThat(better.improvement()).isEqualTo(1.0);
        assertThat(better.relativeImprovement()).isEqualTo(0.25);
        assertThat(better.beats()).isTrue();
        BaselineComparison worse = BaselineComparison.of(mean, "rmse", 5.0, Goal.MIN);
        assertThat(worse.improvement()).isEqualTo(-1.0);
        assertThat(worse.relativeImprovement()).isEqualTo(-0.25);
        assertThat(worse.beats()).isFalse();
        // Larger is better, on the same numbers.
        assertThat(BaselineComparison.of(mean, "rmse", 5.0, Goal.MAX).beats()).isTrue();
        assertThat(BaselineComparison.of(mean, "rmse", 5.0, Goal.MAX).improvement()).isEqualTo(1.0);
        // A tie does not beat the baseline, in either direction.
        assertThat(BaselineComparison.of(mean, "rmse", 4.0, Goal.MIN).beats()).isFalse();
        assertThat(BaselineComparison.of(mean, "rmse", 4.0, Goal.MAX).beats()).isFalse();
        // Relative to a negative baseline: the magnitude divides.
        PerformanceBaseline negative = PerformanceBaseline.trivial("r2", Map.of("r2", -0.5), "");
        assertThat(BaselineComparison.of(negative, "r2", 0.25, Goal.MAX).relativeImprovement()).isEqualTo(1.5);
        // Relative to a baseline of 0: undefined.
        PerformanceBaseline zero = PerformanceBaseline.humanLevel("human", Map.of("error_rate", 0.0), "");
        BaselineComparison z = BaselineComparison.of(zero, "error_rate", 0.02, Goal.MIN);
        assertThat(z.relativeImprovement()).isNaN();
        assertThat(z.beats()).isFalse();
        assertThat(z.toString()).isEqualTo("error_rate 0.02000 vs human (HUMAN_LEVEL) 0.000: +0.02000 (n/a), "
                + "does not beat it");
        assertThat(better.toString()).isEqualTo("rmse 3.000 vs mean (TRIVIAL) 4.000: -1.000 (+25.0% better), beats it");
        assertThatThrownBy(() -> BaselineComparison.of(mean, "mae", 3.0, Goal.MIN))
                .hasMessage("baseline 'mean' has no metric 'mae'; it has [rmse]");
        assertThatThrownBy(() -> BaselineComparison.of(mean, "rmse", Double.NaN, Goal.MIN))
                .hasMessage("modelValue of metric 'rmse' must be finite but was NaN");
    }

    @Test
    void keysTooLongWithThePrefixAreRefused() {
        InMemoryTracker tracker = new InMemoryTracker(new ManualClock(java.time.Instant.EPOCH.plus(Duration.ofDays(1))),
                dir.resolve("artifacts"));
        Run run = tracker.startRun("fraud", RunConfig.ofDefaults().recordSource(false));
        String key = "m".repeat(245);
        PerformanceBaseline b = PerformanceBaseline.humanLevel("human", Map.of(key, 1.0), "");
        assertThatThrownBy(() -> RunBaselines.log(run, b)).hasMessageContaining("metric key must be 1 to 250");
        assertThat(tracker.run(run.id()).orElseThrow().tags()).doesNotContainKey("mlops.baseline.human.kind");
    }
}
