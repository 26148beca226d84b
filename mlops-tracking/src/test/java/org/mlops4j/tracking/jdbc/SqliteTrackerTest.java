package org.mlops4j.tracking.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.tracking.Tracker;

class SqliteTrackerTest extends JdbcTrackerContract {

    private final OpenedStores stores = new OpenedStores();

    @AfterEach
    void closeStores() {
        stores.close();
    }

    private JdbcStore store;

    @Override
    protected Tracker createTracker(ManualClock clock, Path dir) {
        store = stores.sqlite(dir.resolve("mlops.db"));
        return new JdbcTracker(store, dir.resolve("artifacts"), clock);
    }

    /** The registry on the tracker's database, as {@code Mlops.local} wires them. */
    @Override
    protected ModelRegistry createRegistry(ManualClock clock, Path dir) {
        return new JdbcModelRegistry(store, dir, clock);
    }
}
