package org.mlops4j.benchmarks.spark;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.mlops4j.core.features.FeatureExtractor;
import org.mlops4j.core.registry.InMemoryModelRegistry;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.ModelSignature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.profile.FeatureProfile;
import org.mlops4j.monitoring.profile.ReferenceProfile;
import org.mlops4j.onnx.OnnxConfig;
import org.mlops4j.onnx.OnnxModels;
import org.mlops4j.onnx.OnnxPrediction;
import org.mlops4j.onnx.OnnxPredictor;
import org.mlops4j.serving.BatchConfig;
import org.mlops4j.serving.BatchPredictor;
import org.mlops4j.spark.ExecutorModelLoader;
import org.mlops4j.spark.ScoringJob;
import org.mlops4j.spark.ScoringModel;
import org.mlops4j.spark.SparkProfiles;
import org.mlops4j.spark.SparkScoring;

/**
 * A recorded harness (not JMH: a Spark job is seconds long and runs in its own threads), run by
 * {@code benchmarks/scripts/spark-bench.sh}:
 * <ol>
 *   <li>a reference profile of the same synthetic rows (3 numeric, 1 categorical, 1 boolean
 *       feature, each a function of the row's index) built by {@link SparkProfiles#reference} in
 *       {@code local[2]} and by one thread through {@link ReferenceProfile.Builder};</li>
 *   <li>scoring the same rows with mlops-onnx's committed fraud classifier by
 *       {@link SparkScoring} in {@code local[2]}, in chunks ({@code predictBatch}) and row by row,
 *       and by {@link BatchPredictor} with 2 threads.</li>
 * </ol>
 * Each side generates its rows as it goes (Spark from {@code range}, Java from a loop), so both
 * pay for generation; every measurement is taken twice and the second one printed, the first
 * being the warm-up.
 *
 * <p>Usage: {@code SparkBenchmark [profileRows] [scoringRows]}, defaults 10,000,000 and 2,000,000.
 */
public final class SparkBenchmark {

    private static final String[] COUNTRIES = {"DE", "FR", "US", "GB", "ES", "IT"};
    private static final Schema PROFILE_SCHEMA = Schema.of(Feature.numeric("a"), Feature.numeric("b"),
            Feature.numeric("hour"), Feature.anyCategory("country"), Feature.bool("weekend"));
    private static final Path FRAUD = Path.of("mlops-onnx", "src", "test", "resources", "onnx", "fraud.onnx");

    private SparkBenchmark() {
    }

    /**
     * Runs the measurements and prints them.
     *
     * @param args the profile's row count and the scoring's row count
     */
    public static void main(String[] args) {
        long profileRows = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        long scoringRows = args.length > 1 ? Long.parseLong(args[1]) : 2_000_000L;
        SparkSession spark = SparkSession.builder().master("local[2]").appName("mlops4j-spark-benchmark")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        try {
            profiles(spark, profileRows);
            scoring(spark, scoringRows);
        } finally {
            spark.stop();
        }
    }

    private static void profiles(SparkSession spark, long n) {
        Dataset<Row> data = spark.range(0, n, 1, 8).selectExpr(
                "pmod(id * 2654435761, 1000003) / 1000D AS a",
                "pmod(id * 40503 + 17, 9973) / 100D AS b",
                "cast(pmod(id * 69069, 24) AS INT) AS hour",
                "element_at(array('DE', 'FR', 'US', 'GB', 'ES', 'IT'), cast(pmod(id * 31, 6) AS INT) + 1) AS country",
                "pmod(id * 7, 10) < 3 AS weekend");
        ReferenceProfile distributed = null;
        ReferenceProfile single = null;
        double sparkSeconds = 0;
        double singleSeconds = 0;
        for (int round = 0; round < 2; round++) {
            long t0 = System.nanoTime();
            distributed = SparkProfiles.reference(data, PROFILE_SCHEMA);
            sparkSeconds = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            single = singleThread(n);
            singleSeconds = (System.nanoTime() - t0) / 1e9;
        }
        System.out.printf(Locale.ROOT, "profile rows=%d spark_local2_s=%.2f single_thread_s=%.2f ratio=%.2f"
                + " spark_rows_per_s=%.0f single_rows_per_s=%.0f%n", n, sparkSeconds, singleSeconds,
                singleSeconds / sparkSeconds, n / sparkSeconds, n / singleSeconds);
        System.out.printf(Locale.ROOT, "profile equal rows=%b country=%b weekend=%b%n",
                distributed.rows() == single.rows(),
                distributed.feature("country").orElseThrow().categoryCounts()
                        .equals(single.feature("country").orElseThrow().categoryCounts()),
                distributed.feature("weekend").orElseThrow().categoryCounts()
                        .equals(single.feature("weekend").orElseThrow().categoryCounts()));
        for (String f : new String[] {"a", "b", "hour"}) {
            FeatureProfile d = distributed.feature(f).orElseThrow();
            FeatureProfile s = single.feature(f).orElseThrow();
            double worst = 0;
            for (int k = 1; k < 100; k++) {
                // Ranks as shares of each feature's range, which the generators fill uniformly.
                worst = Math.max(worst, Math.abs(d.quantile(k / 100.0) - s.quantile(k / 100.0)) / (s.max() - s.min()));
            }
            System.out.printf(Locale.ROOT, "profile %s mean spark=%.6f single=%.6f worst_quantile_gap_share=%.4f%n",
                    f, d.mean(), s.mean(), worst);
        }
    }

    private static ReferenceProfile singleThread(long n) {
        ReferenceProfile.Builder builder = ReferenceProfile.builder(PROFILE_SCHEMA);
        Map<String, Object> row = new HashMap<>();
        for (long id = 0; id < n; id++) {
            row.put("a", Math.floorMod(id * 2654435761L, 1000003L) / 1000.0);
            row.put("b", Math.floorMod(id * 40503L + 17, 9973L) / 100.0);
            row.put("hour", (int) Math.floorMod(id * 69069L, 24L));
            row.put("country", COUNTRIES[(int) Math.floorMod(id * 31L, 6L)]);
            row.put("weekend", Math.floorMod(id * 7L, 10L) < 3);
            builder.update(row);
        }
        return builder.build();
    }

    private static void scoring(SparkSession spark, long n) {
        InMemoryModelRegistry registry = new InMemoryModelRegistry();
        ModelSignature signature = OnnxModels.inferSignature(FRAUD);
        registry.register(ModelRegistration.builder("fraud").artifact(ModelArtifact.of(FRAUD)).signature(signature)
                .build());
        Dataset<Row> data = spark.range(0, n, 1, 8).selectExpr(
                "pmod(id * 2654435761, 400003) / 1000D AS amount",
                "cast(pmod(id * 69069, 24) AS DOUBLE) AS hour",
                "pmod(id * 40503, 9001) / 1000D AS velocity",
                "cast(18 + pmod(id * 31, 60) AS DOUBLE) AS age",
                "pmod(id * 7919, 2001) / 1000D - 1D AS score");
        double batched = 0;
        double perRow = 0;
        double batchPredictor = 0;
        long answered = 0;
        for (int round = 0; round < 2; round++) {
            ScoringJob job = SparkScoring.builder(registry, "models:/fraud/1", onnx(true)).build().score(data)
                    .run(Dataset::count);
            batched = job.rowsPerSecond();
            answered = job.answered();
            perRow = SparkScoring.builder(registry, "models:/fraud/1", onnx(false)).build().score(data)
                    .run(Dataset::count).rowsPerSecond();
            batchPredictor = batchPredictor(n);
        }
        System.out.printf(Locale.ROOT, "scoring rows=%d answered=%d spark_chunks_rows_per_s=%.0f"
                + " spark_per_row_rows_per_s=%.0f batch_predictor_2_threads_rows_per_s=%.0f"
                + " ratio_chunks_vs_batch_predictor=%.2f ratio_chunks_vs_per_row=%.2f%n", n, answered, batched, perRow,
                batchPredictor, batched / batchPredictor, batched / perRow);
    }

    private static ExecutorModelLoader<OnnxPrediction> onnx(boolean chunks) {
        return bytes -> {
            ModelSignature signature = OnnxModels.inferSignature(bytes);
            OnnxPredictor<Map<String, ?>> onnx = OnnxPredictor.load(bytes, "fraud", signature, OnnxConfig.ofDefaults(),
                    FeatureExtractor.maps());
            return chunks ? new ScoringModel<>(onnx, onnx::predictBatch, OnnxModels.outputs(signature))
                    : new ScoringModel<>(onnx, OnnxModels.outputs(signature));
        };
    }

    /** BatchPredictor over the same rows, generated as they are read; rows per second. */
    private static double batchPredictor(long n) {
        ModelSignature signature = OnnxModels.inferSignature(FRAUD);
        try (OnnxPredictor<Map<String, ?>> onnx = OnnxPredictor.load(FRAUD, signature, OnnxConfig.ofDefaults())) {
            BatchPredictor<Map<String, ?>, OnnxPrediction> batch = BatchPredictor.of(onnx,
                    BatchConfig.ofDefaults().withParallelism(2).withChunkSize(256));
            AtomicLong answered = new AtomicLong();
            long t0 = System.nanoTime();
            batch.predict(rows(n), r -> {
                if (r.succeeded()) {
                    answered.incrementAndGet();
                }
            });
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (answered.get() != n) {
                throw new IllegalStateException("BatchPredictor answered " + answered.get() + " of " + n + " rows");
            }
            return n / seconds;
        }
    }

    private static Iterator<Map<String, ?>> rows(long n) {
        return new Iterator<>() {
            private long id;

            @Override
            public boolean hasNext() {
                return id < n;
            }

            @Override
            public Map<String, ?> next() {
                if (id >= n) {
                    throw new NoSuchElementException();
                }
                Map<String, Object> row = new HashMap<>();
                row.put("amount", Math.floorMod(id * 2654435761L, 400003L) / 1000.0);
                row.put("hour", (double) Math.floorMod(id * 69069L, 24L));
                row.put("velocity", Math.floorMod(id * 40503L, 9001L) / 1000.0);
                row.put("age", (double) (18 + Math.floorMod(id * 31L, 60L)));
                row.put("score", Math.floorMod(id * 7919L, 2001L) / 1000.0 - 1.0);
                id++;
                return row;
            }
        };
    }
}
