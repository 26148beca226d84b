package org.mlops4j.core.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The lease rules every store applies, at their boundaries. */
class LeaseTermTest {

    @Test
    void aFreeLeaseGoesToTheFirstAskerWithTheNextEpoch() {
        assertThat(LeaseTerm.FREE.acquire("r1", 100, 5_000)).contains(new LeaseTerm("r1", 1, 5_100));
        assertThat(new LeaseTerm("", 7, 0).acquire("r2", 100, 5_000)).contains(new LeaseTerm("r2", 8, 5_100));
    }

    @Test
    void theHolderRenewsUnderItsEpochUntilTheLastMillisecond() {
        LeaseTerm held = new LeaseTerm("r1", 3, 1_000);
        assertThat(held.acquire("r1", 100, 999)).contains(new LeaseTerm("r1", 3, 1_099));
        // At the expiry instant the tenure has ended: asking again starts a new one.
        assertThat(held.acquire("r1", 100, 1_000)).contains(new LeaseTerm("r1", 4, 1_100));
    }

    @Test
    void othersAreRefusedUntilTheExpiryInstant() {
        LeaseTerm held = new LeaseTerm("r1", 3, 1_000);
        assertThat(held.acquire("r2", 100, 999)).isEmpty();
        assertThat(held.acquire("r2", 100, 1_000)).contains(new LeaseTerm("r2", 4, 1_100));
        assertThat(held.heldAt(999)).isTrue();
        assertThat(held.heldAt(1_000)).isFalse();
        assertThat(new LeaseTerm("", 3, 5_000).heldAt(10)).isFalse();
    }

    @Test
    void onlyTheCurrentTenureCanBeReleasedAndTheEpochIsKept() {
        LeaseTerm held = new LeaseTerm("r1", 3, 1_000);
        assertThat(held.release("r1", 3)).contains(new LeaseTerm("", 3, 0));
        assertThat(held.release("r1", 2)).isEmpty();
        assertThat(held.release("r2", 3)).isEmpty();
        assertThat(LeaseTerm.FREE.release("", 0)).isEmpty();
        // An expired tenure not yet taken over may still be released by its holder.
        assertThat(held.release("r1", 3)).isPresent();
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndValue() {
        assertThatThrownBy(() -> LeaseTerm.FREE.acquire("r1", 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ttl").hasMessageContaining("0 ms");
        assertThatThrownBy(() -> LeaseTerm.FREE.acquire("", 10, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holder").hasMessageContaining("''");
        assertThatThrownBy(() -> new LeaseTerm("r1", -1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("epoch").hasMessageContaining("-1");
        assertThatThrownBy(() -> new LeaseGrant("l", "r1", 0, 0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epoch").hasMessageContaining("0");
        assertThatThrownBy(() -> new LeaseGrant("l", "r1", 1, 0, Duration.ofNanos(999_999)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
        assertThat(new LeaseGrant("l", "r1", 1, 0, Duration.ofMillis(1)).heldAt(999_999)).isTrue();
    }

    @Test
    void theChecksReturnWhatTheyAcceptAndNameWhatTheyRefuse() {
        assertThat(ControllerLease.checkHolder("r".repeat(250))).hasSize(250);
        assertThat(ControllerLease.checkHolder("r1")).isEqualTo("r1");
        assertThat(ControllerLease.checkTtl(Duration.ofMillis(1))).isEqualTo(Duration.ofMillis(1));
        assertThat(ControllerLease.checkName("n")).isEqualTo("n");
        assertThatThrownBy(() -> ControllerLease.checkHolder(null)).hasMessageEndingWith("but was null");
        assertThatThrownBy(() -> ControllerLease.checkName(null)).hasMessageEndingWith("but was null");
        assertThatThrownBy(() -> ControllerLease.checkName("")).hasMessageEndingWith("but was ''");
        ControllerLease lease = ControllerLease.inMemory("l", org.mlops4j.core.Clock.system());
        assertThatThrownBy(() -> lease.release(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("grant").hasMessageContaining("'l'");
        assertThat(new LeaseTerm("", 0, 0)).isEqualTo(LeaseTerm.FREE);
    }

    @Test
    void aGrantHoldsForTheTtlFromWhenItWasAsked() {
        LeaseGrant g = new LeaseGrant("l", "r1", 1, 1_000_000_000L, Duration.ofMillis(1));
        assertThat(g.heldAt(1_000_500_000L)).isTrue();
        assertThat(g.heldAt(1_000_999_999L)).isTrue();
        assertThat(g.heldAt(1_001_000_000L)).isFalse();
    }
}
