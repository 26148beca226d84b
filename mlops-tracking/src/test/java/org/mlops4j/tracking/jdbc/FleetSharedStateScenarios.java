package org.mlops4j.tracking.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.feedback.Reward;
import org.mlops4j.core.fleet.FleetState;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.monitoring.alert.Alert;
import org.mlops4j.monitoring.alert.AlertEvaluator;
import org.mlops4j.monitoring.alert.AlertRule;
import org.mlops4j.monitoring.alert.AlertSinks;
import org.mlops4j.monitoring.alert.FleetAlerts;
import org.mlops4j.monitoring.alert.InMemoryAlertSink;
import org.mlops4j.monitoring.alert.MetricSample;
import org.mlops4j.serving.BanditConfig;
import org.mlops4j.serving.BanditStats;
import org.mlops4j.serving.BanditStrategy;
import org.mlops4j.serving.BlueGreenStrategy;
import org.mlops4j.serving.DeploymentStrategy;
import org.mlops4j.serving.FleetSync;
import org.mlops4j.serving.HumanReviewStrategy;
import org.mlops4j.serving.Interim;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.ReviewItem;
import org.mlops4j.serving.ReviewQueue;
import org.mlops4j.serving.TextCodec;
import org.mlops4j.serving.Variant;

/**
 * Replicas in one JVM, each with its own {@link JdbcStore} on one database (as separate processes
 * would have), sharing a blue-green colour, a bandit's posteriors, alert firing state and a review
 * queue through {@link JdbcFleetState}. Each store's test extends it.
 */
abstract class FleetSharedStateScenarios {

    /** Opens another connection to the test's one database: one per replica. */
    protected abstract JdbcStore openStore();

    /** How many review items the queue scenario moves (fewer where each transaction opens a connection). */
    protected abstract int reviewItems();

    private static final Duration MANUAL = Duration.ofHours(1);
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeReplicas() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    private FleetState replicaState() {
        return new JdbcFleetState(openStore());
    }

    private <T extends AutoCloseable> T keep(T c) {
        opened.add(c);
        return c;
    }

    @Test
    void aColourSwitchOnOneReplicaIsFollowedByTheOthers() {
        Variant<Integer, String> blue = Variant.of("blue", x -> "blue", new ModelRef("m", 1));
        Variant<Integer, String> green = Variant.of("green", x -> "green", new ModelRef("m", 2));
        List<BlueGreenStrategy<Integer, String>> bgs = new ArrayList<>();
        List<ModelEndpoint<Integer, String>> endpoints = new ArrayList<>();
        for (String id : List.of("r1", "r2", "r3")) {
            BlueGreenStrategy<Integer, String> bg = keep(BlueGreenStrategy.shared(blue,
                    new FleetSync(replicaState(), id, MANUAL), "checkout"));
            bg.stage(green, List.of(1), p -> { });
            bgs.add(bg);
            endpoints.add(keep(ModelEndpoint.<Integer, String>builder("checkout").strategy(bg).build()));
        }
        assertThat(bgs.get(1).switchToStaged()).isEqualTo(green);
        assertThat(endpoints.get(0).predict(1, null)).isEqualTo("blue");
        bgs.forEach(BlueGreenStrategy::refresh);
        for (ModelEndpoint<Integer, String> e : endpoints) {
            assertThat(e.predict(1, null)).isEqualTo("green");
        }
        assertThat(bgs.get(2).rollback()).isEqualTo(blue);
        bgs.forEach(BlueGreenStrategy::refresh);
        for (ModelEndpoint<Integer, String> e : endpoints) {
            assertThat(e.predict(1, null)).isEqualTo("blue");
        }
    }

    @Test
    void banditCountsMergeToTheExactSumOfTheReplicas() {
        List<Variant<String, String>> arms = List.of(Variant.of("a", x -> "a", new ModelRef("offers-a", 1)),
                Variant.of("b", x -> "b", new ModelRef("offers-b", 1)));
        BanditConfig config = BanditConfig.ofDefaults().withMinExposure(0).withSeed(11);
        List<BanditStrategy<String, String>> bandits = new ArrayList<>();
        double[] sums = new double[4];
        int[] requests = {400, 250, 150};
        for (int r = 0; r < 3; r++) {
            BanditStrategy<String, String> bandit = keep(BanditStrategy.shared(arms, config,
                    new FleetSync(replicaState(), "r" + r, MANUAL), "offers"));
            bandits.add(bandit);
            ModelEndpoint<String, String> endpoint = keep(ModelEndpoint.<String, String>builder("offers")
                    .strategy(bandit).build());
            for (int i = 0; i < requests[r]; i++) {
                String id = "r" + r + "-" + i;
                String arm = endpoint.serve("x", null, id).variant();
                // Arm a earns on every third request, arm b on every other one.
                double reward = arm.equals("a") ? (i % 3 == 0 ? 1.0 : 0.0) : (i % 2 == 0 ? 1.0 : 0.0);
                endpoint.feedback().recordForRequest(id, Reward.of(reward));
            }
            BanditStats own = bandit.stats();
            sums[0] += own.arm("a").orElseThrow().successes();
            sums[1] += own.arm("a").orElseThrow().failures();
            sums[2] += own.arm("b").orElseThrow().successes();
            sums[3] += own.arm("b").orElseThrow().failures();
        }
        for (int round = 0; round < 3; round++) {
            bandits.forEach(BanditStrategy::refresh);
        }
        assertThat(sums[0] + sums[1] + sums[2] + sums[3]).isEqualTo(800.0);
        for (BanditStrategy<String, String> b : bandits) {
            BanditStats s = b.stats();
            assertThat(new double[] {s.arm("a").orElseThrow().successes(), s.arm("a").orElseThrow().failures(),
                s.arm("b").orElseThrow().successes(), s.arm("b").orElseThrow().failures()}).containsExactly(sums);
        }
    }

    @Test
    void anAlertFiringOnThreeReplicasSendsOneAlert() {
        ManualClock clock = ManualClock.startingAtEpoch2024();
        InMemoryAlertSink sink = AlertSinks.inMemory();
        AlertRule rule = AlertRule.missingInputFraction(0.05).withHoldFor(2);
        List<AlertEvaluator> replicas = new ArrayList<>();
        for (String id : List.of("r1", "r2", "r3")) {
            replicas.add(AlertEvaluator.fleet(clock, List.of(rule), List.of(sink),
                    new FleetAlerts(replicaState(), id, Duration.ofMinutes(5))));
        }
        for (int window = 0; window < 4; window++) {
            for (AlertEvaluator r : replicas) {
                r.evaluate(new MetricSample("mlops.input.missing.ratio", 0.3, clock.now(), "churn-api", "churn/3",
                        "window " + window, List.of()));
            }
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(sink.alerts(Alert.Kind.FIRED)).hasSize(1);
        assertThat(replicas.stream().mapToLong(AlertEvaluator::suppressedByFleet).sum()).isEqualTo(2);
        for (AlertEvaluator r : replicas) {
            r.evaluate(new MetricSample("mlops.input.missing.ratio", 0.0, clock.now(), "churn-api", "churn/3", "ok",
                    List.of()));
        }
        assertThat(sink.alerts(Alert.Kind.RESOLVED)).hasSize(1);
        assertThat(replicas.stream().mapToLong(AlertEvaluator::fleetFailures).sum()).isZero();
    }

    @Test
    void reviewItemsFromTwoReplicasAreTakenByThreeConsumersEachExactlyOnce() throws Exception {
        int items = reviewItems();
        TextCodec<Integer> ints = TextCodec.of(String::valueOf, Integer::valueOf);
        List<ModelEndpoint<Integer, String>> producers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            ReviewQueue<Integer, String> queue = ReviewQueue.shared(replicaState(), "claims", items, ints,
                    TextCodec.strings());
            HumanReviewStrategy<Integer, String> review = HumanReviewStrategy.of(DeploymentStrategy.single(
                    Variant.of("m", x -> "answer-" + x, new ModelRef("claims", 1))), 2.0, queue, Interim.defer("pending"));
            producers.add(keep(ModelEndpoint.<Integer, String>builder("claims").strategy(review).build()));
        }
        List<ReviewQueue<Integer, String>> consumers = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            consumers.add(ReviewQueue.shared(replicaState(), "claims", items, ints, TextCodec.strings()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(5);
        List<Future<?>> offers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            ModelEndpoint<Integer, String> endpoint = producers.get(r);
            int first = r * items / 2;
            offers.add(pool.submit(() -> {
                for (int i = first; i < first + items / 2; i++) {
                    assertThat(endpoint.predict(i, null)).isEqualTo("pending");
                }
                return null;
            }));
        }
        Set<Integer> taken = Collections.synchronizedSet(new HashSet<>());
        AtomicInteger duplicates = new AtomicInteger();
        AtomicInteger wrong = new AtomicInteger();
        List<Future<Integer>> takes = new ArrayList<>();
        for (ReviewQueue<Integer, String> consumer : consumers) {
            takes.add(pool.submit(() -> {
                int n = 0;
                while (taken.size() < items) {
                    Optional<ReviewItem<Integer, String>> item = consumer.poll(Duration.ofMillis(200));
                    if (item.isEmpty()) {
                        continue;
                    }
                    n++;
                    if (!taken.add(item.get().input())) {
                        duplicates.incrementAndGet();
                    }
                    if (!item.get().modelAnswer().equals("answer-" + item.get().input())) {
                        wrong.incrementAndGet();
                    }
                }
                return n;
            }));
        }
        for (Future<?> f : offers) {
            f.get(120, TimeUnit.SECONDS);
        }
        int total = 0;
        List<Integer> perConsumer = new ArrayList<>();
        for (Future<Integer> f : takes) {
            int n = f.get(120, TimeUnit.SECONDS);
            perConsumer.add(n);
            total += n;
        }
        pool.shutdown();
        assertThat(duplicates).hasValue(0);
        assertThat(wrong).hasValue(0);
        assertThat(total).isEqualTo(items);
        assertThat(taken).hasSize(items);
        assertThat(consumers.get(0).size()).isZero();
        assertThat(perConsumer).as("every consumer took some").allMatch(n -> n > 0);
    }
}
