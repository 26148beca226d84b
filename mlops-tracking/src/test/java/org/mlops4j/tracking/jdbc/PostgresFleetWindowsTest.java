package org.mlops4j.tracking.jdbc;

import org.junit.jupiter.api.AfterEach;
import org.mlops4j.core.fleet.FleetWindows;
import org.mlops4j.core.fleet.FleetWindowsContract;

/** The fleet windows contract on PostgreSQL (skipped unless {@value PostgresTestDatabase#ENV} is set). */
class PostgresFleetWindowsTest extends FleetWindowsContract {

    private PostgresTestDatabase db;

    @Override
    protected FleetWindows create() {
        try {
            db = PostgresTestDatabase.create();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("creating the test schema failed", e);
        }
        return new JdbcFleetWindows(JdbcStore.open(db.dataSource(), "test schema " + db.schema()));
    }

    @AfterEach
    void dropSchema() throws Exception {
        if (db != null) {
            db.close();
        }
    }
}
