package org.mlops4j.tracking.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.fleet.ControllerLease;
import org.mlops4j.core.fleet.ControllerLeaseContract;
import org.mlops4j.core.fleet.LeaseTerm;

/** The lease contract on a SQLite file, expiry on the host's clock as SQLite reads it. */
class SqliteControllerLeaseTest extends ControllerLeaseContract {

    private final OpenedStores opened = new OpenedStores();

    @org.junit.jupiter.api.AfterEach
    void closeStores() {
        opened.close();
    }

    @TempDir
    Path dir;

    private final Map<ControllerLease, JdbcStore> stores = new IdentityHashMap<>();

    @Override
    protected ControllerLease create(String name) {
        JdbcStore store = opened.sqlite(dir.resolve("leases.db"));
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

    @Test
    void aSecondProcessOpeningTheSameFileSeesTheSameTenure() {
        ControllerLease a = create("rollout:shared");
        ControllerLease b = new JdbcControllerLease(opened.sqlite(dir.resolve("leases.db")), "rollout:shared");
        long epoch = a.acquire("r1", Duration.ofMinutes(1)).orElseThrow().epoch();
        assertThat(b.acquire("r2", Duration.ofMinutes(1))).isEmpty();
        assertThat(b.holder()).get().extracting(LeaseTerm::holder, LeaseTerm::epoch).containsExactly("r1", epoch);
        assertThat(b.toString()).contains("rollout:shared").contains("leases.db");
    }
}
