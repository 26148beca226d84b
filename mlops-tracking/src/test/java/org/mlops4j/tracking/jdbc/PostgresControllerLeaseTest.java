package org.mlops4j.tracking.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.fleet.ControllerLease;
import org.mlops4j.core.fleet.ControllerLeaseContract;
import org.mlops4j.core.fleet.LeaseTerm;

/**
 * The lease contract on PostgreSQL (skipped unless {@value PostgresTestDatabase#ENV} is set), expiry
 * on the database server's clock.
 */
class PostgresControllerLeaseTest extends ControllerLeaseContract {

    private final List<PostgresTestDatabase> databases = new ArrayList<>();
    private final Map<ControllerLease, JdbcStore> stores = new IdentityHashMap<>();

    @Override
    protected ControllerLease create(String name) {
        PostgresTestDatabase db;
        try {
            db = PostgresTestDatabase.create();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("creating the test schema failed", e);
        }
        databases.add(db);
        JdbcStore store = JdbcStore.open(db.dataSource(), "test schema " + db.schema());
        JdbcControllerLease lease = new JdbcControllerLease(store, name);
        stores.put(lease, store);
        return lease;
    }

    @Override
    protected ControllerLease sibling(ControllerLease lease, String name) {
        return new JdbcControllerLease(stores.get(lease), name);
    }

    @Override
    protected void passTime(Duration amount) throws InterruptedException {
        Thread.sleep(amount.toMillis());
    }

    @AfterEach
    void dropSchemas() throws Exception {
        for (PostgresTestDatabase db : databases) {
            db.close();
        }
    }

    @Test
    void expiryIsJudgedOnTheServersClock() throws Exception {
        ControllerLease lease = create("rollout:clock");
        long before;
        try (Connection c = databases.get(0).dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)")) {
            rs.next();
            before = rs.getLong(1);
        }
        lease.acquire("r1", Duration.ofSeconds(30)).orElseThrow();
        LeaseTerm t = lease.term();
        // The tenure ends 30 s after the server's time of the grant, whatever this JVM's clock says.
        assertThat(t.expiresAt()).isBetween(before + 30_000, before + 30_000 + 5_000);
    }
}
