package org.mlops4j.tracking.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.sql.DataSource;
import org.mlops4j.core.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * One relational database holding mlops4j's tracking and registry tables: SQLite (embedded, the
 * default) or PostgreSQL (through a user-supplied, usually pooled, {@link DataSource}).
 *
 * <p>Opening a store checks what the database is before writing anything: a file that is not an
 * SQLite database, an SQLite database marked by another application ({@code PRAGMA application_id}
 * or {@code user_version}), a database that holds other tables but not mlops4j's, one whose pages
 * fail {@code PRAGMA quick_check}, or one written by a newer mlops4j is refused with a
 * {@link StoreException} and left untouched. A missing, zero-length or blank database gets the
 * schema and mlops4j's application id ({@link #SQLITE_APPLICATION_ID}); an older mlops4j schema is
 * migrated, in one transaction, recorded in {@code mlops_schema_version}. Opening a store whose
 * schema is current only reads, so it succeeds while another process holds the write lock.
 *
 * <p>SQLite runs in WAL mode with {@code synchronous=FULL}, so a write that returned survives a
 * crash of the process or the machine, and with {@code BEGIN IMMEDIATE} write transactions and a
 * busy timeout (30 s by default, {@link SqliteStoreConfig}) that bounds each operation, so several
 * threads and processes can write to one file. An SQLite store keeps one connection open for its
 * writes, which take it in turn (SQLite admits one writer at a time anyway): a write costs its
 * transaction, not opening the file and checkpointing the WAL when the connection closes. Reads open
 * a connection of their own. A kept connection that breaks (closed underneath, an I/O or corruption
 * error) is logged, closed and replaced at the next write. {@link #close()} closes it. A PostgreSQL
 * store borrows a connection from its data source per operation and keeps none. Thread-safe.
 */
public final class JdbcStore implements AutoCloseable {

    /**
     * The {@code PRAGMA application_id} of an mlops4j SQLite store: the ASCII bytes {@code "ml4j"}.
     */
    public static final int SQLITE_APPLICATION_ID = 0x6d6c346a;

    private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);

    /**
     * Closes the write connection of an SQLite store that became unreachable without {@link #close()}
     * (a store built per job and dropped): without it, each such store would hold a file descriptor
     * and its WAL until the process ends.
     */
    private static final Cleaner CLEANER = Cleaner.create();
    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_ATTEMPTS = 5;
    private static final long POSTGRES_MIGRATION_LOCK = 0x6d6c6f7073346aL;

    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final String description;
    /** SQLite only: the bound on one operation's wait for a lock; null for PostgreSQL. */
    private final Duration busyTimeout;
    /** SQLite only: the connection kept for writes; null for PostgreSQL, whose writes borrow from the pool. */
    private final KeptConnection writeConnection;

    private JdbcStore(DataSource dataSource, SqlDialect dialect, String description, Duration busyTimeout) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.description = description;
        this.busyTimeout = busyTimeout;
        this.writeConnection = dialect == SqlDialect.SQLITE ? new KeptConnection(dataSource, description) : null;
        if (writeConnection != null) {
            CLEANER.register(this, new CloseUnreachable(writeConnection, description));
        }
    }

    /** The cleaning action; it holds the kept connection, never the store. */
    private record CloseUnreachable(KeptConnection connection, String description) implements Runnable {
        @Override
        public void run() {
            if (connection.isOpen()) {
                LOG.warn("{} was dropped without close(); closing the connection it kept for writes (close the Mlops,"
                        + " JdbcTracker or JdbcStore when done with it)", description);
            }
            connection.close();
        }
    }

    /**
     * Opens (creating if needed) an SQLite store in a file, with {@link SqliteStoreConfig#ofDefaults()}.
     *
     * @param dbFile the database file; its directory is created if needed
     * @return the store, migrated to the current schema
     * @throws StoreException if the file is not an SQLite database, belongs to another application,
     *     is corrupt, was written by a newer mlops4j, is locked by another process beyond the busy
     *     timeout, or cannot be opened; the file is then left as it was
     */
    public static JdbcStore sqlite(Path dbFile) {
        return sqlite(dbFile, SqliteStoreConfig.ofDefaults());
    }

    /**
     * Opens (creating if needed) an SQLite store in a file.
     *
     * <p>Runs that a process on this machine left {@link org.mlops4j.tracking.RunStatus#RUNNING}
     * and that can no longer end because that process is gone (killed, crashed) are ended
     * {@link org.mlops4j.tracking.RunStatus#KILLED} on open, with the tag
     * {@code mlops.run.stale}; runs of live processes are left alone.
     *
     * @param dbFile the database file; its directory is created if needed
     * @param options the busy timeout and whether to run {@code quick_check}
     * @return the store, migrated to the current schema
     * @throws StoreException if the file is not an SQLite database, belongs to another application,
     *     is corrupt, was written by a newer mlops4j, is locked by another process beyond the busy
     *     timeout, or cannot be opened; the file is then left as it was
     */
    public static JdbcStore sqlite(Path dbFile, SqliteStoreConfig options) {
        Objects.requireNonNull(dbFile, "dbFile");
        Objects.requireNonNull(options, "options");
        Path file = dbFile.toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new StoreException("cannot create the directory of " + file, e);
        }
        if (Files.exists(file)) {
            inspectExistingSqliteFile(file, options);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout((int) options.busyTimeout().toMillis());
        config.enforceForeignKeys(true);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        // The store never asks for generated keys; with them on, the driver prepares and runs a
        // "SELECT last_insert_rowid()" after every INSERT.
        config.setGetGeneratedKeys(false);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + file);
        JdbcStore store = new JdbcStore(ds, SqlDialect.SQLITE, "SQLite store " + file, options.busyTimeout());
        return initialised(store, () -> {
            store.migrate();
            StaleRuns.endRunsOfGoneProcesses(store);
        });
    }

    /**
     * Opens a store on a data source (PostgreSQL or SQLite), creating or migrating its schema.
     *
     * @param dataSource the data source; a pooled one (HikariCP) for PostgreSQL
     * @param description where it is, for messages (for example the JDBC URL without credentials)
     * @return the store
     * @throws StoreException if the database cannot be reached, holds foreign tables, or is newer
     */
    public static JdbcStore open(DataSource dataSource, String description) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(description, "description");
        SqlDialect dialect;
        Duration busyTimeout = null;
        try (Connection c = dataSource.getConnection()) {
            dialect = SqlDialect.of(c);
            if (dialect == SqlDialect.SQLITE) {
                // The data source's own setting bounds each operation, as SqliteStoreConfig's does.
                busyTimeout = Duration.ofMillis(Math.max(1, pragmaInt(c, "busy_timeout")));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot connect to " + description, e);
        }
        JdbcStore store = new JdbcStore(dataSource, dialect, dialect + " store " + description, busyTimeout);
        return initialised(store, store::migrate);
    }

    /**
     * Runs a new store's first work and returns it; if that fails, closes the store (so that its
     * cleaner does not later blame a caller who never got it) and rethrows.
     */
    private static JdbcStore initialised(JdbcStore store, Runnable first) {
        try {
            first.run();
            return store;
        } catch (RuntimeException | Error e) {
            try {
                store.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** @return the database dialect */
    public SqlDialect dialect() {
        return dialect;
    }

    /**
     * Returns the schema version recorded in the database.
     *
     * @return the version
     */
    public int schemaVersion() {
        return read(c -> {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT MAX(version) FROM " + JdbcSchema.VERSION_TABLE)) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    /**
     * Closes the connection an SQLite store keeps for its writes, after the write in progress; a
     * PostgreSQL store keeps none. The store stays usable, and a later write opens a connection
     * again, so that closing a store several trackers and registries share cannot break the others;
     * close it when the last of them is done. Idempotent.
     */
    @Override
    public void close() {
        if (writeConnection != null) {
            writeConnection.close();
        }
    }

    /** @return whether an SQLite store holds its write connection open now (false for PostgreSQL) */
    boolean holdsWriteConnection() {
        return writeConnection != null && writeConnection.isOpen();
    }

    @Override
    public String toString() {
        return description;
    }

    /** Runs read-only work on an auto-commit connection. */
    <T> T read(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            if (busyTimeout != null && isSqliteBusy(e)) {
                throw locked("read", e);
            }
            throw new StoreException("read from " + description + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Runs work in one transaction, committing when it returns and rolling back when it throws.
     * Transient conflicts are retried with a short backoff: PostgreSQL serialization failures and
     * deadlocks up to 5 attempts; SQLite busy only within the busy timeout, which bounds the whole
     * write (each attempt waits at most what is left of it), so that a lock held by another process
     * fails the write after the busy timeout, not after 5 of them (SQLite writes run on the kept
     * connection: {@link #writeOnKeptConnection}).
     */
    <T> T write(SqlWork<T> work) {
        if (writeConnection != null) {
            return writeOnKeptConnection(work);
        }
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException | Error e) {
                    rollback(c, e);
                    throw e;
                }
            } catch (SQLException e) {
                if (attempt < MAX_ATTEMPTS && isPostgresTransient(e)) {
                    LOG.debug("transient conflict on {} (attempt {}): {}", description, attempt, e.getMessage());
                    backoff(attempt);
                    continue;
                }
                throw new StoreException("write to " + description + " failed: " + e.getMessage(), e);
            }
        }
    }

    /**
     * SQLite's {@link #write}: on the kept connection, in a {@code BEGIN IMMEDIATE} transaction. The
     * busy timeout bounds the whole write, the wait for another thread's write included: a write that
     * waited for the connection, or is retried after SQLITE_BUSY, lowers the connection's busy timeout
     * to what is left, and restores it after.
     */
    private <T> T writeOnKeptConnection(SqlWork<T> work) {
        long timeout = busyTimeout.toNanos();
        long deadline = System.nanoTime() + timeout;
        try {
            if (!writeConnection.lock(timeout)) {
                throw new StoreException(description + " is busy: a write waited the busy timeout of "
                        + busyTimeout.toMillis() + " ms for another thread's write to finish; raise"
                        + " SqliteStoreConfig.busyTimeout or write less at once");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting to write to " + description, e);
        }
        try {
            // A wait above the 1 ms granularity of the pragma is taken off this write's busy timeout.
            boolean shortened = deadline - System.nanoTime() < timeout - 1_000_000L;
            for (int attempt = 1; ; attempt++) {
                try {
                    Connection c = writeConnection.get();
                    if (shortened || attempt > 1) {
                        setBusyTimeout(c, Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                        shortened = true;
                    }
                    try {
                        return inTransaction(c, work);
                    } finally {
                        if (shortened) {
                            restoreBusyTimeout(c);
                        }
                    }
                } catch (SQLException e) {
                    if (isSqliteBusy(e)) {
                        if (System.nanoTime() - deadline < 0) {
                            LOG.debug("{} busy (attempt {}): {}", description, attempt, e.getMessage());
                            backoff(Math.min(attempt, MAX_ATTEMPTS));
                            continue;
                        }
                        throw locked("write", e);
                    }
                    writeConnection.discardIfBroken(e);
                    throw new StoreException("write to " + description + " failed: " + e.getMessage(), e);
                }
            }
        } finally {
            writeConnection.unlock();
            // Reachable until here: the cleaner must not close the kept connection under a write
            // whose store was dropped by its caller mid-call.
            Reference.reachabilityFence(this);
        }
    }

    /** Runs work in a transaction on the kept connection, whose prepared statements are cached. */
    private <T> T inTransaction(Connection c, SqlWork<T> work) throws SQLException {
        execute(c, "BEGIN IMMEDIATE");
        try {
            T result = work.run(c);
            execute(c, "COMMIT");
            return result;
        } catch (SQLException | RuntimeException | Error e) {
            try {
                execute(c, "ROLLBACK");
            } catch (SQLException | RuntimeException r) {
                e.addSuppressed(r);
                if (r.getMessage() != null && r.getMessage().contains("no transaction is active")) {
                    // SQLite has already rolled back after some errors (a full disk, an I/O error).
                    LOG.debug("rollback on {} after {}: {}", description, e, r.getMessage());
                } else {
                    // The transaction may still be open: a kept connection would fail every later
                    // BEGIN ("cannot start a transaction within a transaction"), so replace it.
                    LOG.warn("{}: rollback after {} failed", description, e, r);
                    writeConnection.discard(r instanceof SQLException s ? s
                            : new SQLException("rollback failed: " + r, r));
                }
            }
            throw e;
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.execute();
        }
    }

    /** Puts the kept connection's busy timeout back; a connection that refuses is replaced. */
    private void restoreBusyTimeout(Connection c) {
        try {
            setBusyTimeout(c, busyTimeout.toMillis());
        } catch (SQLException e) {
            LOG.warn("{}: could not restore the busy timeout of the connection kept for writes", description, e);
            writeConnection.discard(e);
        }
    }

    private static void setBusyTimeout(Connection c, long millis) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = " + millis);
        }
    }

    /**
     * Inside a {@link #write} transaction, serialises it with the other transactions that lock the
     * same key: on PostgreSQL a transaction-scoped advisory lock on {@code (lockClass, key's hash)},
     * released at commit or rollback; on SQLite nothing, since its {@code BEGIN IMMEDIATE} write
     * transactions already hold the database's write lock.
     *
     * @param c the transaction's connection
     * @param lockClass the first key of the advisory lock, naming what kind of thing is locked
     * @param key what is locked, such as a queue's name
     * @throws SQLException when the lock cannot be taken
     */
    void lockKey(Connection c, int lockClass, String key) throws SQLException {
        if (dialect == SqlDialect.POSTGRESQL) {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
                lock.setInt(1, lockClass);
                lock.setInt(2, key.hashCode());
                lock.execute();
            }
        }
    }

    private StoreException locked(String operation, SQLException e) {
        return new StoreException(description + " is locked by another connection or process: a " + operation
                + " waited the busy timeout of " + busyTimeout.toMillis() + " ms for its lock (" + e.getMessage()
                + "); close or wait for the other process, or raise SqliteStoreConfig.busyTimeout", e);
    }

    private void rollback(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.warn("rollback on {} failed after: {}", description, cause.toString(), e);
            cause.addSuppressed(e);
        }
    }

    private static boolean isPostgresTransient(SQLException e) {
        String state = e.getSQLState();
        return "40001".equals(state) || "40P01".equals(state) || "55P03".equals(state);
    }

    private static boolean isSqliteBusy(SQLException e) {
        String message = String.valueOf(e.getMessage()).toUpperCase(Locale.ROOT);
        return message.contains("SQLITE_BUSY") || message.contains("DATABASE IS LOCKED");
    }

    private static void backoff(int attempt) {
        try {
            Thread.sleep(10L * (1L << attempt));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while retrying a write", ie);
        }
    }

    /**
     * Brings the schema to the current version. Reads first: a database that is current (and, for
     * SQLite, marked as mlops4j's) is not written to, so opening it takes no write lock.
     */
    private void migrate() {
        boolean upToDate = read(c -> {
            List<String> tables = userTables(c);
            if (!tables.contains(JdbcSchema.VERSION_TABLE)) {
                return false;
            }
            int version = recordedVersion(c);
            if (version > JdbcSchema.CURRENT_VERSION) {
                throw newerSchema(description, version);
            }
            return version == JdbcSchema.CURRENT_VERSION
                    && (dialect != SqlDialect.SQLITE || pragmaInt(c, "application_id") == SQLITE_APPLICATION_ID);
        });
        if (upToDate) {
            return;
        }
        write(c -> {
            if (dialect == SqlDialect.POSTGRESQL) {
                try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    lock.setLong(1, POSTGRES_MIGRATION_LOCK);
                    lock.execute();
                }
            }
            List<String> tables = userTables(c);
            int current;
            if (tables.isEmpty()) {
                current = 0;
            } else if (!tables.contains(JdbcSchema.VERSION_TABLE)) {
                throw new StoreException(description + " is not an mlops4j database: it holds tables "
                        + abbreviatedList(tables) + " but no " + JdbcSchema.VERSION_TABLE + " table; refusing to touch it");
            } else {
                current = recordedVersion(c);
            }
            if (current > JdbcSchema.CURRENT_VERSION) {
                throw newerSchema(description, current);
            }
            if (dialect == SqlDialect.SQLITE) {
                // Inside the transaction: a database another process marked meanwhile is still refused.
                int applicationId = pragmaInt(c, "application_id");
                if (applicationId != SQLITE_APPLICATION_ID) {
                    if (applicationId != 0) {
                        throw foreignApplication(description, applicationId);
                    }
                    try (Statement s = c.createStatement()) {
                        s.execute("PRAGMA application_id = " + SQLITE_APPLICATION_ID);
                    }
                    LOG.info("{}: marked as an mlops4j store (application_id {})", description,
                            hex(SQLITE_APPLICATION_ID));
                }
            }
            for (int v = current + 1; v <= JdbcSchema.CURRENT_VERSION; v++) {
                try (Statement s = c.createStatement()) {
                    for (String sql : JdbcSchema.migration(v, dialect)) {
                        s.execute(sql);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO " + JdbcSchema.VERSION_TABLE + " (version, applied_at) VALUES (?, ?)")) {
                    ps.setInt(1, v);
                    ps.setLong(2, System.currentTimeMillis());
                    ps.executeUpdate();
                }
                LOG.info("{}: applied schema migration {}", description, v);
            }
            return null;
        });
    }

    private static int recordedVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT MAX(version) FROM " + JdbcSchema.VERSION_TABLE)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static int pragmaInt(Connection c, String pragma) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + pragma)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static StoreException newerSchema(Object where, int version) {
        return new StoreException(where + " has schema version " + version
                + ", newer than this mlops4j understands (" + JdbcSchema.CURRENT_VERSION
                + "); upgrade mlops4j rather than risk corrupting it");
    }

    private static StoreException foreignApplication(Object where, int applicationId) {
        return new StoreException(where + " belongs to another application: its PRAGMA application_id is "
                + hex(applicationId) + ", not mlops4j's " + hex(SQLITE_APPLICATION_ID) + "; refusing to touch it");
    }

    private static String hex(int value) {
        return String.format(Locale.ROOT, "0x%08x", value);
    }

    private static String abbreviatedList(List<String> tables) {
        return tables.size() <= 10 ? tables.toString()
                : tables.subList(0, 10) + " and " + (tables.size() - 10) + " more";
    }

    private static List<String> userTables(Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        List<String> out = new ArrayList<>();
        try (ResultSet rs = md.getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                if (!name.startsWith("sqlite_")) {
                    out.add(name);
                }
            }
        }
        return out;
    }

    /**
     * Looks at an existing file without writing to it: it must be empty or an SQLite database that
     * is blank or mlops4j's, not corrupt ({@code quick_check}) and not newer; {@link #migrate()}
     * checks again inside its transaction.
     */
    private static void inspectExistingSqliteFile(Path file, SqliteStoreConfig options) {
        try {
            if (Files.size(file) == 0) {
                return;
            }
            byte[] header = new byte[SQLITE_MAGIC.length];
            int n;
            try (InputStream in = Files.newInputStream(file)) {
                n = in.readNBytes(header, 0, header.length);
            }
            if (n < header.length || !Arrays.equals(header, SQLITE_MAGIC)) {
                throw new StoreException(file + " is not an SQLite database (wrong file header); refusing to open it");
            }
        } catch (IOException e) {
            throw new StoreException("cannot read " + file, e);
        }
        // A read-only connection without pragmas: checking a foreign database must not switch it to WAL.
        SQLiteConfig readOnly = new SQLiteConfig();
        readOnly.setReadOnly(true);
        readOnly.setBusyTimeout((int) options.busyTimeout().toMillis());
        SQLiteDataSource ds = new SQLiteDataSource(readOnly);
        ds.setUrl("jdbc:sqlite:" + file);
        try (Connection c = ds.getConnection()) {
            int applicationId = pragmaInt(c, "application_id");
            if (applicationId != 0 && applicationId != SQLITE_APPLICATION_ID) {
                throw foreignApplication(file, applicationId);
            }
            List<String> tables = userTables(c);
            if (!tables.isEmpty() && !tables.contains(JdbcSchema.VERSION_TABLE)) {
                throw new StoreException(file + " is not an mlops4j database: it holds tables " + abbreviatedList(tables)
                        + " but no " + JdbcSchema.VERSION_TABLE + " table; refusing to touch it");
            }
            int userVersion = pragmaInt(c, "user_version");
            if (userVersion != 0 && applicationId != SQLITE_APPLICATION_ID) {
                // mlops4j never sets user_version: another application has claimed this database.
                throw new StoreException(file + " belongs to another application: its PRAGMA user_version is "
                        + userVersion + " and it has no mlops4j application_id; refusing to touch it");
            }
            if (options.quickCheckOnOpen()) {
                quickCheck(c, file);
            }
            if (!tables.isEmpty()) {
                int version = recordedVersion(c);
                if (version > JdbcSchema.CURRENT_VERSION) {
                    throw newerSchema(file, version);
                }
            }
        } catch (SQLException e) {
            if (isSqliteBusy(e)) {
                throw new StoreException(file + " is locked by another process: opening waited the busy timeout of "
                        + options.busyTimeout().toMillis() + " ms for its lock (" + e.getMessage()
                        + "); close or wait for the other process, or raise SqliteStoreConfig.busyTimeout", e);
            }
            throw new StoreException(file + " cannot be read as an SQLite database (" + e.getMessage()
                    + "); refusing to write to it", e);
        }
    }

    private static void quickCheck(Connection c, Path file) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA quick_check(10)")) {
            while (rs.next()) {
                String line = rs.getString(1);
                if (!"ok".equals(line)) {
                    // The first finding comes after a "*** in database main ***" line.
                    problems.add(line.replaceFirst("^\\*\\*\\* in database \\S+ \\*\\*\\*\\s*", "").replace('\n', ' '));
                }
            }
        }
        if (!problems.isEmpty()) {
            LOG.error("{} is corrupt; PRAGMA quick_check(10) reports: {}", file, problems);
            throw new StoreException(file + " is corrupt: PRAGMA quick_check reports \"" + problems.get(0) + "\""
                    + (problems.size() > 1 ? " and " + (problems.size() - 1) + " more problem(s), logged" : "")
                    + "; refusing to open it; restore it from a backup");
        }
    }
}
