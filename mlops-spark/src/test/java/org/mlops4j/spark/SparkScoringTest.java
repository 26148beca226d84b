package org.mlops4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ModelNotFoundException;
import org.mlops4j.core.Predictor;
import org.mlops4j.core.features.FeatureExtractor;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.InMemoryModelRegistry;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.schema.ModelSignature;
import org.mlops4j.onnx.OnnxConfig;
import org.mlops4j.onnx.OnnxModels;
import org.mlops4j.onnx.OnnxPrediction;
import org.mlops4j.onnx.OnnxPredictor;

/**
 * Scores real ONNX models (mlops-onnx's committed fraud classifier and spend regressor, whose
 * expected.csv holds Tribuo's answers) in Spark's local[2] mode.
 */
class SparkScoringTest {

    private static final Path ONNX = Path.of("..", "mlops-onnx", "src", "test", "resources", "onnx");
    private static final String[] FEATURES = {"amount", "hour", "velocity", "age", "score"};

    @TempDir
    static Path dir;

    private static SparkSession spark;
    private static InMemoryModelRegistry registry;
    private static byte[] fraud;
    private static List<double[]> expected;

    @BeforeAll
    static void start() throws IOException {
        spark = SparkSession.builder().master("local[2]").appName("mlops4j-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
        fraud = Files.readAllBytes(ONNX.resolve("fraud.onnx"));
        registry = new InMemoryModelRegistry();
        Path spend = ONNX.resolve("spend.onnx");
        // Version 1 is the spend regressor under the name fraud: only the alias leads to version 2.
        register("fraud", spend);
        register("fraud", Files.write(dir.resolve("fraud.onnx"), fraud));
        registry.setAlias("fraud", "champion", 2, Attribution.by("test", "the classifier"));
        register("spend", spend);
        expected = new ArrayList<>();
        List<String> lines = Files.readAllLines(ONNX.resolve("expected.csv"), StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                expected.add(Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray());
            }
        }
    }

    private static void register(String name, Path file) {
        registry.register(ModelRegistration.builder(name).artifact(ModelArtifact.of(file))
                .signature(OnnxModels.inferSignature(file)).build());
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    /** Loads an ONNX model by the signature its file gives; counts its loads and closes. */
    private static ExecutorModelLoader<OnnxPrediction> onnx(LongAccumulator loads, LongAccumulator closes) {
        return bytes -> {
            loads.add(1);
            ModelSignature signature = OnnxModels.inferSignature(bytes);
            return new ScoringModel<>(new Counted(OnnxPredictor.load(bytes, "registry", signature,
                    OnnxConfig.ofDefaults(), FeatureExtractor.maps()), closes), OnnxModels.outputs(signature));
        };
    }

    private static ExecutorModelLoader<OnnxPrediction> onnx(String name) {
        return onnx(spark.sparkContext().longAccumulator(name + " loads"),
                spark.sparkContext().longAccumulator(name + " closes"));
    }

    /** An ONNX predictor that counts its closes. */
    private static final class Counted implements Predictor<Map<String, ?>, OnnxPrediction>, AutoCloseable {

        private final OnnxPredictor<Map<String, ?>> onnx;
        private final LongAccumulator closes;

        Counted(OnnxPredictor<Map<String, ?>> onnx, LongAccumulator closes) {
            this.onnx = onnx;
            this.closes = closes;
        }

        @Override
        public OnnxPrediction predict(Map<String, ?> input) {
            return onnx.predict(input);
        }

        @Override
        public void close() {
            closes.add(1);
            onnx.close();
        }
    }

    private static StructType schema() {
        StructType schema = new StructType().add("id", DataTypes.LongType, false);
        for (String f : FEATURES) {
            schema = schema.add(f, DataTypes.DoubleType, true);
        }
        return schema;
    }

    /** expected.csv's rows, then random ones, then three the model must refuse. */
    private static List<Row> rows(int random) {
        List<Row> rows = new ArrayList<>();
        long id = 0;
        for (double[] e : expected) {
            rows.add(RowFactory.create(id++, e[0], e[1], e[2], e[3], e[4]));
        }
        Random rnd = new Random(18);
        for (int i = 0; i < random; i++) {
            rows.add(RowFactory.create(id++, rnd.nextDouble() * 400, (double) rnd.nextInt(24), rnd.nextDouble() * 9,
                    18.0 + rnd.nextInt(60), rnd.nextGaussian()));
        }
        rows.add(RowFactory.create(-1L, null, 3.0, 1.0, 40.0, 0.1));
        rows.add(RowFactory.create(-2L, 10.0, 3.0, Double.NaN, 40.0, 0.1));
        rows.add(RowFactory.create(-3L, 10.0, 3.0, 1.0, null, 0.1));
        return rows;
    }

    @Test
    void scoresEveryRowAsThePredictorDoesAndGivesBadRowsAnErrorWithoutFailingTheJob() {
        List<Row> input = rows(1_200);
        Dataset<Row> data = spark.createDataFrame(input, schema()).repartition(4);
        LongAccumulator loads = spark.sparkContext().longAccumulator("loads");
        LongAccumulator closes = spark.sparkContext().longAccumulator("closes");

        ScoredRows scored = SparkScoring.builder(registry, "models:/fraud@champion", onnx(loads, closes)).build()
                .score(data);
        Map<Long, Row> byId = new HashMap<>();
        for (Row r : scored.rows().collectAsList()) {
            byId.put(r.getLong(0), r);
        }

        assertThat(byId).hasSize(input.size());
        assertThat(scored.modelVersion()).isEqualTo(2);
        assertThat(scored.modelName()).isEqualTo("fraud");
        assertThat(scored.scored()).isEqualTo(input.size());
        assertThat(scored.failed()).isEqualTo(3);
        // Once per partition (4 of them), not once per row.
        assertThat(loads.value()).isEqualTo(4);
        assertThat(closes.value()).isEqualTo(4);
        assertThat(scored.rows().columns()).containsExactly("id", "amount", "hour", "velocity", "age", "score",
                "prediction", "prediction_value", "confidence", "model_version", "error");

        ModelSignature signature = OnnxModels.inferSignature(fraud);
        try (OnnxPredictor<Map<String, ?>> direct = OnnxPredictor.load(fraud, "fraud.onnx", signature,
                OnnxConfig.ofDefaults(), FeatureExtractor.maps())) {
            for (Row in : input) {
                long id = in.getLong(0);
                if (id < 0) {
                    continue;
                }
                Row out = byId.get(id);
                Map<String, Object> features = new HashMap<>();
                for (int i = 0; i < FEATURES.length; i++) {
                    features.put(FEATURES[i], in.get(i + 1));
                }
                OnnxPrediction answer = direct.predict(features);
                assertThat(out.getString(6)).as("row %d", id).isEqualTo(answer.label());
                assertThat(out.isNullAt(7)).isTrue();
                assertThat(out.getDouble(8)).as("row %d", id).isEqualTo(answer.confidence());
                assertThat(out.getInt(9)).isEqualTo(2);
                assertThat(out.isNullAt(10)).as("row %d", id).isTrue();
            }
        }
        // expected.csv's rows get Tribuo's answers.
        for (int i = 0; i < expected.size(); i++) {
            double pFraud = expected.get(i)[5];
            Row out = byId.get((long) i);
            assertThat(out.getString(6)).isEqualTo(pFraud > 0.5 ? "fraud" : "legit");
            assertThat(out.getDouble(8)).isCloseTo(Math.max(pFraud, expected.get(i)[6]), within(1e-5));
        }
        assertThat(byId.get(-1L).getString(10)).contains("InvalidInputException").contains("amount");
        assertThat(byId.get(-2L).getString(10)).contains("velocity").contains("NaN");
        assertThat(byId.get(-3L).getString(10)).contains("age");
        for (long bad = -3; bad <= -1; bad++) {
            assertThat(byId.get(bad).isNullAt(6)).isTrue();
            assertThat(byId.get(bad).isNullAt(8)).isTrue();
            assertThat(byId.get(bad).getInt(9)).isEqualTo(2);
        }
    }

    @Test
    void aRegressionModelFillsTheValueColumnUnderChosenNames() {
        Dataset<Row> data = spark.createDataFrame(rows(0), schema()).coalesce(1);
        ScoreColumns columns = new ScoreColumns("label", "spend", "conf", "version", "why");
        ScoredRows scored = SparkScoring.builder(registry, "models:/spend/1",
                onnx("spend")).columns(columns).build().score(data);

        // One action: a sort would run the scoring twice (once to sample) and count every row twice.
        List<Row> out = new ArrayList<>(scored.rows().collectAsList());
        out.removeIf(r -> !r.isNullAt(r.fieldIndex("why")));
        out.sort(java.util.Comparator.comparingLong(r -> r.getLong(0)));
        assertThat(out).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            Row r = out.get(i);
            assertThat(r.isNullAt(r.fieldIndex("label"))).isTrue();
            assertThat(r.isNullAt(r.fieldIndex("conf"))).isTrue();
            assertThat(r.getDouble(r.fieldIndex("spend"))).isCloseTo(expected.get(i)[7], within(1e-4));
            assertThat(r.getInt(r.fieldIndex("version"))).isEqualTo(1);
        }
        assertThat(scored.failed()).isEqualTo(3);
    }

    @Test
    void refusesAClashingColumnAnUnknownModelAndABadUri() {
        Dataset<Row> data = spark.createDataFrame(rows(0), schema());
        ExecutorModelLoader<OnnxPrediction> loader = onnx("unused");
        Dataset<Row> clashing = data.withColumnRenamed("score", "Confidence");
        assertThatThrownBy(() -> SparkScoring.builder(registry, "models:/fraud@champion", loader).build()
                .score(clashing)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Confidence");
        assertThatThrownBy(() -> SparkScoring.builder(registry, "models:/fraud@nobody", loader).build().score(data))
                .isInstanceOf(ModelNotFoundException.class).hasMessageContaining("models:/fraud@nobody");
        assertThatThrownBy(() -> SparkScoring.builder(registry, "fraud", loader))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fraud");
        assertThatThrownBy(() -> new ScoreColumns("a", "b", "a", "c", "d"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[a, b, a, c, d]");
    }

    @Test
    void aModelThatCannotLoadFailsTheJobNamingTheVersion() {
        Dataset<Row> data = spark.createDataFrame(rows(0), schema()).coalesce(1);
        ExecutorModelLoader<OnnxPrediction> broken = bytes -> {
            throw new IllegalArgumentException("not a model of " + bytes.length + " bytes");
        };
        ScoredRows scored = SparkScoring.builder(registry, "models:/fraud@champion", broken).build().score(data);
        assertThatThrownBy(() -> scored.rows().count()).hasStackTraceContaining("cannot load models:/fraud/2")
                .hasStackTraceContaining("not a model of " + fraud.length + " bytes");
    }
}
