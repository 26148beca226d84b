package org.mlops4j.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.Clock;
import org.mlops4j.core.ManualClock;

/**
 * Event timestamps derived from the ticker: equal to the wall clock while the two move together,
 * following a step of the wall clock within {@link EventTime#RESYNC_NANOS}, and read from the clock
 * itself when it is not the system clock.
 */
class EventTimeTest {

    /** A clock whose ticker and wall time tests move together or apart; each read of the wall clock is counted. */
    private static final class SteppedClock implements Clock {
        long epochNanos;
        long ticks;
        int wallReads;

        SteppedClock(long epochNanos, long ticks) {
            this.epochNanos = epochNanos;
            this.ticks = ticks;
        }

        void advance(long nanos) {
            epochNanos += nanos;
            ticks += nanos;
        }

        @Override
        public Instant now() {
            wallReads++;
            return Instant.ofEpochSecond(0, epochNanos);
        }

        @Override
        public long nanoTime() {
            return ticks;
        }
    }

    private static final long START = 1_735_787_045_000_000_000L;   // 2025-01-02T03:04:05Z

    @Test
    void whileTheClocksMoveTogetherTheDerivedTimeIsTheWallTime() {
        SteppedClock clock = new SteppedClock(START, 5_000L);
        EventTime time = new EventTime(clock, true);
        assertThat(time.derived()).isTrue();
        assertThat(clock.wallReads).isEqualTo(1);
        for (int i = 0; i < 100; i++) {
            clock.advance(7_919_000L);   // 100 x 7.9 ms: within one anchor's second
            assertThat(time.epochNanos(clock.nanoTime())).isEqualTo(clock.epochNanos);
        }
        // One read of the wall clock for the anchor, none per event.
        assertThat(clock.wallReads).isEqualTo(1);
        // A tick read before another thread's anchor is placed on the wall clock all the same.
        assertThat(time.epochNanos(clock.nanoTime() - 1_000L)).isEqualTo(clock.epochNanos - 1_000L);
    }

    @Test
    void aStepOfTheWallClockReachesTheEventsWithinASecond() {
        SteppedClock clock = new SteppedClock(START, 0L);
        EventTime time = new EventTime(clock, true);
        clock.advance(500_000_000L);
        clock.epochNanos += 3_600_000_000_000L;   // the system clock steps an hour ahead
        // Still on the old anchor: the ticks say half a second since it.
        assertThat(time.epochNanos(clock.nanoTime())).isEqualTo(START + 500_000_000L);
        clock.advance(EventTime.RESYNC_NANOS - 500_000_001L);
        assertThat(time.epochNanos(clock.nanoTime())).isEqualTo(START + EventTime.RESYNC_NANOS - 1L);
        assertThat(clock.wallReads).isEqualTo(1);
        // A second after the anchor, the wall clock is read again: the step shows.
        clock.advance(1L);
        assertThat(time.epochNanos(clock.nanoTime())).isEqualTo(clock.epochNanos)
                .isEqualTo(START + 3_600_000_000_000L + EventTime.RESYNC_NANOS);
        assertThat(clock.wallReads).isEqualTo(2);
        // And the new anchor serves the next second.
        clock.advance(250_000_000L);
        assertThat(time.epochNanos(clock.nanoTime())).isEqualTo(clock.epochNanos);
        assertThat(clock.wallReads).isEqualTo(2);
    }

    @Test
    void aTickFarBeforeTheAnchorReadsTheWallClockAgain() {
        SteppedClock clock = new SteppedClock(START, 10_000_000_000L);
        EventTime time = new EventTime(clock, true);
        long early = clock.nanoTime() - EventTime.RESYNC_NANOS;
        // Exactly a second before the anchor is out of its range: a fresh anchor is read.
        assertThat(time.epochNanos(early)).isEqualTo(START - EventTime.RESYNC_NANOS);
        assertThat(clock.wallReads).isEqualTo(2);
        assertThat(time.epochNanos(clock.nanoTime() - EventTime.RESYNC_NANOS + 1)).isEqualTo(
                START - EventTime.RESYNC_NANOS + 1);
        assertThat(clock.wallReads).isEqualTo(2);
    }

    @Test
    void theAnchorIsTheMiddleOfTheTwoTickerReadsAroundTheWallClock() {
        // Each tick read advances the ticker by 100 ns; the wall clock does not move.
        Clock slow = new Clock() {
            long ticks;

            @Override
            public Instant now() {
                return Instant.ofEpochSecond(0, START);
            }

            @Override
            public long nanoTime() {
                ticks += 100;
                return ticks;
            }
        };
        EventTime time = new EventTime(slow, true);
        // Reads at ticks 100 and 200: the wall time is placed at tick 150.
        assertThat(time.epochNanos(150L)).isEqualTo(START);
        assertThat(time.epochNanos(1_150L)).isEqualTo(START + 1_000L);
    }

    @Test
    void aClockAskedPerEventIsNotReadForAnAnchor() {
        SteppedClock clock = new SteppedClock(START, 0L);
        EventTime time = new EventTime(clock, false);
        assertThat(clock.wallReads).isZero();
        assertThat(time.timestamp()).isEqualTo(Instant.ofEpochSecond(0, START));
        assertThat(clock.wallReads).isEqualTo(1);
    }

    @Test
    void anyClockButTheSystemClockIsAskedForEveryTimestamp() {
        ManualClock manual = ManualClock.startingAtEpoch2024();
        EventTime time = new EventTime(manual);
        assertThat(time.derived()).isFalse();
        assertThat(time.timestamp()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        manual.advance(Duration.ofMillis(1_500));
        assertThat(time.timestamp()).isEqualTo(Instant.parse("2024-01-01T00:00:01.500Z"));
        assertThat(new EventTime(Clock.system()).derived()).isTrue();
    }

    @Test
    void theSystemClocksDerivedTimeIsTheWallTimeOfTheTick() {
        EventTime time = new EventTime(Clock.system());
        for (int i = 0; i < 1_000; i++) {
            Instant before = Instant.now();
            long derived = time.epochNanos(System.nanoTime());
            Instant after = Instant.now();
            // Within the two wall-clock reads around the tick, give or take a millisecond for the
            // anchor's reading error on a loaded machine and the wall clock's own resolution.
            assertThat(derived).isBetween(nanos(before) - 1_000_000L, nanos(after) + 1_000_000L);
        }
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
