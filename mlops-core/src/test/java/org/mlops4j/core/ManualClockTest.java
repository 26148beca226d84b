package org.mlops4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ManualClockTest {

    @Test
    void advancesWallTimeAndTickerTogether() {
        ManualClock clock = new ManualClock(Instant.parse("2025-03-01T10:00:00Z"));
        assertThat(clock.nanoTime()).isZero();

        clock.advance(Duration.ofMillis(1500));

        assertThat(clock.now()).isEqualTo(Instant.parse("2025-03-01T10:00:01.500Z"));
        assertThat(clock.nanoTime()).isEqualTo(1_500_000_000L);
        assertThat(clock.advanceNanos(7)).isEqualTo(Instant.parse("2025-03-01T10:00:01.500000007Z"));
        assertThat(clock.nanoTime()).isEqualTo(1_500_000_007L);
    }

    @Test
    void refusesToGoBackInTime() {
        ManualClock clock = ManualClock.startingAtEpoch2024();
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-1S");
        assertThatThrownBy(() -> clock.advanceNanos(-5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-5");
        assertThatThrownBy(() -> new ManualClock(null)).isInstanceOf(NullPointerException.class).hasMessage("start");
    }

    @Test
    void concurrentAdvancesAreNeverLost() throws Exception {
        ManualClock clock = ManualClock.startingAtEpoch2024();
        int threads = 8;
        int perThread = 10_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    clock.advanceNanos(1);
                }
            });
            w.start();
            workers.add(w);
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        assertThat(clock.nanoTime()).isEqualTo((long) threads * perThread);
        assertThat(clock.now()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z").plusNanos((long) threads * perThread));
    }

    @Test
    void systemClockTicksForward() {
        Clock clock = Clock.system();
        long a = clock.nanoTime();
        long b = clock.nanoTime();
        assertThat(b).isGreaterThanOrEqualTo(a);
        assertThat(clock.now()).isBetween(Instant.now().minusSeconds(5), Instant.now().plusSeconds(5));
    }
}
