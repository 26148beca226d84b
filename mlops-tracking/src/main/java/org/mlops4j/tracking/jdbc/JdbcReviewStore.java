package org.mlops4j.tracking.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.mlops4j.core.Clock;
import org.mlops4j.core.review.Admission;
import org.mlops4j.core.review.NewReview;
import org.mlops4j.core.review.ReviewClaim;
import org.mlops4j.core.review.ReviewDecision;
import org.mlops4j.core.review.ReviewFigures;
import org.mlops4j.core.review.ReviewLimits;
import org.mlops4j.core.review.ReviewRecord;
import org.mlops4j.core.review.ReviewState;
import org.mlops4j.core.review.ReviewStatus;
import org.mlops4j.core.review.ReviewStore;

/**
 * The {@link ReviewStore} of a fleet and its back-office UI on a {@link JdbcStore}'s
 * {@code review_items} table (schema version 8): PostgreSQL for replicas on many hosts, SQLite for
 * processes on one host. Items, claims and decisions survive restarts.
 *
 * <p>Every transition is one transaction that locks the item's row ({@code SELECT ... FOR UPDATE}
 * on PostgreSQL; SQLite's {@code BEGIN IMMEDIATE} write transactions hold the database's write
 * lock), reads the time from the injected clock, applies {@link ReviewState}'s rules (the in-memory
 * store's) and writes the row back. {@link #add} counts the waiting items and inserts in one
 * transaction serialised per queue (on PostgreSQL a transaction-scoped advisory lock on the queue's
 * name), so the capacity holds exactly across processes. {@link #claimNext} and {@link #expire}
 * select with {@code FOR UPDATE SKIP LOCKED} on PostgreSQL, so concurrent reviewers get different
 * items and each expired item is returned to one caller; on SQLite an empty queue is answered by a read
 * alone, so idle pollers take no write lock.
 *
 * <p>Times are stored as epoch microseconds (an {@link Instant}'s nanoseconds are truncated), of the
 * clock of the replica that wrote them: keep replicas' clocks synchronised (NTP), since a lease's
 * end and a deadline are judged on the clock of whoever reads them. {@link #close()} leaves the
 * {@link JdbcStore} open: the store belongs to the caller, who may share it (with a tracker, a
 * registry) and closes it when done (an SQLite store keeps a write connection). Thread-safe. Database failures are
 * thrown as {@link org.mlops4j.core.StoreException} naming the store.
 */
public final class JdbcReviewStore implements ReviewStore {

    /** The first key of the advisory locks that serialise additions to one queue on PostgreSQL. */
    private static final int QUEUE_LOCK_CLASS = 0x6d6c7276;
    private static final String COLUMNS = "queue, prediction_id, input_text, model_answer_text, confidence, model,"
            + " enqueued_at, priority, deadline, status, claimed_by, claimed_until, claim_token, decision_text,"
            + " reviewer, review_comment, agrees, resolved_at";
    private static final String WAITING = " status IN ('PENDING', 'CLAIMED')";
    private static final String REVIEW_ORDER = " ORDER BY priority DESC, enqueued_at, prediction_id";
    /** Pending: waiting, not overdue ({@code deadline >= now}), no live claim ({@code claimed_until <= now}). */
    private static final String PENDING = WAITING + " AND deadline >= ? AND (status = 'PENDING' OR claimed_until <= ?)";

    private final JdbcStore store;
    private final Clock clock;

    /**
     * A review store on a database, timed by the system clock.
     *
     * @param store the database the fleet shares
     */
    public JdbcReviewStore(JdbcStore store) {
        this(store, Clock.system());
    }

    /**
     * A review store on a database.
     *
     * @param store the database the fleet shares
     * @param clock the time of leases, deadlines and resolutions
     */
    public JdbcReviewStore(JdbcStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Admission add(String queue, NewReview item, int capacity) {
        ReviewLimits.checkName("queue", queue);
        Objects.requireNonNull(item, "item");
        ReviewLimits.checkCapacity(capacity);
        long enqueuedAt = micros("item.enqueuedAt", item.enqueuedAt());
        long deadline = micros("item.deadline", item.deadline());
        return store.write(c -> {
            store.lockKey(c, QUEUE_LOCK_CLASS, queue);
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT 1 FROM review_items WHERE queue = ? AND prediction_id = ?")) {
                s.setString(1, queue);
                s.setString(2, item.predictionId());
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        return Admission.DUPLICATE;
                    }
                }
            }
            long now = micros("now", now());
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT COUNT(*) FROM review_items WHERE queue = ? AND" + WAITING + " AND deadline >= ?")) {
                s.setString(1, queue);
                s.setLong(2, now);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) >= capacity) {
                        return Admission.FULL;
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO review_items (" + COLUMNS + ")"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, queue);
                s.setString(2, item.predictionId());
                s.setString(3, item.inputText());
                s.setString(4, item.modelAnswerText());
                if (Double.isNaN(item.confidence())) {
                    s.setNull(5, Types.DOUBLE);
                } else {
                    s.setDouble(5, item.confidence());
                }
                s.setString(6, item.model());
                s.setLong(7, enqueuedAt);
                s.setInt(8, item.priority());
                s.setLong(9, deadline);
                s.setString(10, ReviewStatus.PENDING.name());
                s.setNull(11, Types.VARCHAR);
                s.setNull(12, Types.BIGINT);
                s.setLong(13, 0);
                s.setNull(14, Types.VARCHAR);
                s.setNull(15, Types.VARCHAR);
                s.setNull(16, Types.VARCHAR);
                s.setNull(17, Types.INTEGER);
                s.setNull(18, Types.BIGINT);
                s.executeUpdate();
            }
            return Admission.ADDED;
        });
    }

    @Override
    public List<ReviewRecord> pending(String queue, int limit) {
        return list(queue, limit, true);
    }

    @Override
    public List<ReviewRecord> waiting(String queue, int limit) {
        return list(queue, limit, false);
    }

    private List<ReviewRecord> list(String queue, int limit, boolean pendingOnly) {
        ReviewLimits.checkName("queue", queue);
        ReviewLimits.checkLimit(limit);
        Instant now = now();
        long nowMicros = micros("now", now);
        return store.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM review_items WHERE queue = ? AND"
                    + (pendingOnly ? PENDING : WAITING + " AND deadline >= ?") + REVIEW_ORDER + " LIMIT ?")) {
                int i = 1;
                s.setString(i++, queue);
                s.setLong(i++, nowMicros);
                if (pendingOnly) {
                    s.setLong(i++, nowMicros);
                }
                s.setInt(i, limit);
                return views(s, now);
            }
        });
    }

    @Override
    public Optional<ReviewRecord> find(String queue, String predictionId) {
        ReviewLimits.checkName("queue", queue);
        ReviewLimits.checkName("predictionId", predictionId);
        Instant now = now();
        return store.read(c -> state(c, queue, predictionId, "").map(s -> s.view(now)));
    }

    @Override
    public ReviewClaim claim(String queue, String predictionId, String reviewer, Duration lease) {
        ReviewLimits.checkName("queue", queue);
        ReviewLimits.checkName("predictionId", predictionId);
        ReviewLimits.checkName("reviewer", reviewer);
        ReviewLimits.checkLease(lease);
        return store.write(c -> {
            ReviewState next = locked(c, queue, predictionId).claim(reviewer, lease, now());
            update(c, next);
            return next.claimOf();
        });
    }

    @Override
    public Optional<ReviewClaim> claimNext(String queue, String reviewer, Duration lease) {
        ReviewLimits.checkName("reviewer", reviewer);
        ReviewLimits.checkLease(lease);
        // On SQLite nothing pending is answered by a read, so idle reviewers' polls take no write lock
        // (PostgreSQL's row locks make the read unnecessary).
        if (store.dialect() == SqlDialect.SQLITE && pending(queue, 1).isEmpty()) {
            return Optional.empty();
        }
        String skipLocked = store.dialect() == SqlDialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
        return store.write(c -> {
            Instant now = now();
            long nowMicros = micros("now", now);
            Optional<ReviewState> first;
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM review_items WHERE queue = ? AND"
                    + PENDING + REVIEW_ORDER + " LIMIT 1" + skipLocked)) {
                s.setString(1, queue);
                s.setLong(2, nowMicros);
                s.setLong(3, nowMicros);
                first = first(s);
            }
            if (first.isEmpty()) {
                return Optional.<ReviewClaim>empty();
            }
            ReviewState next = first.get().claim(reviewer, lease, now);
            update(c, next);
            return Optional.of(next.claimOf());
        });
    }

    @Override
    public void release(ReviewClaim claim) {
        Objects.requireNonNull(claim, "claim");
        store.write(c -> {
            update(c, locked(c, claim.queue(), claim.predictionId()).release(claim, now()));
            return null;
        });
    }

    @Override
    public ReviewRecord resolve(String queue, String predictionId, ReviewDecision decision, OptionalLong claimToken) {
        ReviewLimits.checkName("queue", queue);
        ReviewLimits.checkName("predictionId", predictionId);
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(claimToken, "claimToken");
        return store.write(c -> {
            Instant now = now();
            ReviewState next = locked(c, queue, predictionId).resolve(decision, claimToken, now);
            update(c, next);
            return next.view(now);
        });
    }

    @Override
    public List<ReviewRecord> expire(String queue) {
        ReviewLimits.checkName("queue", queue);
        if (store.dialect() == SqlDialect.SQLITE && !hasOverdue(queue)) {
            return List.of();
        }
        String skipLocked = store.dialect() == SqlDialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
        return store.write(c -> {
            Instant now = now();
            List<ReviewState> overdue = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM review_items WHERE queue = ? AND"
                    + WAITING + " AND deadline < ?" + REVIEW_ORDER + skipLocked)) {
                s.setString(1, queue);
                s.setLong(2, micros("now", now));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        overdue.add(row(rs));
                    }
                }
            }
            List<ReviewRecord> expired = new ArrayList<>();
            for (ReviewState state : overdue) {
                Optional<ReviewState> next = state.expire(now);
                if (next.isPresent()) {
                    update(c, next.get());
                    expired.add(next.get().view(now));
                }
            }
            return List.copyOf(expired);
        });
    }

    private boolean hasOverdue(String queue) {
        long now = micros("now", now());
        return store.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT 1 FROM review_items WHERE queue = ? AND" + WAITING + " AND deadline < ? LIMIT 1")) {
                s.setString(1, queue);
                s.setLong(2, now);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    @Override
    public List<ReviewRecord> resolvedSince(String queue, Instant since, int limit) {
        ReviewLimits.checkName("queue", queue);
        Objects.requireNonNull(since, "since");
        ReviewLimits.checkLimit(limit);
        long sinceMicros = clampedMicros(since);
        Instant now = now();
        return store.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM review_items WHERE queue = ?"
                    + " AND status = 'RESOLVED' AND resolved_at >= ? ORDER BY resolved_at, prediction_id LIMIT ?")) {
                s.setString(1, queue);
                s.setLong(2, sinceMicros);
                s.setInt(3, limit);
                return views(s, now);
            }
        });
    }

    @Override
    public ReviewFigures figures(String queue) {
        ReviewLimits.checkName("queue", queue);
        Instant now = now();
        long nowMicros = micros("now", now);
        return store.read(c -> {
            long resolved;
            long agreed;
            long expired;
            try (PreparedStatement s = c.prepareStatement("SELECT"
                    + " SUM(CASE WHEN status = 'RESOLVED' THEN 1 ELSE 0 END),"
                    + " SUM(CASE WHEN status = 'RESOLVED' AND agrees = 1 THEN 1 ELSE 0 END),"
                    + " SUM(CASE WHEN status = 'EXPIRED' OR (" + WAITING + " AND deadline < ?) THEN 1 ELSE 0 END)"
                    + " FROM review_items WHERE queue = ?")) {
                s.setLong(1, nowMicros);
                s.setString(2, queue);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    resolved = rs.getLong(1);
                    agreed = rs.getLong(2);
                    expired = rs.getLong(3);
                }
            }
            List<Duration> ages = new ArrayList<>();
            int claimed = 0;
            try (PreparedStatement s = c.prepareStatement("SELECT enqueued_at, status, claimed_until FROM review_items"
                    + " WHERE queue = ? AND" + WAITING + " AND deadline >= ?")) {
                s.setString(1, queue);
                s.setLong(2, nowMicros);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        Duration age = Duration.between(instant(rs.getLong(1)), now);
                        ages.add(age.isNegative() ? Duration.ZERO : age);
                        if (ReviewStatus.CLAIMED.name().equals(rs.getString(2)) && rs.getLong(3) > nowMicros) {
                            claimed++;
                        }
                    }
                }
            }
            return ReviewFigures.of(queue, now, claimed, resolved, expired, agreed, ages.toArray(Duration[]::new));
        });
    }

    @Override
    public int purge(String queue, Instant resolvedBefore) {
        ReviewLimits.checkName("queue", queue);
        Objects.requireNonNull(resolvedBefore, "resolvedBefore");
        long before = clampedMicros(resolvedBefore);
        return store.write(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM review_items WHERE queue = ?"
                    + " AND status IN ('RESOLVED', 'EXPIRED') AND resolved_at < ?")) {
                s.setString(1, queue);
                s.setLong(2, before);
                return s.executeUpdate();
            }
        });
    }

    /** Leaves the {@link JdbcStore} open: it belongs to the caller, who closes it when done. */
    @Override
    public void close() {
        // Nothing of this class's own to release; the shared store is closed by its owner.
    }

    @Override
    public String toString() {
        return "JdbcReviewStore[" + store + "]";
    }

    /** The item's row locked until the transaction ends; UNKNOWN when missing. */
    private ReviewState locked(Connection c, String queue, String predictionId) throws SQLException {
        return state(c, queue, predictionId, store.dialect().forUpdate())
                .orElseThrow(() -> ReviewState.unknown(queue, predictionId));
    }

    private static Optional<ReviewState> state(Connection c, String queue, String predictionId, String lock)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM review_items"
                + " WHERE queue = ? AND prediction_id = ?" + lock)) {
            s.setString(1, queue);
            s.setString(2, predictionId);
            return first(s);
        }
    }

    private static Optional<ReviewState> first(PreparedStatement s) throws SQLException {
        try (ResultSet rs = s.executeQuery()) {
            return rs.next() ? Optional.of(row(rs)) : Optional.empty();
        }
    }

    private static List<ReviewRecord> views(PreparedStatement s, Instant now) throws SQLException {
        List<ReviewRecord> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(row(rs).view(now));
            }
        }
        return List.copyOf(out);
    }

    private static ReviewState row(ResultSet rs) throws SQLException {
        double confidence = rs.getDouble(5);
        if (rs.wasNull()) {
            confidence = Double.NaN;
        }
        NewReview item = new NewReview(rs.getString(2), rs.getString(3), rs.getString(4), confidence, rs.getString(6),
                instant(rs.getLong(7)), rs.getInt(8), instant(rs.getLong(9)));
        ReviewStatus status = ReviewStatus.valueOf(rs.getString(10));
        Optional<String> claimedBy = Optional.ofNullable(rs.getString(11));
        long until = rs.getLong(12);
        Optional<Instant> claimedUntil = rs.wasNull() ? Optional.empty() : Optional.of(instant(until));
        long token = rs.getLong(13);
        Optional<ReviewDecision> decision = Optional.empty();
        String decisionText = rs.getString(14);
        if (decisionText != null) {
            decision = Optional.of(new ReviewDecision(decisionText, rs.getString(15),
                    Optional.ofNullable(rs.getString(16)), rs.getInt(17) == 1));
        }
        long resolved = rs.getLong(18);
        Optional<Instant> resolvedAt = rs.wasNull() ? Optional.empty() : Optional.of(instant(resolved));
        return new ReviewState(rs.getString(1), item, status, claimedBy, claimedUntil, token, decision, resolvedAt);
    }

    private static void update(Connection c, ReviewState state) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE review_items SET status = ?, claimed_by = ?,"
                + " claimed_until = ?, claim_token = ?, decision_text = ?, reviewer = ?, review_comment = ?,"
                + " agrees = ?, resolved_at = ? WHERE queue = ? AND prediction_id = ?")) {
            s.setString(1, state.stored().name());
            s.setString(2, state.claimedBy().orElse(null));
            setMicros(s, 3, state.claimedUntil());
            s.setLong(4, state.token());
            Optional<ReviewDecision> d = state.decision();
            s.setString(5, d.map(ReviewDecision::decisionText).orElse(null));
            s.setString(6, d.map(ReviewDecision::reviewer).orElse(null));
            s.setString(7, d.flatMap(ReviewDecision::comment).orElse(null));
            if (d.isPresent()) {
                s.setInt(8, d.get().agreesWithModel() ? 1 : 0);
            } else {
                s.setNull(8, Types.INTEGER);
            }
            setMicros(s, 9, state.resolvedAt());
            s.setString(10, state.queue());
            s.setString(11, state.item().predictionId());
            s.executeUpdate();
        }
    }

    private static void setMicros(PreparedStatement s, int index, Optional<Instant> value) throws SQLException {
        if (value.isPresent()) {
            s.setLong(index, micros("time", value.get()));
        } else {
            s.setNull(index, Types.BIGINT);
        }
    }

    /** Epoch microseconds of an instant the store writes; out of range (about ±292,000 years) is refused. */
    static long micros(String field, Instant instant) {
        try {
            return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(field + " must be within ±292,000 years of 1970 to be stored but was "
                    + instant, e);
        }
    }

    /** Epoch microseconds of a bound, clamped to the representable range. */
    private static long clampedMicros(Instant instant) {
        try {
            return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
        } catch (ArithmeticException e) {
            return instant.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** The clock's time at the stored precision, so that what a call returns equals what a later read finds. */
    private Instant now() {
        return clock.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static Instant instant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
}
