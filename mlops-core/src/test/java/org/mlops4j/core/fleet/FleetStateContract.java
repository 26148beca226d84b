package org.mlops4j.core.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link FleetState} does; each implementation's test extends it. */
public abstract class FleetStateContract {

    /** @return an empty store */
    protected abstract FleetState create();

    private FleetState state;

    @BeforeEach
    void open() {
        state = create();
    }

    @Test
    void aRegisterIsWrittenOnlyAtTheVersionRead() {
        assertThat(state.read("bg/ep")).isEmpty();
        assertThat(state.compareAndSet("bg/ep", 0, "blue")).isTrue();
        assertThat(state.compareAndSet("bg/ep", 0, "green")).isFalse();
        assertThat(state.read("bg/ep")).contains(new FleetState.Register("bg/ep", "blue", 1));
        assertThat(state.compareAndSet("bg/ep", 2, "green")).isFalse();
        assertThat(state.compareAndSet("bg/ep", 1, "green")).isTrue();
        assertThat(state.compareAndSet("bg/ep", 1, "red")).isFalse();
        assertThat(state.read("bg/ep")).contains(new FleetState.Register("bg/ep", "green", 2));
        assertThat(state.read("bg/other")).isEmpty();
        assertThat(state.compareAndSet("bg/none", 3, "x")).isFalse();
        assertThat(state.read("bg/none")).isEmpty();
    }

    @Test
    void racingWritersOfOneVersionHaveOneWinner() throws Exception {
        state.compareAndSet("k", 0, "start");
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String value = "w" + t;
            results.add(pool.submit(() -> {
                go.await();
                return state.compareAndSet("k", 1, value);
            }));
        }
        go.countDown();
        int winners = 0;
        for (Future<Boolean> f : results) {
            winners += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
        }
        pool.shutdown();
        assertThat(winners).isEqualTo(1);
        assertThat(state.read("k").orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void countersAreEachReplicasLatestTotals() {
        state.publishCounters("bandit/ep", "r1", Map.of("a.s", 3.0, "a.f", 1.0));
        state.publishCounters("bandit/ep", "r2", Map.of("a.s", 5.0));
        state.publishCounters("bandit/ep", "r1", Map.of("a.s", 3.0, "a.f", 1.0));
        state.publishCounters("bandit/ep", "r1", Map.of("a.s", 4.5));
        state.publishCounters("bandit/other", "r1", Map.of("a.s", 100.0));
        assertThat(state.counters("bandit/ep")).isEqualTo(Map.of(
                "r1", Map.of("a.s", 4.5, "a.f", 1.0),
                "r2", Map.of("a.s", 5.0)));
        assertThat(state.counters("nothing")).isEmpty();
    }

    @Test
    void badCountersAreRefusedNamingTheFieldAndValue() {
        assertThatThrownBy(() -> state.publishCounters("s", "r1", Map.of("a.s", -1.0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a.s'").hasMessageContaining("-1.0");
        assertThatThrownBy(() -> state.publishCounters("s", "r1", Map.of("a.s", Double.NaN)))
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> state.publishCounters("s", " ", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replica").hasMessageContaining("' '");
        assertThatThrownBy(() -> state.publishCounters("", "r1", Map.of()))
                .hasMessageContaining("scope").hasMessageContaining("''");
        assertThatThrownBy(() -> state.read(" ")).hasMessageContaining("key");
        assertThatThrownBy(() -> state.compareAndSet("k", -1, "v")).hasMessageContaining("expectedVersion")
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> state.offer("q", "", "p", 1)).hasMessageContaining("itemKey");
        assertThatThrownBy(() -> state.offer("q", "i", "p", 0)).hasMessageContaining("capacity must be >= 1 but was 0");
        assertThatThrownBy(() -> state.take("x".repeat(251))).hasMessageContaining("queue");
        assertThat(state.counters("s")).isEmpty();
    }

    @Test
    void limitsAreInclusive() {
        String longest = "k".repeat(FleetState.MAX_NAME);
        assertThat(state.compareAndSet(longest, 0, "v".repeat(4000))).isTrue();
        assertThat(state.read(longest).orElseThrow().value()).hasSize(4000);
        assertThatThrownBy(() -> state.read(longest + "k")).hasMessageContaining("at most 250 characters");
        assertThatThrownBy(() -> state.compareAndSet("k", 0, "v".repeat(4001)))
                .hasMessageContaining("value must be at most 4000 characters but had 4001");
        state.publishCounters("s", "r1", Map.of("zero", 0.0));
        assertThat(state.counters("s")).isEqualTo(Map.of("r1", Map.of("zero", 0.0)));
        assertThatThrownBy(() -> state.publishCounters("s", "r1", Map.of("big", Double.POSITIVE_INFINITY)))
                .hasMessageContaining("'big' must be finite and >= 0 but was Infinity");
        assertThatThrownBy(() -> state.publishCounters("s", "r1", Map.of(" ", 1.0))).hasMessageContaining("counter");
        assertThat(state.offer("q", "only", "p", 1)).isTrue();
        assertThat(state.offer("q", "second", "p", 1)).isFalse();
        assertThatThrownBy(() -> new FleetState.Register("k", "v", 0)).hasMessageContaining("version must be >= 1 but was 0");
        assertThat(new FleetState.Register("k", "v", 1).version()).isEqualTo(1);
        assertThatThrownBy(() -> FleetState.checkName("key", null)).hasMessageContaining("but was null");
    }

    @Test
    void aQueueHandsOutItemsOldestFirstBoundedAndOnce() {
        assertThat(state.take("q")).isEmpty();
        assertThat(state.offer("q", "p1", "one", 2)).isTrue();
        assertThat(state.offer("q", "p1", "one again", 2)).isTrue();
        assertThat(state.offer("q", "p2", "two", 2)).isTrue();
        assertThat(state.offer("q", "p3", "three", 2)).isFalse();
        assertThat(state.offer("other", "p3", "three", 2)).isTrue();
        assertThat(state.size("q")).isEqualTo(2);
        assertThat(state.take("q")).contains(new FleetState.QueuedItem("p1", "one"));
        assertThat(state.offer("q", "p3", "three", 2)).isTrue();
        assertThat(state.take("q")).contains(new FleetState.QueuedItem("p2", "two"));
        assertThat(state.take("q")).contains(new FleetState.QueuedItem("p3", "three"));
        assertThat(state.take("q")).isEmpty();
        assertThat(state.size("q")).isZero();
        assertThat(state.size("other")).isEqualTo(1);
    }

    @Test
    void concurrentTakersGetEachItemExactlyOnce() throws Exception {
        int items = 100;
        for (int i = 0; i < items; i++) {
            assertThat(state.offer("q", "p" + i, "item " + i, items)).isTrue();
        }
        int takers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(takers);
        Set<String> taken = Collections.synchronizedSet(new HashSet<>());
        List<Future<Integer>> counts = new ArrayList<>();
        for (int t = 0; t < takers; t++) {
            counts.add(pool.submit(() -> {
                int n = 0;
                for (Optional<FleetState.QueuedItem> item = state.take("q"); item.isPresent(); item = state.take("q")) {
                    assertThat(taken.add(item.get().key())).as("taken twice: %s", item.get().key()).isTrue();
                    n++;
                }
                return n;
            }));
        }
        int total = 0;
        for (Future<Integer> f : counts) {
            total += f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(total).isEqualTo(items);
        assertThat(taken).hasSize(items);
    }
}
