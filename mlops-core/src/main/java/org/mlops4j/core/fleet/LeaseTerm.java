package org.mlops4j.core.fleet;

import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link ControllerLease} store holds for one lease, and the pure rules every implementation
 * applies to it under its lock or in its transaction: who holds it, its fencing epoch and when it
 * expires, in epoch milliseconds of the store's one clock (the database server's on PostgreSQL, the
 * host's on SQLite, the lease's {@code Clock} in memory).
 *
 * <p>The rules: a free or expired lease goes to whoever asks, with the epoch raised by one; the
 * holder of an unexpired lease renews it under the same epoch; anyone else is refused. Released, a
 * lease keeps its epoch, so the next grant is still higher than every one before. So each epoch
 * names one uninterrupted tenure of one holder, and epochs only grow: the fencing token of
 * Kleppmann's "How to do distributed locking" (2016) and of Chubby's sequencers (Burrows, OSDI 2006).
 *
 * @param holder the holder's id, or empty when the lease is free (never granted, or released)
 * @param epoch the epoch of the latest grant, 0 before the first; never negative
 * @param expiresAt when the tenure ends, epoch milliseconds of the store's clock
 */
public record LeaseTerm(String holder, long epoch, long expiresAt) {

    /** The term of a lease never granted: free, epoch 0. */
    public static final LeaseTerm FREE = new LeaseTerm("", 0, 0);

    /**
     * Validates the term.
     *
     * @param holder the holder's id, or empty when free
     * @param epoch the epoch of the latest grant, not negative
     * @param expiresAt when the tenure ends, epoch milliseconds of the store's clock
     */
    public LeaseTerm {
        Objects.requireNonNull(holder, "holder");
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must not be negative but was " + epoch);
        }
    }

    /**
     * Whether someone holds the lease at a time.
     *
     * @param now the store's time, epoch milliseconds
     * @return true when a holder's tenure has not ended by {@code now}
     */
    public boolean heldAt(long now) {
        return !holder.isEmpty() && now < expiresAt;
    }

    /**
     * Asks for the lease, or renews it.
     *
     * @param asker who asks (non-blank)
     * @param ttlMillis how long the tenure lasts from {@code now}, positive
     * @param now the store's time, epoch milliseconds
     * @return the term after a grant (the same epoch for a renewal, one higher for a new tenure), or
     *     empty when another holder's tenure has not ended
     * @throws IllegalArgumentException if {@code asker} is blank or {@code ttlMillis} not positive
     */
    public Optional<LeaseTerm> acquire(String asker, long ttlMillis, long now) {
        ControllerLease.checkHolder(asker);
        if (ttlMillis <= 0) {
            throw new IllegalArgumentException("ttl must be positive but was " + ttlMillis + " ms");
        }
        if (heldAt(now)) {
            return holder.equals(asker) ? Optional.of(new LeaseTerm(asker, epoch, now + ttlMillis)) : Optional.empty();
        }
        return Optional.of(new LeaseTerm(asker, epoch + 1, now + ttlMillis));
    }

    /**
     * Gives the lease up, when this holder's tenure of this epoch is the current one.
     *
     * @param releaser who gives it up
     * @param releasedEpoch the epoch of its grant
     * @return the free term (same epoch), or empty when the lease is another holder's or another
     *     epoch's (a release after a takeover changes nothing)
     */
    public Optional<LeaseTerm> release(String releaser, long releasedEpoch) {
        if (holder.isEmpty() || !holder.equals(releaser) || epoch != releasedEpoch) {
            return Optional.empty();
        }
        return Optional.of(new LeaseTerm("", epoch, 0));
    }
}
