package org.mlops4j.core.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;

/** The lease contract in memory, on a manual clock. */
class InMemoryControllerLeaseTest extends ControllerLeaseContract {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-05T10:00:00Z"));
    private final Map<ControllerLease, ManualClock> clocks = new IdentityHashMap<>();

    @Override
    protected ControllerLease create(String name) {
        ControllerLease lease = ControllerLease.inMemory(name, clock);
        clocks.put(lease, clock);
        return lease;
    }

    @Override
    protected ControllerLease sibling(ControllerLease lease, String name) {
        return ControllerLease.inMemory(name, clocks.get(lease));
    }

    @Override
    protected void passTime(Duration amount) {
        clock.advance(amount);
    }

    @Test
    void theGrantHoldsOnTheHoldersMonotonicClockForLessThanTheTtl() {
        ControllerLease lease = create("rollout:x");
        LeaseGrant g = lease.acquire("r1", Duration.ofSeconds(2)).orElseThrow();
        assertThat(g.heldAt(clock.nanoTime())).isTrue();
        clock.advance(Duration.ofMillis(1999));
        assertThat(g.heldAt(clock.nanoTime())).isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(g.heldAt(clock.nanoTime())).isFalse();
        // The store's tenure ends at the same instant here, as the clock did not move during the call.
        assertThat(lease.holder()).isEmpty();
    }

    @Test
    void aBlankNameIsRefused() {
        assertThatThrownBy(() -> ControllerLease.inMemory(" ", clock)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lease name").hasMessageContaining("' '");
        assertThatThrownBy(() -> ControllerLease.inMemory("n".repeat(257), clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lease name");
        assertThat(ControllerLease.inMemory("n".repeat(256), clock).name()).hasSize(256);
        assertThat(ControllerLease.inMemory("rollout:y", clock)).hasToString("ControllerLease[rollout:y, in memory]");
    }
}
