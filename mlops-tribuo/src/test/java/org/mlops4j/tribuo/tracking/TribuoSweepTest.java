package org.mlops4j.tribuo.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mlops4j.tribuo.tracking.AutologFixtures.classification;
import static org.mlops4j.tribuo.tracking.AutologFixtures.regression;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.registry.InMemoryModelRegistry;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.tracking.Goal;
import org.mlops4j.tracking.RunFilter;
import org.mlops4j.tracking.RunInfo;
import org.mlops4j.tracking.RunQuery;
import org.mlops4j.tracking.RunStatus;
import org.mlops4j.tracking.Tracker;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.regression.Regressor;

class TribuoSweepTest {

    @TempDir
    Path dir;

    private Tracker tracker;

    @BeforeEach
    void setUp() {
        tracker = AutologFixtures.tracker(dir);
    }

    private List<RunInfo> runs(String experiment, RunFilter filter) {
        return tracker.searchRuns(RunQuery.in(tracker.experiment(experiment).orElseThrow().id()).filter(filter)).runs();
    }

    @Test
    void sweepOverThreeConfigurationsRunsAParentAndThreeChildrenAndReturnsTheBest() {
        Map<String, Trainer<Label>> trials = new LinkedHashMap<>();
        trials.put("depth-1", new CARTClassificationTrainer(1));
        trials.put("depth-6", new CARTClassificationTrainer(6));
        trials.put("logistic", TribuoAutologClassificationTest.logistic(20, 1.0));

        SweepResult<Label> result = TribuoSweep.of(TribuoAutolog.classification(tracker), "accuracy", Goal.MAX)
                .run("sweep", trials, classification(400, 1), classification(200, 2));

        List<RunInfo> all = runs("sweep", RunFilter.all());
        assertThat(all).hasSize(4);
        List<RunInfo> children = runs("sweep", RunFilter.childrenOf(result.parentRunId()));
        assertThat(children).hasSize(3)
                .allSatisfy(c -> {
                    assertThat(c.parentRunId()).contains(result.parentRunId());
                    assertThat(c.status()).isEqualTo(RunStatus.FINISHED);
                });
        assertThat(children).extracting(RunInfo::runName).containsExactlyInAnyOrder("depth-1", "depth-6", "logistic");

        RunInfo best = children.stream().max(Comparator.comparing(c -> c.metric("accuracy").orElseThrow())).orElseThrow();
        Map<String, Double> accuracy = new LinkedHashMap<>();
        children.forEach(c -> accuracy.put(c.runName(), c.metric("accuracy").orElseThrow()));
        assertThat(accuracy.values()).as("distinct accuracies %s", accuracy).doesNotHaveDuplicates();
        assertThat(result.best().runId()).isEqualTo(best.runId());
        assertThat(result.bestTrial()).isEqualTo(best.runName());
        assertThat(result.bestValue()).isEqualTo(best.metric("accuracy").orElseThrow());
        assertThat(result.trials()).containsOnlyKeys("depth-1", "depth-6", "logistic");

        RunInfo parent = tracker.run(result.parentRunId()).orElseThrow();
        assertThat(parent.parentRunId()).isEmpty();
        assertThat(parent.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(parent.tags())
                .containsEntry(TribuoSweep.BEST_RUN_TAG, best.runId())
                .containsEntry(TribuoSweep.BEST_TRIAL_TAG, best.runName());
        assertThat(parent.metric("best.accuracy")).contains(best.metric("accuracy").orElseThrow());
        assertThat(parent.params())
                .containsEntry(TribuoSweep.METRIC_PARAM, "accuracy")
                .containsEntry(TribuoSweep.GOAL_PARAM, "MAX")
                .containsEntry(TribuoSweep.TRIALS_PARAM, "3");
    }

    @Test
    void minimisingGoalPicksTheSmallestMetric() {
        SweepResult<Regressor> result = TribuoSweep.of(TribuoAutolog.regression(tracker), "rmse", Goal.MIN)
                .run("reg-sweep", List.of(TribuoAutologRegressionTest.linear(1), TribuoAutologRegressionTest.linear(30),
                        TribuoAutologRegressionTest.linear(5)), regression(300, 3), regression(100, 4));

        double smallest = result.trials().values().stream().mapToDouble(r -> r.metrics().get("rmse")).min().orElseThrow();
        assertThat(result.bestValue()).isEqualTo(smallest);
        assertThat(result.trials()).containsOnlyKeys("trial-1-LinearSGDTrainer", "trial-2-LinearSGDTrainer",
                "trial-3-LinearSGDTrainer");
        assertThat(runs("reg-sweep", RunFilter.childrenOf(result.parentRunId()))).hasSize(3);
    }

    @Test
    void tiesGoToTheEarlierTrial() {
        Map<String, Trainer<Label>> trials = new LinkedHashMap<>();
        trials.put("first", new CARTClassificationTrainer(3));
        trials.put("same-again", new CARTClassificationTrainer(3));

        SweepResult<Label> result = TribuoSweep.of(TribuoAutolog.classification(tracker), "accuracy", Goal.MAX)
                .run("ties", trials, classification(300, 1), classification(100, 2));

        assertThat(result.trials().get("same-again").metrics().get("accuracy")).isEqualTo(result.bestValue());
        assertThat(result.bestTrial()).isEqualTo("first");
    }

    @Test
    void gridBuildsEveryCombinationInParameterNameOrder() {
        Map<String, Trainer<Label>> trials = TribuoSweep.grid(
                Map.of("minChildWeight", List.of(1.0f, 5.0f), "maxDepth", List.of(2, 4, 8)),
                p -> new CARTClassificationTrainer((Integer) p.get("maxDepth"), (Float) p.get("minChildWeight"),
                        0.0f, 1.0f, false, new GiniIndex(), 1L));

        assertThat(trials.keySet()).containsExactly(
                "maxDepth=2, minChildWeight=1.0", "maxDepth=2, minChildWeight=5.0",
                "maxDepth=4, minChildWeight=1.0", "maxDepth=4, minChildWeight=5.0",
                "maxDepth=8, minChildWeight=1.0", "maxDepth=8, minChildWeight=5.0");

        SweepResult<Label> result = TribuoSweep.of(TribuoAutolog.classification(tracker), "macro_f1", Goal.MAX)
                .run("grid", trials, classification(300, 1), classification(100, 2));

        RunInfo child = runs("grid", RunFilter.runName("maxDepth=4, minChildWeight=5.0")).get(0);
        assertThat(child.params()).containsEntry("trainer.maxDepth", "4").containsEntry("trainer.minChildWeight", "5.0");
        assertThat(result.trials()).hasSize(6);
    }

    @Test
    void gridRejectsAParameterWithoutValues() {
        assertThatThrownBy(() -> TribuoSweep.<Label>grid(Map.of("maxDepth", List.of()), p -> new CARTClassificationTrainer()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("grid parameter 'maxDepth' must have at least one value");
        assertThatThrownBy(() -> TribuoSweep.<Label>grid(Map.of(), p -> new CARTClassificationTrainer()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("grid must have at least one parameter but was empty");
    }

    @Test
    void registersOnlyTheBestTrial() {
        InMemoryModelRegistry registry = new InMemoryModelRegistry();
        TribuoAutolog<Label> autolog = TribuoAutolog.classification(tracker).registerAs(registry, "churn");

        SweepResult<Label> result = TribuoSweep.of(autolog, "accuracy", Goal.MAX).run("sweep",
                List.of(new CARTClassificationTrainer(1), TribuoAutologClassificationTest.logistic(5, 0.5)),
                classification(300, 1), classification(100, 2));

        List<ModelVersion> versions = registry.versions("churn");
        assertThat(versions).hasSize(1);
        assertThat(versions.get(0).sourceRunId()).contains(result.best().runId());
        assertThat(result.modelVersion()).contains(versions.get(0));
        assertThat(result.trials().values()).allSatisfy(t -> assertThat(t.modelVersion()).isEmpty());
        assertThat(tracker.run(result.parentRunId()).orElseThrow().tags())
                .containsEntry(TribuoAutolog.REGISTERED_MODEL_TAG, "models:/churn/1");
        assertThat(tracker.run(result.best().runId()).orElseThrow().tags())
                .doesNotContainKey(TribuoAutolog.REGISTERED_MODEL_TAG);
    }

    @Test
    void metricNoTrialLoggedFailsTheParent() {
        TribuoSweep<Label> sweep = TribuoSweep.of(TribuoAutolog.classification(tracker), "rmse", Goal.MIN);

        assertThatThrownBy(() -> sweep.run("wrong-metric", List.of(new CARTClassificationTrainer(2)),
                classification(200, 1), classification(50, 2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("no trial logged metric 'rmse'");

        RunInfo parent = runs("wrong-metric", RunFilter.all()).stream()
                .filter(r -> r.parentRunId().isEmpty()).findFirst().orElseThrow();
        assertThat(parent.status()).isEqualTo(RunStatus.FAILED);
    }

    @Test
    void rejectsAnInvalidMetricKeyWhenConfigured() {
        assertThatThrownBy(() -> TribuoSweep.of(TribuoAutolog.classification(tracker), "acc:uracy", Goal.MAX))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("acc:uracy");
    }
}
