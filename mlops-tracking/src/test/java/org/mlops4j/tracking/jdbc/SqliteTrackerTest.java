package org.mlops4j.tracking.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.tracking.Tracker;
import org.mlops4j.tracking.TrackerContract;

class SqliteTrackerTest extends TrackerContract {

    private final OpenedStores stores = new OpenedStores();

    @AfterEach
    void closeStores() {
        stores.close();
    }

    private JdbcStore store;

    @Override
    protected Tracker createTracker(ManualClock clock, Path dir) {
        store = stores.sqlite(dir.resolve("mlops.db"));
        return new JdbcTracker(store, dir.resolve("artifacts"), clock);
    }

    /** The registry on the tracker's database, as {@code Mlops.local} wires them. */
    @Override
    protected ModelRegistry createRegistry(ManualClock clock, Path dir) {
        return new JdbcModelRegistry(store, dir, clock);
    }

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
