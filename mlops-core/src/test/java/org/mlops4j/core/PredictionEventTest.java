package org.mlops4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.registry.ModelRef;

class PredictionEventTest {

    private static final Instant T = Instant.parse("2025-01-02T03:04:05Z");
    private static final ModelRef FRAUD_3 = new ModelRef("fraud", 3);

    @Test
    void successCarriesOutputAndConfidence() {
        PredictionEvent<Map<String, Double>, String> e = PredictionEvent.success("p-1", T, "fraud-api", "champion",
                FRAUD_3, Map.of("amount", 12.5), "legit", 0.93, 1_250L);

        assertThat(e.predictionId()).isEqualTo("p-1");
        assertThat(e.timestamp()).isEqualTo(T);
        assertThat(e.endpoint()).isEqualTo("fraud-api");
        assertThat(e.variant()).isEqualTo("champion");
        assertThat(e.model()).isEqualTo(FRAUD_3);
        assertThat(e.input()).containsEntry("amount", 12.5);
        assertThat(e.output()).contains("legit");
        assertThat(e.confidence()).hasValue(0.93);
        assertThat(e.latencyNanos()).isEqualTo(1_250L);
        assertThat(e.error()).isEmpty();
        assertThat(e.succeeded()).isTrue();
        assertThat(e.toString()).contains("p-1", "fraud/3", "legit");
    }

    @Test
    void failureCarriesTheErrorAndNoOutput() {
        IllegalStateException boom = new IllegalStateException("boom");
        PredictionEvent<String, String> e = PredictionEvent.failure("p-2", T, "api", "canary", FRAUD_3, "x", 10L, boom);

        assertThat(e.succeeded()).isFalse();
        assertThat(e.error()).containsSame(boom);
        assertThat(e.output()).isEmpty();
        assertThat(e.confidence()).isEmpty();
    }

    @Test
    void missingConfidenceIsEmptyNotNaN() {
        PredictionEvent<String, Double> e = PredictionEvent.success("p", T, "api", "v", FRAUD_3, "x", 4.2, Double.NaN, 0);
        assertThat(e.confidence()).isEmpty();
    }

    @Test
    void badArgumentsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> PredictionEvent.success(null, T, "a", "v", FRAUD_3, "x", "y", 0.5, 1))
                .isInstanceOf(NullPointerException.class).hasMessage("predictionId");
        assertThatThrownBy(() -> PredictionEvent.success("p", T, "a", null, FRAUD_3, "x", "y", 0.5, 1))
                .isInstanceOf(NullPointerException.class).hasMessage("variant");
        assertThatThrownBy(() -> PredictionEvent.success("p", T, "a", "v", FRAUD_3, "x", "y", 1.5, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("confidence").hasMessageContaining("1.5");
        assertThatThrownBy(() -> PredictionEvent.success("p", T, "a", "v", FRAUD_3, "x", "y", 0.5, -3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latencyNanos").hasMessageContaining("-3");
        assertThatThrownBy(() -> PredictionEvent.failure("p", T, "a", "v", FRAUD_3, "x", 1, null))
                .isInstanceOf(NullPointerException.class).hasMessage("error");
    }

    @Test
    void listenerAcceptsEventsOfSubtypes() {
        List<Object> seen = new ArrayList<>();
        PredictionListener<Object, Object> listener = e -> seen.add(e.output().orElseThrow());
        PredictionEvent<String, Integer> e = PredictionEvent.success("p", T, "a", "v", FRAUD_3, "x", 7, Double.NaN, 1);

        listener.onPrediction(e);
        PredictionListener.<String, Integer>noop().onPrediction(e);

        assertThat(seen).containsExactly(7);
    }

    /** 2025-01-02T03:04:05.123456789Z in nanoseconds since the epoch (1735787045 s). */
    private static final long T_NANOS = 1_735_787_045_123_456_789L;

    @Test
    void anEventBuiltFromPartsReadsAsTheEventBuiltWhole() {
        PredictionEvent<String, String> lazy = PredictionEvent.attempt("fraud-api-1a2b3c4d-", 17L, 42L, "tx-9",
                "user-7", null, T_NANOS, "fraud-api", "canary", FRAUD_3, "x", "legit", 0.75, 1_250L, null, true);
        PredictionEvent<String, String> eager = PredictionEvent.success("fraud-api-1a2b3c4d-17.42", "tx-9", "user-7",
                Instant.parse("2025-01-02T03:04:05.123456789Z"), "fraud-api", "canary", FRAUD_3, "x", "legit", 0.75,
                1_250L, true);

        assertThat(lazy.predictionId()).isEqualTo(eager.predictionId()).isEqualTo("fraud-api-1a2b3c4d-17.42");
        assertThat(lazy.timestamp()).isEqualTo(eager.timestamp());
        assertThat(lazy.timestamp().getEpochSecond()).isEqualTo(1_735_787_045L);
        assertThat(lazy.timestamp().getNano()).isEqualTo(123_456_789);
        assertThat(lazy.requestId()).isEqualTo(eager.requestId());
        assertThat(lazy.routingKey()).isEqualTo(eager.routingKey());
        assertThat(lazy.fallback()).isTrue();
        assertThat(lazy.output()).isEqualTo(eager.output());
        assertThat(lazy.confidence()).isEqualTo(eager.confidence());
        assertThat(lazy.latencyNanos()).isEqualTo(1_250L);
        assertThat(lazy.succeeded()).isTrue();
        assertThat(lazy).hasToString(eager.toString());
        // Formatted once, then the same objects.
        assertThat(lazy.predictionId()).isSameAs(lazy.predictionId());
        assertThat(lazy.timestamp()).isSameAs(lazy.timestamp());
    }

    @Test
    void aFailedAttemptBuiltFromPartsReadsAsTheFailureBuiltWhole() {
        IllegalStateException boom = new IllegalStateException("boom");
        PredictionEvent<String, String> lazy = PredictionEvent.attempt("api-0-", 1L, 2L, null, null, null, T_NANOS,
                "api", "champion", FRAUD_3, "x", null, Double.NaN, 10L, boom, false);
        PredictionEvent<String, String> eager = PredictionEvent.failure("api-0-1.2", null, null,
                Instant.ofEpochSecond(0, T_NANOS), "api", "champion", FRAUD_3, "x", 10L, boom, false);

        assertThat(lazy.succeeded()).isFalse();
        assertThat(lazy.error()).containsSame(boom);
        assertThat(lazy.output()).isEmpty();
        assertThat(lazy.confidence()).isEmpty();
        assertThat(lazy.requestId()).isEmpty();
        assertThat(lazy.routingKey()).isEmpty();
        assertThat(lazy).hasToString(eager.toString());
    }

    @Test
    void aTimestampGivenAsAnInstantIsKeptAsItIs() {
        Instant far = Instant.parse("9999-12-31T23:59:59.999999999Z");   // beyond what a long of nanoseconds holds
        PredictionEvent<String, String> e = PredictionEvent.attempt("p-", 1L, 1L, null, null, far, 0L, "api", "v",
                FRAUD_3, "x", "y", Double.NaN, 0L, null, false);
        assertThat(e.timestamp()).isSameAs(far);
    }

    @Test
    void epochNanosBeforeTheEpochGiveTheInstantBeforeIt() {
        // -1 ns is 1969-12-31T23:59:59.999999999Z: the seconds round down, the nanoseconds stay positive.
        PredictionEvent<String, String> e = PredictionEvent.attempt("p-", 1L, 1L, null, null, null, -1L, "api", "v",
                FRAUD_3, "x", "y", Double.NaN, 0L, null, false);
        assertThat(e.timestamp()).isEqualTo(Instant.parse("1969-12-31T23:59:59.999999999Z"));
        PredictionEvent<String, String> whole = PredictionEvent.attempt("p-", 1L, 1L, null, null, null,
                -2_000_000_000L, "api", "v", FRAUD_3, "x", "y", Double.NaN, 0L, null, false);
        assertThat(whole.timestamp()).isEqualTo(Instant.ofEpochSecond(-2));
    }

    @Test
    void anEventWithoutItsInputKeepsItsIdAndTimestampParts() {
        PredictionEvent<String, String> lazy = PredictionEvent.attempt("api-0-", 3L, 4L, null, null, null, T_NANOS,
                "api", "v", FRAUD_3, "x", "y", Double.NaN, 1L, null, false);
        PredictionEvent<String, String> stored = lazy.withoutInput();
        assertThat(stored.input()).isNull();
        assertThat(stored.predictionId()).isEqualTo("api-0-3.4");
        assertThat(stored.timestamp()).isEqualTo(Instant.ofEpochSecond(0, T_NANOS));
        // Read first on the copy, then on the original: both format the same values.
        assertThat(lazy.predictionId()).isEqualTo("api-0-3.4");
        assertThat(lazy.timestamp()).isEqualTo(stored.timestamp());
    }

    @Test
    void badPartsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> PredictionEvent.attempt(null, 1L, 1L, null, null, null, 0L, "a", "v", FRAUD_3, "x",
                "y", 0.5, 1L, null, false)).isInstanceOf(NullPointerException.class).hasMessage("idPrefix");
        assertThatThrownBy(() -> PredictionEvent.attempt("p-", 1L, 1L, null, null, null, 0L, "a", null, FRAUD_3, "x",
                "y", 0.5, 1L, null, false)).isInstanceOf(NullPointerException.class).hasMessage("variant");
        assertThatThrownBy(() -> PredictionEvent.attempt("p-", 1L, 1L, null, null, null, 0L, "a", "v", FRAUD_3, "x",
                "y", 0.5, -3L, null, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("latencyNanos").hasMessageContaining("-3");
        IllegalStateException boom = new IllegalStateException("boom");
        assertThatThrownBy(() -> PredictionEvent.attempt("p-", 1L, 1L, null, null, null, 0L, "a", "v", FRAUD_3, "x",
                "y", Double.NaN, 1L, boom, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a failed attempt has no output and no confidence but was given output=y, confidence=NaN");
        assertThatThrownBy(() -> PredictionEvent.attempt("p-", 1L, 1L, null, null, null, 0L, "a", "v", FRAUD_3, "x",
                null, 0.5, 1L, boom, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a failed attempt has no output and no confidence but was given output=null, confidence=0.5");
    }

    /**
     * Events are handed to other threads (a shadow's, a log writer's): threads that read an event's
     * id and timestamp for the first time at once all read the values it was built with.
     */
    @Test
    void threadsReadingALazyEventAtOnceAllReadItsValues() throws Exception {
        int threads = 8;
        int events = 2_000;
        List<PredictionEvent<String, String>> shared = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            shared.add(PredictionEvent.attempt("api-5f-", 9L, i, null, null, null, T_NANOS + i, "api", "v", FRAUD_3,
                    "x", "y", Double.NaN, 1L, null, false));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<String>>> reads = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                reads.add(pool.submit(() -> {
                    go.await();
                    List<String> seen = new ArrayList<>(events);
                    for (PredictionEvent<String, String> e : shared) {
                        seen.add(e.predictionId() + "@" + e.timestamp());
                    }
                    return seen;
                }));
            }
            go.countDown();
            Set<String> distinct = new HashSet<>();
            for (Future<List<String>> f : reads) {
                List<String> seen = f.get(30, TimeUnit.SECONDS);
                for (int i = 0; i < events; i++) {
                    assertThat(seen.get(i)).isEqualTo("api-5f-9." + i + "@" + Instant.ofEpochSecond(0, T_NANOS + i));
                }
                distinct.addAll(seen);
            }
            assertThat(distinct).hasSize(events);
        } finally {
            pool.shutdownNow();
        }
    }
}
