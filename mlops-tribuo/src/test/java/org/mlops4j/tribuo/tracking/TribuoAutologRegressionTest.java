package org.mlops4j.tribuo.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mlops4j.tribuo.tracking.AutologFixtures.regression;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.registry.InMemoryModelRegistry;
import org.mlops4j.tribuo.TribuoExamples;
import org.mlops4j.tribuo.TribuoModels;
import org.mlops4j.tracking.RunInfo;
import org.mlops4j.tracking.Tracker;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.evaluation.RegressionEvaluation;
import org.tribuo.regression.evaluation.RegressionEvaluator;
import org.tribuo.regression.sgd.linear.LinearSGDTrainer;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

class TribuoAutologRegressionTest {

    @TempDir
    Path dir;

    private Tracker tracker;
    private MutableDataset<Regressor> train;
    private MutableDataset<Regressor> eval;

    @BeforeEach
    void setUp() {
        tracker = AutologFixtures.tracker(dir);
        train = regression(400, 3);
        eval = regression(200, 4);
    }

    static Trainer<Regressor> linear(int epochs) {
        return new LinearSGDTrainer(new SquaredLoss(), new AdaGrad(0.5), epochs, 1000, 1, 7L);
    }

    private RunInfo info(AutologResult<?> result) {
        return tracker.run(result.runId()).orElseThrow();
    }

    private static double byName(Map<Regressor, Double> values, String dimension) {
        return values.entrySet().stream().filter(e -> e.getKey().getNames()[0].equals(dimension))
                .findFirst().orElseThrow().getValue();
    }

    @Test
    void loggedMetricsEqualRegressionEvaluatorsComputedIndependently() {
        AutologResult<Regressor> result = TribuoAutolog.regression(tracker).train("prices", linear(20), train, eval);

        RegressionEvaluation expected = new RegressionEvaluator().evaluate(result.model(), eval);
        RunInfo run = info(result);
        assertThat(run.metric("rmse")).contains(expected.averageRMSE());
        assertThat(run.metric("mae")).contains(expected.averageMAE());
        assertThat(run.metric("r2")).contains(expected.averageR2());
        assertThat(expected.averageR2()).as("the fixture is learnable").isGreaterThan(0.8);
        assertThat(result.metrics().keySet()).noneMatch(k -> k.startsWith("rmse."));
    }

    @Test
    void logsTrainerParamsAndNoConfusionMatrix() {
        AutologResult<Regressor> result = TribuoAutolog.regression(tracker).train("prices", linear(20), train, eval);

        assertThat(info(result).params())
                .containsEntry("trainer.class-name", LinearSGDTrainer.class.getName())
                .containsEntry("trainer.epochs", "20")
                .containsEntry("trainer.seed", "7")
                .containsEntry("trainer.objective.class-name", SquaredLoss.class.getName())
                .containsEntry("trainer.optimiser.initialLearningRate", "0.5")
                .containsEntry("dataset.train.size", "400")
                .containsEntry("dataset.eval.source", "regression fixture seed 4");
        assertThat(tracker.listArtifacts(result.runId()))
                .containsExactlyInAnyOrder(TribuoAutolog.PROVENANCE_ARTIFACT, TribuoAutolog.MODEL_ARTIFACT);
    }

    @Test
    void logsMetricsPerDimensionWhenThereAreSeveral() {
        MutableDataset<Regressor> twoTrain = twoDimensions(400, 5);
        MutableDataset<Regressor> twoEval = twoDimensions(100, 6);

        AutologResult<Regressor> result = TribuoAutolog.regression(tracker).train("two", linear(20), twoTrain, twoEval);

        RegressionEvaluation expected = new RegressionEvaluator().evaluate(result.model(), twoEval);
        assertThat(result.metrics())
                .containsEntry("rmse", expected.averageRMSE())
                .containsEntry("rmse.sum", byName(expected.rmse(), "sum"))
                .containsEntry("rmse.diff", byName(expected.rmse(), "diff"))
                .containsEntry("mae.sum", byName(expected.mae(), "sum"))
                .containsEntry("r2.diff", byName(expected.r2(), "diff"));
    }

    @Test
    void regressionSlicesAreEvaluatedOnTheirExamples() {
        AutologResult<Regressor> result = TribuoAutolog.regression(tracker)
                .slices(Slices.byCategoricalFeature("colour"))
                .train("prices", linear(20), train, eval);

        List<Example<Regressor>> green = new ArrayList<>();
        eval.forEach(e -> {
            if (e.lookup("colour@green") != null) {
                green.add(e);
            }
        });
        RegressionEvaluation expected = new RegressionEvaluator().evaluate(result.model(), result.model().predict(green),
                eval.getProvenance());
        assertThat(result.metrics())
                .containsEntry("slice.colour_green.count", (double) green.size())
                .containsEntry("slice.colour_green.rmse", expected.averageRMSE())
                .containsEntry("slice.colour_green.mae", expected.averageMAE());
    }

    @Test
    void registeredRegressorLoadsAsARegressionModel() {
        InMemoryModelRegistry registry = new InMemoryModelRegistry();

        AutologResult<Regressor> result = TribuoAutolog.regression(tracker).registerAs(registry, "prices")
                .train("prices", linear(10), train, eval);

        Model<Regressor> served = registry.load("models:/prices/1", TribuoModels.loader(Regressor.class));
        Example<Regressor> first = eval.getExample(0);
        assertThat(served.predict(first).getOutput().getValues())
                .containsExactly(result.model().predict(first).getOutput().getValues());
        assertThat(registry.get("prices", 1).orElseThrow().sourceRunId()).contains(result.runId());
    }

    /** Two targets from the same rows: their sum and their difference. */
    private static MutableDataset<Regressor> twoDimensions(int n, long seed) {
        List<Map<String, Object>> rows = AutologFixtures.rows(n, seed);
        List<Regressor> targets = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            double x = (Double) r.get("x");
            double y = (Double) r.get("y");
            targets.add(new Regressor(new String[] {"sum", "diff"}, new double[] {x + y, x - y}));
        }
        return TribuoExamples.dataset(rows, targets, new RegressionFactory(), "two dimensions seed " + seed);
    }
}
