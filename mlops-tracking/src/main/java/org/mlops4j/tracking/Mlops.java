package org.mlops4j.tracking;

import java.nio.file.Path;
import java.util.Objects;
import javax.sql.DataSource;
import org.mlops4j.core.Clock;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.tracking.jdbc.JdbcModelRegistry;
import org.mlops4j.tracking.jdbc.JdbcStore;
import org.mlops4j.tracking.jdbc.JdbcTracker;
import org.mlops4j.tracking.jdbc.SqliteStoreConfig;

/**
 * The entry point to a persistent tracker and model registry sharing one store.
 *
 * <pre>{@code
 * try (Mlops mlops = Mlops.local(Path.of("mlops"))) {   // mlops/mlops.db + mlops/artifacts/
 *     Tracker tracker = mlops.tracker();
 *     ModelRegistry registry = mlops.registry();
 * }
 * }</pre>
 *
 * <p>{@link #local(Path)} needs no configuration: an embedded SQLite database and an artifact
 * directory under one folder. {@link #jdbc(DataSource, String, Path, Clock)} points the same code at
 * a shared database (PostgreSQL) for teams. Thread-safe.
 */
public final class Mlops implements AutoCloseable {

    /** The database file name inside a local directory. */
    public static final String DATABASE_FILE = "mlops.db";
    /** The artifact directory name inside a local directory. */
    public static final String ARTIFACTS_DIR = "artifacts";

    private final JdbcStore store;
    private final JdbcTracker tracker;
    private final JdbcModelRegistry registry;
    private final Path artifacts;

    private Mlops(JdbcStore store, Path artifacts, Clock clock) {
        this.store = store;
        this.artifacts = artifacts;
        this.tracker = new JdbcTracker(store, artifacts.resolve("runs"), clock);
        this.registry = new JdbcModelRegistry(store, artifacts, clock);
    }

    /**
     * Opens (creating if needed) a local store: {@code <dir>/mlops.db} (SQLite, WAL) and
     * {@code <dir>/artifacts/}.
     *
     * @param dir the directory
     * @return the store
     * @throws org.mlops4j.core.StoreException if the database is foreign, corrupted, newer, or
     *     locked by another process beyond the 30 s busy timeout
     */
    public static Mlops local(Path dir) {
        return local(dir, Clock.system());
    }

    /**
     * Opens a local store with a given clock (for tests and simulations).
     *
     * @param dir the directory
     * @param clock the clock
     * @return the store
     */
    public static Mlops local(Path dir, Clock clock) {
        return local(dir, clock, SqliteStoreConfig.ofDefaults());
    }

    /**
     * Opens a local store with a given clock and SQLite options (busy timeout, {@code quick_check}
     * on open).
     *
     * @param dir the directory
     * @param clock the clock
     * @param options how the SQLite database is opened
     * @return the store
     * @throws org.mlops4j.core.StoreException if the database is foreign, corrupted, newer, or
     *     locked by another process beyond the busy timeout
     */
    public static Mlops local(Path dir, Clock clock, SqliteStoreConfig options) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(options, "options");
        Path root = dir.toAbsolutePath();
        return new Mlops(JdbcStore.sqlite(root.resolve(DATABASE_FILE), options), root.resolve(ARTIFACTS_DIR), clock);
    }

    /**
     * Opens a store on a shared database.
     *
     * @param dataSource the database, usually a connection pool
     * @param description where it is, for messages (no credentials)
     * @param artifactDir where artifacts go (a shared file system for several machines)
     * @param clock the clock
     * @return the store
     */
    public static Mlops jdbc(DataSource dataSource, String description, Path artifactDir, Clock clock) {
        Objects.requireNonNull(artifactDir, "artifactDir");
        Objects.requireNonNull(clock, "clock");
        return new Mlops(JdbcStore.open(dataSource, description), artifactDir.toAbsolutePath(), clock);
    }

    /** @return the experiment tracker */
    public Tracker tracker() {
        return tracker;
    }

    /** @return the model registry */
    public ModelRegistry registry() {
        return registry;
    }

    /** @return the database */
    public JdbcStore store() {
        return store;
    }

    /** @return the artifact directory */
    public Path artifactDirectory() {
        return artifacts;
    }

    /** Closes the tracker and the store's kept write connection (SQLite); PostgreSQL keeps none. */
    @Override
    public void close() {
        try {
            tracker.close();
        } finally {
            store.close();
        }
    }

    @Override
    public String toString() {
        return "Mlops[" + store + ", artifacts=" + artifacts + "]";
    }
}
