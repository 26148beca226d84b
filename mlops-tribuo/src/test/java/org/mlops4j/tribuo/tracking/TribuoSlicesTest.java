package org.mlops4j.tribuo.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mlops4j.tribuo.tracking.AutologFixtures.classification;
import static org.mlops4j.tribuo.tracking.TribuoAutologClassificationTest.logistic;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.tracking.RunInfo;
import org.mlops4j.tracking.Tracker;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;

class TribuoSlicesTest {

    private static final Label POS = new Label("pos");

    @TempDir
    Path dir;

    private Tracker tracker;
    private MutableDataset<Label> train;
    private MutableDataset<Label> eval;

    @BeforeEach
    void setUp() {
        tracker = AutologFixtures.tracker(dir);
        train = classification(400, 1);
        eval = classification(200, 2);
    }

    private RunInfo info(AutologResult<?> result) {
        return tracker.run(result.runId()).orElseThrow();
    }

    private List<Example<Label>> where(String feature) {
        List<Example<Label>> out = new ArrayList<>();
        for (Example<Label> e : eval) {
            if (e.lookup(feature) != null) {
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void categoricalSlicesAreEvaluatedOnTheExamplesWithThatValue() {
        AutologResult<Label> result = TribuoAutolog.classification(tracker)
                .slices(Slices.byCategoricalFeature("colour"))
                .train("slices", logistic(5, 0.5), train, eval);

        RunInfo run = info(result);
        double total = 0;
        for (String colour : List.of("blue", "green", "red")) {
            List<Example<Label>> subset = where("colour@" + colour);
            LabelEvaluation expected = new LabelEvaluator().evaluate(result.model(), result.model().predict(subset),
                    eval.getProvenance());
            String prefix = "slice.colour_" + colour + ".";
            assertThat(subset).isNotEmpty();
            assertThat(run.metric(prefix + "count")).contains((double) subset.size());
            assertThat(run.metric(prefix + "accuracy")).contains(expected.accuracy());
            assertThat(run.metric(prefix + "macro_f1")).contains(expected.macroAveragedF1());
            assertThat(run.metric(prefix + "recall.pos")).contains(expected.recall(POS));
            total += run.metric(prefix + "count").orElseThrow();
        }
        assertThat(total).isEqualTo(200.0);
        assertThat(result.metrics()).containsEntry("slice.colour_red.count", (double) where("colour@red").size());
    }

    @Test
    void predicateSliceIsEvaluatedOnTheExamplesItAccepts() {
        Slice<Label> wide = new Slice<>("x > 0.5", e -> e.lookup("x") != null && e.lookup("x").getValue() > 0.5);

        AutologResult<Label> result = TribuoAutolog.classification(tracker).slices(wide)
                .train("slices", logistic(5, 0.5), train, eval);

        List<Example<Label>> subset = new ArrayList<>();
        eval.forEach(e -> {
            if (wide.contains(e)) {
                subset.add(e);
            }
        });
        LabelEvaluation expected = new LabelEvaluator().evaluate(result.model(), result.model().predict(subset),
                eval.getProvenance());
        RunInfo run = info(result);
        assertThat(run.metric("slice.x _ 0.5.count")).contains((double) subset.size());
        assertThat(run.metric("slice.x _ 0.5.accuracy")).contains(expected.accuracy());
        assertThat(run.metric("slice.x _ 0.5.auc.pos")).contains(expected.AUCROC(POS));
    }

    @Test
    void emptySliceLogsOnlyItsZeroCount() {
        AutologResult<Label> result = TribuoAutolog.classification(tracker)
                .slices(new Slice<>("nobody", e -> false))
                .train("slices", logistic(3, 0.5), train, eval);

        assertThat(result.metrics()).containsEntry("slice.nobody.count", 0.0);
        assertThat(result.metrics().keySet().stream().filter(k -> k.startsWith("slice.nobody."))).hasSize(1);
    }

    @Test
    void sliceWithOneTrueLabelLeavesOutTheUndefinedAuc() {
        AutologResult<Label> result = TribuoAutolog.classification(tracker)
                .slices(new Slice<>("positives", e -> e.getOutput().equals(POS)))
                .train("slices", logistic(5, 0.5), train, eval);

        assertThat(result.metrics()).containsKeys("slice.positives.accuracy", "slice.positives.recall.pos");
        assertThat(result.metrics().keySet()).noneMatch(k -> k.startsWith("slice.positives.") && k.contains("auc"));
        assertThat(result.metrics()).containsKey("macro_auc");
        assertThat(result.metrics().values()).noneMatch(v -> v.isNaN());
    }

    @Test
    void slicesWhoseNamesCollideOnceSanitizedAreRejectedBeforeTheRunStarts() {
        TribuoAutolog<Label> autolog = TribuoAutolog.classification(tracker)
                .slices(new Slice<>("a/b", e -> true))
                .slices(new Slice<>("a:b", e -> true));

        assertThatThrownBy(() -> autolog.train("collide", logistic(1, 0.5), train, eval))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a/b' and 'a:b' would both log as 'slice.a_b.*'");
        assertThat(tracker.experiment("collide")).isEmpty();
    }

    @Test
    void categoricalFeatureAbsentFromTheDataGivesNoSlices() {
        assertThat(Slices.<Label>byCategoricalFeature("country").slices(eval)).isEmpty();
        assertThat(Slices.<Label>byCategoricalFeature("colour").slices(eval)).extracting(Slice::name)
                .containsExactly("colour@blue", "colour@green", "colour@red");
    }

    @Test
    void sliceNeedsAName() {
        assertThatThrownBy(() -> new Slice<Label>(" ", e -> true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("slice name must not be blank but was ' '");
        assertThatThrownBy(() -> Slices.byCategoricalFeature(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("feature must not be blank but was ''");
    }

    @Test
    void metricsMapMatchesWhatTheRunHolds() {
        AutologResult<Label> result = TribuoAutolog.classification(tracker)
                .slices(Slices.byCategoricalFeature("colour"))
                .train("slices", logistic(3, 0.5), train, eval);

        Map<String, Double> logged = new HashMap<>();
        info(result).latestMetrics().forEach((k, m) -> logged.put(k, m.value()));
        assertThat(logged).isEqualTo(result.metrics());
    }
}
