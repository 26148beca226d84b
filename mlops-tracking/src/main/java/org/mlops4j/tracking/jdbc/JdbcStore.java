package org.mlops4j.tracking.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
 * SQLite database, a database that holds other tables but not mlops4j's, or one written by a newer
 * mlops4j is refused with a {@link StoreException} and left untouched. An empty database gets the
 * schema; an older mlops4j schema is migrated, in one transaction, recorded in
 * {@code mlops_schema_version}.
 *
 * <p>SQLite runs in WAL mode with {@code synchronous=FULL}, so a write that returned survives a
 * crash of the process or the machine, and with {@code BEGIN IMMEDIATE} write transactions and a
 * 30 s busy timeout, so several threads and processes can write to one file. Thread-safe.
 */
public final class JdbcStore {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);
    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final int SQLITE_BUSY_TIMEOUT_MS = 30_000;
    private static final int MAX_ATTEMPTS = 5;
    private static final long POSTGRES_MIGRATION_LOCK = 0x6d6c6f7073346aL;

    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final String description;

    private JdbcStore(DataSource dataSource, SqlDialect dialect, String description) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.description = description;
    }

    /**
     * Opens (creating if needed) an SQLite store in a file.
     *
     * @param dbFile the database file; its directory is created if needed
     * @return the store, migrated to the current schema
     * @throws StoreException if the file is not an SQLite database, belongs to another application,
     *     was written by a newer mlops4j, or cannot be opened; the file is then left as it was
     */
    public static JdbcStore sqlite(Path dbFile) {
        Objects.requireNonNull(dbFile, "dbFile");
        Path file = dbFile.toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new StoreException("cannot create the directory of " + file, e);
        }
        if (Files.exists(file)) {
            inspectExistingSqliteFile(file);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MS);
        config.enforceForeignKeys(true);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + file);
        JdbcStore store = new JdbcStore(ds, SqlDialect.SQLITE, "SQLite store " + file);
        store.migrate();
        return store;
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
        try (Connection c = dataSource.getConnection()) {
            dialect = SqlDialect.of(c);
        } catch (SQLException e) {
            throw new StoreException("cannot connect to " + description, e);
        }
        JdbcStore store = new JdbcStore(dataSource, dialect, dialect + " store " + description);
        store.migrate();
        return store;
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

    @Override
    public String toString() {
        return description;
    }

    /** Runs read-only work on an auto-commit connection. */
    <T> T read(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException("read from " + description + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Runs work in one transaction, committing when it returns and rolling back when it throws.
     * Transient conflicts (PostgreSQL serialization failures and deadlocks, SQLite busy beyond its
     * timeout) are retried a few times with a short backoff.
     */
    <T> T write(SqlWork<T> work) {
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
                if (attempt < MAX_ATTEMPTS && isTransient(e)) {
                    LOG.debug("transient conflict on {} (attempt {}): {}", description, attempt, e.getMessage());
                    backoff(attempt);
                    continue;
                }
                throw new StoreException("write to " + description + " failed: " + e.getMessage(), e);
            }
        }
    }

    private void rollback(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.warn("rollback on {} failed after: {}", description, cause.toString(), e);
            cause.addSuppressed(e);
        }
    }

    private boolean isTransient(SQLException e) {
        String state = e.getSQLState();
        if (dialect == SqlDialect.POSTGRESQL) {
            return "40001".equals(state) || "40P01".equals(state) || "55P03".equals(state);
        }
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

    private void migrate() {
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
                throw new StoreException(description + " is not an mlops4j database: it holds tables " + tables
                        + " but no " + JdbcSchema.VERSION_TABLE + " table; refusing to touch it");
            } else {
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT MAX(version) FROM " + JdbcSchema.VERSION_TABLE)) {
                    rs.next();
                    current = rs.getInt(1);
                }
            }
            if (current > JdbcSchema.CURRENT_VERSION) {
                throw new StoreException(description + " has schema version " + current
                        + ", newer than this mlops4j understands (" + JdbcSchema.CURRENT_VERSION
                        + "); upgrade mlops4j rather than risk corrupting it");
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
     * Looks at an existing file without writing to it: it must be empty or an SQLite database.
     * Whether it holds mlops4j's tables is checked by {@link #migrate()} before any write.
     */
    private static void inspectExistingSqliteFile(Path file) {
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
        SQLiteDataSource ds = new SQLiteDataSource(readOnly);
        ds.setUrl("jdbc:sqlite:" + file);
        try (Connection c = ds.getConnection()) {
            List<String> tables = userTables(c);
            if (!tables.isEmpty() && !tables.contains(JdbcSchema.VERSION_TABLE)) {
                throw new StoreException(file + " is not an mlops4j database: it holds tables " + tables + " but no "
                        + JdbcSchema.VERSION_TABLE + " table; refusing to touch it");
            }
        } catch (SQLException e) {
            throw new StoreException(file + " cannot be read as an SQLite database (" + e.getMessage()
                    + "); refusing to write to it", e);
        }
    }
}
