package org.mlops4j.examples.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnx.proto.OnnxMl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.InvalidInputException;
import org.mlops4j.core.features.FeatureExtractor;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.ModelSignature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.InMemoryModelRegistry;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.onnx.OnnxConfig;
import org.mlops4j.onnx.OnnxModels;
import org.mlops4j.onnx.OnnxPrediction;
import org.mlops4j.onnx.OnnxPredictor;
import org.mlops4j.onnx.OnnxModelInfo;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.RowResult;
import org.mlops4j.tribuo.TribuoModels;
import org.mlops4j.tribuo.TribuoPredictor;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.linear.LinearSGDTrainer;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

/**
 * The ONNX predictor on real ONNX files, made in the build without Python: Tribuo trains a
 * logistic regression and a linear regression and exports them to ONNX; ONNX Runtime's answers must
 * equal Tribuo's own on 1,000 rows. Then what bad input and bad files get.
 */
class OnnxPredictorTest {

    static final List<String> FEATURES = List.of("amount", "hour", "velocity", "age", "score");
    private static LinearSGDModel classifier;
    private static org.tribuo.regression.sgd.linear.LinearSGDModel regressor;
    private static Path classifierFile;
    private static Path regressorFile;

    @TempDir
    static Path dir;

    static List<Map<String, Object>> rows(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("amount", Math.exp(3 + r.nextGaussian()));
            row.put("hour", r.nextInt(24));
            row.put("velocity", r.nextDouble() * 10);
            row.put("age", 18 + r.nextInt(60));
            row.put("score", r.nextGaussian());
            rows.add(row);
        }
        return rows;
    }

    static double[] values(Map<String, Object> row) {
        return FEATURES.stream().mapToDouble(f -> ((Number) row.get(f)).doubleValue()).toArray();
    }

    @BeforeAll
    static void train() throws Exception {
        Models m = Models.train();
        classifier = m.classifier();
        regressor = m.regressor();
        classifierFile = dir.resolve("fraud.onnx");
        regressorFile = dir.resolve("spend.onnx");
        classifier.saveONNXModel("org.mlops4j.examples", 1, classifierFile);
        regressor.saveONNXModel("org.mlops4j.examples", 1, regressorFile);
    }

    /** A logistic and a linear regression trained on the same 3,000 seeded synthetic rows (deterministic). */
    record Models(LinearSGDModel classifier, org.tribuo.regression.sgd.linear.LinearSGDModel regressor) {
        static Models train() {
            LabelFactory labels = new LabelFactory();
            MutableDataset<Label> cls = new MutableDataset<>(new SimpleDataSourceProvenance("synthetic", labels), labels);
            RegressionFactory values = new RegressionFactory();
            MutableDataset<Regressor> reg = new MutableDataset<>(new SimpleDataSourceProvenance("synthetic", values),
                    values);
            String[] names = FEATURES.toArray(String[]::new);
            for (Map<String, Object> row : rows(3_000, 1)) {
                double[] x = values(row);
                double z = -2 + 0.01 * x[0] + (x[1] < 6 ? 1.5 : 0) + 0.2 * x[2] - 0.01 * x[3] + 0.5 * x[4];
                cls.add(new ArrayExample<>(new Label(z > 0 ? "fraud" : "legit"), names, x));
                reg.add(new ArrayExample<>(new Regressor("spend", z * 10), names, x));
            }
            return new Models(new LogisticRegressionTrainer().train(cls), new LinearSGDTrainer(new SquaredLoss(),
                    new org.tribuo.math.optimisers.AdaGrad(0.1, 0.1), 5, 1L).train(reg));
        }
    }

    /** The signature of a Tribuo classifier: its features and labels in their id order, as Tribuo exports them. */
    static ModelSignature signature(LinearSGDModel model) {
        return ModelSignature.classifier(numeric(TribuoModels.featureNames(model)), TribuoModels.labelNames(model));
    }

    static Schema numeric(List<String> names) {
        return Schema.of(names.stream().map(Feature::numeric).toList());
    }

    /** A transaction as a service holds it: a record read by its components' names. */
    record Transaction(double amount, int hour, double velocity, int age, double score) {
        static Transaction of(Map<String, Object> row) {
            return new Transaction((Double) row.get("amount"), (Integer) row.get("hour"), (Double) row.get("velocity"),
                    (Integer) row.get("age"), (Double) row.get("score"));
        }
    }

    /** Tribuo's export with mlops4j's metadata keys added, so that the file describes its own signature. */
    static byte[] withMetadata(OnnxMl.ModelProto model, Map<String, String> metadata) {
        OnnxMl.ModelProto.Builder b = model.toBuilder();
        metadata.forEach((k, v) -> b.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return b.build().toByteArray();
    }

    @Test
    void aClassifierAnswersAsTribuoDoesOnAThousandRows() {
        ModelSignature signature = signature(classifier);
        assertThat(signature.featureNames()).containsExactlyInAnyOrderElementsOf(FEATURES);
        TribuoPredictor<Label> tribuo = TribuoPredictor.of(classifier);
        try (OnnxPredictor<Map<String, ?>> onnx = OnnxPredictor.load(classifierFile, signature, OnnxConfig.ofDefaults())) {
            int fraud = 0;
            for (Map<String, Object> row : rows(1_000, 7)) {
                Prediction<Label> expected = tribuo.predict(row);
                OnnxPrediction actual = onnx.predict(row);
                assertThat(actual.label()).isEqualTo(expected.getOutput().getLabel());
                for (Map.Entry<String, Label> e : expected.getOutputScores().entrySet()) {
                    assertThat(actual.scores().get(e.getKey())).as(row.toString())
                            .isCloseTo(e.getValue().getScore(), within(1e-5));
                }
                assertThat(actual.confidence()).isEqualTo(actual.scores().get(actual.label()));
                fraud += actual.label().equals("fraud") ? 1 : 0;
            }
            assertThat(fraud).as("both classes answered").isBetween(100, 900);
        }
    }

    @Test
    void aRegressionModelAnswersAsTribuoDoesOnAThousandRows() {
        List<String> features = TribuoModels.featureNames(regressor);
        TribuoPredictor<Regressor> tribuo = TribuoPredictor.of(regressor);
        try (OnnxPredictor<Map<String, ?>> onnx = OnnxPredictor.load(regressorFile,
                ModelSignature.regressor(numeric(features)),
                OnnxConfig.ofDefaults().withOptimization(OnnxConfig.Optimization.NONE))) {
            for (Map<String, Object> row : rows(1_000, 8)) {
                double expected = tribuo.predict(row).getOutput().getValues()[0];
                OnnxPrediction actual = onnx.predict(row);
                assertThat(actual.label()).isNull();
                assertThat(actual.value()).isCloseTo(expected, within(1e-4 * Math.max(1, Math.abs(expected))));
            }
        }
    }

    @Test
    void concurrentRequestsOnOneSessionGetTheirOwnAnswers() throws Exception {
        List<Map<String, Object>> rows = rows(400, 9);
        try (OnnxPredictor<Map<String, ?>> onnx = OnnxPredictor.load(classifierFile, signature(classifier), OnnxConfig.ofDefaults())) {
            List<OnnxPrediction> alone = rows.stream().map(onnx::predict).toList();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<OnnxPrediction>> futures = new ArrayList<>();
                for (Map<String, Object> row : rows) {
                    futures.add(pool.submit(() -> onnx.predict(row)));
                }
                for (int i = 0; i < rows.size(); i++) {
                    assertThat(futures.get(i).get()).isEqualTo(alone.get(i));
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void badRowsAreRefusedNamingTheFeatureBeforeTheModelRuns() {
        try (OnnxPredictor<Map<String, ?>> onnx = OnnxPredictor.load(classifierFile, signature(classifier), OnnxConfig.ofDefaults())) {
            Map<String, Object> row = new LinkedHashMap<>(rows(1, 3).get(0));
            row.remove("velocity");
            assertThatThrownBy(() -> onnx.predict(row)).isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("feature 'velocity' is missing; the model ");
            row.put("velocity", "fast");
            assertThatThrownBy(() -> onnx.predict(row)).isInstanceOf(InvalidInputException.class)
                    .hasMessage("feature 'velocity' must be a number but was 'fast' (String)");
            row.put("velocity", Double.NaN);
            assertThatThrownBy(() -> onnx.predict(row)).isInstanceOf(InvalidInputException.class)
                    .hasMessage("feature 'velocity' is NaN, which this model does not take (OnnxConfig.allowNaN)");
        }
        try (OnnxPredictor<Map<String, ?>> nanOk = OnnxPredictor.load(classifierFile, signature(classifier),
                OnnxConfig.ofDefaults().withAllowNaN(true))) {
            Map<String, Object> row = new LinkedHashMap<>(rows(1, 3).get(0));
            row.put("velocity", Double.NaN);
            assertThat(nanOk.predict(row).scores().get("fraud")).isNaN();
            row.put("velocity", true);
            assertThat(nanOk.predict(row).label()).isIn("fraud", "legit");
        }
    }

    @Test
    void aFileThatIsNotOnnxOrDoesNotMatchTheSignatureFailsAtLoadNamingItAndWhy() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.onnx"), "not a model");
        assertThatThrownBy(() -> OnnxPredictor.load(junk, signature(classifier), OnnxConfig.ofDefaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cannot load the ONNX model " + junk);
        assertThatThrownBy(() -> OnnxPredictor.load(classifierFile, ModelSignature.classifier(
                numeric(List.of("amount", "hour")), List.of("fraud", "legit")), OnnxConfig.ofDefaults())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the ONNX model " + classifierFile + " takes 5 features in 'input' but the signature names 2: "
                        + "[amount, hour]");
        assertThatThrownBy(() -> OnnxPredictor.load(classifierFile, ModelSignature.classifier(numeric(FEATURES),
                List.of("a", "b", "c")), OnnxConfig.ofDefaults())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the ONNX model " + classifierFile + " answers 2 columns in 'output' but the signature "
                        + "expects 3 (one per label [a, b, c])");
        assertThatThrownBy(() -> OnnxPredictor.load(regressorFile, ModelSignature.classifier(numeric(FEATURES),
                List.of("a", "b")), OnnxConfig.ofDefaults())).hasMessageContaining("answers 1 columns");
        Schema withCategory = numeric(TribuoModels.featureNames(classifier)).with(Feature.anyCategory("hour"));
        assertThatThrownBy(() -> OnnxPredictor.load(classifierFile, ModelSignature.classifier(withCategory,
                List.of("fraud", "legit")), OnnxConfig.ofDefaults())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("feature 'hour' of the signature is CATEGORICAL but the ONNX model " + classifierFile
                        + " takes numbers in a float tensor; encode it before export");
    }

    @Test
    void aRegisteredOnnxVersionIsVerifiedLoadedAndServedByAnEndpoint() throws Exception {
        InMemoryModelRegistry registry = new InMemoryModelRegistry();
        ModelVersion v = registry.register(ModelRegistration.builder("fraud-onnx")
                .artifact(ModelArtifact.of(classifierFile)).build());
        registry.setAlias("fraud-onnx", "champion", v.version(), Attribution.by("test", "exported from Tribuo"));
        ModelSignature signature = signature(classifier);
        try (ModelEndpoint<Map<String, ?>, OnnxPrediction> endpoint = ModelEndpoint
                .<Map<String, ?>, OnnxPrediction>builder("fraud")
                .fromRegistry(registry, "models:/fraud-onnx@champion", OnnxModels.loader(signature,
                        OnnxConfig.ofDefaults()), p -> p)
                .outputs(OnnxModels.outputs(signature)).build()) {
            Map<String, Object> row = rows(1, 11).get(0);
            assertThat(endpoint.predict(row).label()).isEqualTo(TribuoPredictor.of(classifier).predict(row).getOutput()
                    .getLabel());
            assertThat(endpoint.strategy().variants().get(0).model()).isEqualTo(v.ref());
            assertThat(OnnxModels.outputs(signature).confidence(endpoint.predict(row))).isBetween(0.5, 1.0);
        }
    }

    @Test
    void aBatchIsOneSessionCallAnsweringAsTribuoDoesAndRefusingOnlyItsBadRows() {
        TribuoPredictor<Label> tribuo = TribuoPredictor.of(classifier);
        List<Map<String, Object>> rows = new ArrayList<>(rows(1_000, 12));
        rows.get(3).remove("age");
        rows.get(500).put("velocity", "fast");
        rows.get(999).put("score", Double.NaN);
        try (OnnxPredictor<Map<String, ?>> onnx = OnnxPredictor.load(classifierFile, signature(classifier),
                OnnxConfig.ofDefaults())) {
            List<RowResult<OnnxPrediction>> results = onnx.predictBatch(rows);
            assertThat(results).hasSize(1_000);
            for (int i = 0; i < rows.size(); i++) {
                RowResult<OnnxPrediction> r = results.get(i);
                assertThat(r.index()).isEqualTo((long) i);
                if (i == 3 || i == 500 || i == 999) {
                    assertThat(r.succeeded()).isFalse();
                    continue;
                }
                Prediction<Label> expected = tribuo.predict(rows.get(i));
                assertThat(r.output().orElseThrow().label()).isEqualTo(expected.getOutput().getLabel());
                for (Map.Entry<String, Label> e : expected.getOutputScores().entrySet()) {
                    assertThat(r.output().orElseThrow().scores().get(e.getKey())).isCloseTo(e.getValue().getScore(), within(1e-5));
                }
                assertThat(r.output().orElseThrow()).isEqualTo(onnx.predict(rows.get(i)));
            }
            assertThat(results.get(3).error().orElseThrow()).hasMessageStartingWith("feature 'age' is missing");
            assertThat(results.get(500).error().orElseThrow())
                    .hasMessage("feature 'velocity' must be a number but was 'fast' (String)");
            assertThat(results.get(999).error().orElseThrow()).isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("feature 'score' is NaN");
            assertThat(onnx.predictBatch(List.of(rows.get(3)))).singleElement()
                    .satisfies(r -> assertThat(r.succeeded()).isFalse());
            assertThat(onnx.predictBatch(List.of())).isEmpty();
        }
    }

    @Test
    void aRegressionBatchAnswersAsTribuoDoesOnAThousandRows() {
        TribuoPredictor<Regressor> tribuo = TribuoPredictor.of(regressor);
        List<Map<String, Object>> rows = rows(1_000, 13);
        try (OnnxPredictor<Map<String, ?>> onnx = OnnxPredictor.load(regressorFile,
                ModelSignature.regressor(numeric(TribuoModels.featureNames(regressor))), OnnxConfig.ofDefaults())) {
            List<RowResult<OnnxPrediction>> results = onnx.predictBatch(rows);
            for (int i = 0; i < rows.size(); i++) {
                double expected = tribuo.predict(rows.get(i)).getOutput().getValues()[0];
                assertThat(results.get(i).output().orElseThrow().value()).isCloseTo(expected, within(1e-4 * Math.max(1, Math.abs(expected))));
            }
        }
    }

    @Test
    void recordsAreReadThroughTheFeatureExtractorAsMapsAre() {
        List<Map<String, Object>> rows = rows(1_000, 14);
        List<Transaction> records = rows.stream().map(Transaction::of).toList();
        try (OnnxPredictor<Map<String, ?>> maps = OnnxPredictor.load(classifierFile, signature(classifier),
                OnnxConfig.ofDefaults());
             OnnxPredictor<Transaction> typed = OnnxPredictor.load(classifierFile, signature(classifier),
                     OnnxConfig.ofDefaults(), FeatureExtractor.reflective(Transaction.class));
             OnnxPredictor<Object> any = OnnxPredictor.load(classifierFile, signature(classifier),
                     OnnxConfig.ofDefaults(), FeatureExtractor.auto())) {
            for (int i = 0; i < rows.size(); i++) {
                assertThat(typed.predict(records.get(i))).isEqualTo(maps.predict(rows.get(i)));
                assertThat(any.predict(records.get(i))).isEqualTo(maps.predict(rows.get(i)));
            }
            List<RowResult<OnnxPrediction>> batch = typed.predictBatch(records);
            assertThat(batch.get(42).output().orElseThrow()).isEqualTo(maps.predict(rows.get(42)));
            assertThatThrownBy(() -> any.predict("a string")).isInstanceOf(InvalidInputException.class)
                    .hasMessage("cannot read the features " + signature(classifier).featureNames()
                            + " of a java.lang.String: none of its accessors matches a feature");
        }
    }

    @Test
    void aValueShapedAsATensorIsRefusedNamingTheFeature() {
        try (OnnxPredictor<Map<String, ?>> onnx = OnnxPredictor.load(classifierFile, signature(classifier),
                OnnxConfig.ofDefaults())) {
            Map<String, Object> row = new LinkedHashMap<>(rows(1, 15).get(0));
            row.put("velocity", new float[] {1, 2, 3});
            assertThatThrownBy(() -> onnx.predict(row)).isInstanceOf(InvalidInputException.class)
                    .hasMessage("feature 'velocity' holds a tensor of shape [3] (float[]) but the signature describes "
                            + "one number per row");
            row.put("velocity", List.of(1.0, 2.0));
            assertThatThrownBy(() -> onnx.predict(row)).isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("feature 'velocity' holds a tensor of shape [2] (");
        }
    }

    @Test
    void aModelWithoutMetadataTellsItsWidthsAndWhatItCannotTell() {
        OnnxModelInfo info = OnnxModels.inspect(classifierFile);
        assertThat(info.inputWidth()).isEqualTo(5);
        assertThat(info.outputWidth()).isEqualTo(2);
        assertThat(info.inputName()).isEqualTo("input");
        assertThat(info.features()).isEmpty();
        assertThat(info.unknowns()).containsExactly(
                "the feature names (metadata mlops4j.features; the model only tells 5 columns)",
                "the output kind (metadata mlops4j.output or mlops4j.labels)");
        assertThatThrownBy(() -> OnnxModels.inferSignature(classifierFile)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(classifierFile + ": cannot infer the signature of the ONNX model: it does not tell the "
                        + "feature names (metadata mlops4j.features; the model only tells 5 columns); the output kind "
                        + "(metadata mlops4j.output or mlops4j.labels)");
    }

    @Test
    void aModelWhoseMetadataNamesItsFeaturesAndLabelsGivesItsSignatureAndRefusesAnother() throws Exception {
        ModelSignature expected = signature(classifier);
        byte[] bytes = withMetadata(classifier.exportONNXModel("org.mlops4j.examples", 1), Map.of(
                OnnxModelInfo.FEATURES, String.join(",", expected.featureNames()),
                OnnxModelInfo.LABELS, String.join(",", expected.labels())));
        assertThat(OnnxModels.inferSignature(bytes)).isEqualTo(expected);
        Path file = Files.write(dir.resolve("described.onnx"), bytes);
        assertThat(OnnxModels.inferSignature(file)).isEqualTo(expected);
        List<String> reversed = new ArrayList<>(expected.featureNames());
        java.util.Collections.reverse(reversed);
        assertThatThrownBy(() -> OnnxPredictor.load(file, ModelSignature.classifier(numeric(reversed), expected.labels()),
                OnnxConfig.ofDefaults())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the ONNX model " + file + " lists its features as " + expected.featureNames()
                        + " (metadata mlops4j.features) but the signature names " + reversed);
        byte[] regression = withMetadata(regressor.exportONNXModel("org.mlops4j.examples", 1), Map.of(
                OnnxModelInfo.FEATURES, String.join(",", TribuoModels.featureNames(regressor)),
                OnnxModelInfo.OUTPUT, "regression"));
        assertThat(OnnxModels.inferSignature(regression))
                .isEqualTo(ModelSignature.regressor(numeric(TribuoModels.featureNames(regressor))));
        byte[] wrongLabels = withMetadata(classifier.exportONNXModel("org.mlops4j.examples", 1), Map.of(
                OnnxModelInfo.FEATURES, String.join(",", expected.featureNames()), OnnxModelInfo.LABELS, "a,b,c"));
        assertThatThrownBy(() -> OnnxModels.inferSignature(wrongLabels)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the ONNX model answers 2 columns in 'output' but the signature expects 3 "
                        + "(one per label [a, b, c])");
        // A version registered with the inferred signature is served by it.
        InMemoryModelRegistry registry = new InMemoryModelRegistry();
        ModelVersion v = registry.register(ModelRegistration.builder("fraud-onnx").artifact(ModelArtifact.of(file))
                .signature(OnnxModels.inferSignature(file)).build());
        try (OnnxPredictor<Map<String, ?>> served = registry.load(v, OnnxModels.loader(v.signature().orElseThrow(),
                OnnxConfig.ofDefaults()))) {
            Map<String, Object> row = rows(1, 16).get(0);
            assertThat(served.predict(row).label()).isEqualTo(TribuoPredictor.of(classifier).predict(row).getOutput()
                    .getLabel());
            assertThat(served.info().features()).isEqualTo(expected.featureNames());
        }
    }

    @Test
    void configurationsRefuseWhatCannotWork() {
        assertThatThrownBy(() -> OnnxConfig.ofDefaults().withIntraOpThreads(-1))
                .hasMessage("intraOpThreads must be >= 0 but was -1");
        assertThatThrownBy(() -> new OnnxConfig(0, -2, OnnxConfig.Optimization.ALL, false))
                .hasMessage("interOpThreads must be >= 0 but was -2");
    }
}
