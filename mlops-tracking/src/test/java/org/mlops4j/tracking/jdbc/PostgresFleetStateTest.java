package org.mlops4j.tracking.jdbc;

import org.junit.jupiter.api.AfterEach;
import org.mlops4j.core.fleet.FleetState;
import org.mlops4j.core.fleet.FleetStateContract;

/** The fleet state contract on PostgreSQL (skipped unless {@value PostgresTestDatabase#ENV} is set). */
class PostgresFleetStateTest extends FleetStateContract {

    private PostgresTestDatabase db;

    @Override
    protected FleetState create() {
        try {
            db = PostgresTestDatabase.create();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("creating the test schema failed", e);
        }
        return new JdbcFleetState(JdbcStore.open(db.dataSource(), "test schema " + db.schema()));
    }

    @AfterEach
    void dropSchema() throws Exception {
        if (db != null) {
            db.close();
        }
    }
}
