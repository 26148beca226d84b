package org.mlops4j.core.fleet;

import java.time.Duration;
import java.util.Objects;

/**
 * A holder's tenure of a {@link ControllerLease}, as the holder sees it. The {@code epoch} is the
 * fencing token: it only grows, a renewal keeps it, and a new tenure (a takeover after expiry, or a
 * grant after a release) raises it. Whatever the holder writes on behalf of the lease carries it, so
 * that a higher epoch's writes win over a paused old holder's.
 *
 * <p>The holder knows its tenure only on its own monotonic clock: {@code askedAtNanos} is the
 * {@link org.mlops4j.core.Clock#nanoTime()} read <em>before</em> the request was sent, and the store
 * starts the TTL on its own clock when it handles the request, which is later. So {@link #heldAt}
 * ends no later than the store's tenure does, whatever the clocks' offsets; only a difference in
 * their rates (parts per million) could make it later.
 *
 * @param lease the lease's name
 * @param holder the holder's id
 * @param epoch the fencing token of this tenure, at least 1
 * @param askedAtNanos the holder's monotonic time when it asked
 * @param ttl the tenure's length
 */
public record LeaseGrant(String lease, String holder, long epoch, long askedAtNanos, Duration ttl) {

    /**
     * Validates the grant.
     *
     * @param lease the lease's name
     * @param holder the holder's id
     * @param epoch the fencing token of this tenure, at least 1
     * @param askedAtNanos the holder's monotonic time when it asked
     * @param ttl the tenure's length, positive
     */
    public LeaseGrant {
        Objects.requireNonNull(lease, "lease");
        ControllerLease.checkHolder(holder);
        ControllerLease.checkTtl(ttl);
        if (epoch < 1) {
            throw new IllegalArgumentException("epoch must be at least 1 but was " + epoch);
        }
    }

    /**
     * Whether the tenure surely still holds, by the holder's monotonic clock.
     *
     * @param nanoTime the holder's {@link org.mlops4j.core.Clock#nanoTime()} now
     * @return true while less than the TTL has passed since the holder asked
     */
    public boolean heldAt(long nanoTime) {
        return nanoTime - askedAtNanos < ttl.toNanos();
    }
}
