package org.mlops4j.tracking.jdbc;

import java.nio.file.Path;
import org.mlops4j.core.ManualClock;
import org.mlops4j.tracking.Tracker;
import org.mlops4j.tracking.TrackerContract;

class SqliteTrackerTest extends TrackerContract {

    @Override
    protected Tracker createTracker(ManualClock clock, Path dir) {
        return new JdbcTracker(JdbcStore.sqlite(dir.resolve("mlops.db")), dir.resolve("artifacts"), clock);
    }
}
