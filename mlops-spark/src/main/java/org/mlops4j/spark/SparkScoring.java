package org.mlops4j.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.mlops4j.core.registry.ModelLoader;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.core.registry.VerifiedArtifact;
import org.mlops4j.tracking.Tracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batch scoring of a {@code Dataset<Row>} with a registered model.
 *
 * <pre>{@code
 * ScoredRows scored = SparkScoring.builder(registry, "models:/fraud@champion", loader).build().score(rows);
 * scored.rows().write().parquet("s3://bucket/scores/2026-12-05");   // one action
 * long failed = scored.failed();                                     // after the action
 * }</pre>
 *
 * <p>{@link #score} resolves the URI once, on the driver ({@link ModelRegistry#require}), reads the
 * version's bytes through the registry (checked against its SHA-256) and broadcasts them with the
 * version number: the registry is never serialized. On the executors each partition loads the
 * model once through the {@link ExecutorModelLoader} and answers its rows in chunks of
 * {@link Builder#chunkSize} rows, one {@link ChunkPredictor} call per chunk, each row's columns
 * given as a feature map (column name to value). The answer goes to new columns
 * ({@link ScoreColumns}); a row the model refuses or fails on gets the error column set and no
 * prediction, and the job goes on. Rows, failures and batch calls are counted in Spark
 * accumulators; {@link ScoredRows#run} runs an action as a job, with progress and a tracking run.
 *
 * <p>Immutable and thread-safe; a scoring resolves its URI again on every call to {@link #score},
 * so that a moved alias is picked up by the next job.
 *
 * @param <O> the model's answer type
 */
public final class SparkScoring<O> {

    /** The rows per batch call when {@link Builder#chunkSize} is not set. */
    public static final int DEFAULT_CHUNK_SIZE = 256;
    /** The most rows per batch call. */
    public static final int MAX_CHUNK_SIZE = 65_536;

    private static final Logger LOG = LoggerFactory.getLogger(SparkScoring.class);

    private final ModelRegistry registry;
    private final String uri;
    private final ExecutorModelLoader<O> loader;
    private final ScoreColumns columns;
    private final int chunkSize;
    private final ScoringTracking tracking;

    private SparkScoring(Builder<O> builder) {
        this.registry = builder.registry;
        this.uri = builder.uri;
        this.loader = builder.loader;
        this.columns = builder.columns;
        this.chunkSize = builder.chunkSize;
        this.tracking = new ScoringTracking(builder.tracker, builder.experiment,
                builder.progress);
    }

    /**
     * Starts a scoring.
     *
     * @param registry the registry, used on the driver only
     * @param uri the model URI, for example {@code models:/fraud@champion}
     * @param loader loads the model from its bytes on the executors
     * @param <O> the model's answer type
     * @return the builder
     */
    public static <O> Builder<O> builder(ModelRegistry registry, String uri, ExecutorModelLoader<O> loader) {
        return new Builder<>(registry, uri, loader);
    }

    /**
     * Scores a data set. The result is lazy, as Spark's are: nothing runs until an action on
     * {@link ScoredRows#rows()}; the model is resolved and read now, on the driver.
     *
     * @param input the rows; every column is a feature by its name
     * @return the rows with the score columns added, and the counters
     * @throws org.mlops4j.core.ModelNotFoundException if no version matches the URI
     * @throws org.mlops4j.core.ArtifactIntegrityException if the version's bytes changed
     * @throws IllegalArgumentException if the input already has a score column's name
     * @throws IllegalStateException if the version has no artifact, or it cannot be read
     */
    public ScoredRows score(Dataset<Row> input) {
        Objects.requireNonNull(input, "input");
        StructType schema = columns.appendTo(input.schema());
        ModelVersion version = registry.require(uri);
        byte[] bytes = read(version);
        String sha256 = version.artifactSha256().orElse("unknown");
        LOG.info("scoring with {} ({} bytes, sha256 {}) resolved from {}", version.uri(), bytes.length, sha256, uri);

        SparkSession spark = input.sparkSession();
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        ShippedModel model = new ShippedModel(version.uri(), version.version(), sha256, bytes);
        Broadcast<ShippedModel> shipped = context.broadcast(model);
        SparkContext sc = spark.sparkContext();
        ScoringCounters counters = new ScoringCounters(sc.longAccumulator("mlops4j rows scored by " + version.uri()),
                sc.longAccumulator("mlops4j rows failed by " + version.uri()),
                sc.longAccumulator("mlops4j batches scored by " + version.uri()));
        JavaRDD<Row> rows = input.javaRDD().mapPartitions(
                new PartitionScorer<>(shipped, loader, input.schema().fieldNames(), chunkSize, counters));
        return new ScoredRows(spark.createDataFrame(rows, schema), model, uri, version.name(), chunkSize, counters,
                tracking);
    }

    /** The version's bytes, read by the registry and checked against its SHA-256. */
    private byte[] read(ModelVersion version) {
        version.requireLoadableArtifact();
        return registry.load(version, new ModelLoader<byte[]>() {
            @Override
            public byte[] load(Path artifact) throws IOException {
                return Files.readAllBytes(artifact);
            }

            @Override
            public byte[] load(VerifiedArtifact artifact) {
                return artifact.toByteArray();
            }
        });
    }

    /**
     * Builds a {@link SparkScoring}.
     *
     * @param <O> the model's answer type
     */
    public static final class Builder<O> {

        private final ModelRegistry registry;
        private final String uri;
        private final ExecutorModelLoader<O> loader;
        private ScoreColumns columns = ScoreColumns.ofDefaults();
        private int chunkSize = DEFAULT_CHUNK_SIZE;
        private Optional<Tracker> tracker = Optional.empty();
        private String experiment = "";
        private ScoringProgress progress = ScoringProgress.none();

        private Builder(ModelRegistry registry, String uri, ExecutorModelLoader<O> loader) {
            this.registry = Objects.requireNonNull(registry, "registry");
            this.uri = Objects.requireNonNull(uri, "uri");
            this.loader = Objects.requireNonNull(loader, "loader");
            if (!uri.startsWith("models:/")) {
                throw new IllegalArgumentException("uri must be a model URI (models:/name@alias or models:/name/version)"
                        + " but was " + uri);
            }
        }

        /**
         * Sets the names of the columns scoring adds.
         *
         * @param value the names; {@link ScoreColumns#ofDefaults()} when not set
         * @return this builder
         */
        public Builder<O> columns(ScoreColumns value) {
            this.columns = Objects.requireNonNull(value, "columns");
            return this;
        }

        /**
         * Sets how many rows of a partition go to the model in one batch call.
         *
         * @param value rows per call, in [1, {@value SparkScoring#MAX_CHUNK_SIZE}]; {@value SparkScoring#DEFAULT_CHUNK_SIZE}
         *     when not set
         * @return this builder
         * @throws IllegalArgumentException if the value is out of range
         */
        public Builder<O> chunkSize(int value) {
            if (value < 1 || value > MAX_CHUNK_SIZE) {
                throw new IllegalArgumentException("chunkSize must be in [1, " + MAX_CHUNK_SIZE + "] but was " + value);
            }
            this.chunkSize = value;
            return this;
        }

        /**
         * Records each job ({@link ScoredRows#run}) as a run in an experiment.
         *
         * @param value the tracker, used on the driver only
         * @param experimentName the experiment, created by the tracker if absent
         * @return this builder
         * @throws IllegalArgumentException if the experiment name is blank
         */
        public Builder<O> tracker(Tracker value, String experimentName) {
            Objects.requireNonNull(value, "tracker");
            Objects.requireNonNull(experimentName, "experimentName");
            if (experimentName.isBlank()) {
                throw new IllegalArgumentException("experimentName must not be blank but was '" + experimentName + "'");
            }
            // A collaborator the scoring uses, not state it copies.
            this.tracker = Optional.of(value);
            this.experiment = experimentName;
            return this;
        }

        /**
         * Sets who hears a job's progress ({@link ScoredRows#run}).
         *
         * @param value the listener; {@link ScoringProgress#none()} when not set
         * @return this builder
         */
        public Builder<O> progress(ScoringProgress value) {
            this.progress = Objects.requireNonNull(value, "progress");
            return this;
        }

        /** @return the scoring */
        public SparkScoring<O> build() {
            return new SparkScoring<>(this);
        }
    }
}
