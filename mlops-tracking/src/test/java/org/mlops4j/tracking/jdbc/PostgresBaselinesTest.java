package org.mlops4j.tracking.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ManualClock;
import org.mlops4j.tracking.RunBaselinesTest;

/** Baselines on PostgreSQL (skipped unless {@value PostgresTestDatabase#ENV} is set). */
class PostgresBaselinesTest {

    @TempDir
    Path dir;

    @Test
    void baselinesRoundTripThroughPostgres() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
            JdbcStore store = JdbcStore.open(db.dataSource(), "test schema " + db.schema());
            RunBaselinesTest.recordsReadsAndCompares(new JdbcTracker(store, dir.resolve("artifacts"),
                    ManualClock.startingAtEpoch2024()));
        }
    }
}
