package org.mlops4j.tribuo.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.registry.InMemoryModelRegistry;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.tribuo.TribuoModels;
import org.mlops4j.tribuo.TribuoPredictor;
import org.mlops4j.tracking.RunInfo;
import org.mlops4j.tracking.RunStatus;
import org.mlops4j.tracking.Tracker;
import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Output;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.datasource.LibSVMDataSource;
import org.tribuo.ensemble.WeightedEnsembleModel;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.linear.LinearSGDTrainer;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

class TribuoRetrainingTest {

    @TempDir
    Path dir;

    private final InMemoryModelRegistry registry = new InMemoryModelRegistry();

    /** 1,000 rows none of the models trained on. */
    private static final List<Map<String, Object>> PROBE = AutologFixtures.rows(1_000, 99);

    @Test
    void logisticRegressionRetrainedFromItsVersionScoresExactlyAsTheOriginal() {
        LogisticRegressionTrainer trainer = new LogisticRegressionTrainer();
        trainer.train(AutologFixtures.classification(2_000, 7));            // invocation 0: another model
        Model<Label> original = trainer.train(AutologFixtures.classification(2_000, 1));  // invocation 1
        ModelVersion version = register("churn", original);

        TribuoRetraining<Label> retraining = TribuoRetraining.of(registry, version, Label.class);
        RetrainingResult<Label> same = retraining.retrain(AutologFixtures.classification(2_000, 1));
        RetrainingResult<Label> other = retraining.retrain(AutologFixtures.classification(2_000, 2));

        assertThat(retraining.origin()).isEqualTo("models:/churn/1");
        assertThat(retraining.trainerClassName()).isEqualTo(LogisticRegressionTrainer.class.getName());
        assertThat(retraining.invocationCount()).isEqualTo(1);
        assertThat(scores(same.model(), TribuoRetrainingTest::labelScores))
                .isEqualTo(scores(original, TribuoRetrainingTest::labelScores));
        assertThat(differing(other.model(), original, TribuoRetrainingTest::labelScores)).isGreaterThan(900);
        assertThat(same.data().sha256()).isEqualTo(DatasetDigest.sha256(AutologFixtures.classification(2_000, 1)));
        assertThat(other.data().sha256()).isNotEqualTo(same.data().sha256());
        assertThat(same.data().rows()).isEqualTo(2_000);
        assertThat(same.data().source()).isEmpty();
        assertThat(same.runId()).isEmpty();
    }

    @Test
    void theInvocationCountIsWhatMakesTheRetrainReproduce() {
        LogisticRegressionTrainer trainer = new LogisticRegressionTrainer();
        trainer.train(AutologFixtures.classification(2_000, 7));
        Model<Label> original = trainer.train(AutologFixtures.classification(2_000, 1));

        // The same configuration at invocation 0 shuffles differently and gives another model.
        Model<Label> fresh = new LogisticRegressionTrainer().train(AutologFixtures.classification(2_000, 1));
        Trainer<Label> rebuilt = TribuoRetraining.of(original).trainer();

        assertThat(differing(fresh, original, TribuoRetrainingTest::labelScores)).isGreaterThan(900);
        assertThat(rebuilt.getInvocationCount()).isEqualTo(1);
        assertThat(rebuilt.getProvenance()).isEqualTo(original.getProvenance().getTrainerProvenance());
        assertThat(rebuilt).isNotSameAs(TribuoRetraining.of(original).trainer());
    }

    @Test
    void cartWithRandomFeatureSamplingRetrainsExactlyAtItsThirdInvocation() {
        CARTClassificationTrainer trainer = new CARTClassificationTrainer(8, 0.5f, 42);
        trainer.train(AutologFixtures.classification(2_000, 1));
        trainer.train(AutologFixtures.classification(2_000, 1));
        Model<Label> original = trainer.train(AutologFixtures.classification(2_000, 1));
        Model<Label> first = new CARTClassificationTrainer(8, 0.5f, 42).train(AutologFixtures.classification(2_000, 1));
        ModelVersion version = register("tree", original);

        TribuoRetraining<Label> retraining = TribuoRetraining.of(registry, version, Label.class);
        Model<Label> same = retraining.retrain(AutologFixtures.classification(2_000, 1)).model();
        Model<Label> other = retraining.retrain(AutologFixtures.classification(2_000, 3)).model();

        assertThat(retraining.invocationCount()).isEqualTo(2);
        assertThat(scores(same, TribuoRetrainingTest::labelScores))
                .isEqualTo(scores(original, TribuoRetrainingTest::labelScores));
        // Feature sampling differs between invocations, so the count is what reproduces the tree.
        assertThat(differing(first, original, TribuoRetrainingTest::labelScores)).isPositive();
        assertThat(differing(other, original, TribuoRetrainingTest::labelScores)).isPositive();
    }

    @Test
    void linearSgdRegressionRetrainsToTheSameValues() {
        LinearSGDTrainer trainer = new LinearSGDTrainer(new SquaredLoss(), new AdaGrad(0.3), 5, 1_000, 1, 17L);
        Model<Regressor> original = trainer.train(AutologFixtures.regression(2_000, 4));
        ModelVersion version = register("price", original);

        TribuoRetraining<Regressor> retraining = TribuoRetraining.of(registry, version, Regressor.class);
        Model<Regressor> same = retraining.retrain(AutologFixtures.regression(2_000, 4)).model();
        Model<Regressor> other = retraining.retrain(AutologFixtures.regression(2_000, 5)).model();

        Function<Prediction<Regressor>, Object> values = p -> List.of(p.getOutput().getValues()[0]);
        assertThat(scores(same, values)).isEqualTo(scores(original, values));
        assertThat(differing(other, original, values)).isGreaterThan(900);
    }

    @Test
    void aTrackedRetrainingRecordsTheTrainerTheDataAndTheVersionInARun() throws IOException {
        LogisticRegressionTrainer trainer = new LogisticRegressionTrainer();
        trainer.train(AutologFixtures.classification(500, 7));
        Model<Label> original = trainer.train(AutologFixtures.classification(500, 1));
        ModelVersion version = register("churn", original);
        Tracker tracker = AutologFixtures.tracker(dir.resolve("runs"));
        MutableDataset<Label> data = AutologFixtures.classification(500, 1);

        RetrainingResult<Label> result = TribuoRetraining.of(registry, version, Label.class)
                .trackedIn(tracker, "churn-retraining")
                .retrain(data, java.net.URI.create("s3://bucket/churn/2024-05-01.csv"));

        RunInfo run = tracker.run(result.runId().orElseThrow()).orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(TribuoRetraining.of(registry, version, Label.class).trackedIn(tracker, "churn-retraining"))
                .hasToString("TribuoRetraining[models:/churn/1, " + LogisticRegressionTrainer.class.getName()
                        + " at invocation 1, tracked in 'churn-retraining']");
        assertThat(TribuoRetraining.of(original)).hasToString("TribuoRetraining[model '" + original.getName() + "', "
                + LogisticRegressionTrainer.class.getName() + " at invocation 1]");
        assertThat(run.tags()).containsEntry(TribuoRetraining.RETRAINED_FROM_TAG, "models:/churn/1");
        assertThat(run.params())
                .containsEntry("dataset.train.sha256", DatasetDigest.sha256(data))
                .containsEntry("dataset.train.size", "500")
                .containsEntry(DatasetFingerprint.SOURCE_URI_PARAM, "s3://bucket/churn/2024-05-01.csv")
                .containsEntry("trainer.class-name", LogisticRegressionTrainer.class.getName())
                .containsEntry("trainer.train-invocation-count", "1")
                .containsEntry("trainer.seed", Long.toString(Trainer.DEFAULT_SEED));
        // The run's model is the retrained one, and it reproduces the original.
        Path copy = AutologFixtures.copyArtifact(tracker, run.runId(), TribuoAutolog.MODEL_ARTIFACT,
                dir.resolve("copy/model.tribuo"));
        Model<Label> logged = TribuoModels.load(org.mlops4j.core.registry.ModelArtifact.of(copy), Label.class);
        assertThat(scores(logged, TribuoRetrainingTest::labelScores))
                .isEqualTo(scores(original, TribuoRetrainingTest::labelScores));
        assertThat(AutologFixtures.readArtifact(tracker, run.runId(), TribuoAutolog.PROVENANCE_ARTIFACT))
                .contains(LogisticRegressionTrainer.class.getName());
    }

    @Test
    void aFailedTrackedRetrainingEndsItsRunFailedWithItsParams() {
        Model<Label> original = new LogisticRegressionTrainer().train(AutologFixtures.classification(300, 1));
        Tracker tracker = AutologFixtures.tracker(dir.resolve("runs"));
        // Regression data for a classifier's trainer: Tribuo refuses it while training.
        @SuppressWarnings({"unchecked", "rawtypes"})
        Dataset<Label> wrong = (Dataset) AutologFixtures.regression(100, 1);

        assertThatThrownBy(() -> TribuoRetraining.of(original).trackedIn(tracker, "broken").retrain(wrong))
                .isInstanceOf(RuntimeException.class);

        RunInfo run = tracker.searchRuns(org.mlops4j.tracking.RunQuery.in(tracker.experiment("broken").orElseThrow().id()))
                .runs().get(0);
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.params()).containsEntry("dataset.train.size", "100");
        assertThat(run.tags()).containsEntry(TribuoRetraining.RETRAINED_FROM_TAG, "model '" + original.getName() + "'");
    }

    @Test
    void theSourceUriComesFromTheDataSourceProvenanceUnlessGiven() throws IOException {
        Path file = dir.resolve("train.libsvm");
        StringBuilder text = new StringBuilder();
        for (Map<String, Object> row : AutologFixtures.rows(300, 11)) {
            text.append(AutologFixtures.truth(row)).append(" 1:").append(row.get("x")).append(" 2:")
                    .append(row.get("y")).append('\n');
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
        MutableDataset<Label> data = new MutableDataset<>(new LibSVMDataSource<>(file, new LabelFactory()));
        Model<Label> original = new LogisticRegressionTrainer().train(data);

        RetrainingResult<Label> fromProvenance = TribuoRetraining.of(original).retrain(data);
        RetrainingResult<Label> given = TribuoRetraining.of(original)
                .retrain(data, java.net.URI.create("https://example.org/train.libsvm"));

        assertThat(fromProvenance.data().source()).contains(file.toUri());
        assertThat(fromProvenance.data().params()).containsEntry(DatasetFingerprint.SOURCE_URI_PARAM,
                file.toUri().toString());
        assertThat(given.data().source()).contains(java.net.URI.create("https://example.org/train.libsvm"));
        assertThat(given.data().sha256()).isEqualTo(fromProvenance.data().sha256());
    }

    @Test
    void datasetDigestIsStableAcrossRunsAndMachines() {
        // Golden value: the digest of these 3 examples is fixed by DatasetDigest's encoding alone.
        MutableDataset<Label> data = new MutableDataset<>(
                new org.tribuo.provenance.SimpleDataSourceProvenance("golden", new LabelFactory()), new LabelFactory());
        data.add(new org.tribuo.impl.ArrayExample<>(new Label("pos"), new String[] {"x", "y"}, new double[] {0.5, 1.5}));
        data.add(new org.tribuo.impl.ArrayExample<>(new Label("neg"), new String[] {"x"}, new double[] {-2.0}));
        data.add(new org.tribuo.impl.ArrayExample<>(new Label("pos", 0.9), new String[] {"z"}, new double[] {3.0}));

        DatasetFingerprint fingerprint = DatasetFingerprint.of(data);

        assertThat(fingerprint.sha256()).isEqualTo(GOLDEN_SHA256);
        assertThat(fingerprint.rows()).isEqualTo(3);
        assertThat(fingerprint.params()).containsOnlyKeys("dataset.train.sha256", "dataset.train.size");
    }

    /**
     * Computed outside Java from DatasetDigest's documented encoding, in Python:
     * {@code s = lambda t: struct.pack('>i', len(t)) + t.encode()}, then per example
     * {@code s(label) + struct.pack('>f', 1.0) + struct.pack('>i', n)} and per feature
     * {@code s(name) + struct.pack('>d', value)}, hashed with {@code hashlib.sha256}. The confidence
     * 0.9 of the third label is not part of it.
     */
    private static final String GOLDEN_SHA256 = "330beb594554487204ea23d9ef807cb7487be165d34a895b48e679884085bae8";

    @Test
    void fingerprintRefusesAMalformedDigestAndNegativeRows() {
        assertThatThrownBy(() -> new DatasetFingerprint("ABC", 1, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sha256").hasMessageContaining("ABC");
        assertThatThrownBy(() -> new DatasetFingerprint("a".repeat(64), -1, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rows").hasMessageContaining("-1");
        assertThat(new DatasetFingerprint("a".repeat(64), 0, Optional.empty()).rows()).isZero();
    }

    @Test
    void aVersionNotTrainedByATribuoTrainerIsRefusedNamingItAndTheClass() {
        Model<Label> a = new LogisticRegressionTrainer().train(AutologFixtures.classification(300, 1));
        Model<Label> b = new CARTClassificationTrainer(4).train(AutologFixtures.classification(300, 2));
        Model<Label> ensemble = WeightedEnsembleModel.createEnsembleFromExistingModels("vote", List.of(a, b),
                new VotingCombiner());
        ModelVersion version = register("assembled", ensemble);

        assertThatThrownBy(() -> TribuoRetraining.of(registry, version, Label.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("models:/assembled/1").hasMessageContaining("org.tribuo.Trainer")
                .hasMessageContaining("not trained by a Tribuo trainer")
                .hasMessageContaining("not a concrete Trainer class");
    }

    @Test
    void aTrainerClassMissingFromTheClasspathIsRefusedNamingTheVersionAndTheClass() throws IOException {
        Model<Label> model = new LogisticRegressionTrainer().train(AutologFixtures.classification(300, 1));
        Path file = TribuoModels.save(model, dir.resolve("lr.tribuo")).file();
        // Same length, so the protobuf's lengths still hold: as if XGBoost had trained it and
        // tribuo-classification-xgboost were not on this classpath.
        String gone = "org.tribuo.classification.xgboost.XGBoostClassificationTrainer";
        byte[] bytes = Files.readAllBytes(file);
        byte[] from = LogisticRegressionTrainer.class.getName().getBytes(StandardCharsets.ISO_8859_1);
        byte[] to = gone.getBytes(StandardCharsets.ISO_8859_1);
        assertThat(to).hasSameSizeAs(from);
        int replaced = replaceAll(bytes, from, to);
        assertThat(replaced).isPositive();
        Path rewritten = Files.write(dir.resolve("xgb.tribuo"), bytes);
        ModelVersion version = registry.register(ModelRegistration.builder("boosted")
                .artifact(org.mlops4j.core.registry.ModelArtifact.of(rewritten)).build());

        assertThatThrownBy(() -> TribuoRetraining.of(registry, version, Label.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("models:/boosted/1").hasMessageContaining(gone)
                .hasMessageContaining("not on the classpath")
                .hasCauseInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void aTrainerThatCannotRestoreItsInvocationCountIsRefused() {
        CountlessTrainer trainer = new CountlessTrainer();
        trainer.train(AutologFixtures.classification(300, 1));
        Model<Label> second = trainer.train(AutologFixtures.classification(300, 1));
        Model<Label> first = new CountlessTrainer().train(AutologFixtures.classification(300, 1));

        assertThatThrownBy(() -> TribuoRetraining.of(second))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("model '" + second.getName() + "'").hasMessageContaining(CountlessTrainer.class.getName())
                .hasMessageContaining("invocation count 1").hasMessageContaining("stayed at 0");
        // At invocation 0 there is nothing to restore.
        assertThat(TribuoRetraining.of(first).trainer().getInvocationCount()).isZero();
    }

    @Test
    void anEmptyDatasetIsRefused() {
        Model<Label> model = new LogisticRegressionTrainer().train(AutologFixtures.classification(300, 1));
        MutableDataset<Label> empty = new MutableDataset<>(
                new org.tribuo.provenance.SimpleDataSourceProvenance("none", new LabelFactory()), new LabelFactory());

        assertThatThrownBy(() -> TribuoRetraining.of(model).retrain(empty))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("data").hasMessageContaining("0 examples");
        assertThatThrownBy(() -> TribuoRetraining.of(model).retrain(empty, java.net.URI.create("s3://b/empty.csv")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("data").hasMessageContaining("0 examples");
    }

    @Test
    void onlyConcreteTrainerClassesCanHaveTrainedAModel() {
        assertThat(TribuoRetraining.isTrainer(LogisticRegressionTrainer.class)).isTrue();
        assertThat(TribuoRetraining.isTrainer(Trainer.class)).as("the interface").isFalse();
        assertThat(TribuoRetraining.isTrainer(org.tribuo.common.sgd.AbstractSGDTrainer.class)).as("abstract").isFalse();
        assertThat(TribuoRetraining.isTrainer(String.class)).isFalse();
    }

    @Test
    void theSourceIsTheFirstUrlOrFileAnywhereInTheProvenance() throws Exception {
        Path file = dir.resolve("data.csv");
        var url = new com.oracle.labs.mlrg.olcut.provenance.primitives.URLProvenance("u",
                new java.net.URL("https://example.org/a.csv"));
        var fileUrl = new com.oracle.labs.mlrg.olcut.provenance.primitives.URLProvenance("u", file.toUri().toURL());
        var remoteFile = new com.oracle.labs.mlrg.olcut.provenance.primitives.URLProvenance("u",
                new java.net.URL("file://fileserver/share/a.csv"));
        var local = new com.oracle.labs.mlrg.olcut.provenance.primitives.FileProvenance("f", file.toFile());
        var text = new com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance("s", "no location");

        assertThat(DatasetFingerprint.sourceOf(url)).contains(java.net.URI.create("https://example.org/a.csv"));
        assertThat(DatasetFingerprint.sourceOf(fileUrl).orElseThrow().toString()).isEqualTo(file.toUri().toString())
                .startsWith("file:///");
        assertThat(DatasetFingerprint.sourceOf(remoteFile)).contains(java.net.URI.create("file://fileserver/share/a.csv"));
        assertThat(DatasetFingerprint.sourceOf(local).orElseThrow().toString()).isEqualTo(file.toUri().toString());
        assertThat(DatasetFingerprint.sourceOf(text)).isEmpty();
        assertThat(DatasetFingerprint.sourceOf(new com.oracle.labs.mlrg.olcut.provenance.primitives.URLProvenance("u",
                null))).isEmpty();
        assertThat(DatasetFingerprint.sourceOf(null)).isEmpty();
        assertThat(DatasetFingerprint.sourceOf(new com.oracle.labs.mlrg.olcut.provenance.ListProvenance<>(
                List.of(text, url, local)))).contains(java.net.URI.create("https://example.org/a.csv"));
        assertThat(DatasetFingerprint.sourceOf(new com.oracle.labs.mlrg.olcut.provenance.ListProvenance<>(List.of(text))))
                .isEmpty();
        assertThat(DatasetFingerprint.sourceOf(new com.oracle.labs.mlrg.olcut.provenance.MapProvenance<>(
                new TreeMap<>(Map.of("a", text, "b", local))))).map(java.net.URI::toString).contains(file.toUri().toString());
        assertThat(DatasetFingerprint.sourceOf(new com.oracle.labs.mlrg.olcut.provenance.MapProvenance<>(
                new TreeMap<>(Map.of("a", text))))).isEmpty();
        // An object provenance: a data source's, nested in a dataset's, after fields without a location.
        MutableDataset<Label> inMemory = AutologFixtures.classification(10, 1);
        assertThat(DatasetFingerprint.sourceOf(inMemory.getProvenance())).isEmpty();
    }

    /** A logistic regression trainer that keeps Tribuo's default, empty, setInvocationCount. */
    public static final class CountlessTrainer extends LogisticRegressionTrainer {
        @Override
        public void setInvocationCount(int invocationCount) {
            // Deliberately does nothing, as a trainer written before Tribuo 4.2 would.
        }
    }

    private ModelVersion register(String name, Model<?> model) {
        return registry.register(ModelRegistration.builder(name)
                .artifact(TribuoModels.save(model, dir.resolve(name + "-" + System.nanoTime() + ".tribuo")))
                .signature(TribuoModels.signature(model)).build());
    }

    private static Object labelScores(Prediction<Label> p) {
        Map<String, Double> out = new TreeMap<>();
        p.getOutputScores().forEach((k, v) -> out.put(k, v.getScore()));
        return out;
    }

    private static <T extends Output<T>> List<Object> scores(Model<T> model, Function<Prediction<T>, Object> read) {
        TribuoPredictor<T> predictor = TribuoPredictor.of(model);
        List<Object> out = new ArrayList<>(PROBE.size());
        for (Map<String, Object> row : PROBE) {
            out.add(read.apply(predictor.predict(row)));
        }
        return out;
    }

    private static <T extends Output<T>> long differing(Model<T> a, Model<T> b, Function<Prediction<T>, Object> read) {
        List<Object> x = scores(a, read);
        List<Object> y = scores(b, read);
        long n = 0;
        for (int i = 0; i < x.size(); i++) {
            if (!x.get(i).equals(y.get(i))) {
                n++;
            }
        }
        return n;
    }

    private static int replaceAll(byte[] bytes, byte[] from, byte[] to) {
        int n = 0;
        outer:
        for (int i = 0; i + from.length <= bytes.length; i++) {
            for (int j = 0; j < from.length; j++) {
                if (bytes[i + j] != from[j]) {
                    continue outer;
                }
            }
            System.arraycopy(to, 0, bytes, i, to.length);
            n++;
        }
        return n;
    }
}
