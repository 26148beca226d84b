package org.mlops4j.tracking.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one connection an SQLite store keeps open for its writes, and the lock that gives it to one
 * write at a time. SQLite lets one writer at a time into a database anyway; keeping the connection
 * spares each write opening the file, reading the schema, setting the pragmas and, when the last
 * connection closes, checkpointing the WAL into the database (an fsync): what made a per-write
 * connection cost ten times the write.
 *
 * <p>Opened on first use, reopened after {@link #close()}, and replaced after a failure that leaves
 * it unusable ({@link #discardIfBroken}): closed underneath, or an error that SQLite reports for the
 * file or the connection rather than for the statement (I/O, corruption, file not openable or not a
 * database, misuse). Its prepared statements are kept with it ({@link StatementCache}). Thread-safe.
 */
final class KeptConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);

    // Primary SQLite result codes (the low byte of an extended code) after which the connection
    // itself, not the statement, is suspect.
    private static final int SQLITE_MISUSE = 21;
    private static final int SQLITE_IOERR = 10;
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_CANTOPEN = 14;
    private static final int SQLITE_NOTADB = 26;

    private final DataSource dataSource;
    private final String description;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}; null when none is open. */
    private Connection connection;
    /** The statements prepared on {@link #connection}; guarded by {@link #lock}. */
    private StatementCache statements;

    KeptConnection(DataSource dataSource, String description) {
        this.dataSource = dataSource;
        this.description = description;
    }

    /**
     * Takes the connection for one write, waiting at most a timeout for the write another thread of
     * this process is running.
     *
     * @param timeoutNanos the longest wait for the other write
     * @return false if the other write did not finish in time
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalStateException if this thread already holds it: a write inside a write
     */
    boolean lock(long timeoutNanos) throws InterruptedException {
        if (lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("a write to " + description + " was started inside another write on"
                    + " the same thread; SQLite would run it inside the outer transaction");
        }
        return lock.tryLock() || lock.tryLock(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
    }

    /** Gives the connection back after a {@link #lock}, ending its statements' holds. */
    void unlock() {
        try {
            if (statements != null) {
                statements.releaseAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns the kept connection, opening it if there is none or if it was closed underneath.
     * Called between {@link #lock} and {@link #unlock}.
     *
     * @return an open connection in auto-commit mode (transactions are begun explicitly), whose
     *     prepared statements are kept for the next write ({@link StatementCache})
     * @throws SQLException if it cannot be opened
     */
    Connection get() throws SQLException {
        if (connection != null && connection.isClosed()) {
            LOG.warn("{}: the connection kept for writes was closed underneath; opening a new one", description);
            forget();
        }
        if (connection == null) {
            Connection c = dataSource.getConnection();
            try {
                // Explicit BEGIN IMMEDIATE / COMMIT: sqlite-jdbc's commit() in manual mode begins the next
                // transaction at once, which would hold the write lock between writes.
                c.setAutoCommit(true);
            } catch (SQLException e) {
                closeQuietly(c, e);
                throw e;
            }
            connection = c;
            statements = new StatementCache(c);
        }
        return statements.connection();
    }

    private void forget() {
        if (statements != null) {
            statements.closeAll();
        }
        statements = null;
        connection = null;
    }

    /**
     * After a write failed: closes and forgets the connection if the failure leaves it unusable, so
     * that the next write opens a new one instead of failing the same way forever.
     *
     * @param failure why the write failed
     * @return true if the connection was discarded
     */
    boolean discardIfBroken(SQLException failure) {
        Connection c = connection;
        if (c == null) {
            return false;
        }
        if (!isBroken(c, failure)) {
            return false;
        }
        discard(failure);
        return true;
    }

    /**
     * Closes and forgets the connection, whatever the failure; the next write opens a new one.
     *
     * @param failure why, for the log
     */
    void discard(SQLException failure) {
        Connection c = connection;
        if (c == null) {
            return;
        }
        LOG.warn("{}: discarding the connection kept for writes after \"{}\" (SQLite code {}); the next write opens a"
                + " new one", description, failure.getMessage(), failure.getErrorCode());
        forget();
        closeQuietly(c, failure);
    }

    /** Whether a connection that just failed a write is unusable rather than the statement wrong. */
    static boolean isBroken(Connection c, SQLException failure) {
        if (isConnectionError(failure.getErrorCode())) {
            return true;
        }
        try {
            return c.isClosed();
        } catch (SQLException e) {
            failure.addSuppressed(e);
            return true;
        }
    }

    /** Whether an SQLite result code (primary or extended) speaks of the file or the connection. */
    static boolean isConnectionError(int resultCode) {
        int primary = resultCode & 0xff;
        return primary == SQLITE_IOERR || primary == SQLITE_CORRUPT || primary == SQLITE_CANTOPEN
                || primary == SQLITE_NOTADB || primary == SQLITE_MISUSE;
    }

    /**
     * Closes the kept connection, waiting for a write in progress; a later write opens it again.
     * The SQLite driver rolls back a transaction left open.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            Connection c = connection;
            forget();
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException e) {
                    LOG.warn("{}: closing the connection kept for writes failed", description, e);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** @return whether a connection is open now, for tests */
    boolean isOpen() {
        lock.lock();
        try {
            return connection != null;
        } finally {
            lock.unlock();
        }
    }

    private void closeQuietly(Connection c, Throwable cause) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("{}: closing a discarded connection failed too", description, e);
            cause.addSuppressed(e);
        }
    }
}
