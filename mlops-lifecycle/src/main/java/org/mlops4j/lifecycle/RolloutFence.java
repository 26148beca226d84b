package org.mlops4j.lifecycle;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.mlops4j.core.Clock;
import org.mlops4j.core.fleet.ControllerLease;
import org.mlops4j.core.fleet.LeaseGrant;

/**
 * A rollout's view of its controller lease: which tenure this replica holds, as far as it knows, and
 * whether it may decide now. {@link #none()} is the rollout of a single process: it always decides,
 * and writes under epoch 0 (the state's plain tag). Thread-safe.
 */
final class RolloutFence {

    private static final RolloutFence NONE = new RolloutFence(null, "", Duration.ZERO, Clock.system());

    private final ControllerLease lease;
    private final String replica;
    private final Duration ttl;
    private final Clock clock;
    private volatile LeaseGrant grant;

    private RolloutFence(ControllerLease lease, String replica, Duration ttl, Clock clock) {
        this.lease = lease;
        this.replica = replica;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** @return the fence of an unleased rollout: always the controller, epoch 0 */
    static RolloutFence none() {
        return NONE;
    }

    /**
     * @param lease the fleet's lease of this rollout
     * @param replica this replica's holder id
     * @param ttl the tenure asked for at each renewal
     * @param clock the holder's monotonic clock
     * @return the fence
     */
    static RolloutFence of(ControllerLease lease, String replica, Duration ttl, Clock clock) {
        return new RolloutFence(Objects.requireNonNull(lease, "lease"), ControllerLease.checkHolder(replica),
                ControllerLease.checkTtl(ttl), Objects.requireNonNull(clock, "clock"));
    }

    /** @return true when a lease decides which replica controls */
    boolean leased() {
        return lease != null;
    }

    /** @return this replica's holder id, empty when unleased */
    String replica() {
        return replica;
    }

    /** @return the lease, for messages */
    Optional<ControllerLease> lease() {
        return Optional.ofNullable(lease);
    }

    /**
     * Whether this replica may decide under an epoch now: unleased always; leased while its latest
     * grant is of that epoch and, by its own monotonic clock, has not run out.
     *
     * @param epoch the epoch the rollout took control under
     * @return true when it may decide
     */
    boolean holds(long epoch) {
        if (lease == null) {
            return true;
        }
        LeaseGrant g = grant;
        return g != null && g.epoch() == epoch && g.heldAt(clock.nanoTime());
    }

    /**
     * Acquires or renews the lease in the store.
     *
     * @return the grant, or empty when another replica holds it (or unleased)
     * @throws org.mlops4j.core.StoreException if the store fails; the last grant is kept and runs out
     *     on its own
     */
    Optional<LeaseGrant> renew() {
        if (lease == null) {
            return Optional.empty();
        }
        Optional<LeaseGrant> next = lease.acquire(replica, ttl);
        grant = next.orElse(null);
        return next;
    }

    /**
     * Confirms with the store, right before an effect no epoch can fence (the champion alias's move),
     * that this replica still holds the tenure of an epoch.
     *
     * @param epoch the epoch the rollout took control under
     * @return true when unleased, or when a renewal returned the same epoch
     */
    boolean confirm(long epoch) {
        if (lease == null) {
            return true;
        }
        return renew().map(g -> g.epoch() == epoch).orElse(false);
    }

    /** Gives the lease up when this replica holds it, so that the next rollout need not wait for the TTL. */
    void release() {
        LeaseGrant g = grant;
        if (lease != null && g != null) {
            grant = null;
            lease.release(g);
        }
    }

    /**
     * How often a leased rollout renews and refreshes: a third of the TTL, so that two renewals may
     * fail before the tenure runs out, and never less often than the plan ticks.
     *
     * @param analysisInterval the plan's tick interval
     * @return the period
     */
    Duration period(Duration analysisInterval) {
        if (lease == null) {
            return analysisInterval;
        }
        Duration third = ttl.dividedBy(3);
        return third.compareTo(analysisInterval) < 0 ? third : analysisInterval;
    }

    @Override
    public String toString() {
        return lease == null ? "unleased" : "replica '" + replica + "' of " + lease;
    }
}
