package org.mlops4j.tracking.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The shared-state scenarios with every replica on its own connection to one SQLite file. */
class SqliteFleetSharedStateTest extends FleetSharedStateScenarios {

    private final OpenedStores stores = new OpenedStores();

    @org.junit.jupiter.api.AfterEach
    void closeStores() {
        stores.close();
    }

    @TempDir
    Path dir;

    @Override
    protected JdbcStore openStore() {
        return stores.sqlite(dir.resolve("fleet.db"));
    }

    @Override
    protected int reviewItems() {
        return 1_000;
    }
}
