package org.mlops4j.tracking.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.mlops4j.core.ManualClock;
import org.mlops4j.tracking.Tracker;
import org.mlops4j.tracking.TrackerContract;

/** The tracker contract on PostgreSQL (skipped unless {@value PostgresTestDatabase#ENV} is set). */
class PostgresTrackerTest extends TrackerContract {

    private PostgresTestDatabase db;

    @Override
    protected Tracker createTracker(ManualClock clock, Path dir) throws Exception {
        db = PostgresTestDatabase.create();
        return new JdbcTracker(JdbcStore.open(db.dataSource(), "test schema " + db.schema()),
                dir.resolve("artifacts"), clock);
    }

    @AfterEach
    void dropSchema() throws Exception {
        if (db != null) {
            db.close();
        }
    }
}
