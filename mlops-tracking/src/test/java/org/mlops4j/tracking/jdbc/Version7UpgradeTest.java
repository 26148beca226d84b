package org.mlops4j.tracking.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.fleet.FleetState;
import org.mlops4j.core.review.Admission;
import org.mlops4j.core.review.NewReview;
import org.mlops4j.core.review.ReviewDecision;
import org.mlops4j.core.review.ReviewStatus;
import org.mlops4j.core.review.ReviewStore;

/**
 * A store of schema version 7 (the fleet's shared state) opens with this code, on SQLite and on
 * PostgreSQL (skipped unless {@value PostgresTestDatabase#ENV} is set), gains the review table
 * (version 8) in place, and keeps its shared state.
 */
class Version7UpgradeTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    @TempDir
    Path dir;

    private final OpenedStores stores = new OpenedStores();

    @AfterEach
    void closeStores() {
        stores.close();
    }

    @Test
    void anSqliteStoreOfSchemaVersion7GainsTheReviewTable() throws Exception {
        Path file = dir.resolve("mlops.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            writeVersion7(c, SqlDialect.SQLITE);
        }
        checkUpgraded(stores.sqlite(file));
    }

    @Test
    void aPostgresStoreOfSchemaVersion7GainsTheReviewTable() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
            try (Connection c = db.dataSource().getConnection()) {
                writeVersion7(c, SqlDialect.POSTGRESQL);
            }
            checkUpgraded(JdbcStore.open(db.dataSource(), "test schema " + db.schema()));
        }
    }

    private static void writeVersion7(Connection c, SqlDialect dialect) throws Exception {
        try (Statement s = c.createStatement()) {
            OldSchemas.migrateTo(s, dialect, 7);
            s.execute("INSERT INTO fleet_registers VALUES ('bg/ep', 'blue', 1)");
            s.execute("INSERT INTO fleet_queue (queue, item_key, payload) VALUES ('review/ep', 'p0', 'old item')");
        }
    }

    private static void checkUpgraded(JdbcStore store) {
        assertThat(store.schemaVersion()).isEqualTo(JdbcSchema.CURRENT_VERSION).isGreaterThanOrEqualTo(8);
        FleetState state = new JdbcFleetState(store);
        assertThat(state.read("bg/ep").orElseThrow().value()).isEqualTo("blue");
        assertThat(state.take("review/ep").orElseThrow().payload()).isEqualTo("old item");
        ManualClock clock = new ManualClock(T0);
        ReviewStore reviews = new JdbcReviewStore(store, clock);
        NewReview item = new NewReview("p1", "in", "out", 0.3, "churn/2", T0, 1, T0.plus(Duration.ofHours(1)));
        assertThat(reviews.add("churn", item, 5)).isEqualTo(Admission.ADDED);
        long token = reviews.claimNext("churn", "ann", Duration.ofMinutes(5)).orElseThrow().token();
        assertThat(reviews.resolve("churn", "p1", new ReviewDecision("out", "ann", Optional.empty(), true),
                OptionalLong.of(token)).status()).isEqualTo(ReviewStatus.RESOLVED);
        assertThat(reviews.figures("churn").agreementRate()).isEqualTo(1.0);
    }
}
