package org.mlops4j.tracking.jdbc;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The shared-state scenarios on PostgreSQL (skipped unless {@value PostgresTestDatabase#ENV} is set).
 * The review queue moves 100 items rather than 1,000: the test's data source opens a connection per
 * transaction, which costs tens of milliseconds each.
 */
class PostgresFleetSharedStateTest extends FleetSharedStateScenarios {

    private PostgresTestDatabase db;

    @BeforeEach
    void createSchema() throws Exception {
        db = PostgresTestDatabase.create();
    }

    @Override
    protected JdbcStore openStore() {
        return JdbcStore.open(db.dataSource(), "test schema " + db.schema());
    }

    @Override
    protected int reviewItems() {
        return 100;
    }

    @AfterEach
    void dropSchema() throws Exception {
        if (db != null) {
            db.close();
        }
    }
}
