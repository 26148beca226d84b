package org.mlops4j.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.fleet.ControllerLease;
import org.mlops4j.core.fleet.LeaseTerm;

/** A rollout's fence and its takeover transition, case by case. */
class RolloutFenceTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-05T10:00:00Z"));
    private final ControllerLease lease = ControllerLease.inMemory("rollout:x", clock);

    @Test
    void theFenceHoldsOnlyTheEpochItWasGrantedAndOnlyForTheTtl() {
        RolloutFence fence = RolloutFence.of(lease, "r1", Duration.ofSeconds(2), clock);
        assertThat(fence.holds(1)).isFalse();
        assertThat(fence.renew().orElseThrow().epoch()).isEqualTo(1);
        assertThat(fence.holds(1)).isTrue();
        assertThat(fence.holds(2)).isFalse();
        assertThat(fence.confirm(1)).isTrue();
        assertThat(fence.confirm(2)).isFalse();
        assertThat(fence.replica()).isEqualTo("r1");
        assertThat(fence.toString()).contains("r1").contains("rollout:x");
        clock.advance(Duration.ofSeconds(2));
        assertThat(fence.holds(1)).isFalse();
        lease.acquire("r2", Duration.ofSeconds(2)).orElseThrow();
        assertThat(fence.confirm(1)).isFalse();
        // Releasing after a takeover leaves the new holder's tenure alone.
        fence.release();
        assertThat(lease.holder()).get().extracting(LeaseTerm::holder).isEqualTo("r2");
    }

    @Test
    void releaseGivesUpTheHoldersTenureOnce() {
        RolloutFence fence = RolloutFence.of(lease, "r1", Duration.ofSeconds(2), clock);
        fence.release();
        assertThat(lease.term()).isEqualTo(LeaseTerm.FREE);
        fence.renew();
        fence.release();
        assertThat(lease.holder()).isEmpty();
        assertThat(fence.holds(1)).isFalse();
    }

    @Test
    void theUnleasedFenceAlwaysDecidesUnderEpochZeroAndAsksNoStore() {
        RolloutFence none = RolloutFence.none();
        assertThat(none.leased()).isFalse();
        assertThat(none.holds(0)).isTrue();
        assertThat(none.renew()).isEmpty();
        assertThat(none.confirm(0)).isTrue();
        assertThat(none.lease()).isEmpty();
        none.release();
        assertThat(none.toString()).isEqualTo("unleased");
        assertThat(RolloutFence.of(lease, "r", Duration.ofSeconds(3), clock).period(Duration.ofSeconds(1)))
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aTakeoverWritesAnUnfinishedStateFirstAndOnlyFollowsAFinishedOne() {
        RolloutState running = new RolloutState(RolloutStatus.RUNNING, 1, clock.now(), 0, 0, "salt", "");
        RolloutState followed = running.with(RolloutStatus.RUNNING, 0, clock.now(), 0, 0, "");
        RolloutMachine.Transition t = RolloutMachine.takeOver(followed, running);
        assertThat(t.state()).isEqualTo(running);
        assertThat(t.effects().get(0)).isEqualTo(new RolloutMachine.Persist(running));
        assertThat(t.effects()).contains(new RolloutMachine.Route(running));
        assertThat(RolloutMachine.takeOver(running, running).effects())
                .containsExactly(new RolloutMachine.Persist(running));
        RolloutState done = running.with(RolloutStatus.PROMOTED, 1, clock.now(), 0, 0, "promoted");
        assertThat(RolloutMachine.takeOver(running, done).effects()).noneMatch(e -> e instanceof RolloutMachine.Persist)
                .contains(new RolloutMachine.Route(done));
    }

    @Test
    void onlyDigitsMakeAnEpochTag() {
        for (char c : new char[] {'/', ':', 'a', ' '}) {
            assertThat(FencedStates.epochOf("mlops.rollout.state.000000000000000000" + c)).isEmpty();
        }
        assertThat(FencedStates.epochOf("mlops.rollout.state.0000000000000000009")).hasValue(9);
        assertThat(FencedStates.epochOf("mlops.rollout.state.0000000000000000000")).hasValue(0);
    }
}
