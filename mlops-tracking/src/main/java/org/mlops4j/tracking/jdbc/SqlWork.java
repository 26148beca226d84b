package org.mlops4j.tracking.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of work on one connection, run by {@link JdbcStore} inside or outside a transaction. */
@FunctionalInterface
interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
