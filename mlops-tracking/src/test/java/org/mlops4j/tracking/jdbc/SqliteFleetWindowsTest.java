package org.mlops4j.tracking.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.fleet.FleetWindows;
import org.mlops4j.core.fleet.FleetWindowsContract;

/** The fleet windows contract on a SQLite file. */
class SqliteFleetWindowsTest extends FleetWindowsContract {

    private final OpenedStores stores = new OpenedStores();

    @org.junit.jupiter.api.AfterEach
    void closeStores() {
        stores.close();
    }

    @TempDir
    Path dir;

    @Override
    protected FleetWindows create() {
        return new JdbcFleetWindows(stores.sqlite(dir.resolve("fleet.db")));
    }
}
