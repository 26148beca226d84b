package org.mlops4j.core.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ControllerLease} does; each implementation's test extends it. Expiry is real:
 * {@link #passTime} advances a manual clock in memory and sleeps past the store's clock for a
 * database, so the TTLs here are short.
 */
public abstract class ControllerLeaseContract {

    /** The TTL of the contract's grants: short, as a database's clock is waited for. */
    protected static final Duration TTL = Duration.ofMillis(300);

    /**
     * @param name the lease's name
     * @return a lease never granted, alone in its store under that name
     */
    protected abstract ControllerLease create(String name);

    /**
     * Lets the store's clock advance by at least an amount.
     *
     * @param amount how much
     * @throws InterruptedException if interrupted while sleeping
     */
    protected abstract void passTime(Duration amount) throws InterruptedException;

    @Test
    void theFirstGrantHasEpochOneAndARenewalKeepsIt() {
        ControllerLease lease = create("rollout:a");
        assertThat(lease.term()).isEqualTo(LeaseTerm.FREE);
        assertThat(lease.holder()).isEmpty();
        LeaseGrant first = lease.acquire("r1", TTL).orElseThrow();
        assertThat(first.epoch()).isEqualTo(1);
        assertThat(first.holder()).isEqualTo("r1");
        assertThat(first.lease()).isEqualTo("rollout:a");
        assertThat(first.ttl()).isEqualTo(TTL);
        LeaseGrant renewed = lease.acquire("r1", TTL).orElseThrow();
        assertThat(renewed.epoch()).isEqualTo(1);
        assertThat(lease.holder()).get().extracting(LeaseTerm::holder, LeaseTerm::epoch).containsExactly("r1", 1L);
    }

    @Test
    void anotherReplicaIsRefusedWhileTheTenureLastsAndTakesOverWithAHigherEpochAfterIt() throws Exception {
        ControllerLease lease = create("rollout:b");
        LeaseGrant first = lease.acquire("r1", TTL).orElseThrow();
        assertThat(lease.acquire("r2", TTL)).isEmpty();
        passTime(TTL.multipliedBy(2));
        assertThat(lease.holder()).isEmpty();
        assertThat(lease.term().holder()).isEqualTo("r1");
        LeaseGrant second = lease.acquire("r2", TTL).orElseThrow();
        assertThat(second.epoch()).isEqualTo(first.epoch() + 1);
        // The old holder, back from a pause, is refused and cannot end the new tenure.
        assertThat(lease.acquire("r1", TTL)).isEmpty();
        assertThat(lease.release(first)).isFalse();
        assertThat(lease.holder()).get().extracting(LeaseTerm::holder).isEqualTo("r2");
    }

    @Test
    void anExpiredTenureAskedForAgainByItsHolderIsANewTenure() throws Exception {
        ControllerLease lease = create("rollout:c");
        lease.acquire("r1", TTL).orElseThrow();
        passTime(TTL.multipliedBy(2));
        assertThat(lease.acquire("r1", TTL).orElseThrow().epoch()).isEqualTo(2);
    }

    @Test
    void releaseFreesTheLeaseAtOnceAndKeepsTheEpochRising() {
        ControllerLease lease = create("rollout:d");
        LeaseGrant first = lease.acquire("r1", Duration.ofMinutes(5)).orElseThrow();
        assertThat(lease.release(first)).isTrue();
        assertThat(lease.holder()).isEmpty();
        assertThat(lease.term()).isEqualTo(new LeaseTerm("", 1, 0));
        assertThat(lease.release(first)).isFalse();
        LeaseGrant second = lease.acquire("r2", Duration.ofMinutes(5)).orElseThrow();
        assertThat(second.epoch()).isEqualTo(2);
        assertThat(lease.release(first)).isFalse();
        assertThat(lease.holder()).get().extracting(LeaseTerm::holder).isEqualTo("r2");
    }

    @Test
    void leasesOfDifferentNamesAreIndependent() {
        ControllerLease a = create("rollout:e");
        ControllerLease b = sibling(a, "rollout:f");
        a.acquire("r1", TTL).orElseThrow();
        assertThat(b.acquire("r2", TTL).orElseThrow().epoch()).isEqualTo(1);
        assertThat(a.holder()).get().extracting(LeaseTerm::holder).isEqualTo("r1");
        assertThatThrownBy(() -> a.release(b.acquire("r2", TTL).orElseThrow()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rollout:e");
    }

    /**
     * Another lease of the same store.
     *
     * @param lease a lease made by {@link #create}
     * @param name the other lease's name
     * @return the other lease
     */
    protected abstract ControllerLease sibling(ControllerLease lease, String name);

    @Test
    void oneOfManyConcurrentAskersWins() throws Exception {
        ControllerLease lease = create("rollout:g");
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Optional<LeaseGrant>>> asks = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String holder = "r" + i;
                asks.add(pool.submit(() -> {
                    go.await();
                    return lease.acquire(holder, Duration.ofMinutes(1));
                }));
            }
            go.countDown();
            List<LeaseGrant> granted = new ArrayList<>();
            for (Future<Optional<LeaseGrant>> f : asks) {
                f.get(30, TimeUnit.SECONDS).ifPresent(granted::add);
            }
            assertThat(granted).hasSize(1);
            assertThat(granted.get(0).epoch()).isEqualTo(1);
            assertThat(lease.holder()).get().extracting(LeaseTerm::holder).isEqualTo(granted.get(0).holder());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndValue() {
        ControllerLease lease = create("rollout:h");
        assertThatThrownBy(() -> lease.acquire(" ", TTL)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holder").hasMessageContaining("' '");
        assertThatThrownBy(() -> lease.acquire(null, TTL)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holder");
        assertThatThrownBy(() -> lease.acquire("x".repeat(251), TTL)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holder");
        assertThatThrownBy(() -> lease.acquire("r1", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ttl").hasMessageContaining("PT0S");
        assertThatThrownBy(() -> lease.acquire("r1", Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ttl").hasMessageContaining("PT-1S");
        assertThatThrownBy(() -> lease.acquire("r1", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ttl");
        assertThat(lease.term()).isEqualTo(LeaseTerm.FREE);
    }
}
