package org.mlops4j.tracking.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.StoreException;
import org.mlops4j.tracking.Metric;
import org.mlops4j.tracking.RunConfig;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The connection an SQLite store keeps for its writes: one for many writes, replaced when it
 * breaks, closed by {@code close()}, shared by threads one write at a time. The store runs on a data
 * source that records the connections it hands out and can break them.
 */
class KeptConnectionTest {

    @TempDir
    Path dir;

    private RecordingDataSource source;
    private JdbcStore store;
    private JdbcTracker tracker;
    private String runId;

    @BeforeEach
    void setUp() {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(5_000);
        config.enforceForeignKeys(true);
        SQLiteDataSource sqlite = new SQLiteDataSource(config);
        sqlite.setUrl("jdbc:sqlite:" + dir.resolve("mlops.db"));
        source = new RecordingDataSource(sqlite);
        store = JdbcStore.open(source, "recorded store");
        tracker = new JdbcTracker(store, dir.resolve("artifacts"), new ManualClock(Instant.parse("2026-12-06T00:00:00Z")));
        runId = tracker.startRun("kept", RunConfig.ofDefaults().recordSource(false)).id();
    }

    @org.junit.jupiter.api.AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void manyWritesShareOneConnection() {
        int before = source.opened.get();
        for (int i = 0; i < 50; i++) {
            tracker.logMetric(runId, "loss", i, i, Instant.EPOCH);
        }
        // Writes opened none (the kept one was opened before); each read below opens its own.
        assertThat(source.opened.get()).isEqualTo(before);
        assertThat(tracker.metricHistory(runId, "loss")).hasSize(50);
        assertThat(store.holdsWriteConnection()).isTrue();
    }

    @Test
    void aConnectionClosedUnderneathIsReplacedAndTheWriteSucceeds() throws SQLException {
        tracker.logMetric(runId, "loss", 1, 1, Instant.EPOCH);
        Connection kept = source.lastWriteConnection();
        kept.close();

        tracker.logMetric(runId, "loss", 2, 2, Instant.EPOCH);

        assertThat(source.lastWriteConnection()).isNotSameAs(kept);
        assertThat(tracker.metricHistory(runId, "loss")).extracting(Metric::value).containsExactly(1.0, 2.0);
    }

    @Test
    void aConnectionThatFailsWithAnIoErrorIsDiscardedAndTheNextWriteOpensANewOne() throws SQLException {
        tracker.logMetric(runId, "loss", 1, 1, Instant.EPOCH);
        Connection kept = source.lastWriteConnection();
        source.failNextExecute(new SQLException("[SQLITE_IOERR_READ] disk I/O error", null, 266));

        assertThatThrownBy(() -> tracker.logMetric(runId, "loss", 2, 2, Instant.EPOCH))
                .isInstanceOf(StoreException.class).hasMessageContaining("disk I/O error");
        assertThat(kept.isClosed()).as("the broken connection is closed").isTrue();
        assertThat(store.holdsWriteConnection()).isFalse();

        tracker.logMetric(runId, "loss", 3, 3, Instant.EPOCH);
        assertThat(source.lastWriteConnection()).isNotSameAs(kept);
        assertThat(tracker.metricHistory(runId, "loss")).extracting(Metric::value).containsExactly(1.0, 3.0);
    }

    @Test
    void aStatementErrorKeepsTheConnectionAndRollsBackItsTransaction() throws SQLException {
        tracker.logMetric(runId, "loss", 1, 1, Instant.EPOCH);
        Connection kept = source.lastWriteConnection();
        // BEGIN IMMEDIATE passes; the run's SELECT fails inside the transaction, which must be rolled back.
        source.failExecute(1, new SQLException("[SQLITE_CONSTRAINT] constraint failed", null, 19));

        assertThatThrownBy(() -> tracker.logMetric(runId, "loss", 2, 2, Instant.EPOCH))
                .isInstanceOf(StoreException.class);
        tracker.logMetric(runId, "loss", 3, 3, Instant.EPOCH);

        assertThat(source.lastWriteConnection()).isSameAs(kept);
        assertThat(kept.isClosed()).isFalse();
        assertThat(tracker.metricHistory(runId, "loss")).extracting(Metric::value).containsExactly(1.0, 3.0);
    }

    @Test
    void aStoreDroppedWithoutCloseHasItsConnectionClosedOnceUnreachable() throws Exception {
        Connection kept = writeOnceWithAStoreLeftUnclosed();
        assertThat(kept.isClosed()).as("still held while the store may be reachable").isFalse();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!kept.isClosed() && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(kept.isClosed()).as("closed by the store's cleaner").isTrue();
    }

    @Test
    void aStoreThatFailsToOpenClosesEveryConnectionItTook() throws SQLException {
        try (Connection foreign = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("foreign.db"));
             java.sql.Statement ddl = foreign.createStatement()) {
            ddl.execute("CREATE TABLE customers (id INTEGER)");
        }
        SQLiteDataSource sqlite = new SQLiteDataSource();
        sqlite.setUrl("jdbc:sqlite:" + dir.resolve("foreign.db"));
        RecordingDataSource recording = new RecordingDataSource(sqlite);
        assertThatThrownBy(() -> JdbcStore.open(recording, "foreign"))
                .isInstanceOf(org.mlops4j.core.StoreException.class)
                .hasMessageContaining("is not an mlops4j database");
        assertThat(recording.handedOut).as("the refusal ran in a write").isNotEmpty();
        for (Connection c : recording.handedOut) {
            assertThat(c.isClosed()).as("no connection left for a cleaner to blame on the caller").isTrue();
        }
    }

    /** Logs one value through a store and a tracker that are never closed nor kept. */
    private Connection writeOnceWithAStoreLeftUnclosed() {
        SQLiteDataSource sqlite = new SQLiteDataSource();
        sqlite.setUrl("jdbc:sqlite:" + dir.resolve("dropped.db"));
        RecordingDataSource recording = new RecordingDataSource(sqlite);
        JdbcTracker dropped = new JdbcTracker(JdbcStore.open(recording, "dropped store"), dir.resolve("dropped"),
                new ManualClock(Instant.parse("2026-12-06T00:00:00Z")));
        String id = dropped.startRun("dropped", RunConfig.ofDefaults().recordSource(false)).id();
        dropped.logMetric(id, "loss", 1, 1, Instant.EPOCH);
        return recording.lastWriteConnection();
    }

    @Test
    void closeClosesTheKeptConnectionAndALaterWriteOpensAnother() throws SQLException {
        tracker.logMetric(runId, "loss", 1, 1, Instant.EPOCH);
        Connection kept = source.lastWriteConnection();

        tracker.close();

        assertThat(kept.isClosed()).isTrue();
        assertThat(store.holdsWriteConnection()).isFalse();
        tracker.logMetric(runId, "loss", 2, 2, Instant.EPOCH);
        assertThat(store.holdsWriteConnection()).isTrue();
        assertThat(tracker.metricHistory(runId, "loss")).hasSize(2);
        store.close();
        store.close();
        assertThat(source.lastWriteConnection().isClosed()).isTrue();
    }

    @Test
    void aWriteInsideAWriteOnTheSameThreadIsRefused() {
        assertThatThrownBy(() -> store.write(c -> store.write(inner -> null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("inside another write");
        assertThat(tracker.metricHistory(runId, "loss")).isEmpty();
        tracker.logMetric(runId, "loss", 1, 1, Instant.EPOCH);
        assertThat(tracker.metricHistory(runId, "loss")).hasSize(1);
    }

    @Test
    void threadsWritingAtOnceLoseNothing() throws Exception {
        int threads = 6;
        int perThread = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String key = "m" + t;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        tracker.logMetric(runId, key, i, i, Instant.EPOCH);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (int t = 0; t < threads; t++) {
            assertThat(tracker.metricHistory(runId, "m" + t)).extracting(Metric::step)
                    .containsExactlyElementsOf(java.util.stream.LongStream.range(0, perThread).boxed().toList());
            assertThat(tracker.run(runId).orElseThrow().metric("m" + t)).contains((double) perThread - 1);
        }
    }

    @Test
    void aWriteWaitingForAnotherThreadsWriteFailsWithinTheBusyTimeout() throws Exception {
        JdbcStore quick = JdbcStore.sqlite(dir.resolve("quick.db"),
                SqliteStoreConfig.ofDefaults().busyTimeout(Duration.ofMillis(300)));
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> quick.write(c -> {
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        holder.start();
        try {
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            long start = System.nanoTime();
            assertThatThrownBy(() -> quick.write(c -> null))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("busy timeout of 300 ms").hasMessageContaining("another thread's write");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(millis).as("time to fail in ms").isBetween(280L, 300L + 5_000L);
        } finally {
            release.countDown();
            holder.join();
        }
        assertThat(quick.<Integer>write(c -> 7)).isEqualTo(7);
        quick.close();
    }

    @Test
    void preparedStatementsAreKeptAcrossWritesAndTheLeastRecentlyUsedClosedBeyondTheCapacity() throws SQLException {
        try (Connection real = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("cache.db"))) {
            StatementCache cache = new StatementCache(real);
            Connection c = cache.connection();
            PreparedStatement first;
            try (PreparedStatement ps = c.prepareStatement("SELECT ?")) {
                ps.setInt(1, 7);
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(7);
                }
                first = ps.unwrap(PreparedStatement.class);
                assertThat(ps.getConnection()).isSameAs(c);
            }
            assertThat(first.isClosed()).as("close() keeps it").isFalse();
            try (PreparedStatement ps = c.prepareStatement("SELECT ?")) {
                assertThat(ps.unwrap(PreparedStatement.class)).isSameAs(first);
                ps.setInt(1, 8);
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(8);
                }
            }
            for (int i = 0; i < StatementCache.CAPACITY; i++) {
                c.prepareStatement("SELECT " + i).close();
            }
            assertThat(cache.cachedCount()).isEqualTo(StatementCache.CAPACITY);
            assertThat(first.isClosed()).as("the least recently used is closed").isTrue();
            PreparedStatement recent = c.prepareStatement("SELECT 5").unwrap(PreparedStatement.class);
            cache.closeAll();
            assertThat(recent.isClosed()).isTrue();
            assertThat(cache.cachedCount()).isZero();
        }
    }

    @Test
    void theSameTextPreparedWhileItsStatementIsHeldGetsAStatementOfItsOwn() throws SQLException {
        try (Connection real = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("nested.db"))) {
            try (java.sql.Statement ddl = real.createStatement()) {
                ddl.execute("CREATE TABLE t (v INTEGER)");
                ddl.execute("INSERT INTO t (v) VALUES (1), (2), (3)");
            }
            StatementCache cache = new StatementCache(real);
            Connection c = cache.connection();
            String sql = "SELECT v FROM t WHERE v >= ? ORDER BY v";
            List<String> pairs = new ArrayList<>();
            PreparedStatement kept;
            PreparedStatement nested;
            try (PreparedStatement outer = c.prepareStatement(sql)) {
                kept = outer.unwrap(PreparedStatement.class);
                outer.setInt(1, 2);
                try (java.sql.ResultSet rows = outer.executeQuery()) {
                    // A query of the same text inside the loop over the outer rows: were it the kept
                    // statement, running it would reset the outer result set.
                    nested = null;
                    while (rows.next()) {
                        try (PreparedStatement inner = c.prepareStatement(sql)) {
                            nested = inner;
                            assertThat(inner).isNotSameAs(outer);
                            inner.setInt(1, 3);
                            try (java.sql.ResultSet in = inner.executeQuery()) {
                                while (in.next()) {
                                    pairs.add(rows.getInt(1) + "-" + in.getInt(1));
                                }
                            }
                        }
                    }
                }
            }
            assertThat(pairs).containsExactly("2-3", "3-3");
            assertThat(nested.isClosed()).as("the statement of its own is closed by its close()").isTrue();
            assertThat(kept.isClosed()).isFalse();
            assertThat(cache.cachedCount()).isEqualTo(1);
            try (PreparedStatement again = c.prepareStatement(sql)) {
                assertThat(again.unwrap(PreparedStatement.class)).as("released, kept again").isSameAs(kept);
            }
            cache.closeAll();
        }
    }

    @Test
    void aStatementAWriteLeftOpenIsHeldNoLongerThanThatWrite() {
        PreparedStatement[] leaked = new PreparedStatement[1];
        store.write(c -> {
            // Prepared and never closed: the work forgot its try-with-resources.
            leaked[0] = c.prepareStatement("SELECT 41").unwrap(PreparedStatement.class);
            return null;
        });
        PreparedStatement next = store.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 41")) {
                return ps.unwrap(PreparedStatement.class);
            }
        });
        assertThat(next).as("the kept statement, not one of its own").isSameAs(leaked[0]);
    }

    @Test
    void aKeptStatementComesBackWithoutTheLastWritesParametersOrBatch() throws SQLException {
        try (Connection real = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("clear.db"))) {
            try (java.sql.Statement ddl = real.createStatement()) {
                ddl.execute("CREATE TABLE t (v INTEGER)");
            }
            StatementCache cache = new StatementCache(real);
            Connection c = cache.connection();
            try (PreparedStatement ps = c.prepareStatement("SELECT ?")) {
                ps.setInt(1, 7);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT ?");
                 java.sql.ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                rs.getInt(1);
                assertThat(rs.wasNull()).as("the parameter bound by the last user is gone").isTrue();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (v) VALUES (?)")) {
                ps.setInt(1, 1);
                ps.addBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (v) VALUES (?)")) {
                ps.setInt(1, 2);
                ps.addBatch();
                assertThat(ps.executeBatch()).as("only this user's row").hasSize(1);
            }
            try (java.sql.Statement q = real.createStatement();
                 java.sql.ResultSet rs = q.executeQuery("SELECT group_concat(v) FROM t")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("2");
            }
            cache.closeAll();
        }
    }

    @Test
    void aClosedConnectionCountsAsBrokenWhateverTheErrorCode() throws SQLException {
        Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("closed.db"));
        SQLException statementError = new SQLException("constraint failed", "23000", 19);
        assertThat(KeptConnection.isBroken(c, statementError)).as("open, statement error").isFalse();
        c.close();
        assertThat(KeptConnection.isBroken(c, statementError)).as("closed underneath").isTrue();
    }

    @Test
    void onlyErrorsOfTheFileOrTheConnectionCountAsBroken() {
        // Primary codes, and extended ones whose low byte is the primary (266 = SQLITE_IOERR_READ).
        for (int code : new int[] {10, 266, 11, 14, 21, 26}) {
            assertThat(KeptConnection.isConnectionError(code)).as("code %d", code).isTrue();
        }
        // Statement errors: SQLITE_ERROR, BUSY, LOCKED, READONLY, FULL, CONSTRAINT, MISMATCH, RANGE, and none.
        for (int code : new int[] {0, 1, 5, 6, 8, 13, 19, 20, 25, 9, 12, 15, 22, 27, 1555}) {
            assertThat(KeptConnection.isConnectionError(code)).as("code %d", code).isFalse();
        }
    }

    /**
     * A data source that records the connections it hands out and can make the next execution of a
     * prepared statement of any of them fail with a given error.
     */
    static final class RecordingDataSource implements DataSource {

        final AtomicInteger opened = new AtomicInteger();
        private final DataSource inner;
        private final List<Connection> handedOut = new CopyOnWriteArrayList<>();
        private volatile SQLException nextFailure;
        private final AtomicInteger skip = new AtomicInteger();

        RecordingDataSource(DataSource inner) {
            this.inner = inner;
        }

        void failNextExecute(SQLException failure) {
            failExecute(0, failure);
        }

        /** Lets {@code skipped} executions pass, then fails the next one. */
        void failExecute(int skipped, SQLException failure) {
            skip.set(skipped);
            nextFailure = failure;
        }

        /** @return the most recent connection that is in auto-commit mode and was used for a write */
        Connection lastWriteConnection() {
            return handedOut.get(handedOut.size() - 1);
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection real = inner.getConnection();
            opened.incrementAndGet();
            Connection proxy = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (p, method, args) -> {
                        if (method.getName().equals("setAutoCommit") && Boolean.TRUE.equals(args[0])) {
                            // Only the kept write connection is switched to auto-commit explicitly.
                            handedOut.add((Connection) p);
                        }
                        Object result = invoke(real, method, args);
                        if (result instanceof PreparedStatement ps) {
                            return failing(ps);
                        }
                        return result;
                    });
            return proxy;
        }

        /** A statement whose next execution (of any statement) fails with {@link #failNextExecute}'s error. */
        private PreparedStatement failing(PreparedStatement real) {
            return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, (p, method, args) -> {
                        if (method.getName().startsWith("execute") && nextFailure != null
                                && skip.getAndDecrement() <= 0) {
                            SQLException failure = nextFailure;
                            nextFailure = null;
                            throw failure;
                        }
                        return invoke(real, method, args);
                    });
        }

        private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            throw new SQLFeatureNotSupportedException("no credentials");
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return inner.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            inner.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            inner.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return inner.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return inner.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            return inner.unwrap(iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) throws SQLException {
            return inner.isWrapperFor(iface);
        }
    }
}
