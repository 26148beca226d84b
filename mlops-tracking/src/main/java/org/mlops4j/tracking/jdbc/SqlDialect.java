package org.mlops4j.tracking.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The few places where SQLite and PostgreSQL differ for mlops4j's schema; every other statement
 * is written once, in SQL both accept ({@code INSERT ... ON CONFLICT}, {@code LIMIT/OFFSET}).
 */
public enum SqlDialect {
    /** Embedded SQLite (xerial sqlite-jdbc), the default store. */
    SQLITE("INTEGER PRIMARY KEY", ""),
    /** PostgreSQL 12 or later. */
    POSTGRESQL("BIGSERIAL PRIMARY KEY", " FOR UPDATE");

    private final String autoIncrementKey;
    private final String forUpdate;

    SqlDialect(String autoIncrementKey, String forUpdate) {
        this.autoIncrementKey = autoIncrementKey;
        this.forUpdate = forUpdate;
    }

    /** @return the column definition of an automatically numbered primary key */
    String autoIncrementKey() {
        return autoIncrementKey;
    }

    /**
     * Returns the row-lock suffix of a {@code SELECT} inside a write transaction: PostgreSQL locks
     * the row; SQLite needs none because its write transactions ({@code BEGIN IMMEDIATE}) hold
     * the database's single write lock.
     *
     * @return the suffix, possibly empty
     */
    String forUpdate() {
        return forUpdate;
    }

    /**
     * Detects the dialect of a connection.
     *
     * @param connection an open connection
     * @return the dialect
     * @throws SQLException if the metadata cannot be read
     * @throws IllegalArgumentException if the database is neither SQLite nor PostgreSQL
     */
    static SqlDialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("sqlite")) {
            return SQLITE;
        }
        if (product.contains("postgres")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("unsupported database '" + product + "': mlops4j supports SQLite and PostgreSQL");
    }
}
