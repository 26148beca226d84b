package org.mlops4j.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.mlops4j.core.Clock;
import org.mlops4j.tracking.Metric;
import org.mlops4j.tracking.RunConfig;
import org.mlops4j.tracking.jdbc.JdbcStore;
import org.mlops4j.tracking.jdbc.JdbcTracker;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded SQLite store against a raw JDBC loop writing the same rows, in the same run: two
 * store files made by {@link JdbcStore#sqlite(Path)} (same schema, same indexes) in one temporary
 * directory on the same disk. The store's side is {@link JdbcTracker#logMetric} and
 * {@link JdbcTracker#logBatch}; the raw side opens one connection with the store's pragmas (WAL,
 * {@code synchronous=FULL}, {@code BEGIN IMMEDIATE} transactions, foreign keys on) and inserts the
 * same metric rows into the same {@code metrics} table, one transaction per write.
 *
 * <ul>
 *   <li>{@code storeLogMetric} / {@code rawLogMetric}: one metric value, one durable transaction;</li>
 *   <li>{@code rawLogMetricConnectionPerWrite}: the raw loop opening and closing a connection per
 *       write, what the store did before issue 21;</li>
 *   <li>{@code storeLogBatch1000} / {@code rawBatch1000}: 1,000 metric values (10 keys x 100 steps)
 *       in one call, one transaction with a batched prepared statement.</li>
 * </ul>
 *
 * <p>The store does more per write than the raw loop by design (it checks the run is active and
 * running, keeps each metric's latest value in its own table and the run's last activity); the
 * issue's target is the ratio raw/store at least 0.8.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SqliteStoreBenchmark {

    private static final int BATCH = 1000;

    private Path dir;
    private JdbcTracker tracker;
    private String storeRunId;
    private String rawRunId;
    private String perWriteRunId;
    private SQLiteDataSource perWriteSource;
    private Connection raw;
    private PreparedStatement rawInsert;
    private List<Metric> batch;
    private Instant timestamp;
    private long step;

    /**
     * Creates both store files, a run in each, and the raw loop's connection.
     *
     * @throws IOException if the temporary directory cannot be created
     * @throws SQLException if the raw connection cannot be opened
     */
    @Setup
    public void setUp() throws IOException, SQLException {
        dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "mlops4j-store-bench-");
        tracker = new JdbcTracker(JdbcStore.sqlite(dir.resolve("store.db")), dir.resolve("store-artifacts"),
                Clock.system());
        storeRunId = tracker.startRun("bench", RunConfig.ofDefaults().recordSource(false)).id();
        JdbcTracker rawSide = new JdbcTracker(JdbcStore.sqlite(dir.resolve("raw.db")), dir.resolve("raw-artifacts"),
                Clock.system());
        rawRunId = rawSide.startRun("bench", RunConfig.ofDefaults().recordSource(false)).id();
        rawSide.close();
        // Its own file: the raw loop's connection holds the write lock of raw.db between its writes
        // (sqlite-jdbc begins the next transaction at commit).
        JdbcTracker perWriteSide = new JdbcTracker(JdbcStore.sqlite(dir.resolve("per-write.db")),
                dir.resolve("per-write-artifacts"), Clock.system());
        perWriteRunId = perWriteSide.startRun("bench", RunConfig.ofDefaults().recordSource(false)).id();
        perWriteSide.close();

        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(30_000);
        config.enforceForeignKeys(true);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource rawSource = new SQLiteDataSource(config);
        rawSource.setUrl("jdbc:sqlite:" + dir.resolve("raw.db"));
        raw = rawSource.getConnection();
        perWriteSource = new SQLiteDataSource(config);
        perWriteSource.setUrl("jdbc:sqlite:" + dir.resolve("per-write.db"));
        raw.setAutoCommit(false);
        rawInsert = raw.prepareStatement(INSERT);

        timestamp = Instant.now();
        batch = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            batch.add(new Metric("m" + (i % 10), i * 0.001, i / 10, timestamp));
        }
    }

    private static final String INSERT =
            "INSERT INTO metrics (run_id, metric_key, metric_value, is_nan, step, ts) VALUES (?, ?, ?, ?, ?, ?)";

    /**
     * Closes everything and deletes the files.
     *
     * @throws IOException if a file cannot be deleted
     * @throws SQLException if the raw connection cannot be closed
     */
    @TearDown
    public void tearDown() throws IOException, SQLException {
        rawInsert.close();
        raw.commit();
        raw.close();
        tracker.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** One metric value through the store: one durable transaction. */
    @Benchmark
    public void storeLogMetric() {
        long s = step++;
        tracker.logMetric(storeRunId, "loss", s * 0.001, s, timestamp);
    }

    /**
     * The same row in a raw loop on one open connection: one durable transaction.
     *
     * @throws SQLException never, on a healthy file
     */
    @Benchmark
    public void rawLogMetric() throws SQLException {
        long s = step++;
        bind(rawInsert, rawRunId, "loss", s * 0.001, s);
        rawInsert.executeUpdate();
        raw.commit();
    }

    /**
     * The same row, opening and closing a connection per write.
     *
     * @throws SQLException never, on a healthy file
     */
    @Benchmark
    public void rawLogMetricConnectionPerWrite() throws SQLException {
        long s = step++;
        try (Connection c = perWriteSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                bind(ps, perWriteRunId, "loss", s * 0.001, s);
                ps.executeUpdate();
            }
            c.commit();
        }
    }

    /** 1,000 metric values through the store in one call. */
    @Benchmark
    public void storeLogBatch1000() {
        tracker.logBatch(storeRunId, batch, List.of(), List.of());
    }

    /**
     * The same 1,000 rows in one raw transaction with a batched prepared statement.
     *
     * @throws SQLException never, on a healthy file
     */
    @Benchmark
    public void rawBatch1000() throws SQLException {
        for (Metric m : batch) {
            bind(rawInsert, rawRunId, m.key(), m.value(), m.step());
            rawInsert.addBatch();
        }
        rawInsert.executeBatch();
        raw.commit();
    }

    private void bind(PreparedStatement ps, String runId, String key, double value, long s) throws SQLException {
        ps.setString(1, runId);
        ps.setString(2, key);
        ps.setDouble(3, value);
        ps.setInt(4, 0);
        ps.setLong(5, s);
        ps.setLong(6, timestamp.toEpochMilli());
    }
}
