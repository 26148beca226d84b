package org.mlops4j.xgboost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.InvalidInputException;
import org.mlops4j.core.OutputKind;
import org.mlops4j.core.features.FeatureExtractor;
import org.mlops4j.core.registry.InMemoryModelRegistry;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.ModelSignature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.serving.RowResult;

/**
 * The XGBoost predictor on real boosters trained here by xgboost4j on seeded synthetic data (a
 * binary classifier, a three-class classifier and a regression model, with missing values), saved
 * to files, registered, loaded back from the registry's verified bytes, and compared with
 * {@code Booster.predict} on 1,000 rows.
 */
class XgboostPredictorTest {

    static final List<String> FEATURES = List.of("amount", "hour", "velocity", "age", "score");
    private static final int TRAIN = 3_000;

    @TempDir
    static Path dir;
    static Booster binary;
    static Booster multi;
    static Booster regression;
    static Path binaryFile;
    static Path multiFile;
    static Path regressionFile;

    /** Rows of the five features; about one value in twenty is missing (absent from the map). */
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
            if (r.nextInt(20) == 0) {
                row.remove(FEATURES.get(r.nextInt(FEATURES.size())));
            }
            rows.add(row);
        }
        return rows;
    }

    static float[] matrix(List<Map<String, Object>> rows) {
        float[] x = new float[rows.size() * FEATURES.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int j = 0; j < FEATURES.size(); j++) {
                Object v = rows.get(i).get(FEATURES.get(j));
                x[i * FEATURES.size() + j] = v == null ? Float.NaN : ((Number) v).floatValue();
            }
        }
        return x;
    }

    private static double z(Map<String, Object> row) {
        double amount = ((Number) row.getOrDefault("amount", 20.0)).doubleValue();
        double hour = ((Number) row.getOrDefault("hour", 12)).doubleValue();
        double velocity = ((Number) row.getOrDefault("velocity", 5.0)).doubleValue();
        double age = ((Number) row.getOrDefault("age", 40)).doubleValue();
        double score = ((Number) row.getOrDefault("score", 0.0)).doubleValue();
        return -2 + 0.01 * amount + (hour < 6 ? 1.5 : 0) + 0.2 * velocity - 0.01 * age + 0.5 * score;
    }

    static Booster train(String objective, Map<String, Object> extra, float[] labels, boolean names) throws Exception {
        return trainRounds(objective, extra, labels, names, 20);
    }

    static Booster trainRounds(String objective, Map<String, Object> extra, float[] labels, int rounds) throws Exception {
        return trainRounds(objective, extra, labels, true, rounds);
    }

    static Booster trainRounds(String objective, Map<String, Object> extra, float[] labels, boolean names, int rounds)
            throws Exception {
        List<Map<String, Object>> rows = rows(TRAIN, 1);
        DMatrix m = new DMatrix(matrix(rows), TRAIN, FEATURES.size(), Float.NaN);
        try {
            m.setLabel(labels);
            if (names) {
                m.setFeatureNames(FEATURES.toArray(String[]::new));
            }
            Map<String, Object> params = new HashMap<>(Map.of("objective", objective, "max_depth", 4, "eta", 0.3,
                    "seed", 7, "nthread", 1));
            params.putAll(extra);
            return XGBoost.train(m, params, rounds, Map.of(), null, null);
        } finally {
            m.dispose();
        }
    }

    @BeforeAll
    static void trainAll() throws Exception {
        List<Map<String, Object>> rows = rows(TRAIN, 1);
        float[] fraud = new float[TRAIN];
        float[] tier = new float[TRAIN];
        float[] spend = new float[TRAIN];
        for (int i = 0; i < TRAIN; i++) {
            double z = z(rows.get(i));
            fraud[i] = z > 0 ? 1 : 0;
            tier[i] = z < -1 ? 0 : z < 0.5 ? 1 : 2;
            spend[i] = (float) (z * 10);
        }
        binary = train("binary:logistic", Map.of(), fraud, true);
        binary.setAttr(XgboostModelInfo.LABELS, "legit,fraud");
        multi = train("multi:softprob", Map.of("num_class", 3), tier, true);
        multi.setAttr(XgboostModelInfo.LABELS, "low,mid,high");
        regression = train("reg:squarederror", Map.of(), spend, false);
        binaryFile = dir.resolve("fraud.ubj");
        multiFile = dir.resolve("tier.json");
        regressionFile = dir.resolve("spend.ubj");
        binary.saveModel(binaryFile.toString());
        multi.saveModel(multiFile.toString());
        regression.saveModel(regressionFile.toString());
    }

    @AfterAll
    static void free() {
        binary.dispose();
        multi.dispose();
        regression.dispose();
    }

    static Schema optional(List<String> names) {
        return Schema.of(names.stream().map(n -> Feature.numeric(n).optional()).toList());
    }

    static final ModelSignature FRAUD = ModelSignature.classifier(optional(FEATURES), List.of("legit", "fraud"));
    static final ModelSignature TIER = ModelSignature.classifier(optional(FEATURES), List.of("low", "mid", "high"));
    static final ModelSignature SPEND = ModelSignature.regressor(optional(FEATURES));

    /** Registers a file and loads it back through the registry, whose checksum is verified on load. */
    static <P> P registered(Path file, ModelSignature signature, org.mlops4j.core.registry.ModelLoader<P> loader) {
        InMemoryModelRegistry registry = new InMemoryModelRegistry();
        ModelVersion v = registry.register(ModelRegistration.builder("model").artifact(ModelArtifact.of(file))
                .signature(signature).build());
        return registry.load(v, loader);
    }

    static float[][] expected(Booster booster, List<Map<String, Object>> rows) throws Exception {
        DMatrix m = new DMatrix(matrix(rows), rows.size(), FEATURES.size(), Float.NaN);
        try {
            return booster.predict(m);
        } finally {
            m.dispose();
        }
    }

    @Test
    void aBinaryClassifierAnswersAsBoosterPredictOnAThousandRows() throws Exception {
        List<Map<String, Object>> rows = rows(1_000, 7);
        float[][] expected = expected(binary, rows);
        try (XgboostPredictor<Map<String, ?>> xgb = registered(binaryFile, FRAUD, XgboostModels.loader(FRAUD))) {
            int fraud = 0;
            List<RowResult<XgboostPrediction>> batch = xgb.predictBatch(rows);
            for (int i = 0; i < rows.size(); i++) {
                XgboostPrediction p = xgb.predict(rows.get(i));
                assertThat(p.scores().get("fraud")).as(rows.get(i).toString()).isEqualTo((double) expected[i][0]);
                assertThat(p.scores().get("legit")).isEqualTo(1 - (double) expected[i][0]);
                assertThat(p.label()).isEqualTo(expected[i][0] > 0.5 ? "fraud" : "legit");
                assertThat(p.confidence()).isEqualTo(Math.max(expected[i][0], 1 - (double) expected[i][0]));
                assertThat(p.value()).isNaN();
                assertThat(batch.get(i).output().orElseThrow()).isEqualTo(p);
                fraud += p.label().equals("fraud") ? 1 : 0;
            }
            assertThat(fraud).as("both classes answered").isBetween(100, 900);
            assertThat(rows.stream().filter(r -> r.size() < FEATURES.size()).count()).as("rows with a missing value")
                    .isBetween(20L, 90L);
        }
    }

    @Test
    void aMulticlassClassifierAnswersAsBoosterPredictOnAThousandRows() throws Exception {
        List<Map<String, Object>> rows = rows(1_000, 8);
        float[][] expected = expected(multi, rows);
        try (XgboostPredictor<Map<String, ?>> xgb = registered(multiFile, TIER, XgboostModels.loader(TIER))) {
            List<RowResult<XgboostPrediction>> batch = xgb.predictBatch(rows);
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (int i = 0; i < rows.size(); i++) {
                XgboostPrediction p = xgb.predict(rows.get(i));
                int best = 0;
                for (int k = 0; k < 3; k++) {
                    assertThat(p.scores().get(TIER.labels().get(k))).isEqualTo((double) expected[i][k]);
                    best = expected[i][k] > expected[i][best] ? k : best;
                }
                assertThat(p.label()).isEqualTo(TIER.labels().get(best));
                assertThat(batch.get(i).output().orElseThrow()).isEqualTo(p);
                seen.add(p.label());
            }
            assertThat(seen).containsExactlyInAnyOrder("low", "mid", "high");
        }
    }

    @Test
    void aRegressionModelAnswersAsBoosterPredictOnAThousandRows() throws Exception {
        List<Map<String, Object>> rows = rows(1_000, 9);
        float[][] expected = expected(regression, rows);
        try (XgboostPredictor<Map<String, ?>> xgb = registered(regressionFile, SPEND, XgboostModels.loader(SPEND))) {
            List<RowResult<XgboostPrediction>> batch = xgb.predictBatch(rows);
            for (int i = 0; i < rows.size(); i++) {
                XgboostPrediction p = xgb.predict(rows.get(i));
                assertThat(p.value()).isEqualTo((double) expected[i][0]);
                assertThat(p.label()).isNull();
                assertThat(p.scores()).isEmpty();
                assertThat(p.confidence()).isNaN();
                assertThat(batch.get(i).output().orElseThrow()).isEqualTo(p);
            }
        }
    }

    /** A transaction as a service holds it; a null field is a missing value. */
    record Transaction(Double amount, Integer hour, Double velocity, Integer age, Double score) {
        static Transaction of(Map<String, Object> row) {
            return new Transaction((Double) row.get("amount"), (Integer) row.get("hour"), (Double) row.get("velocity"),
                    (Integer) row.get("age"), (Double) row.get("score"));
        }
    }

    @Test
    void recordsAreReadThroughTheFeatureExtractorWithNullsAsMissing() throws Exception {
        List<Map<String, Object>> rows = rows(1_000, 10);
        List<Transaction> records = rows.stream().map(Transaction::of).toList();
        float[][] expected = expected(binary, rows);
        try (XgboostPredictor<Transaction> xgb = registered(binaryFile, FRAUD,
                XgboostModels.loader(FRAUD, FeatureExtractor.reflective(Transaction.class)))) {
            List<RowResult<XgboostPrediction>> batch = xgb.predictBatch(records);
            for (int i = 0; i < rows.size(); i++) {
                assertThat(xgb.predict(records.get(i)).scores().get("fraud")).isEqualTo((double) expected[i][0]);
                assertThat(batch.get(i).output().orElseThrow()).isEqualTo(xgb.predict(records.get(i)));
            }
        }
    }

    @Test
    void nanIsXgboostsMissingValueAndARequiredFeatureMustBePresent() throws Exception {
        Map<String, Object> row = new LinkedHashMap<>(rows(1, 11).get(0));
        row.put("velocity", Double.NaN);
        Map<String, Object> absent = new LinkedHashMap<>(row);
        absent.remove("velocity");
        ModelSignature strict = ModelSignature.classifier(optional(FEATURES).with(Feature.numeric("velocity")),
                FRAUD.labels());
        try (XgboostPredictor<Map<String, ?>> xgb = XgboostPredictor.load(Files.readAllBytes(binaryFile), "fraud.ubj",
                FRAUD); XgboostPredictor<Map<String, ?>> required = XgboostPredictor.load(
                        Files.readAllBytes(binaryFile), "fraud.ubj", strict)) {
            assertThat(xgb.predict(row)).isEqualTo(xgb.predict(absent));
            assertThat(xgb.predict(row).scores().get("fraud")).isEqualTo((double) expected(binary, List.of(absent))[0][0]);
            assertThat(required.predict(row)).isEqualTo(xgb.predict(row));
            assertThatThrownBy(() -> required.predict(absent)).isInstanceOf(InvalidInputException.class)
                    .hasMessage("feature 'velocity' is missing and the signature requires it (make it optional to send "
                            + "it to XGBoost as missing)");
            row.put("velocity", true);
            assertThat(xgb.predict(row).scores().get("fraud")).isEqualTo((double) expected(binary,
                    List.of(Map.of("amount", row.get("amount"), "hour", row.get("hour"), "velocity", 1.0,
                            "age", row.get("age"), "score", row.get("score"))))[0][0]);
        }
    }

    @Test
    void badValuesAreRefusedNamingTheFeatureAndABatchKeepsItsGoodRows() throws Exception {
        try (XgboostPredictor<Map<String, ?>> xgb = XgboostPredictor.load(Files.readAllBytes(binaryFile), "fraud.ubj",
                FRAUD)) {
            List<Map<String, Object>> rows = new ArrayList<>(rows(4, 12));
            rows.replaceAll(LinkedHashMap::new);
            rows.get(1).put("hour", "noon");
            rows.get(2).put("score", new double[] {1, 2, 3});
            assertThatThrownBy(() -> xgb.predict(rows.get(1))).isInstanceOf(InvalidInputException.class)
                    .hasMessage("feature 'hour' must be a number but was 'noon' (String)");
            assertThatThrownBy(() -> xgb.predict(rows.get(2))).isInstanceOf(InvalidInputException.class)
                    .hasMessage("feature 'score' holds a tensor of shape [3] (double[]) but the signature describes one "
                            + "number per row");
            List<RowResult<XgboostPrediction>> results = xgb.predictBatch(rows);
            assertThat(results).extracting(RowResult::succeeded).containsExactly(true, false, false, true);
            assertThat(results.get(0).output().orElseThrow()).isEqualTo(xgb.predict(rows.get(0)));
            assertThat(results.get(3).output().orElseThrow()).isEqualTo(xgb.predict(rows.get(3)));
            assertThat(results.get(2).index()).isEqualTo(2);
            assertThat(xgb.predictBatch(List.of(rows.get(1)))).extracting(RowResult::succeeded).containsExactly(false);
            assertThat(xgb.predictBatch(List.of())).isEmpty();
            XgboostPredictor<Object> any = XgboostPredictor.load(Files.readAllBytes(binaryFile), "fraud.ubj", FRAUD,
                    FeatureExtractor.auto());
            try (any) {
                assertThatThrownBy(() -> any.predict(42)).isInstanceOf(InvalidInputException.class)
                        .hasMessage("cannot read the features " + FEATURES + " of a java.lang.Integer: none of its "
                                + "accessors matches a feature");
            }
        }
    }

    @Test
    void aModelThatDoesNotMatchTheSignatureFailsAtLoadNamingBoth() throws Exception {
        byte[] fraud = Files.readAllBytes(binaryFile);
        byte[] spend = Files.readAllBytes(regressionFile);
        byte[] tier = Files.readAllBytes(multiFile);
        assertThatThrownBy(() -> XgboostPredictor.load(fraud, "fraud.ubj", ModelSignature.classifier(
                optional(List.of("amount", "hour")), FRAUD.labels()))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the XGBoost model fraud.ubj takes 5 features but the signature names 2: [amount, hour]");
        List<String> reversed = new ArrayList<>(FEATURES);
        java.util.Collections.reverse(reversed);
        assertThatThrownBy(() -> XgboostPredictor.load(fraud, "fraud.ubj", ModelSignature.classifier(optional(reversed),
                FRAUD.labels()))).hasMessage("the XGBoost model fraud.ubj was trained on the features " + FEATURES
                        + " but the signature names " + reversed);
        assertThatThrownBy(() -> XgboostPredictor.load(fraud, "fraud.ubj", SPEND)).hasMessage("the XGBoost model "
                + "fraud.ubj answers CLASSIFICATION (objective binary:logistic) but the signature expects REGRESSION");
        assertThatThrownBy(() -> XgboostPredictor.load(spend, "spend.ubj", FRAUD)).hasMessage("the XGBoost model "
                + "spend.ubj answers REGRESSION (objective reg:squarederror) but the signature expects CLASSIFICATION");
        assertThatThrownBy(() -> XgboostPredictor.load(tier, "tier.json", FRAUD)).hasMessage("the XGBoost model "
                + "tier.json tells 3 classes (objective multi:softprob) but the signature names 2 labels: [legit, fraud]");
        assertThatThrownBy(() -> XgboostPredictor.load(fraud, "fraud.ubj", ModelSignature.classifier(optional(FEATURES),
                List.of("fraud", "legit")))).hasMessage("the XGBoost model fraud.ubj lists its labels as [legit, fraud] "
                        + "(attribute mlops4j.labels) but the signature names [fraud, legit]");
        assertThatThrownBy(() -> XgboostPredictor.load(spend, "spend.ubj", ModelSignature.regressor(
                optional(FEATURES).with(Feature.anyCategory("hour"))))).hasMessage("feature 'hour' of the signature is "
                        + "CATEGORICAL but the XGBoost model spend.ubj takes numbers; encode it as numbers before training");
        byte[] junk = "not a model".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> XgboostPredictor.load(junk, "junk.json", FRAUD)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot load the XGBoost model junk.json: [")
                .hasMessageContaining("Unknown construct, around character position: 1").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> XgboostModels.inspect(junk)).hasMessageStartingWith("cannot load the XGBoost model (bytes): ");
    }

    @Test
    void aModelSaysWhatItKeepsAndTheSignatureIsInferredFromIt() throws Exception {
        XgboostModelInfo info = XgboostModels.inspect(Files.readAllBytes(multiFile));
        assertThat(info.objective()).isEqualTo("multi:softprob");
        assertThat(info.features()).isEqualTo(5);
        assertThat(info.classes()).isEqualTo(3);
        assertThat(info.outputWidth()).isEqualTo(3);
        assertThat(info.featureNames()).isEqualTo(FEATURES);
        assertThat(info.labels()).containsExactly("low", "mid", "high");
        assertThat(XgboostModels.inferSignature(Files.readAllBytes(multiFile))).isEqualTo(TIER);
        assertThat(XgboostModels.inferSignature(Files.readAllBytes(binaryFile))).isEqualTo(FRAUD);
        XgboostModelInfo spend = XgboostModels.inspect(Files.readAllBytes(regressionFile));
        assertThat(spend.output()).contains(OutputKind.REGRESSION);
        assertThat(spend.unknowns()).containsExactly("the feature names (it was trained on a matrix without names; it "
                + "only tells 5 features)");
        assertThatThrownBy(() -> XgboostModels.inferSignature(Files.readAllBytes(regressionFile)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("cannot infer the signature of the XGBoost "
                        + "model: it does not tell the feature names (it was trained on a matrix without names; it only "
                        + "tells 5 features)");
        // The regression model has no names, so any five are accepted.
        try (XgboostPredictor<Map<String, ?>> xgb = XgboostPredictor.load(Files.readAllBytes(regressionFile), "s",
                ModelSignature.regressor(optional(List.of("a", "b", "c", "d", "e"))))) {
            assertThat(xgb.predict(Map.of("a", 20.0, "b", 3, "c", 1.0, "d", 30, "e", 0.1)).value()).isFinite();
            assertThat(xgb.info().featureNames()).isEmpty();
            assertThat(xgb.toString()).isEqualTo("XgboostPredictor[s, reg:squarederror, 5 features]");
        }
    }

    @Test
    void objectivesWhoseAnswerCannotBeReadAreRefused() throws Exception {
        List<Map<String, Object>> rows = rows(TRAIN, 1);
        float[] tier = new float[TRAIN];
        for (int i = 0; i < TRAIN; i++) {
            tier[i] = z(rows.get(i)) < 0 ? 0 : 1;
        }
        Booster softmax = train("multi:softmax", Map.of("num_class", 2), tier, true);
        softmax.setAttr(XgboostModelInfo.LABELS, "");
        try {
            assertThat(XgboostModels.inspect(softmax.toByteArray("ubj")).labels()).isEmpty();
            byte[] bytes = softmax.toByteArray("json");
            XgboostModelInfo info = XgboostModels.inspect(bytes);
            assertThat(info.output()).isEmpty();
            assertThat(info.unknowns()).containsExactly("how to read its answer (objective multi:softmax is not "
                    + "binary:logistic, multi:softprob or a regression)");
            assertThatThrownBy(() -> XgboostPredictor.load(bytes, "softmax.json", FRAUD))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("the XGBoost model softmax.json has the "
                            + "objective multi:softmax, whose answer mlops4j cannot read: train with binary:logistic, "
                            + "multi:softprob or a regression objective");
        } finally {
            softmax.dispose();
        }
        float[] binaryLabels = tier;
        Booster linear = train("binary:logistic", Map.of("booster", "gblinear"), binaryLabels, true);
        try {
            byte[] bytes = linear.toByteArray("ubj");
            assertThat(XgboostModels.inspect(bytes).booster()).isEqualTo("gblinear");
            assertThatThrownBy(() -> XgboostPredictor.load(bytes, "linear.ubj", FRAUD))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("the XGBoost model linear.ubj is a gblinear "
                            + "booster; XGBoost answers concurrent predictions safely only for tree boosters (gbtree, dart)");
        } finally {
            linear.dispose();
        }
        assertThat(XgboostModels.inspect(Files.readAllBytes(binaryFile)).booster()).isEqualTo("gbtree");
        XgboostModelInfo unlabelled = new XgboostModelInfo("gbtree", "binary:logistic", 5, 0, FEATURES, List.of());
        assertThat(unlabelled.unknowns()).containsExactly("the labels (attribute mlops4j.labels; it only tells 2 classes "
                + "numbered from 0)");
    }

    @Test
    void concurrentRequestsGetTheirOwnAnswersAndAClosedPredictorRefusesCalls() throws Exception {
        List<Map<String, Object>> rows = rows(400, 13);
        XgboostPredictor<Map<String, ?>> xgb = XgboostPredictor.load(Files.readAllBytes(multiFile), "tier.json", TIER);
        List<XgboostPrediction> alone = rows.stream().map(xgb::predict).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<XgboostPrediction>> futures = new ArrayList<>();
            for (Map<String, Object> row : rows) {
                futures.add(pool.submit(() -> xgb.predict(row)));
            }
            for (int i = 0; i < rows.size(); i++) {
                assertThat(futures.get(i).get()).isEqualTo(alone.get(i));
            }
        } finally {
            pool.shutdownNow();
        }
        xgb.close();
        xgb.close();
        xgb.close();
        assertThatThrownBy(() -> xgb.predict(rows.get(0))).isInstanceOf(IllegalStateException.class)
                .hasMessage("the XGBoost model tier.json is closed");
        assertThatThrownBy(() -> xgb.predictBatch(rows)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aTieGoesToTheFirstLabel() throws Exception {
        List<Map<String, Object>> rows = rows(TRAIN, 1);
        float[] three = new float[TRAIN];
        float[] two = new float[TRAIN];
        for (int i = 0; i < TRAIN; i++) {
            three[i] = i % 3;
            two[i] = i % 2;
        }
        // A learning rate of 0: every answer is the base score, 1/3 for each of three classes and 0.5 for binary.
        Booster uniform = trainRounds("multi:softprob", Map.of("num_class", 3, "base_score", 0.5, "eta", 0), three, 1);
        Booster even = trainRounds("binary:logistic", Map.of("base_score", 0.5, "eta", 0), two, 1);
        try (XgboostPredictor<Map<String, ?>> u = XgboostPredictor.load(uniform.toByteArray("ubj"), "u", TIER);
             XgboostPredictor<Map<String, ?>> e = XgboostPredictor.load(even.toByteArray("ubj"), "e", FRAUD)) {
            XgboostPrediction p = u.predict(rows.get(0));
            assertThat(p.scores().values()).containsOnly((double) (1f / 3));
            assertThat(p.label()).isEqualTo("low");
            XgboostPrediction q = e.predict(rows.get(0));
            assertThat(q.scores()).containsEntry("legit", 0.5).containsEntry("fraud", 0.5);
            assertThat(q.label()).isEqualTo("legit");
            assertThat(u.signature()).isEqualTo(TIER);
        } finally {
            uniform.dispose();
            even.dispose();
        }
    }

    @Test
    void theOutputsReadTheAnswersForTheMonitor() {
        XgboostPrediction p = new XgboostPrediction("fraud", Map.of("fraud", 0.75, "legit", 0.25), Double.NaN);
        assertThat(XgboostModels.outputs(FRAUD).label(p)).isEqualTo("fraud");
        assertThat(XgboostModels.outputs(FRAUD).confidence(p)).isEqualTo(0.75);
        assertThat(XgboostModels.outputs(FRAUD).kind()).isEqualTo(OutputKind.CLASSIFICATION);
        assertThat(XgboostModels.outputs(SPEND).value(new XgboostPrediction(null, Map.of(), 3.5))).isEqualTo(3.5);
    }
    @Test
    void theXgboostFormatsServeRegistryVersionsByTheirSignatureOrTheModelsOwn() throws Exception {
        assertThat(org.mlops4j.serving.ModelFormat.named("xgboost-classification"))
                .isInstanceOf(XgboostClassificationFormat.class);
        assertThat(org.mlops4j.serving.ModelFormat.named("xgboost-regression")).isInstanceOf(XgboostRegressionFormat.class);
        InMemoryModelRegistry registry = new InMemoryModelRegistry();
        registry.register(ModelRegistration.builder("fraud").artifact(ModelArtifact.of(binaryFile)).build()); // inferred
        registry.register(ModelRegistration.builder("spend").artifact(ModelArtifact.of(regressionFile)).signature(SPEND)
                .build());
        List<Map<String, Object>> rows = rows(200, 11);
        float[][] fraud = expected(binary, rows);
        float[][] spend = expected(regression, rows);
        try (var classifier = new XgboostClassificationFormat().endpoint("fraud", registry, "models:/fraud/1").build();
             var values = new XgboostRegressionFormat().endpoint("spend", registry, "models:/spend/1").build()) {
            for (int i = 0; i < rows.size(); i++) {
                assertThat(classifier.predict(rows.get(i)).scores().get("fraud")).isEqualTo((double) fraud[i][0]);
                assertThat(values.predict(rows.get(i)).value()).isEqualTo((double) spend[i][0]);
            }
        }
        assertThatThrownBy(() -> new XgboostClassificationFormat().endpoint("x", registry, "models:/spend/1").build())
                .hasStackTraceContaining("format xgboost-classification serves CLASSIFICATION models but the signature of "
                        + "models:/spend/1 says REGRESSION");
    }
}
