package org.mlops4j.spark;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The result of {@link SparkScoring#score}: the scored rows, the version that scores them, and
 * counters of rows scored and failed. The counters are Spark accumulators updated as partitions
 * run, so they are read after an action; an action that computes the rows again (no cache) counts
 * them again, so cache the rows or run one action before reading them.
 *
 * <p>{@link #run} runs one action as a scoring job: it measures it, reports its progress and,
 * when the scoring has a tracker, records it as a run.
 */
public final class ScoredRows {

    private static final Logger LOG = LoggerFactory.getLogger(ScoredRows.class);

    private final Dataset<Row> rows;
    private final ShippedModel model;
    private final String requestedUri;
    private final String modelName;
    private final int chunkSize;
    private final ScoringCounters counters;
    private final ScoringTracking tracking;

    ScoredRows(Dataset<Row> rows, ShippedModel model, String requestedUri, String modelName, int chunkSize,
            ScoringCounters counters, ScoringTracking tracking) {
        this.rows = rows;
        this.model = model;
        this.requestedUri = requestedUri;
        this.modelName = modelName;
        this.chunkSize = chunkSize;
        this.counters = counters;
        this.tracking = tracking;
    }

    /**
     * The scored rows: each call gives a new {@code Dataset} over the same plan, and Spark caches by
     * plan, so {@code rows().cache()} holds for every later {@code rows()}.
     *
     * @return the input's rows with the score columns added, lazy as any Spark data set
     */
    public Dataset<Row> rows() {
        return rows.toDF();
    }

    /**
     * Runs one action on the scored rows as a scoring job, on the calling thread:
     * {@code scored.run(rows -> rows.write().parquet(out))}. While it runs, the scoring's
     * {@link ScoringProgress} hears the rows of each finished task; when it ends, it hears the
     * job's counts. With a tracker ({@link SparkScoring.Builder#tracker}) the job is a run: started
     * before the action with the params {@code model_uri} (as asked), {@code model_version_uri},
     * {@code model_version}, {@code model_sha256} and {@code chunk_size} and the tags
     * {@code spark.app_id}, {@code spark.app_name} and {@code spark.master}; ended FINISHED with
     * the metrics {@code rows}, {@code answered}, {@code failed}, {@code duration_ms} and
     * {@code rows_per_second}, or FAILED with the action's exception. A tracker that fails is
     * logged, and the job goes on untracked.
     *
     * <p>The counts are those of this action alone (the accumulators' growth while it ran), so an
     * action that computes the rows twice (an {@code orderBy} samples them first) counts them twice.
     *
     * @param action the action, for example a write or a {@code count()}
     * @return what the job did
     * @throws RuntimeException what the action threw, after the run is ended FAILED
     */
    public ScoringJob run(Consumer<Dataset<Row>> action) {
        Objects.requireNonNull(action, "action");
        SparkContext spark = rows.sparkSession().sparkContext();
        ScoringRun run = tracking.start(params(), tags(spark));
        JobProgress progress = new JobProgress(tracking.progress(), counters.scored(), counters.failed());
        spark.addSparkListener(progress);
        long start = System.nanoTime();
        try {
            action.accept(rows());
        } catch (RuntimeException | Error e) {
            spark.removeSparkListener(progress);
            run.fail(e);
            throw e;
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - start);
        spark.removeSparkListener(progress);
        progress.report(true);
        ScoringJob job = new ScoringJob(requestedUri, model.uri(), progress.rows(), progress.failed(), duration,
                run.id());
        run.finish(job);
        LOG.info("scored {} rows ({} failed) with {} in {} ms{}", job.rows(), job.failed(), model.uri(),
                duration.toMillis(), job.runId().map(id -> ", run " + id).orElse(""));
        return job;
    }

    private Map<String, Object> params() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("model_uri", requestedUri);
        params.put("model_version_uri", model.uri());
        params.put("model_version", model.version());
        params.put("model_sha256", model.sha256());
        params.put("chunk_size", chunkSize);
        return params;
    }

    private static Map<String, String> tags(SparkContext spark) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("spark.app_id", spark.applicationId());
        tags.put("spark.app_name", spark.appName());
        tags.put("spark.master", spark.master());
        return tags;
    }

    /** @return the registered model's name */
    public String modelName() {
        return modelName;
    }

    /** @return the version the URI resolved to, the one every row was scored with */
    public int modelVersion() {
        return model.version();
    }

    /** @return the rows scored so far (answered or failed), over the actions run */
    public long scored() {
        return counters.scored().value();
    }

    /** @return the rows that got an error instead of an answer so far, over the actions run */
    public long failed() {
        return counters.failed().value();
    }

    /** @return the batch calls made so far (one per chunk of rows), over the actions run */
    public long batches() {
        return counters.batches().value();
    }

    @Override
    public String toString() {
        return "ScoredRows[" + model.uri() + ", scored=" + scored() + ", failed=" + failed() + "]";
    }
}
