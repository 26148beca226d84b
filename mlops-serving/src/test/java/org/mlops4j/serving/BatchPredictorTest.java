package org.mlops4j.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.InvalidInputException;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.Predictor;

class BatchPredictorTest {

    private static final BatchConfig CONFIG = BatchConfig.ofDefaults().withParallelism(4).withChunkSize(16);

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    /** Counts from 0 without end, holding nothing: far more rows than a test could keep in memory. */
    private static final class Counting implements Iterator<Integer> {
        private final long size;
        private long taken;

        Counting(long size) {
            this.size = size;
        }

        @Override
        public boolean hasNext() {
            return taken < size;
        }

        @Override
        public Integer next() {
            return (int) taken++;
        }
    }

    @Test
    void keepsInputOrderWhenParallelRowsFinishOutOfOrder() {
        Predictor<Integer, Integer> uneven = x -> {
            LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(200_000));
            return x * 2;
        };
        BatchResult<Integer> result = BatchPredictor.of(uneven, CONFIG.withChunkSize(7)).predict(range(2_000));

        assertThat(result.rows()).hasSize(2_000);
        for (int i = 0; i < 2_000; i++) {
            RowResult<Integer> row = result.rows().get(i);
            assertThat(row.index()).isEqualTo(i);
            assertThat(row.output()).contains(2 * i);
        }
        assertThat(result.totals().rows()).isEqualTo(2_000);
        assertThat(result.totals().errors()).isZero();
        assertThat(result.totals().finished()).isTrue();
    }

    @Test
    void collectsEachRowsErrorWithItsIndexAndScoresTheRest() {
        Predictor<Integer, Integer> picky = x -> {
            if (x % 7 == 0) {
                throw new InvalidInputException("row value " + x + " is a multiple of 7");
            }
            if (x % 11 == 0) {
                throw new IllegalStateException("model hiccup on " + x);
            }
            return x + 1;
        };
        BatchResult<Integer> result = BatchPredictor.of(picky, CONFIG).predict(range(200));

        List<Long> expectedFailures = IntStream.range(0, 200).filter(x -> x % 7 == 0 || x % 11 == 0)
                .mapToObj(x -> (long) x).toList();
        assertThat(result.failures()).extracting(RowResult::index).containsExactlyElementsOf(expectedFailures);
        assertThat(result.rows().get(7).error()).containsInstanceOf(InvalidInputException.class);
        assertThat(result.rows().get(11).error().orElseThrow()).isInstanceOf(IllegalStateException.class)
                .hasMessage("model hiccup on 11");
        assertThat(result.rows().get(12).output()).contains(13);
        assertThat(result.totals().errors()).isEqualTo(expectedFailures.size());
        assertThat(result.totals().rows()).isEqualTo(200);
    }

    @Test
    void nullInputIsRecordedAsThatRowsError() {
        List<Integer> inputs = new ArrayList<>(range(5));
        inputs.set(3, null);
        BatchResult<Integer> result = BatchPredictor.of((Integer x) -> x, CONFIG).predict(inputs);

        assertThat(result.failures()).singleElement().satisfies(r -> {
            assertThat(r.index()).isEqualTo(3);
            assertThat(r.error().orElseThrow()).isInstanceOf(NullPointerException.class)
                    .hasMessage("input of row 3 is null");
        });
        assertThat(result.rows().get(4).output()).contains(4);
    }

    @Test
    void streamingHoldsAtMostTheChunksInFlightWhateverTheInputLength() {
        int chunkSize = 64;
        int maxChunksInFlight = 6;
        BatchConfig config = BatchConfig.ofDefaults().withParallelism(3).withChunkSize(chunkSize)
                .withMaxChunksInFlight(maxChunksInFlight);
        Counting input = new Counting(1_000_000);
        AtomicLong delivered = new AtomicLong();
        AtomicLong maxUndelivered = new AtomicLong();
        Iterator<Integer> watched = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return input.hasNext();
            }

            @Override
            public Integer next() {
                Integer next = input.next();
                maxUndelivered.accumulateAndGet(input.taken - delivered.get(), Math::max);
                return next;
            }
        };

        BatchProgress totals = BatchPredictor.of((Integer x) -> x + 1, config).predict(watched, row -> {
            assertThat(row.index()).isEqualTo(delivered.get());
            delivered.incrementAndGet();
        });

        assertThat(totals.rows()).isEqualTo(1_000_000);
        assertThat(delivered.get()).isEqualTo(1_000_000);
        assertThat(maxUndelivered.get()).isLessThanOrEqualTo((long) (maxChunksInFlight + 1) * chunkSize)
                .isGreaterThan(chunkSize);
    }

    @Test
    void reportsProgressAtTheIntervalByTheClockAndAlwaysAtTheEnd() {
        ManualClock clock = ManualClock.startingAtEpoch2024();
        List<BatchProgress> reports = new ArrayList<>();
        // One thread and one chunk in flight: a chunk is delivered before the next is scored.
        BatchConfig config = BatchConfig.ofDefaults().withParallelism(1).withChunkSize(10).withMaxChunksInFlight(1)
                .withClock(clock).withProgressInterval(Duration.ofSeconds(25)).withProgressListener(reports::add);
        Predictor<Integer, Integer> oneSecondPerRow = x -> {
            clock.advance(Duration.ofSeconds(1));
            if (x % 10 == 0) {
                throw new IllegalArgumentException("bad row " + x);
            }
            return x;
        };

        BatchPredictor.of(oneSecondPerRow, config).predict(range(100));

        assertThat(reports).extracting(BatchProgress::rows).containsExactly(30L, 60L, 90L, 100L);
        assertThat(reports).extracting(BatchProgress::errors).containsExactly(3L, 6L, 9L, 10L);
        assertThat(reports).extracting(BatchProgress::finished).containsExactly(false, false, false, true);
        assertThat(reports.get(3).elapsed()).isEqualTo(Duration.ofSeconds(100));
        assertThat(reports.get(3).rowsPerSecond()).isEqualTo(1.0);
    }

    @Test
    void zeroIntervalReportsAfterEveryChunkWithMonotoneCounts() {
        List<BatchProgress> reports = new CopyOnWriteArrayList<>();
        BatchConfig config = CONFIG.withChunkSize(10).withProgressInterval(Duration.ZERO)
                .withProgressListener(reports::add);

        BatchPredictor.of((Integer x) -> x, config).predict(range(95));

        assertThat(reports).hasSize(11);
        assertThat(reports).extracting(BatchProgress::rows)
                .containsExactly(10L, 20L, 30L, 40L, 50L, 60L, 70L, 80L, 90L, 95L, 95L);
        assertThat(reports.get(10).finished()).isTrue();
    }

    @Test
    void failingProgressListenerDoesNotStopTheBatch() {
        BatchConfig config = CONFIG.withProgressInterval(Duration.ZERO).withProgressListener(p -> {
            throw new IllegalStateException("dashboard down");
        });

        BatchResult<Integer> result = BatchPredictor.of((Integer x) -> x, config).predict(range(100));

        assertThat(result.rows()).hasSize(100);
        assertThat(result.totals().errors()).isZero();
    }

    @Test
    void emptyInputGivesNoRowsAndOneFinalReport() {
        List<BatchProgress> reports = new ArrayList<>();
        BatchResult<Integer> result = BatchPredictor.of((Integer x) -> x, CONFIG.withProgressListener(reports::add))
                .predict(List.of());

        assertThat(result.rows()).isEmpty();
        assertThat(result.totals().rows()).isZero();
        assertThat(reports).singleElement().satisfies(p -> {
            assertThat(p.rows()).isZero();
            assertThat(p.finished()).isTrue();
        });
    }

    @Test
    void scoresAStreamLazilyInOrder() {
        AtomicLong generated = new AtomicLong();
        Stream<String> lazy = Stream.iterate(0, i -> i + 1).peek(i -> generated.incrementAndGet()).limit(1_000)
                .map(i -> "row-" + i);

        BatchResult<Integer> result = BatchPredictor.of(String::length, CONFIG).predict(lazy);

        assertThat(result.rows()).extracting(RowResult::output)
                .startsWith(Optional.of(5), Optional.of(5), Optional.of(5));
        assertThat(result.rows().get(999).output()).contains(7);
        assertThat(generated.get()).isEqualTo(1_000);
    }

    @Test
    void errorFromTheModelStopsTheBatchAndIsRethrown() {
        Counting input = new Counting(1_000_000);
        Predictor<Integer, Integer> dying = x -> {
            if (x == 500) {
                throw new OutOfMemoryError("simulated at row 500");
            }
            return x;
        };

        assertThatThrownBy(() -> BatchPredictor.of(dying, CONFIG).predict(input, row -> { }))
                .isInstanceOf(OutOfMemoryError.class)
                .hasMessage("simulated at row 500");
        assertThat(input.taken).isLessThan(10_000);
    }

    @Test
    void sinkFailureStopsTheBatchAndPropagates() {
        Counting input = new Counting(1_000_000);

        assertThatThrownBy(() -> BatchPredictor.of((Integer x) -> x, CONFIG).predict(input, row -> {
            if (row.index() == 100) {
                throw new IllegalStateException("disk full");
            }
        })).isInstanceOf(IllegalStateException.class).hasMessage("disk full");
        assertThat(input.taken).isLessThan(10_000);
    }

    @Test
    void interruptionStopsTheBatchThrowsAndKeepsTheInterruptFlag() throws Exception {
        AtomicLong delivered = new AtomicLong();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean flagKept = new AtomicBoolean();
        Predictor<Integer, Integer> slow = x -> {
            LockSupport.parkNanos(100_000);
            return x;
        };
        Thread caller = new Thread(() -> {
            try {
                BatchPredictor.of(slow, CONFIG).predict(new Counting(Long.MAX_VALUE), row -> delivered.incrementAndGet());
            } catch (Throwable t) {
                thrown.set(t);
                flagKept.set(Thread.currentThread().isInterrupted());
            }
        });
        caller.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (delivered.get() < 100 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        caller.interrupt();
        caller.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(caller.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("interrupted after");
        assertThat(flagKept).isTrue();
    }

    @Test
    void poolThreadsEndWithTheBatch() throws Exception {
        BatchPredictor.of((Integer x) -> x, CONFIG).predict(range(1_000));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (batchThreads() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(batchThreads()).isZero();
    }

    private static long batchThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("mlops-batch-") && t.isAlive()).count();
    }

    @Test
    void configRejectsBadSettingsNamingTheValue() {
        BatchConfig c = BatchConfig.ofDefaults();
        assertThatThrownBy(() -> c.withParallelism(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parallelism must be >= 1 but was 0");
        assertThatThrownBy(() -> c.withChunkSize(0)).hasMessage("chunkSize must be >= 1 but was 0");
        assertThatThrownBy(() -> c.withParallelism(4).withMaxChunksInFlight(3))
                .hasMessage("maxChunksInFlight must be >= parallelism (4) so that no thread idles but was 3");
        assertThatThrownBy(() -> c.withProgressInterval(Duration.ofSeconds(-1)))
                .hasMessage("progressInterval must not be negative but was PT-1S");
        assertThatThrownBy(() -> c.withClock(null)).isInstanceOf(NullPointerException.class).hasMessage("clock");
        assertThatThrownBy(() -> c.withProgressListener(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("progressListener");
        assertThat(c.withParallelism(3).maxChunksInFlight()).isEqualTo(6);
        assertThat(c.chunkSize()).isEqualTo(256);
        assertThat(c.progressInterval()).isEqualTo(Duration.ofSeconds(10));
    }
}
