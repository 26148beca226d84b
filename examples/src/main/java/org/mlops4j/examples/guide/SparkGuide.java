package org.mlops4j.examples.guide;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.mlops4j.core.features.FeatureExtractor;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.core.schema.ModelSignature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.drift.DatasetDriftReport;
import org.mlops4j.monitoring.profile.DriftCheckConfig;
import org.mlops4j.monitoring.profile.ReferenceProfile;
import org.mlops4j.onnx.OnnxConfig;
import org.mlops4j.onnx.OnnxModels;
import org.mlops4j.onnx.OnnxPrediction;
import org.mlops4j.onnx.OnnxPredictor;
import org.mlops4j.spark.ExecutorModelLoader;
import org.mlops4j.spark.LabelCounts;
import org.mlops4j.spark.LabelledPredictions;
import org.mlops4j.spark.LoggedPredictions;
import org.mlops4j.spark.PredictionLogs;
import org.mlops4j.spark.ScoredRows;
import org.mlops4j.spark.ScoringJob;
import org.mlops4j.spark.ScoringModel;
import org.mlops4j.spark.SparkDrift;
import org.mlops4j.spark.SparkProfiles;
import org.mlops4j.spark.SparkScoring;
import org.mlops4j.spark.UnlabelledRows;
import org.mlops4j.tracking.Tracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The code blocks of {@code docs/spark.md}. The examples compile them against Spark's API (Spark is
 * the application's, {@code provided}); mlops-spark's own tests ({@code SparkScoringTest},
 * {@code ScoringJobTest}, {@code SparkProfilesTest}, {@code SparkDriftTest},
 * {@code PredictionLogsTest}) run the same calls in {@code local[2]}.
 */
public final class SparkGuide {

    private static final Logger LOG = LoggerFactory.getLogger(SparkGuide.class);

    private SparkGuide() {
    }

    /**
     * Scores a data set with the champion, one row at a time, and writes it as Parquet.
     *
     * @param registry the registry holding {@code models:/fraud@champion}
     * @param transactions the rows, one column per feature
     * @param out where the scored rows go
     * @return the scored rows, after the write
     */
    public static ScoredRows score(ModelRegistry registry, Dataset<Row> transactions, String out) {
        // tag::spark-score[]
        ExecutorModelLoader<OnnxPrediction> loader = bytes -> {
            ModelSignature signature = OnnxModels.inferSignature(bytes);
            return new ScoringModel<>(OnnxPredictor.load(bytes, "fraud", signature, OnnxConfig.ofDefaults(),
                    FeatureExtractor.maps()), OnnxModels.outputs(signature));
        };
        ScoredRows scored = SparkScoring.builder(registry, "models:/fraud@champion", loader)
                .build()
                .score(transactions);                    // Dataset<Row>: amount, hour, velocity, age, score
        scored.rows().write().parquet(out);             // one action
        LOG.info("{} rows, {} failed, version {}", scored.scored(), scored.failed(), scored.modelVersion());
        // end::spark-score[]
        return scored;
    }

    /**
     * A loader whose model answers chunks of rows in one ONNX Runtime call.
     *
     * @param registry the registry holding {@code models:/fraud@champion}
     * @return a scoring job in chunks of 512
     */
    public static SparkScoring<OnnxPrediction> inBatches(ModelRegistry registry) {
        // tag::spark-batches[]
        ExecutorModelLoader<OnnxPrediction> loader = bytes -> {
            ModelSignature signature = OnnxModels.inferSignature(bytes);
            OnnxPredictor<Map<String, ?>> onnx = OnnxPredictor.load(bytes, "fraud", signature,
                    OnnxConfig.ofDefaults(), FeatureExtractor.maps());
            return new ScoringModel<>(onnx, onnx::predictBatch, OnnxModels.outputs(signature));
        };
        SparkScoring<OnnxPrediction> scoring = SparkScoring.builder(registry, "models:/fraud@champion", loader)
                .chunkSize(512)
                .build();
        // end::spark-batches[]
        return scoring;
    }

    /**
     * Scores as a tracked run, with progress in the log.
     *
     * @param registry the registry holding {@code models:/fraud@champion}
     * @param loader the executors' loader
     * @param tracker where the run goes
     * @param transactions the rows
     * @param out where the scored rows go
     * @return the job
     */
    public static ScoringJob scoreAsRun(ModelRegistry registry, ExecutorModelLoader<OnnxPrediction> loader,
                                        Tracker tracker, Dataset<Row> transactions, String out) {
        // tag::spark-run[]
        ScoredRows scored = SparkScoring.builder(registry, "models:/fraud@champion", loader)
                .tracker(tracker, "nightly-fraud-scoring")        // any Tracker: SQLite, PostgreSQL, MLflow
                .progress((rows, failed) -> LOG.info("{} rows scored, {} failed", rows, failed))
                .build()
                .score(transactions);
        ScoringJob job = scored.run(rows -> rows.write().parquet(out));
        // end::spark-run[]
        return job;
    }

    /**
     * Builds the reference profile of a training set on the cluster and saves the JSON a service loads.
     *
     * @param training the training rows
     * @param schema the features
     * @param dir where {@code fraud-reference.json} goes
     * @return the profile
     * @throws IOException if the file cannot be written
     */
    public static ReferenceProfile profile(Dataset<Row> training, Schema schema, Path dir) throws IOException {
        // tag::spark-profile[]
        ReferenceProfile reference = SparkProfiles.reference(training, schema);
        Files.writeString(dir.resolve("fraud-reference.json"), reference.toJson());
        // in the service: Baseline.of(ReferenceProfile.fromJson(json))
        // end::spark-profile[]
        return reference;
    }

    /**
     * Compares a day of logged rows with the training set.
     *
     * @param schema the features
     * @param training the reference rows
     * @param today the current rows
     * @return the report
     */
    public static DatasetDriftReport drift(Schema schema, Dataset<Row> training, Dataset<Row> today) {
        // tag::spark-drift[]
        DatasetDriftReport report = SparkDrift.builder(schema)       // each feature is a column by its name
                .config(DriftCheckConfig.ofDefaults())                // correction, share, minimum size, tests
                .exactCutoff(100_000)                                 // rows per frame for the exact path
                .quantileK(200)                                       // KLL sketches above the cutoff
                .build()
                .detect(training, today);
        LOG.info("{}: drifted {}", report.verdict(), report.driftedFeatures());  // as the detector's report
        // end::spark-drift[]
        return report;
    }

    /**
     * Reads the services' prediction log, joins the late labels and writes the training rows.
     *
     * @param spark the session
     * @param schema the features the log's inputs hold
     * @param labels {@code prediction_id}, {@code label}, {@code label_time}
     * @param out where the training rows go
     * @return what was joined
     */
    public static LabelCounts labelledData(SparkSession spark, Schema schema, Dataset<Row> labels, String out) {
        // tag::spark-log[]
        LoggedPredictions logged = PredictionLogs.read(spark, schema, "/logs/fraud/");
        logged.lines().cache();                                    // read once for the counts and the join
        long bad = logged.malformedCount();                        // logged at WARN with examples when > 0
        LabelledPredictions data = PredictionLogs.labelled(logged, labels, UnlabelledRows.EXCLUDE);
        data.trainingRows().write().parquet(out);                  // prediction_id, timestamp, features..., label
        LabelCounts counts = data.counts();                        // what was joined, and what was left out
        // end::spark-log[]
        LOG.info("{} malformed lines", bad);
        return counts;
    }
}
