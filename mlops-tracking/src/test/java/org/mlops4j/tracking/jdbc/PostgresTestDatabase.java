package org.mlops4j.tracking.jdbc;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL server of the integration tests, named by the environment variable
 * {@value #ENV} (a JDBC URL with credentials, for example
 * {@code jdbc:postgresql://localhost:5432/mlops_test?user=mlops&password=mlops}). Each test gets a
 * fresh schema, dropped afterwards. Without the variable the tests are skipped with a message that
 * says how to run them; {@code .ci/run} sets it and fails if they were skipped.
 */
final class PostgresTestDatabase implements AutoCloseable {

    static final String ENV = "MLOPS_TEST_POSTGRES_URL";

    private final String url;
    private final String schema;

    private PostgresTestDatabase(String url, String schema) {
        this.url = url;
        this.schema = schema;
    }

    /** Creates a fresh schema, or skips the test when no server is configured. */
    static PostgresTestDatabase create() throws SQLException {
        String url = System.getenv(ENV);
        assumeTrue(url != null && !url.isBlank(), "PostgreSQL tests skipped: set " + ENV
                + "=jdbc:postgresql://localhost:5432/<db>?user=<user>&password=<password> to run them"
                + " (.ci/run starts a local server and sets it)");
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        PostgresTestDatabase db = new PostgresTestDatabase(url, schema);
        try (Connection c = db.rawDataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return db;
    }

    String url() {
        return url;
    }

    String schema() {
        return schema;
    }

    /** A data source whose connections work in this test's schema. */
    DataSource dataSource() {
        return dataSource(url, schema);
    }

    static DataSource dataSource(String url, String schema) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        ds.setCurrentSchema(schema);
        return ds;
    }

    private DataSource rawDataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        return ds;
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = rawDataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}
