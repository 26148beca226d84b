package org.mlops4j.core.fleet;

import java.time.Duration;
import java.util.Optional;
import org.mlops4j.core.Clock;

/**
 * A named lease that lets exactly one replica of a fleet act as the controller at a time (the one
 * that ticks a rollout and decides), with expiry, takeover after the holder dies, and a fencing
 * token. Replicas call {@link #acquire} on a schedule more often than the TTL: the holder renews its
 * tenure, the others are refused until it expires or is released, and the first to ask after that
 * gets a new tenure with a higher {@linkplain LeaseGrant#epoch() epoch}. The rules are
 * {@link LeaseTerm}'s, judged on the store's one clock, so replicas' clock offsets do not matter.
 *
 * <p>A lease alone cannot stop a holder that paused (a GC pause, a stopped VM) past its TTL from
 * acting when it wakes, before it learns that it lost the lease: what it writes must carry its epoch,
 * and readers must prefer the highest epoch. The rollout does so ({@code Rollout.Builder.lease} in
 * {@code mlops-lifecycle}).
 *
 * <p>Implementations are thread-safe: {@link #inMemory} for replicas that are threads of one JVM (and
 * tests), {@code JdbcControllerLease} in {@code mlops-tracking} for processes sharing a SQLite file or
 * a PostgreSQL database.
 */
public interface ControllerLease {

    /** @return the lease's name, for example {@code "rollout:fraud"} */
    String name();

    /**
     * Acquires the lease, or renews it when {@code holder} holds it already.
     *
     * @param holder the asking replica's id: unique per process (a restarted process with the same
     *     id would renew its predecessor's tenure), non-blank, at most 250 characters
     * @param ttl how long the tenure lasts from the store's handling of this call, positive
     * @return the grant (the same epoch for a renewal, a higher one for a new tenure), or empty when
     *     another holder's tenure has not ended
     * @throws IllegalArgumentException if {@code holder} is blank or too long or {@code ttl} is not
     *     positive
     * @throws org.mlops4j.core.StoreException if a persistent store fails
     */
    Optional<LeaseGrant> acquire(String holder, Duration ttl);

    /**
     * Gives the lease up so that another replica need not wait for the TTL; the epoch is kept, so
     * the next tenure's is higher.
     *
     * @param grant the tenure to end
     * @return true if it was the current tenure and is now ended; false when it had expired and
     *     another replica took the lease (nothing changes then)
     * @throws org.mlops4j.core.StoreException if a persistent store fails
     */
    boolean release(LeaseGrant grant);

    /**
     * Reads the lease as the store holds it now.
     *
     * @return the current term: its holder (empty when free), epoch and expiry on the store's clock;
     *     {@link LeaseTerm#FREE} for a lease never granted
     * @throws org.mlops4j.core.StoreException if a persistent store fails
     */
    LeaseTerm term();

    /**
     * Who holds the lease now.
     *
     * @return the current holder's term, or empty when the lease is free or expired
     * @throws org.mlops4j.core.StoreException if a persistent store fails
     */
    Optional<LeaseTerm> holder();

    /**
     * A lease in this JVM's memory, judged on a clock's wall time.
     *
     * @param name the lease's name
     * @param clock the one clock of expiry ({@link Clock#now()}) and of the grants' own view
     *     ({@link Clock#nanoTime()})
     * @return a free lease
     * @throws IllegalArgumentException if {@code name} is blank or longer than 256 characters
     */
    static ControllerLease inMemory(String name, Clock clock) {
        return new InMemoryControllerLease(checkName(name), clock);
    }

    /**
     * Checks a lease name.
     *
     * @param name the name
     * @return the name
     * @throws IllegalArgumentException if it is blank or longer than 256 characters
     */
    static String checkName(String name) {
        if (name == null || name.isBlank() || name.length() > 256) {
            throw new IllegalArgumentException("lease name must be non-blank and at most 256 characters but was "
                    + (name == null ? null : "'" + name + "'"));
        }
        return name;
    }

    /**
     * Checks a holder id.
     *
     * @param holder the id
     * @return the id
     * @throws IllegalArgumentException if it is blank or longer than 250 characters
     */
    static String checkHolder(String holder) {
        if (holder == null || holder.isBlank() || holder.length() > 250) {
            throw new IllegalArgumentException("holder must be a non-blank id of at most 250 characters but was "
                    + (holder == null ? null : "'" + holder + "'"));
        }
        return holder;
    }

    /**
     * Checks that a grant is of a lease.
     *
     * @param lease the lease
     * @param grant the grant
     * @return the grant
     * @throws IllegalArgumentException if the grant names another lease
     */
    static LeaseGrant checkGrant(ControllerLease lease, LeaseGrant grant) {
        if (grant == null || !grant.lease().equals(lease.name())) {
            throw new IllegalArgumentException("grant must be of lease '" + lease.name() + "' but was " + grant);
        }
        return grant;
    }

    /**
     * Checks a TTL.
     *
     * @param ttl the TTL
     * @return the TTL
     * @throws IllegalArgumentException if it is null, or not positive, or under a millisecond
     */
    static Duration checkTtl(Duration ttl) {
        if (ttl == null || ttl.toMillis() < 1) {
            throw new IllegalArgumentException("ttl must be at least 1 ms but was " + ttl);
        }
        return ttl;
    }
}
