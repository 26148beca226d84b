package org.mlops4j.tracking.jdbc;

import java.sql.SQLException;
import java.sql.Statement;

/** Databases as an older mlops4j left them, for the upgrade tests. */
final class OldSchemas {

    private OldSchemas() {
    }

    /**
     * Applies the migrations up to {@code version} and records each, as the mlops4j of that schema
     * version would have.
     */
    static void migrateTo(Statement s, SqlDialect dialect, int version) throws SQLException {
        for (int v = 1; v <= version; v++) {
            for (String sql : JdbcSchema.migration(v, dialect)) {
                s.execute(sql);
            }
            s.execute("INSERT INTO " + JdbcSchema.VERSION_TABLE + " (version, applied_at) VALUES (" + v + ", 0)");
        }
    }
}
