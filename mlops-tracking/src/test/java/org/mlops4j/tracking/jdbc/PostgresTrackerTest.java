package org.mlops4j.tracking.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.tracking.Tracker;

/** The tracker contract on PostgreSQL (skipped unless {@value PostgresTestDatabase#ENV} is set). */
class PostgresTrackerTest extends JdbcTrackerContract {

    private PostgresTestDatabase db;
    private JdbcStore store;

    @Override
    protected Tracker createTracker(ManualClock clock, Path dir) throws Exception {
        db = PostgresTestDatabase.create();
        store = JdbcStore.open(db.dataSource(), "test schema " + db.schema());
        return new JdbcTracker(store, dir.resolve("artifacts"), clock);
    }

    /** The registry on the tracker's database. */
    @Override
    protected ModelRegistry createRegistry(ManualClock clock, Path dir) {
        return new JdbcModelRegistry(store, dir, clock);
    }

    @AfterEach
    void dropSchema() throws Exception {
        if (db != null) {
            db.close();
        }
    }
}
