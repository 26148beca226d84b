package org.mlops4j.tracking.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prepared statements of the connection an SQLite store keeps for its writes, prepared once
 * and reused: SQLite compiles a statement in {@code prepareStatement}, which for a one-row write is
 * most of its CPU cost. The work of a write sees the connection through {@link #connection()},
 * whose {@code prepareStatement(sql)} returns the cached statement, and whose statements'
 * {@code close()} clears their parameters and batch instead of closing them. At most
 * {@value #CAPACITY} statements are kept, the least recently used closed first. Not thread-safe:
 * used under the kept connection's lock.
 */
final class StatementCache {

    /** The most statements kept open. */
    static final int CAPACITY = 64;

    private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);

    private final Connection real;
    private final Connection view;
    private final Map<String, Kept> statements = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Kept> eldest) {
            if (super.size() <= CAPACITY) {
                return false;
            }
            closeQuietly(eldest.getValue().statement);
            return true;
        }
    };

    /** The statements handed out during the current write (some may be closed already). */
    private final List<Kept> held = new ArrayList<>();

    /**
     * A kept statement, the view handed out for it (made once: a proxy per prepare costs a
     * microsecond), and whether a caller holds the view now (from {@link #prepare} to its close).
     */
    private static final class Kept {
        final PreparedStatement statement;
        PreparedStatement view;
        boolean inUse;

        Kept(PreparedStatement statement) {
            this.statement = statement;
        }
    }

    StatementCache(Connection real) {
        this.real = real;
        this.view = (Connection) Proxy.newProxyInstance(StatementCache.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement") && args != null && args.length == 1) {
                        return prepare((String) args[0]);
                    }
                    return invoke(real, method, args);
                });
    }

    /** @return the connection as the work of a write sees it */
    Connection connection() {
        return view;
    }

    /**
     * Returns the cached statement for the SQL, preparing it the first time.
     *
     * @param sql the statement
     * @return a view whose {@code close()} keeps it for the next write
     * @throws SQLException if it cannot be prepared
     */
    PreparedStatement prepare(String sql) throws SQLException {
        Kept kept = statements.get(sql);
        if (kept != null && !kept.statement.isClosed()) {
            if (kept.inUse) {
                // The same text again while its statement is held (a query inside the loop over
                // another's rows): re-running the kept statement would reset the holder's result
                // set, so this use gets a statement of its own, closed by its close().
                return real.prepareStatement(sql);
            }
            kept.inUse = true;
            held.add(kept);
            return kept.view;
        }
        PreparedStatement created = real.prepareStatement(sql);
        try {
            kept = new Kept(created);
            kept.view = view(kept);
            statements.put(sql, kept);
        } catch (RuntimeException e) {
            closeQuietly(created);
            throw e;
        }
        kept.inUse = true;
        held.add(kept);
        return kept.view;
    }

    /**
     * Ends every hold at the end of a write: a view its work never closed would otherwise keep its
     * statement held, and every later prepare of its text would get a statement of its own.
     */
    void releaseAll() {
        for (Kept kept : held) {
            kept.inUse = false;
        }
        held.clear();
    }

    private PreparedStatement view(Kept kept) {
        PreparedStatement cached = kept.statement;
        return (PreparedStatement) Proxy.newProxyInstance(StatementCache.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close") && (args == null || args.length == 0)) {
                        kept.inUse = false;
                        cached.clearParameters();
                        cached.clearBatch();
                        return null;
                    }
                    if (method.getName().equals("getConnection")) {
                        return view;
                    }
                    return invoke(cached, method, args);
                });
    }

    /** @return how many statements are kept */
    int cachedCount() {
        return statements.size();
    }

    /** Closes every cached statement. */
    void closeAll() {
        for (Kept kept : statements.values()) {
            closeQuietly(kept.statement);
        }
        statements.clear();
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException e) {
            LOG.debug("closing a cached statement failed", e);
        }
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
