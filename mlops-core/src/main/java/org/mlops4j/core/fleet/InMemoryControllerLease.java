package org.mlops4j.core.fleet;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.mlops4j.core.Clock;

/** {@link ControllerLease#inMemory}: a {@link LeaseTerm} under a lock, expiry on the clock's wall time. */
final class InMemoryControllerLease implements ControllerLease {

    private final String name;
    private final Clock clock;
    private LeaseTerm term = LeaseTerm.FREE;

    InMemoryControllerLease(String name, Clock clock) {
        this.name = name;
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
        synchronized (this) {
            Optional<LeaseTerm> next = term.acquire(holder, ttl.toMillis(), clock.now().toEpochMilli());
            if (next.isEmpty()) {
                return Optional.empty();
            }
            term = next.get();
            return Optional.of(new LeaseGrant(name, holder, term.epoch(), asked, ttl));
        }
    }

    @Override
    public synchronized boolean release(LeaseGrant grant) {
        ControllerLease.checkGrant(this, grant);
        Optional<LeaseTerm> next = term.release(grant.holder(), grant.epoch());
        if (next.isEmpty()) {
            return false;
        }
        term = next.get();
        return true;
    }

    @Override
    public synchronized LeaseTerm term() {
        return term;
    }

    @Override
    public Optional<LeaseTerm> holder() {
        LeaseTerm t = term();
        return t.heldAt(clock.now().toEpochMilli()) ? Optional.of(t) : Optional.empty();
    }

    @Override
    public String toString() {
        return "ControllerLease[" + name + ", in memory]";
    }
}
