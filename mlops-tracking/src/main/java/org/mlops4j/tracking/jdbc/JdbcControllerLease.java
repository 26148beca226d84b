package org.mlops4j.tracking.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.mlops4j.core.Clock;
import org.mlops4j.core.fleet.ControllerLease;
import org.mlops4j.core.fleet.LeaseGrant;
import org.mlops4j.core.fleet.LeaseTerm;

/**
 * A {@link ControllerLease} in a {@link JdbcStore}'s {@code controller_leases} table (schema version
 * 6): PostgreSQL for replicas on many hosts, SQLite for processes on one host.
 *
 * <p>Each call is one transaction that locks the lease's row ({@code SELECT ... FOR UPDATE} on
 * PostgreSQL; SQLite's write transactions hold the database's write lock), reads the time, applies
 * {@link LeaseTerm}'s rules and writes the new term. Expiry is judged on one clock: the database
 * server's ({@code clock_timestamp()}, read after the row lock is held) on PostgreSQL, and on SQLite
 * the host's ({@code julianday('now')}), which every process sharing the file reads. So replicas'
 * clocks may be off by any amount; the holder itself counts its tenure on its own monotonic clock
 * from before its request ({@link LeaseGrant#heldAt}), which ends no later than the database's.
 * Thread-safe.
 */
public final class JdbcControllerLease implements ControllerLease {

    private static final String POSTGRES_NOW = "SELECT CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";
    private static final String SQLITE_NOW = "SELECT CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)";

    private final JdbcStore store;
    private final String name;
    private final Clock clock;

    /**
     * A lease of a store, the holder's side timed by the system clock.
     *
     * @param store the database the fleet shares
     * @param name the lease's name, for example {@code "rollout:fraud"}
     * @throws IllegalArgumentException if {@code name} is blank or longer than 256 characters
     */
    public JdbcControllerLease(JdbcStore store, String name) {
        this(store, name, Clock.system());
    }

    /**
     * A lease of a store.
     *
     * @param store the database the fleet shares
     * @param name the lease's name, for example {@code "rollout:fraud"}
     * @param clock the holder's monotonic clock, for {@link LeaseGrant#askedAtNanos()}; expiry is
     *     judged on the database's clock
     * @throws IllegalArgumentException if {@code name} is blank or longer than 256 characters
     */
    public JdbcControllerLease(JdbcStore store, String name, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.name = ControllerLease.checkName(name);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<LeaseGrant> acquire(String holder, Duration ttl) {
        ControllerLease.checkHolder(holder);
        ControllerLease.checkTtl(ttl);
        long asked = clock.nanoTime();
        Optional<LeaseTerm> granted = store.write(c -> {
            LeaseTerm current = lockedTerm(c);
            Optional<LeaseTerm> next = current.acquire(holder, ttl.toMillis(), now(c));
            if (next.isPresent()) {
                update(c, next.get());
            }
            return next;
        });
        return granted.map(t -> new LeaseGrant(name, holder, t.epoch(), asked, ttl));
    }

    @Override
    public boolean release(LeaseGrant grant) {
        ControllerLease.checkGrant(this, grant);
        return store.write(c -> {
            Optional<LeaseTerm> next = lockedTerm(c).release(grant.holder(), grant.epoch());
            if (next.isPresent()) {
                update(c, next.get());
            }
            return next.isPresent();
        });
    }

    @Override
    public LeaseTerm term() {
        return store.read(this::read);
    }

    @Override
    public Optional<LeaseTerm> holder() {
        return store.read(c -> {
            LeaseTerm t = read(c);
            return t.heldAt(now(c)) ? Optional.of(t) : Optional.empty();
        });
    }

    /** The lease's row, created free when missing, locked until the transaction ends. */
    private LeaseTerm lockedTerm(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO controller_leases (name, holder, epoch, expires_at)"
                + " VALUES (?, '', 0, 0) ON CONFLICT (name) DO NOTHING")) {
            s.setString(1, name);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("SELECT holder, epoch, expires_at FROM controller_leases"
                + " WHERE name = ?" + store.dialect().forUpdate())) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new LeaseTerm(rs.getString(1), rs.getLong(2), rs.getLong(3));
            }
        }
    }

    private LeaseTerm read(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT holder, epoch, expires_at FROM controller_leases"
                + " WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? new LeaseTerm(rs.getString(1), rs.getLong(2), rs.getLong(3)) : LeaseTerm.FREE;
            }
        }
    }

    private void update(Connection c, LeaseTerm t) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE controller_leases SET holder = ?, epoch = ?,"
                + " expires_at = ? WHERE name = ?")) {
            s.setString(1, t.holder());
            s.setLong(2, t.epoch());
            s.setLong(3, t.expiresAt());
            s.setString(4, name);
            s.executeUpdate();
        }
    }

    /** The database's time in epoch milliseconds: the one clock every replica's lease is judged on. */
    private long now(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(store.dialect() == SqlDialect.POSTGRESQL ? POSTGRES_NOW
                : SQLITE_NOW); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public String toString() {
        return "JdbcControllerLease[" + name + " in " + store + "]";
    }
}
