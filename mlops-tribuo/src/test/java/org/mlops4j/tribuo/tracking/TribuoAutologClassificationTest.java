package org.mlops4j.tribuo.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mlops4j.tribuo.tracking.AutologFixtures.classification;
import static org.mlops4j.tribuo.tracking.AutologFixtures.copyArtifact;
import static org.mlops4j.tribuo.tracking.AutologFixtures.readArtifact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.registry.InMemoryModelRegistry;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelStatus;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.tribuo.TribuoExamples;
import org.mlops4j.tribuo.TribuoModels;
import org.mlops4j.tracking.Run;
import org.mlops4j.tracking.RunInfo;
import org.mlops4j.tracking.RunQuery;
import org.mlops4j.tracking.RunStatus;
import org.mlops4j.tracking.Tracker;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.evaluation.LabelConfusionMatrix;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.provenance.TrainerProvenance;

class TribuoAutologClassificationTest {

    private static final Label POS = new Label("pos");
    private static final Label NEG = new Label("neg");

    @TempDir
    Path dir;

    private Tracker tracker;
    private MutableDataset<Label> train;
    private MutableDataset<Label> eval;

    @BeforeEach
    void setUp() {
        tracker = AutologFixtures.tracker(dir.resolve("artifacts"));
        train = classification(400, 1);
        eval = classification(200, 2);
    }

    /** Logistic regression with every setting explicit, so params can be checked exactly. */
    static Trainer<Label> logistic(int epochs, double learningRate) {
        return new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(learningRate, 0.1), epochs, 1000, 1, 42L);
    }

    private RunInfo info(AutologResult<?> result) {
        return tracker.run(result.runId()).orElseThrow();
    }

    @Test
    void logsTrainerHyperparametersFlattenedFromProvenanceWithExactValues() {
        AutologResult<Label> result = TribuoAutolog.classification(tracker).train("churn", logistic(7, 0.5), train, eval);

        Map<String, String> params = info(result).params();
        assertThat(params)
                .containsEntry("trainer.class-name", LinearSGDTrainer.class.getName())
                .containsEntry("trainer.epochs", "7")
                .containsEntry("trainer.seed", "42")
                .containsEntry("trainer.minibatchSize", "1")
                .containsEntry("trainer.optimiser.class-name", AdaGrad.class.getName())
                .containsEntry("trainer.optimiser.initialLearningRate", "0.5")
                .containsEntry("trainer.optimiser.epsilon", "0.1")
                .containsEntry("trainer.objective.class-name", LogMulticlass.class.getName())
                .containsEntry("trainer.train-invocation-count", "0");
        assertThat(params.keySet()).noneMatch(k -> k.contains("host-short-name"));
        // What was logged before training is what the model records.
        assertThat(params).containsAllEntriesOf(
                ProvenanceParams.trainer(result.model().getProvenance().getTrainerProvenance()));
    }

    @Test
    void logsDatasetSourceSizeFeaturesAndHash() {
        AutologResult<Label> result = TribuoAutolog.classification(tracker).train("churn", new CARTClassificationTrainer(5),
                train, eval);

        Map<String, String> params = info(result).params();
        assertThat(params)
                .containsEntry("dataset.train.source", "autolog fixture seed 1")
                .containsEntry("dataset.train.size", "400")
                .containsEntry("dataset.train.features", Integer.toString(train.getFeatureMap().size()))
                .containsEntry("dataset.eval.source", "autolog fixture seed 2")
                .containsEntry("dataset.eval.size", "200")
                .containsEntry("dataset.eval.features", Integer.toString(eval.getFeatureMap().size()));
        assertThat(params.get("dataset.train.sha256")).matches("[0-9a-f]{64}");
        assertThat(params.get("dataset.eval.sha256")).matches("[0-9a-f]{64}").isNotEqualTo(params.get("dataset.train.sha256"));
    }

    @Test
    void datasetHashIsStableForIdenticalDataAndDiffersForDifferentData() {
        TribuoAutolog<Label> autolog = TribuoAutolog.classification(tracker);
        Trainer<Label> trainer = new CARTClassificationTrainer(3);

        String first = info(autolog.train("hash", trainer, classification(400, 1), eval)).params().get("dataset.train.sha256");
        String same = info(autolog.train("hash", trainer, classification(400, 1), eval)).params().get("dataset.train.sha256");
        String other = info(autolog.train("hash", trainer, classification(400, 3), eval)).params().get("dataset.train.sha256");

        assertThat(same).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void datasetHashChangesWithOneLabelOrOneValue() {
        List<Map<String, Object>> rows = AutologFixtures.rows(50, 9);
        List<Label> labels = new ArrayList<>();
        rows.forEach(r -> labels.add(new Label(AutologFixtures.truth(r))));
        String base = DatasetDigest.sha256(TribuoExamples.dataset(rows, labels, new LabelFactory(), "a"));

        List<Label> flipped = new ArrayList<>(labels);
        flipped.set(17, labels.get(17).equals(POS) ? NEG : POS);
        List<Map<String, Object>> nudged = AutologFixtures.rows(50, 9);
        nudged.get(3).put("x", Math.nextUp((Double) nudged.get(3).get("x")));

        assertThat(DatasetDigest.sha256(TribuoExamples.dataset(rows, labels, new LabelFactory(), "other source")))
                .as("provenance is not content").isEqualTo(base);
        assertThat(DatasetDigest.sha256(TribuoExamples.dataset(rows, flipped, new LabelFactory(), "a"))).isNotEqualTo(base);
        assertThat(DatasetDigest.sha256(TribuoExamples.dataset(nudged, labels, new LabelFactory(), "a"))).isNotEqualTo(base);
    }

    @Test
    void loggedMetricsEqualLabelEvaluatorsComputedIndependently() {
        AutologResult<Label> result = TribuoAutolog.classification(tracker).train("churn", logistic(5, 0.5), train, eval);

        LabelEvaluation expected = new LabelEvaluator().evaluate(result.model(), eval);
        RunInfo run = info(result);
        assertThat(run.metric("accuracy")).contains(expected.accuracy());
        assertThat(run.metric("macro_f1")).contains(expected.macroAveragedF1());
        assertThat(run.metric("micro_f1")).contains(expected.microAveragedF1());
        assertThat(run.metric("macro_precision")).contains(expected.macroAveragedPrecision());
        assertThat(run.metric("macro_recall")).contains(expected.macroAveragedRecall());
        for (Label label : List.of(POS, NEG)) {
            String name = label.getLabel();
            assertThat(run.metric("precision." + name)).contains(expected.precision(label));
            assertThat(run.metric("recall." + name)).contains(expected.recall(label));
            assertThat(run.metric("f1." + name)).contains(expected.f1(label));
        }
        assertThat(result.metric("accuracy")).contains(expected.accuracy());
        assertThat(expected.accuracy()).as("the fixture is learnable").isGreaterThan(0.7);
        assertThat(run.latestMetrics().keySet()).containsAll(result.metrics().keySet());
    }

    @Test
    void logsAucWhenTheModelGivesProbabilities() {
        AutologResult<Label> result = TribuoAutolog.classification(tracker).train("churn", logistic(5, 0.5), train, eval);

        LabelEvaluation expected = new LabelEvaluator().evaluate(result.model(), eval);
        assertThat(result.model().generatesProbabilities()).isTrue();
        assertThat(info(result).metric("auc.pos")).contains(expected.AUCROC(POS));
        assertThat(info(result).metric("auc.neg")).contains(expected.AUCROC(NEG));
        assertThat(info(result).metric("macro_auc")).contains(expected.averageAUCROC(false));
    }

    @Test
    void leavesAucOutWhenTheModelGivesNoProbabilities() {
        AutologResult<Label> result = TribuoAutolog.classification(tracker).train("churn", new CARTClassificationTrainer(4),
                train, eval);

        assertThat(result.model().generatesProbabilities()).isFalse();
        assertThat(result.metrics()).containsKeys("accuracy", "precision.pos", "recall.neg")
                .doesNotContainKeys("auc.pos", "auc.neg", "macro_auc");
    }

    @Test
    void logsConfusionMatrixProvenanceAndModelArtifacts() throws Exception {
        AutologResult<Label> result = TribuoAutolog.classification(tracker).train("churn", logistic(7, 0.5), train, eval);

        assertThat(tracker.listArtifacts(result.runId())).containsExactlyInAnyOrder(
                "confusion_matrix.json", "confusion_matrix.txt", "provenance.json", "model/model.tribuo");

        JsonNode cm = new ObjectMapper().readTree(readArtifact(tracker, result.runId(), "confusion_matrix.json"));
        assertThat(cm.get("labels").toString()).isEqualTo("[\"neg\",\"pos\"]");
        assertThat(cm.get("rows").asText()).isEqualTo("true label");
        LabelConfusionMatrix expected = new LabelConfusionMatrix(result.model(), result.model().predict(eval));
        List<Label> labels = List.of(NEG, POS);
        long total = 0;
        for (int t = 0; t < 2; t++) {
            for (int p = 0; p < 2; p++) {
                long count = cm.get("matrix").get(t).get(p).asLong();
                assertThat((double) count).isEqualTo(expected.confusion(labels.get(p), labels.get(t)));
                total += count;
            }
        }
        assertThat(total).isEqualTo(200);
        assertThat(readArtifact(tracker, result.runId(), "confusion_matrix.txt"))
                .startsWith("true \\ predicted").contains("neg").contains("pos");

        JsonNode provenance = new ObjectMapper().readTree(readArtifact(tracker, result.runId(), "provenance.json"));
        assertThat(provenance.get("class-name").asText()).isEqualTo(result.model().getClass().getName());
        assertThat(provenance.get("trainer").get("epochs").asText()).isEqualTo("7");
        assertThat(provenance.get("dataset").get("num-examples").asText()).isEqualTo("400");
    }

    @Test
    void loggedModelLoadsAndPredictsIdentically() {
        AutologResult<Label> result = TribuoAutolog.classification(tracker).train("churn", logistic(5, 0.5), train, eval);

        Path file = copyArtifact(tracker, result.runId(), TribuoAutolog.MODEL_ARTIFACT, dir.resolve("copy/model.tribuo"));
        Model<Label> loaded = TribuoModels.load(ModelArtifact.of(file), Label.class);

        for (Example<Label> example : eval) {
            Prediction<Label> original = result.model().predict(example);
            Prediction<Label> reloaded = loaded.predict(example);
            assertThat(reloaded.getOutput().getLabel()).isEqualTo(original.getOutput().getLabel());
            assertThat(reloaded.getOutput().getScore()).isEqualTo(original.getOutput().getScore());
        }
    }

    @Test
    void registersVersionOneWithTheRunAsSource() {
        InMemoryModelRegistry registry = new InMemoryModelRegistry();
        TribuoAutolog<Label> autolog = TribuoAutolog.classification(tracker).registerAs(registry, "churn");

        AutologResult<Label> result = autolog.train("churn", logistic(5, 0.5), train, eval);

        ModelVersion version = result.modelVersion().orElseThrow();
        assertThat(version.version()).isEqualTo(1);
        assertThat(version.sourceRunId()).contains(result.runId());
        assertThat(version.status()).isEqualTo(ModelStatus.READY);
        assertThat(version.tags()).containsEntry(Registration.TRAINER_TAG, LinearSGDTrainer.class.getName());
        assertThat(info(result).tags()).containsEntry(TribuoAutolog.REGISTERED_MODEL_TAG, "models:/churn/1");

        Model<Label> served = registry.load("models:/churn/1", TribuoModels.loader(Label.class));
        Example<Label> first = eval.getExample(0);
        assertThat(served.predict(first).getOutput().getScore())
                .isEqualTo(result.model().predict(first).getOutput().getScore());

        AutologResult<Label> second = autolog.train("churn", logistic(6, 0.5), train, eval);
        assertThat(second.modelVersion().orElseThrow().version()).isEqualTo(2);
        assertThat(info(second).tags()).containsEntry(TribuoAutolog.REGISTERED_MODEL_TAG, "models:/churn/2");
    }

    @Test
    void doesNotRegisterUnlessAsked() {
        AutologResult<Label> result = TribuoAutolog.classification(tracker).train("churn", new CARTClassificationTrainer(3),
                train, eval);

        assertThat(result.modelVersion()).isEmpty();
        assertThat(info(result).tags()).doesNotContainKey(TribuoAutolog.REGISTERED_MODEL_TAG);
    }

    @Test
    void registrationNeedsADirectoryWhenTheTrackerKeepsArtifactsElsewhere() {
        Tracker remote = new OpaqueTracker(tracker);
        InMemoryModelRegistry registry = new InMemoryModelRegistry();

        assertThatThrownBy(() -> TribuoAutolog.classification(remote).registerAs(registry, "churn"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("local file system")
                .hasMessageContaining(OpaqueTracker.class.getName());

        Path models = dir.resolve("registered");
        AutologResult<Label> result = TribuoAutolog.classification(remote).registerAs(registry, "churn", models)
                .train("churn", new CARTClassificationTrainer(3), train, eval);
        ModelVersion version = result.modelVersion().orElseThrow();
        assertThat(version.artifactLocation()).contains(
                models.resolve(result.runId()).resolve("model.tribuo").toAbsolutePath().toString());
        assertThat(registry.load(version, TribuoModels.loader(Label.class)).predict(eval.getExample(0)).getOutput())
                .isEqualTo(result.model().predict(eval.getExample(0)).getOutput());
    }

    @Test
    void failingTrainerEndsTheRunFailedAndRethrows() {
        Trainer<Label> inner = logistic(5, 0.5);
        Trainer<Label> failing = new Trainer<>() {
            @Override
            public Model<Label> train(Dataset<Label> examples, Map<String, Provenance> runProvenance) {
                throw new IllegalStateException("diverged");
            }

            @Override
            public int getInvocationCount() {
                return 0;
            }

            @Override
            public TrainerProvenance getProvenance() {
                return inner.getProvenance();
            }
        };

        assertThatThrownBy(() -> TribuoAutolog.classification(tracker).train("fails", failing, train, eval))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("diverged");

        List<RunInfo> runs = tracker.searchRuns(RunQuery.in(tracker.experiment("fails").orElseThrow().id())).runs();
        assertThat(runs).hasSize(1);
        RunInfo run = runs.get(0);
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.tags().get(Run.ERROR_TAG)).contains("diverged");
        assertThat(run.params()).containsEntry("trainer.epochs", "5").containsKey("dataset.train.sha256");
        assertThat(run.latestMetrics()).isEmpty();
    }

    @Test
    void rejectsAnEmptyEvaluationSetBeforeStartingARun() {
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> empty = new MutableDataset<>(new SimpleDataSourceProvenance("empty", factory), factory);

        assertThatThrownBy(() -> TribuoAutolog.classification(tracker).train("empty", logistic(1, 0.5), train, empty))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("evaluation dataset must not be empty but had 0 examples");
        assertThat(tracker.experiment("empty")).isEmpty();
    }

    @Test
    void sanitizesLabelsIntoValidMetricKeys() {
        List<Map<String, Object>> trainRows = AutologFixtures.rows(300, 1);
        List<Map<String, Object>> evalRows = AutologFixtures.rows(100, 2);
        MutableDataset<Label> oddTrain = TribuoExamples.dataset(trainRows, oddLabels(trainRows), new LabelFactory(), "odd");
        MutableDataset<Label> oddEval = TribuoExamples.dataset(evalRows, oddLabels(evalRows), new LabelFactory(), "odd");

        AutologResult<Label> result = TribuoAutolog.classification(tracker).train("odd", logistic(3, 0.5), oddTrain, oddEval);

        assertThat(info(result).latestMetrics()).containsKeys("precision.yes_1", "recall.no_ 0", "auc.yes_1");
    }

    private static List<Label> oddLabels(List<Map<String, Object>> rows) {
        List<Label> labels = new ArrayList<>();
        rows.forEach(r -> labels.add(new Label(AutologFixtures.truth(r).equals("pos") ? "yes/1" : "no: 0")));
        return labels;
    }
}
