package org.mlops4j.tracking.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.fleet.FleetState;
import org.mlops4j.core.fleet.FleetStateContract;

/** The fleet state contract on a SQLite file. */
class SqliteFleetStateTest extends FleetStateContract {

    private final OpenedStores stores = new OpenedStores();

    @org.junit.jupiter.api.AfterEach
    void closeStores() {
        stores.close();
    }

    @TempDir
    Path dir;

    @Override
    protected FleetState create() {
        return new JdbcFleetState(stores.sqlite(dir.resolve("fleet.db")));
    }
}
