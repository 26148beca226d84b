package org.mlops4j.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;

/**
 * The result of {@link SparkScoring#score}: the scored rows, the version that scores them, and
 * counters of rows scored and failed. The counters are Spark accumulators updated as partitions
 * run, so they are read after an action; an action that computes the rows again (no cache) counts
 * them again, so cache the rows or run one action before reading them.
 */
public final class ScoredRows {

    private final Dataset<Row> rows;
    private final String modelName;
    private final int modelVersion;
    private final LongAccumulator scored;
    private final LongAccumulator failed;

    ScoredRows(Dataset<Row> rows, String modelName, int modelVersion, LongAccumulator scored,
            LongAccumulator failed) {
        this.rows = rows;
        this.modelName = modelName;
        this.modelVersion = modelVersion;
        this.scored = scored;
        this.failed = failed;
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

    /** @return the registered model's name */
    public String modelName() {
        return modelName;
    }

    /** @return the version the URI resolved to, the one every row was scored with */
    public int modelVersion() {
        return modelVersion;
    }

    /** @return the rows scored so far (answered or failed), over the actions run */
    public long scored() {
        return scored.value();
    }

    /** @return the rows that got an error instead of an answer so far, over the actions run */
    public long failed() {
        return failed.value();
    }

    @Override
    public String toString() {
        return "ScoredRows[models:/" + modelName + "/" + modelVersion + ", scored=" + scored() + ", failed="
                + failed() + "]";
    }
}
