package org.mlops4j.tracking.jdbc;

import org.junit.jupiter.api.AfterEach;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.review.ReviewStore;
import org.mlops4j.core.review.ReviewStoreContract;

/** The review store contract on PostgreSQL (skipped unless {@value PostgresTestDatabase#ENV} is set). */
class PostgresReviewStoreTest extends ReviewStoreContract {

    private PostgresTestDatabase db;

    @Override
    protected ReviewStore create(ManualClock clock) {
        try {
            db = PostgresTestDatabase.create();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("creating the test schema failed", e);
        }
        return new JdbcReviewStore(JdbcStore.open(db.dataSource(), "test schema " + db.schema()), clock);
    }

    @AfterEach
    void dropSchema() throws Exception {
        if (db != null) {
            db.close();
        }
    }
}
