package org.mlops4j.tracking.jdbc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQLite stores a test opened, closed after it: a store dropped without {@code close()} holds
 * its write connection until its cleaner runs, and logs a WARN when it does.
 */
final class OpenedStores implements AutoCloseable {

    private final List<JdbcStore> stores = new ArrayList<>();

    /** Opens a store in a file and keeps it to be closed. */
    JdbcStore sqlite(Path file) {
        return keep(JdbcStore.sqlite(file));
    }

    /** Opens a store in a file with these options and keeps it to be closed. */
    JdbcStore sqlite(Path file, SqliteStoreConfig options) {
        return keep(JdbcStore.sqlite(file, options));
    }

    /** Keeps a store opened otherwise (on a data source, say) to be closed. */
    JdbcStore keep(JdbcStore store) {
        stores.add(store);
        return store;
    }

    @Override
    public void close() {
        for (JdbcStore store : stores) {
            store.close();
        }
        stores.clear();
    }
}
