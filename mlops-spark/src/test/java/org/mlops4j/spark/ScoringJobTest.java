package org.mlops4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
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
import org.mlops4j.tracking.ForwardingTracker;
import org.mlops4j.tracking.InMemoryTracker;
import org.mlops4j.tracking.RunConfig;
import org.mlops4j.tracking.RunInfo;
import org.mlops4j.tracking.RunQuery;
import org.mlops4j.tracking.RunStatus;
import org.mlops4j.tracking.Tracker;
import org.mlops4j.tracking.Run;

/**
 * Scoring jobs on mlops-onnx's committed fraud classifier in local[2]: answers per chunk equal to
 * answers per row, the job's counts in its tracking run, its progress up to the row total.
 */
class ScoringJobTest {

    private static final Path ONNX = Path.of("..", "mlops-onnx", "src", "test", "resources", "onnx");
    private static final String URI = "models:/fraud/1";
    private static final int ROWS = 2_003;

    private static SparkSession spark;
    private static InMemoryModelRegistry registry;
    private static Dataset<Row> data;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("mlops4j-scoring-job-test");
        registry = new InMemoryModelRegistry();
        Path fraud = ONNX.resolve("fraud.onnx");
        registry.register(ModelRegistration.builder("fraud").artifact(ModelArtifact.of(fraud))
                .signature(OnnxModels.inferSignature(fraud)).build());
        registry.setAlias("fraud", "nightly", 1, Attribution.by("test", "the nightly job's model"));
        StructType schema = new StructType().add("id", DataTypes.LongType, false);
        for (String f : new String[] {"amount", "hour", "velocity", "age", "score"}) {
            schema = schema.add(f, DataTypes.DoubleType, true);
        }
        List<Row> rows = new ArrayList<>();
        Random rnd = new Random(18);
        for (long id = 0; id < ROWS - 3; id++) {
            rows.add(RowFactory.create(id, rnd.nextDouble() * 400, (double) rnd.nextInt(24), rnd.nextDouble() * 9,
                    18.0 + rnd.nextInt(60), rnd.nextGaussian()));
        }
        // Three rows the model refuses, one in the middle of a chunk.
        rows.add(700, RowFactory.create(-1L, null, 3.0, 1.0, 40.0, 0.1));
        rows.add(RowFactory.create(-2L, 10.0, 3.0, Double.NaN, 40.0, 0.1));
        rows.add(RowFactory.create(-3L, 10.0, 3.0, 1.0, null, 0.1));
        data = spark.createDataFrame(rows, schema).repartition(3).cache();
        assertThat(data.count()).isEqualTo(ROWS);
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    /** The ONNX model answered one chunk per call (batched) or one row per call; counts batch calls. */
    private static ExecutorModelLoader<OnnxPrediction> onnx(boolean batched, LongAccumulator calls) {
        return bytes -> {
            ModelSignature signature = OnnxModels.inferSignature(bytes);
            OnnxPredictor<Map<String, ?>> onnx = OnnxPredictor.load(bytes, "fraud", signature, OnnxConfig.ofDefaults(),
                    FeatureExtractor.maps());
            if (!batched) {
                return new ScoringModel<>(onnx, OnnxModels.outputs(signature));
            }
            return new ScoringModel<>(onnx, rows -> {
                calls.add(1);
                return onnx.predictBatch(rows);
            }, OnnxModels.outputs(signature));
        };
    }

    private static Map<Long, Row> byId(Dataset<Row> rows) {
        Map<Long, Row> out = new HashMap<>();
        for (Row r : rows.collectAsList()) {
            out.put(r.getLong(0), r);
        }
        return out;
    }

    /** The rows of each partition of the input, as Spark splits them. */
    private static List<Integer> partitionSizes() {
        JavaRDD<Integer> sizes = data.javaRDD().mapPartitions(it -> {
            int n = 0;
            while (it.hasNext()) {
                it.next();
                n++;
            }
            return Collections.singletonList(n).iterator();
        });
        return sizes.collect();
    }

    @Test
    void chunksAnswerEveryRowAsThePredictorDoesRowByRowAndKeepEachBadRowsError() {
        LongAccumulator calls = spark.sparkContext().longAccumulator("batch calls");
        ScoredRows batched = SparkScoring.builder(registry, URI, onnx(true, calls)).chunkSize(100).build().score(data);
        ScoredRows perRow = SparkScoring.builder(registry, URI, onnx(false, null)).build().score(data);
        Map<Long, Row> a = byId(batched.rows());
        Map<Long, Row> b = byId(perRow.rows());

        assertThat(a).hasSize(ROWS).hasSameSizeAs(b);
        for (Map.Entry<Long, Row> e : b.entrySet()) {
            Row x = a.get(e.getKey());
            Row y = e.getValue();
            for (int i = 6; i < 11; i++) {
                assertThat(x.get(i)).as("row %d column %d", e.getKey(), i).isEqualTo(y.get(i));
            }
        }
        assertThat(a.get(-1L).getString(10)).contains("amount");
        assertThat(a.get(-2L).getString(10)).contains("velocity");
        assertThat(a.get(-3L).getString(10)).contains("age");
        assertThat(a.values().stream().filter(r -> !r.isNullAt(10)).count()).isEqualTo(3);
        int chunks = partitionSizes().stream().mapToInt(n -> (n + 99) / 100).sum();
        assertThat(chunks).isGreaterThan(3);
        assertThat(calls.value()).isEqualTo(chunks);
        assertThat(batched.batches()).isEqualTo(chunks);
        assertThat(batched.failed()).isEqualTo(3);
        // Without a batch call, chunks of the default size are answered row by row.
        assertThat(perRow.batches()).isEqualTo(partitionSizes().stream()
                .mapToInt(n -> (n + SparkScoring.DEFAULT_CHUNK_SIZE - 1) / SparkScoring.DEFAULT_CHUNK_SIZE).sum());
    }

    @Test
    void aBatchCallThatFailsAsAWholeIsAnsweredRowByRow() {
        ExecutorModelLoader<OnnxPrediction> broken = bytes -> {
            ModelSignature signature = OnnxModels.inferSignature(bytes);
            OnnxPredictor<Map<String, ?>> onnx = OnnxPredictor.load(bytes, "fraud", signature, OnnxConfig.ofDefaults(),
                    FeatureExtractor.maps());
            return new ScoringModel<>(onnx, rows -> {
                throw new IllegalStateException("the runtime is out of memory");
            }, OnnxModels.outputs(signature));
        };
        Map<Long, Row> fallback = byId(SparkScoring.builder(registry, URI, broken).build().score(data).rows());
        Map<Long, Row> perRow = byId(SparkScoring.builder(registry, URI, onnx(false, null)).build().score(data).rows());
        assertThat(fallback).isEqualTo(perRow);
        assertThat(fallback.get(-2L).getString(10)).contains("velocity");
    }

    @Test
    void aBatchPredictorThatLosesARowFailsTheJob() {
        ExecutorModelLoader<OnnxPrediction> lossy = bytes -> {
            ModelSignature signature = OnnxModels.inferSignature(bytes);
            OnnxPredictor<Map<String, ?>> onnx = OnnxPredictor.load(bytes, "fraud", signature, OnnxConfig.ofDefaults(),
                    FeatureExtractor.maps());
            return new ScoringModel<>(onnx, rows -> onnx.predictBatch(rows.subList(1, rows.size())),
                    OnnxModels.outputs(signature));
        };
        ScoredRows scored = SparkScoring.builder(registry, URI, lossy).chunkSize(50).build().score(data);
        assertThatThrownBy(() -> scored.rows().count())
                .hasStackTraceContaining("must answer each of 50 rows but gave 49 results");
        assertThatThrownBy(() -> SparkScoring.builder(registry, URI, lossy).chunkSize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chunkSize").hasMessageContaining("0");
        assertThatThrownBy(() -> SparkScoring.builder(registry, URI, lossy).chunkSize(65_537))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65537");
        assertThatThrownBy(() -> SparkScoring.builder(registry, URI, lossy).tracker(new InMemoryTracker(), " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("experimentName");
    }

    @Test
    void aJobIsARunWhoseMetricsAreItsCountsAndItsProgressReachesTheRowTotal() throws IOException {
        InMemoryTracker tracker = new InMemoryTracker();
        List<long[]> progress = Collections.synchronizedList(new ArrayList<>());
        ScoredRows scored = SparkScoring.builder(registry, "models:/fraud@nightly", onnx(true,
                spark.sparkContext().longAccumulator("calls"))).tracker(tracker, "nightly-fraud")
                .progress((rows, failed) -> progress.add(new long[] {rows, failed})).build().score(data);
        Path out = dir.resolve("scores");

        ScoringJob job = scored.run(rows -> rows.write().parquet(out.toString()));

        assertThat(job.rows()).isEqualTo(ROWS);
        assertThat(job.failed()).isEqualTo(3);
        assertThat(job.answered()).isEqualTo(ROWS - 3);
        assertThat(job.modelUri()).isEqualTo("models:/fraud@nightly");
        assertThat(job.modelVersionUri()).isEqualTo("models:/fraud/1");
        assertThat(spark.read().parquet(out.toString()).count()).isEqualTo(ROWS);
        RunInfo run = tracker.run(job.runId().orElseThrow()).orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(run.params()).containsEntry("model_uri", "models:/fraud@nightly")
                .containsEntry("model_version_uri", "models:/fraud/1").containsEntry("model_version", "1")
                .containsEntry("chunk_size", "256")
                .containsEntry("model_sha256", registry.require(URI).artifactSha256().orElseThrow());
        assertThat(run.latestMetrics().get("rows").value()).isEqualTo(ROWS);
        assertThat(run.latestMetrics().get("failed").value()).isEqualTo(3);
        assertThat(run.latestMetrics().get("answered").value()).isEqualTo(ROWS - 3);
        assertThat(run.latestMetrics().get("duration_ms").value()).isEqualTo(job.duration().toMillis());
        assertThat(run.latestMetrics().get("rows_per_second").value()).isEqualTo(job.rowsPerSecond());
        assertThat(run.tags()).containsEntry("spark.master", "local[2]")
                .containsEntry("spark.app_id", spark.sparkContext().applicationId());

        assertThat(progress).isNotEmpty();
        assertThat(progress.get(progress.size() - 1)).containsExactly(ROWS, 3);
        for (int i = 1; i < progress.size(); i++) {
            assertThat(progress.get(i)[0]).isGreaterThan(progress.get(i - 1)[0]);
        }

        // A second job counts its own rows, not the first one's as well.
        ScoringJob again = scored.run(Dataset::count);
        assertThat(again.rows()).isEqualTo(ROWS);
        assertThat(again.runId()).isPresent().isNotEqualTo(job.runId());
        assertThat(tracker.run(again.runId().get()).orElseThrow().latestMetrics().get("rows").value())
                .isEqualTo(ROWS);
    }

    @Test
    void aFailedActionEndsTheRunFailedAndRethrows() {
        InMemoryTracker tracker = new InMemoryTracker();
        ScoredRows scored = SparkScoring.builder(registry, URI, onnx(false, null)).tracker(tracker, "nightly").build()
                .score(data);
        assertThatThrownBy(() -> scored.run(rows -> {
            rows.count();
            throw new IllegalStateException("the bucket is full");
        })).isInstanceOf(IllegalStateException.class).hasMessage("the bucket is full");
        List<RunInfo> runs = tracker.searchRuns(RunQuery.in(tracker.experiment("nightly").orElseThrow().id())).runs();
        assertThat(runs).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(RunStatus.FAILED);
            assertThat(r.tags().get(Run.ERROR_TAG)).contains("the bucket is full");
        });
    }

    @Test
    void aTrackerThatFailsLeavesTheJobUntrackedAndItsRowsScored() {
        Tracker broken = new ForwardingTracker(new InMemoryTracker()) {
            @Override
            public Run startRun(String experimentName, RunConfig options) {
                throw new IllegalStateException("the tracking database is down");
            }
        };
        ScoredRows scored = SparkScoring.builder(registry, URI, onnx(false, null)).tracker(broken, "nightly")
                .progress((rows, failed) -> {
                    throw new IllegalArgumentException("a listener bug");
                }).build().score(data);
        ScoringJob job = scored.run(Dataset::count);
        assertThat(job.runId()).isEmpty();
        assertThat(job.rows()).isEqualTo(ROWS);
        assertThat(job.failed()).isEqualTo(3);
    }

    @Test
    void progressIsReportedAfterTasksOnlyWhenItGrowsAndNotAfterTheLastReport() {
        LongAccumulator scored = spark.sparkContext().longAccumulator("p scored");
        LongAccumulator failed = spark.sparkContext().longAccumulator("p failed");
        scored.add(40);
        List<String> heard = new ArrayList<>();
        JobProgress progress = new JobProgress((rows, bad) -> heard.add(rows + "/" + bad), scored, failed);
        progress.onTaskEnd(null);
        scored.add(10);
        failed.add(2);
        progress.onTaskEnd(null);
        progress.onTaskEnd(null);
        scored.add(5);
        progress.report(true);
        scored.add(5);
        progress.onTaskEnd(null);
        progress.report(true);
        assertThat(heard).containsExactly("10/2", "15/2");

        List<String> empty = new ArrayList<>();
        JobProgress none = new JobProgress((rows, bad) -> empty.add(rows + "/" + bad), scored, failed);
        none.onTaskEnd(null);
        none.report(true);
        none.report(true);
        assertThat(empty).containsExactly("0/0");
    }
}
