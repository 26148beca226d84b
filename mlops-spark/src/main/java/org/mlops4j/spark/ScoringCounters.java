package org.mlops4j.spark;

import java.io.Serializable;
import org.apache.spark.util.LongAccumulator;

/**
 * The accumulators one scoring's partitions add to: rows answered or failed, rows failed, and
 * batch calls made.
 *
 * @param scored rows answered or failed
 * @param failed rows that got an error
 * @param batches chunks answered
 */
record ScoringCounters(LongAccumulator scored, LongAccumulator failed, LongAccumulator batches)
        implements Serializable {
}
