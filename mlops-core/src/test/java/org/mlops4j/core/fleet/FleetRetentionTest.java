package org.mlops4j.core.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.StoreException;
import org.mlops4j.core.registry.ModelRef;

class FleetRetentionTest {

    private static final ModelRef MODEL = new ModelRef("m", 1);
    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    private static void publishMinutes(FleetWindows store, int minutes) {
        for (int m = 0; m < minutes; m++) {
            Instant start = T0.plus(Duration.ofMinutes(m));
            store.publish("pod-a", new WindowAggregate("ep", "v", MODEL, start, start.plusSeconds(60),
                    new VariantAggregate(1, 0, 0, 0, LatencySketch.empty(), Map.of())));
        }
    }

    private static long requests(FleetWindows store) {
        return store.merged("ep", "v", MODEL, Instant.EPOCH, Instant.MAX).map(VariantAggregate::requests).orElse(0L);
    }

    @Test
    void expiresWindowsThatEndedMoreThanTheRetentionAgo() {
        FleetWindows store = FleetWindows.inMemory();
        publishMinutes(store, 10);
        ManualClock clock = new ManualClock(T0.plus(Duration.ofMinutes(10)));
        FleetRetention retention = FleetRetention.of(store, Duration.ofMinutes(5), clock);
        // Windows ending at 10:01 .. 10:10; the cutoff 10:05 removes those ending at 10:01 .. 10:04.
        assertThat(retention.expireNow()).isEqualTo(4);
        assertThat(requests(store)).isEqualTo(6);
        assertThat(retention.expireNow()).isZero();
        clock.advance(Duration.ofMinutes(3));
        assertThat(retention.expireNow()).isEqualTo(3);
        assertThat(requests(store)).isEqualTo(3);
        assertThat(retention.expired()).isEqualTo(7);
        assertThat(retention.retention()).isEqualTo(Duration.ofMinutes(5));
        assertThat(retention.toString()).contains("PT5M");
        // Without a schedule, close has nothing to cancel.
        retention.close();
        assertThat(retention.expireNow()).isZero();
    }

    @Test
    void aScheduleKeepsTheStoreBoundedAndOutlivesAFailure() throws InterruptedException {
        FleetWindows store = FleetWindows.inMemory();
        publishMinutes(store, 10);
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch thirdRun = new CountDownLatch(3);
        FleetWindows flaky = new FleetWindows() {
            @Override
            public void publish(String replica, WindowAggregate window) {
                store.publish(replica, window);
            }

            @Override
            public Optional<VariantAggregate> merged(String endpoint, String variant, ModelRef model, Instant from,
                                                     Instant to) {
                return store.merged(endpoint, variant, model, from, to);
            }

            @Override
            public int expire(Instant before) {
                try {
                    if (calls.incrementAndGet() == 1) {
                        throw new StoreException("database down");
                    }
                    return store.expire(before);
                } finally {
                    thirdRun.countDown();
                }
            }
        };
        ManualClock clock = new ManualClock(T0.plus(Duration.ofMinutes(12)));
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            FleetRetention retention = FleetRetention.schedule(flaky, Duration.ofMinutes(5), Duration.ofMillis(5),
                    clock, scheduler);
            assertThat(thirdRun.await(10, TimeUnit.SECONDS)).isTrue();
            retention.close();
            // The first run failed and was counted; a later one removed the windows ending before 10:07.
            assertThat(retention.failures()).isEqualTo(1);
            assertThat(requests(store)).isEqualTo(4);
            assertThat(retention.expired()).isEqualTo(6);
            int after = calls.get();
            clock.advance(Duration.ofHours(1));
            // Cancelled: in the next 50 ms (ten periods) at most a run already under way happens.
            scheduler.schedule(() -> { }, 50, TimeUnit.MILLISECONDS).get(10, TimeUnit.SECONDS);
            assertThat(calls.get()).isLessThanOrEqualTo(after + 1);
            retention.close();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError(e);
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void refusesANonPositiveRetentionOrPeriod() {
        FleetWindows store = FleetWindows.inMemory();
        ManualClock clock = new ManualClock(T0);
        assertThatThrownBy(() -> FleetRetention.of(store, Duration.ZERO, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("retention must be positive but was PT0S");
        assertThatThrownBy(() -> FleetRetention.of(store, Duration.ofSeconds(-3), clock))
                .hasMessage("retention must be positive but was PT-3S");
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            assertThatThrownBy(() -> FleetRetention.schedule(store, Duration.ofHours(1), Duration.ZERO, clock,
                    scheduler)).hasMessage("period must be positive but was PT0S");
            assertThatThrownBy(() -> FleetRetention.schedule(store, Duration.ZERO, Duration.ofMinutes(1), clock,
                    scheduler)).hasMessage("retention must be positive but was PT0S");
        } finally {
            scheduler.shutdownNow();
        }
        assertThatThrownBy(() -> FleetRetention.of(null, Duration.ofHours(1), clock))
                .isInstanceOf(NullPointerException.class).hasMessage("windows");
    }
}
