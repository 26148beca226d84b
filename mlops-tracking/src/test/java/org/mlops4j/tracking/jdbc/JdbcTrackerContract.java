package org.mlops4j.tracking.jdbc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlops4j.tracking.TrackerContract;

/**
 * The tracker contract, plus what the SQL trackers keep themselves and an in-memory or MLflow
 * tracker does not: the latest value of each key, under concurrent writers and by the supersedes
 * rule whichever statements wrote it (on SQLite a single metric's trigger, else the batch path).
 */
abstract class JdbcTrackerContract extends TrackerContract {

    @Test
    void theLatestValueOfOneKeyLoggedByManyWritersIsTheHighestStepsValue() throws Exception {
        ConcurrentLatestValues.check(tracker());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void theLatestValueOfEachKeyFollowsTheSupersedesRuleWhetherWrittenAloneOrInBatches(long seed) {
        LatestValueRule.check(tracker(), seed, 300);
    }
}
