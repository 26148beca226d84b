package org.mlops4j.examples.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

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
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.InMemoryModelRegistry;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.onnx.OnnxConfig;
import org.mlops4j.onnx.OnnxModels;
import org.mlops4j.onnx.OnnxPrediction;
import org.mlops4j.onnx.OnnxPredictor;
import org.mlops4j.onnx.OnnxSignature;
import org.mlops4j.serving.ModelEndpoint;
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

    private static final List<String> FEATURES = List.of("amount", "hour", "velocity", "age", "score");
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

    private static double[] values(Map<String, Object> row) {
        return FEATURES.stream().mapToDouble(f -> ((Number) row.get(f)).doubleValue()).toArray();
    }

    @BeforeAll
    static void train() throws Exception {
        LabelFactory labels = new LabelFactory();
        MutableDataset<Label> cls = new MutableDataset<>(new SimpleDataSourceProvenance("synthetic", labels), labels);
        RegressionFactory values = new RegressionFactory();
        MutableDataset<Regressor> reg = new MutableDataset<>(new SimpleDataSourceProvenance("synthetic", values), values);
        String[] names = FEATURES.toArray(String[]::new);
        for (Map<String, Object> row : rows(3_000, 1)) {
            double[] x = values(row);
            double z = -2 + 0.01 * x[0] + (x[1] < 6 ? 1.5 : 0) + 0.2 * x[2] - 0.01 * x[3] + 0.5 * x[4];
            cls.add(new ArrayExample<>(new Label(z > 0 ? "fraud" : "legit"), names, x));
            reg.add(new ArrayExample<>(new Regressor("spend", z * 10), names, x));
        }
        classifier = new LogisticRegressionTrainer().train(cls);
        regressor = new LinearSGDTrainer(new SquaredLoss(),
                new org.tribuo.math.optimisers.AdaGrad(0.1, 0.1), 5, 1L).train(reg);
        classifierFile = dir.resolve("fraud.onnx");
        regressorFile = dir.resolve("spend.onnx");
        classifier.saveONNXModel("org.mlops4j.examples", 1, classifierFile);
        regressor.saveONNXModel("org.mlops4j.examples", 1, regressorFile);
    }

    /** The signature of a Tribuo classifier: its features and labels in their id order, as Tribuo exports them. */
    private static OnnxSignature signature(LinearSGDModel model) {
        return OnnxSignature.classifier(TribuoModels.featureNames(model), TribuoModels.labelNames(model));
    }

    @Test
    void aClassifierAnswersAsTribuoDoesOnAThousandRows() {
        OnnxSignature signature = signature(classifier);
        assertThat(signature.features()).containsExactlyInAnyOrderElementsOf(FEATURES);
        TribuoPredictor<Label> tribuo = TribuoPredictor.of(classifier);
        try (OnnxPredictor onnx = OnnxPredictor.load(classifierFile, signature, OnnxConfig.ofDefaults())) {
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
        try (OnnxPredictor onnx = OnnxPredictor.load(regressorFile, OnnxSignature.regressor(features),
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
        try (OnnxPredictor onnx = OnnxPredictor.load(classifierFile, signature(classifier), OnnxConfig.ofDefaults())) {
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
        try (OnnxPredictor onnx = OnnxPredictor.load(classifierFile, signature(classifier), OnnxConfig.ofDefaults())) {
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
        try (OnnxPredictor nanOk = OnnxPredictor.load(classifierFile, signature(classifier),
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
        assertThatThrownBy(() -> OnnxPredictor.load(classifierFile, OnnxSignature.classifier(List.of("amount", "hour"),
                List.of("fraud", "legit")), OnnxConfig.ofDefaults())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the ONNX model " + classifierFile + " takes 5 features in 'input' but the signature names 2: "
                        + "[amount, hour]");
        assertThatThrownBy(() -> OnnxPredictor.load(classifierFile, OnnxSignature.classifier(FEATURES,
                List.of("a", "b", "c")), OnnxConfig.ofDefaults())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the ONNX model " + classifierFile + " answers 2 columns in 'output' but the signature "
                        + "expects 3 (one per label [a, b, c])");
        assertThatThrownBy(() -> OnnxPredictor.load(regressorFile, OnnxSignature.classifier(FEATURES,
                List.of("a", "b")), OnnxConfig.ofDefaults())).hasMessageContaining("answers 1 columns");
    }

    @Test
    void aRegisteredOnnxVersionIsVerifiedLoadedAndServedByAnEndpoint() throws Exception {
        InMemoryModelRegistry registry = new InMemoryModelRegistry();
        ModelVersion v = registry.register(ModelRegistration.builder("fraud-onnx")
                .artifact(ModelArtifact.of(classifierFile)).build());
        registry.setAlias("fraud-onnx", "champion", v.version(), Attribution.by("test", "exported from Tribuo"));
        OnnxSignature signature = signature(classifier);
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
    void signaturesAndConfigurationsRefuseWhatCannotWork() {
        assertThatThrownBy(() -> OnnxSignature.classifier(List.of(), List.of("a", "b")))
                .hasMessage("features must not be empty");
        assertThatThrownBy(() -> OnnxSignature.classifier(List.of("x", "x"), List.of("a", "b")))
                .hasMessage("features must be unique but 'x' appears twice");
        assertThatThrownBy(() -> OnnxSignature.classifier(List.of("x"), List.of("a")))
                .hasMessage("a classifier needs at least 2 labels but has [a]");
        assertThatThrownBy(() -> new OnnxSignature(List.of("x"), org.mlops4j.core.OutputKind.REGRESSION, List.of("a")))
                .hasMessage("a regression model has no labels but was given [a]");
        assertThatThrownBy(() -> OnnxConfig.ofDefaults().withIntraOpThreads(-1))
                .hasMessage("intraOpThreads must be >= 0 but was -1");
        assertThatThrownBy(() -> new OnnxConfig(0, -2, OnnxConfig.Optimization.ALL, false))
                .hasMessage("interOpThreads must be >= 0 but was -2");
    }
}
