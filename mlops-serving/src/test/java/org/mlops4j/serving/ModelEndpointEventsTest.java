package org.mlops4j.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.registry.ModelRef;

/**
 * The events an endpoint builds with their id and timestamp left as numbers: the values read are
 * what the endpoint gave before (the same id format and uniqueness, the wall-clock time the call
 * ended), on the serving thread or any other.
 */
class ModelEndpointEventsTest {

    /** The endpoint's name, a random 32-bit hex tag, then the serving thread's id and its own counter. */
    private static final Pattern ID = Pattern.compile("fraud-[0-9a-f]{1,8}-(\\d+)\\.(\\d+)");

    private static Variant<Integer, String> answering(String name, int version) {
        return Variant.of(name, in -> name + ":" + in, new ModelRef("fraud", version));
    }

    @Test
    void aSystemClockEventCarriesTheWallClockTimeTheCallEnded() {
        List<PredictionEvent<? extends Integer, ? extends String>> events = new ArrayList<>();
        Variant<Integer, String> slow = Variant.of("champion", in -> {
            long end = System.nanoTime() + 2_000_000L;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            return "ok:" + in;
        }, new ModelRef("fraud", 1));
        try (ModelEndpoint<Integer, String> endpoint = ModelEndpoint.<Integer, String>builder("fraud")
                .strategy(DeploymentStrategy.single(slow)).listener(events::add).build()) {
            for (int i = 0; i < 20; i++) {
                Instant before = Instant.now();
                long started = System.nanoTime();
                endpoint.predict(i);
                long took = System.nanoTime() - started;
                Instant after = Instant.now();
                PredictionEvent<? extends Integer, ? extends String> e = events.get(i);
                // After the 2 ms the model took, before the caller got the answer; a millisecond's
                // allowance for the anchor's reading error on a loaded machine.
                assertThat(e.timestamp()).isBetween(before.plusNanos(1_000_000L), after.plusNanos(1_000_000L));
                assertThat(e.latencyNanos()).isBetween(2_000_000L, took);
            }
        }
    }

    @Test
    void theLatencyEndsWithTheModelsAnswerNotTheConfidenceFunction() {
        ManualClock clock = ManualClock.startingAtEpoch2024();
        List<PredictionEvent<? extends Integer, ? extends String>> events = new ArrayList<>();
        Variant<Integer, String> model = Variant.of("champion", in -> {
            clock.advanceNanos(3_000_000L);
            return "ok:" + in;
        }, new ModelRef("fraud", 1));
        try (ModelEndpoint<Integer, String> endpoint = ModelEndpoint.<Integer, String>builder("fraud")
                .strategy(DeploymentStrategy.single(model)).clock(clock).confidence(out -> {
                    clock.advanceNanos(50_000_000L);
                    return 0.75;
                }).listener(events::add).build()) {
            endpoint.predict(1);
        }
        assertThat(events).hasSize(1);
        assertThat(events.get(0).confidence()).hasValue(0.75);
        assertThat(events.get(0).latencyNanos()).isEqualTo(3_000_000L);
    }

    @Test
    void idsKeepTheirFormatAndAreUniqueAcrossThreadsAndEqualToTheServedIds() throws Exception {
        Map<String, PredictionEvent<? extends Integer, ? extends String>> byId = new ConcurrentHashMap<>();
        int threads = 4;
        int calls = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (ModelEndpoint<Integer, String> endpoint = ModelEndpoint.<Integer, String>builder("fraud")
                .strategy(DeploymentStrategy.canary(answering("champion", 1), answering("canary", 2), 5_000, "fraud"))
                .listener(e -> byId.put(e.predictionId(), e)).build()) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<String>>> served = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * calls;
                served.add(pool.submit(() -> {
                    go.await();
                    List<String> ids = new ArrayList<>(calls);
                    for (int i = 0; i < calls; i++) {
                        ids.add(endpoint.serve(base + i, "user-" + i, null).predictionId());
                    }
                    return ids;
                }));
            }
            go.countDown();
            Set<String> all = new HashSet<>();
            Set<String> threadIds = new HashSet<>();
            for (Future<List<String>> f : served) {
                List<String> ids = f.get(60, TimeUnit.SECONDS);
                long last = 0;
                for (String id : ids) {
                    var m = ID.matcher(id);
                    assertThat(m.matches()).as(id).isTrue();
                    threadIds.add(m.group(1));
                    // Each serving thread counts its own calls from 1.
                    assertThat(Long.parseLong(m.group(2))).isEqualTo(last + 1);
                    last++;
                    assertThat(byId.get(id)).as("the event of %s", id).isNotNull();
                }
                all.addAll(ids);
            }
            assertThat(all).hasSize(threads * calls);
            assertThat(byId.keySet()).isEqualTo(all);
            assertThat(threadIds).hasSize(threads);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFallbackAttemptCarriesTheCallsIdAndTheServedIdIsThatId() {
        List<PredictionEvent<? extends Integer, ? extends String>> events = new ArrayList<>();
        Variant<Integer, String> broken = Variant.of("canary", in -> {
            throw new IllegalStateException("boom");
        }, new ModelRef("fraud", 2));
        try (ModelEndpoint<Integer, String> endpoint = ModelEndpoint.<Integer, String>builder("fraud")
                .strategy(DeploymentStrategy.canary(answering("champion", 1), broken, 10_000, "fraud"))
                .listener(events::add).build()) {
            PredictionResult<String> first = endpoint.serve(3, "u", "tx-1");
            PredictionResult<String> second = endpoint.serve(4, "u", "tx-2");
            assertThat(first.fallback()).isTrue();
            assertThat(events).extracting(PredictionEvent::variant)
                    .containsExactly("canary", "champion", "canary", "champion");
            assertThat(events.get(0).predictionId()).isEqualTo(events.get(1).predictionId())
                    .isEqualTo(first.predictionId());
            assertThat(events.get(2).predictionId()).isEqualTo(events.get(3).predictionId())
                    .isEqualTo(second.predictionId()).isNotEqualTo(first.predictionId());
            assertThat(events.get(1).requestId()).contains("tx-1");
            assertThat(events.get(0).timestamp()).isBeforeOrEqualTo(events.get(1).timestamp());
        }
    }

    /**
     * An event read first on another thread (a log writer's, a shadow's) formats there the id of the
     * serving thread and its call: the id the serving thread reads afterwards.
     */
    @Test
    void anEventReadFirstOnAnotherThreadFormatsTheServingThreadsId() throws Exception {
        BlockingQueue<PredictionEvent<? extends Integer, ? extends String>> handed = new ArrayBlockingQueue<>(1_000);
        try (ModelEndpoint<Integer, String> endpoint = ModelEndpoint.<Integer, String>builder("fraud")
                .strategy(DeploymentStrategy.single(answering("champion", 1))).listener(handed::add).build()) {
            for (int i = 0; i < 500; i++) {
                endpoint.predict(i);
            }
            List<PredictionEvent<? extends Integer, ? extends String>> events = new ArrayList<>(handed);
            ExecutorService reader = Executors.newSingleThreadExecutor();
            try {
                List<String> read = reader.submit(() -> {
                    List<String> ids = new ArrayList<>();
                    for (PredictionEvent<? extends Integer, ? extends String> e : events) {
                        ids.add(e.predictionId());
                    }
                    return ids;
                }).get(30, TimeUnit.SECONDS);
                long me = Thread.currentThread().getId();
                for (int i = 0; i < events.size(); i++) {
                    var m = ID.matcher(read.get(i));
                    assertThat(m.matches()).as(read.get(i)).isTrue();
                    assertThat(Long.parseLong(m.group(1))).isEqualTo(me);
                    assertThat(Long.parseLong(m.group(2))).isEqualTo(i + 1L);
                    assertThat(events.get(i).predictionId()).isEqualTo(read.get(i));
                }
            } finally {
                reader.shutdownNow();
            }
        }
    }
}
