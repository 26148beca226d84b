package org.mlops4j.examples.fleet;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A PostgreSQL data source that keeps closed connections for reuse, as a service's pool (HikariCP)
 * would: the stores take a connection per operation, and PostgreSQL starts a server process for each
 * new one, which a replica publishing windows several times a second should not pay for each time.
 * A returned connection is put back in auto-commit mode; a broken one is dropped.
 */
final class PooledDataSource extends PGSimpleDataSource {

    private static final long serialVersionUID = 1L;

    private final transient ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();

    @Override
    public Connection getConnection() throws SQLException {
        Connection physical = idle.poll();
        while (physical != null && physical.isClosed()) {
            physical = idle.poll();
        }
        Connection c = physical != null ? physical : super.getConnection();
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        try {
                            if (!c.getAutoCommit()) {
                                c.rollback();
                                c.setAutoCommit(true);
                            }
                            idle.offer(c);
                        } catch (SQLException e) {
                            c.close();
                        }
                        return null;
                    }
                    try {
                        return method.invoke(c, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
