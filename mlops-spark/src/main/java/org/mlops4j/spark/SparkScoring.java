package org.mlops4j.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.mlops4j.core.registry.ModelLoader;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.core.registry.VerifiedArtifact;
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
 * model once through the {@link ExecutorModelLoader} and answers its rows one by one, each row's
 * columns given to the predictor as a feature map (column name to value). The answer goes to new
 * columns ({@link ScoreColumns}); a row the model refuses or fails on gets the error column set
 * and no prediction, and the job goes on. Rows and failures are counted in Spark accumulators.
 *
 * <p>Immutable and thread-safe; a scoring resolves its URI again on every call to {@link #score},
 * so that a moved alias is picked up by the next job.
 *
 * @param <O> the model's answer type
 */
public final class SparkScoring<O> {

    private static final Logger LOG = LoggerFactory.getLogger(SparkScoring.class);

    private final ModelRegistry registry;
    private final String uri;
    private final ExecutorModelLoader<O> loader;
    private final ScoreColumns columns;

    private SparkScoring(Builder<O> builder) {
        this.registry = builder.registry;
        this.uri = builder.uri;
        this.loader = builder.loader;
        this.columns = builder.columns;
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
        Broadcast<ShippedModel> shipped = context.broadcast(new ShippedModel(version.uri(), version.version(),
                sha256, bytes));
        LongAccumulator scored = spark.sparkContext().longAccumulator("mlops4j rows scored by " + version.uri());
        LongAccumulator failed = spark.sparkContext().longAccumulator("mlops4j rows failed by " + version.uri());
        JavaRDD<Row> rows = input.javaRDD().mapPartitions(
                new PartitionScorer<>(shipped, loader, input.schema().fieldNames(), scored, failed));
        return new ScoredRows(spark.createDataFrame(rows, schema), version.name(), version.version(), scored, failed);
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

        /** @return the scoring */
        public SparkScoring<O> build() {
            return new SparkScoring<>(this);
        }
    }
}
