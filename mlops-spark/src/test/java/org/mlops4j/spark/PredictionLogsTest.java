package org.mlops4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.features.FeatureExtractor;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.core.feedback.FeedbackEvent;
import org.mlops4j.core.feedback.GroundTruth;
import org.mlops4j.monitoring.log.CaptureConfig;
import org.mlops4j.monitoring.log.CapturedData;
import org.mlops4j.monitoring.log.PredictionLog;
import org.mlops4j.monitoring.log.ProductionCapture;
import org.mlops4j.monitoring.log.PredictionLogConfig;

/**
 * Reads prediction logs written by mlops-monitoring's real PredictionLog (rotated files) in
 * local[2], and joins late labels to them.
 */
class PredictionLogsTest {

    private static final int N = 10_000;
    private static final int TRUNCATED = 4_242;
    private static final Instant START = Instant.parse("2026-12-05T00:00:00Z");
    private static final Schema SCHEMA = Schema.of(Feature.numeric("amount"), Feature.numeric("hour"),
            Feature.anyCategory("country"), Feature.bool("mobile"));
    private static final String[] COUNTRIES = {"DE", "FR", "IT"};

    @TempDir
    static Path dir;

    private static SparkSession spark;
    private static Path logs;
    private static long files;

    /** An object output, as a classifier's answer record is written. */
    public record Answer(String label, double value) {
    }

    /** A record input, written through a feature extractor. */
    public record Txn(double amount, int hour, String country, boolean mobile) {
    }

    @BeforeAll
    static void start() throws IOException {
        spark = SparkSession.builder().master("local[2]").appName("mlops4j-prediction-logs-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
        logs = dir.resolve("logs");
        PredictionLog log = PredictionLog.open(logs, PredictionLogConfig.ofDefaults().withRotation(256 * 1024, 1_000));
        for (int i = 0; i < N; i++) {
            log.onPrediction(event(i));
        }
        log.close();
        assertThat(log.written()).isEqualTo(N);
        assertThat(log.truncated()).isEqualTo(1);
        assertThat(log.dropped()).isZero();
        try (Stream<Path> list = Files.list(logs)) {
            files = list.count();
        }
        assertThat(files).isGreaterThan(3);
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static String id(int i) {
        return String.format("p-%05d", i);
    }

    private static Instant time(int i) {
        return START.plusMillis(7L * i).plusNanos((i % 1000) * 1000L);
    }

    private static Map<String, Object> input(int i) {
        Map<String, Object> input = new HashMap<>();
        input.put("amount", i % 50 == 0 ? null : 10 + (i % 1000) / 8.0);
        input.put("hour", i % 24);
        input.put("country", COUNTRIES[i % 3]);
        input.put("mobile", i % 5 == 0);
        if (i == TRUNCATED) {
            input.put("note", "x".repeat(300_000));
        }
        return input;
    }

    private static PredictionEvent<Object, Object> event(int i) {
        String variant = i % 10 == 0 ? "challenger" : "champion";
        ModelRef model = new ModelRef("fraud", i % 10 == 0 ? 3 : 2);
        if (i % 97 == 0) {
            return PredictionEvent.failure(id(i), time(i), "fraud", variant, model, input(i), 1_000L * i,
                    new IllegalStateException("boom " + i));
        }
        Object output = i % 4 == 0 ? (i % 8 == 0 ? "fraud" : "ok") : new Answer(i % 2 == 0 ? "fraud" : "ok", i / 100.0);
        double confidence = i % 7 == 0 ? Double.NaN : (i % 100) / 100.0;
        return PredictionEvent.success(id(i), i % 2 == 0 ? "r-" + i : null, i % 3 == 0 ? "user-" + i : null, time(i),
                "fraud", variant, model, input(i), output, confidence, 1_000L * i, i % 11 == 0);
    }

    @Test
    void readsEveryLineTheLogWroteWithItsValues() {
        LoggedPredictions logged = PredictionLogs.read(spark, SCHEMA, logs.toString());
        logged.lines().cache();
        assertThat(logged.malformedCount()).isZero();
        Dataset<Row> predictions = logged.predictions();
        assertThat(predictions.columns()).startsWith("prediction_id", "request_id", "routing_key", "timestamp")
                .endsWith("file", "amount", "hour", "country", "mobile");
        List<Row> rows = predictions.collectAsList();
        assertThat(rows).hasSize(N);
        assertThat(rows.stream().map(r -> r.<String>getAs("file")).distinct().count()).isEqualTo(files);
        for (Row r : rows) {
            String id = r.getAs("prediction_id");
            int i = Integer.parseInt(id.substring(2));
            PredictionEvent<Object, Object> e = event(i);
            assertThat(r.<String>getAs("request_id")).isEqualTo(e.requestId().orElse(null));
            assertThat(r.<String>getAs("routing_key")).isEqualTo(e.routingKey().orElse(null));
            assertThat(r.<java.sql.Timestamp>getAs("timestamp").toInstant()).isEqualTo(time(i));
            assertThat(r.<String>getAs("endpoint")).isEqualTo("fraud");
            assertThat(r.<String>getAs("variant")).isEqualTo(e.variant());
            assertThat(r.<Boolean>getAs("fallback")).isEqualTo(e.fallback());
            assertThat(r.<String>getAs("model")).isEqualTo(e.model().toString());
            assertThat(r.<String>getAs("model_name")).isEqualTo("fraud");
            assertThat(r.<Integer>getAs("model_version")).isEqualTo(e.model().version());
            assertThat(r.<Long>getAs("latency_nanos")).isEqualTo(1_000L * i);
            Double confidence = e.confidence().isPresent() ? e.confidence().getAsDouble() : null;
            assertThat(r.<Double>getAs("confidence")).isEqualTo(confidence);
            if (i == TRUNCATED) {
                // Written without its input, output and error, with the size of the whole line.
                assertThat(r.<Long>getAs("truncated")).isGreaterThan(300_000L);
                assertThat(r.<String>getAs("input")).isNull();
                assertThat(r.<String>getAs("output")).isNull();
                assertThat(r.<Double>getAs("amount")).isNull();
                continue;
            }
            assertThat(r.<String>getAs("error")).isEqualTo(e.error().map(Throwable::toString).orElse(null));
            Object output = e.output().orElse(null);
            if (output instanceof Answer a) {
                assertThat(r.<String>getAs("output_label")).isEqualTo(a.label());
                assertThat(r.<Double>getAs("output_value")).isEqualTo(a.value());
            } else {
                assertThat(r.<String>getAs("output_label")).isEqualTo(output);
                assertThat(r.<Double>getAs("output_value")).isNull();
            }
            assertThat(r.<Long>getAs("truncated")).isNull();
            Map<String, Object> in = input(i);
            assertThat(r.<Double>getAs("amount")).isEqualTo(in.get("amount"));
            assertThat(r.<Double>getAs("hour")).isEqualTo(((Integer) in.get("hour")).doubleValue());
            assertThat(r.<String>getAs("country")).isEqualTo(in.get("country"));
            assertThat(r.<Boolean>getAs("mobile")).isEqualTo(in.get("mobile"));
            assertThat(r.<String>getAs("input")).contains("\"country\":\"" + in.get("country") + "\"");
        }
    }

    @Test
    void readsTheFeaturesObjectOfALogWithAFeatureReader() {
        Path featureLogs = dir.resolve("feature-logs");
        PredictionLog log = PredictionLog.open(featureLogs, PredictionLogConfig.ofDefaults()
                .withFeatures(SCHEMA, FeatureExtractor.auto()));
        for (int i = 0; i < 40; i++) {
            Txn txn = new Txn(i * 1.5, i % 24, COUNTRIES[i % 3], i % 2 == 0);
            log.onPrediction(PredictionEvent.success(id(i), time(i), "fraud", "champion", new ModelRef("fraud", 2), txn,
                    0.5 + i / 100.0, 0.9, 1_000L));
        }
        log.close();
        List<Row> rows = PredictionLogs.read(spark, SCHEMA, featureLogs.toString()).predictions()
                .orderBy("prediction_id").collectAsList();
        assertThat(rows).hasSize(40);
        for (int i = 0; i < 40; i++) {
            Row r = rows.get(i);
            assertThat(r.<Double>getAs("amount")).isEqualTo(i * 1.5);
            assertThat(r.<Double>getAs("hour")).isEqualTo(i % 24);
            assertThat(r.<String>getAs("country")).isEqualTo(COUNTRIES[i % 3]);
            assertThat(r.<Boolean>getAs("mobile")).isEqualTo(i % 2 == 0);
            assertThat(r.<Double>getAs("output_value")).isEqualTo(0.5 + i / 100.0);
            assertThat(r.<String>getAs("output_label")).isNull();
        }
    }

    /** The log with five bad lines appended to one of its files: garbage, torn, blank, incomplete, mistyped. */
    private static Path withMalformedLines() throws IOException {
        Path copy = dir.resolve("malformed-" + System.nanoTime());
        Files.createDirectories(copy);
        Path last = null;
        try (Stream<Path> list = Files.list(logs)) {
            for (Path f : list.sorted().toList()) {
                last = Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        String torn = "{\"predictionId\":\"p-99999\",\"timestamp\":\"2026-12";
        String missing = "{\"predictionId\":\"p-99998\",\"endpoint\":\"fraud\",\"variant\":\"champion\",\"model\":\"fraud/2\","
                + "\"latencyNanos\":5,\"confidence\":null,\"input\":{},\"output\":null,\"error\":null}";
        String mistyped = "{\"predictionId\":\"p-99997\",\"timestamp\":\"2026-12-05T10:00:00Z\",\"endpoint\":\"fraud\","
                + "\"variant\":\"champion\",\"model\":\"fraud/2\",\"latencyNanos\":5,\"confidence\":null,"
                + "\"input\":{\"amount\":\"lots\"},\"output\":null,\"error\":null}";
        Files.writeString(last, String.join("\n", "not json at all", torn, "", missing, mistyped) + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        return copy;
    }

    @Test
    void malformedLinesAreCountedAndReportedNotFatal() throws IOException {
        LoggedPredictions logged = PredictionLogs.read(spark, SCHEMA, withMalformedLines().toString());
        assertThat(logged.predictions().count()).isEqualTo(N);
        assertThat(logged.malformedCount()).isEqualTo(5);
        List<String> errors = logged.malformed().collectAsList().stream()
                .map(r -> r.getString(2) + " | " + r.getString(1) + " | " + r.getString(0)).sorted().toList();
        assertThat(errors).hasSize(5);
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("not JSON"))
                .anySatisfy(e -> assertThat(e).startsWith("blank line"))
                .anySatisfy(e -> assertThat(e).startsWith("field 'timestamp' must be text but was null"))
                .anySatisfy(e -> assertThat(e).startsWith("feature 'amount' (NUMERIC) must be a number but was \"lots\""))
                .allSatisfy(e -> assertThat(e).contains("predictions-").contains(".jsonl"));
        assertThat(errors.stream().filter(e -> e.startsWith("not JSON")).count()).isEqualTo(2);
    }

    private static Dataset<Row> labels() {
        List<Row> rows = new ArrayList<>();
        java.sql.Timestamp first = java.sql.Timestamp.from(START.plusSeconds(86_400));
        java.sql.Timestamp later = java.sql.Timestamp.from(START.plusSeconds(2 * 86_400));
        for (int i = 0; i < 6_000; i++) {
            rows.add(RowFactory.create(id(i), i % 2 == 0 ? "fraud" : "ok", first));
        }
        for (int i = 0; i < 500; i++) {
            // A later correction of an earlier label: the latest wins, whichever order they come in.
            rows.add(i % 2 == 0 ? rows.size() / 2 : 0, RowFactory.create(id(i * 3), "corrected", later));
        }
        for (int i = 0; i < 500; i++) {
            rows.add(RowFactory.create("q-" + i, "ok", first));
        }
        StructType type = new StructType().add("prediction_id", DataTypes.StringType, true)
                .add("label", DataTypes.StringType, true).add("label_time", DataTypes.TimestampType, true);
        return spark.createDataFrame(rows, type);
    }

    @Test
    void aProductionCapturesPredictionsAndLabelsReadInSparkAsInTheJvm() {
        Path captured = dir.resolve("capture");
        try (ProductionCapture capture = ProductionCapture.open(captured, CaptureConfig.ofDefaults()
                .withSampling(0.5, 3).withFileBounds(400, 1 << 20))) {
            for (int i = 0; i < 2_000; i++) {
                PredictionEvent<Object, Object> event = event(i);
                capture.onPrediction(event);
                if (i % 3 != 0) {
                    capture.onFeedback(new FeedbackEvent<>(event, GroundTruth.label(i % 2 == 0 ? "fraud" : "ok"),
                            time(i).plusSeconds(60)));
                }
            }
        }
        CapturedData<Map<String, Object>> jvm = CapturedData.read(captured, START, START.plusSeconds(3_600),
                json -> new HashMap<>(Map.of("hour", json.get("hour").asInt())));

        LoggedPredictions logged = PredictionLogs.read(spark, SCHEMA, captured.resolve("predictions").toString());
        Dataset<Row> labels = spark.read().json(captured.resolve("labels").toString()).select(
                org.apache.spark.sql.functions.col("predictionId").as("prediction_id"),
                org.apache.spark.sql.functions.col("label"),
                org.apache.spark.sql.functions.col("time").cast("timestamp").as("label_time"));
        LabelledPredictions joined = PredictionLogs.labelled(logged, labels, UnlabelledRows.EXCLUDE);
        assertThat(logged.malformedCount()).isZero();
        assertThat(joined.counts().labelled()).isEqualTo(jvm.lineage().labelled()).isGreaterThan(500);
        assertThat(logged.predictions().where("error is null").count()).isEqualTo(jvm.lineage().rows());
    }

    @Test
    void lateLabelsJoinByPredictionIdLatestWins() throws IOException {
        LoggedPredictions logged = PredictionLogs.read(spark, SCHEMA, withMalformedLines().toString());
        logged.lines().cache();
        LabelledPredictions kept = PredictionLogs.labelled(logged, labels(), UnlabelledRows.KEEP);
        assertThat(kept.counts()).isEqualTo(new LabelCounts(N, 5, 1, 5_999, 4_000, 7_000, 500, 500));
        assertThat(kept.rows().count()).isEqualTo(N - 1);
        assertThat(kept.rows().where("not labelled and label is null").count()).isEqualTo(4_000);

        LabelledPredictions excluded = PredictionLogs.labelled(logged, labels(), UnlabelledRows.EXCLUDE);
        Dataset<Row> training = excluded.trainingRows();
        assertThat(training.columns()).containsExactly("prediction_id", "timestamp", "amount", "hour", "country",
                "mobile", "label");
        List<Row> rows = training.collectAsList();
        assertThat(rows).hasSize(5_999);
        Map<String, String> labels = new HashMap<>();
        for (Row r : rows) {
            labels.put(r.getString(0), r.getString(6));
        }
        assertThat(labels).hasSize(5_999).doesNotContainKey(id(TRUNCATED));
        assertThat(labels.values().stream().filter("corrected"::equals).count()).isEqualTo(500);
        assertThat(labels.get(id(3))).isEqualTo("corrected");
        assertThat(labels.get(id(4))).isEqualTo("fraud");
        assertThat(labels.get(id(4_499))).isEqualTo("ok");
        assertThat(excluded.counts().labelled()).isEqualTo(5_999);
    }

    @Test
    void badLabelsAndPathsAreRefusedNamingTheColumn() {
        LoggedPredictions logged = PredictionLogs.read(spark, SCHEMA, logs.toString());
        assertThatThrownBy(() -> PredictionLogs.labelled(logged, labels().drop("label_time"), UnlabelledRows.KEEP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("labels have no column 'label_time'");
        assertThatThrownBy(() -> PredictionLogs.labelled(logged,
                labels().withColumn("label_time", org.apache.spark.sql.functions.lit("yesterday")), UnlabelledRows.KEEP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("labels column 'label_time' must be timestamp but is string");
        assertThatThrownBy(() -> PredictionLogs.read(spark, SCHEMA))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("paths must name at least one file");
        assertThatThrownBy(() -> PredictionLogs.read(spark, Schema.of(Feature.numeric("model")), logs.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("feature 'model' has the name of a prediction log column");
    }
}
