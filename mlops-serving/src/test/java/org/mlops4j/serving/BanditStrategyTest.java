package org.mlops4j.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.feedback.FeedbackEvent;
import org.mlops4j.core.feedback.FeedbackListener;
import org.mlops4j.core.feedback.GroundTruth;
import org.mlops4j.core.feedback.PredictionField;
import org.mlops4j.core.feedback.Reward;
import org.mlops4j.core.registry.ModelRef;

class BanditStrategyTest {

    private static final BanditConfig CONFIG = BanditConfig.ofDefaults().withMinExposure(20).withSeed(42);

    private static Variant<String, String> arm(String name) {
        return Variant.of(name, input -> name, new ModelRef("offers-" + name, 1));
    }

    private static List<Variant<String, String>> arms(String... names) {
        return Arrays.stream(names).map(BanditStrategyTest::arm).toList();
    }

    /** An endpoint serving through the bandit: rewards reach it through the endpoint's feedback join. */
    private static ModelEndpoint<String, String> endpoint(BanditStrategy<String, String> bandit) {
        return ModelEndpoint.<String, String>builder("offers").strategy(bandit).build();
    }

    /** Serves one request under a request id and returns the arm that answered. */
    private static String serve(ModelEndpoint<String, String> endpoint, String requestId) {
        return endpoint.serve("x", null, requestId).variant();
    }

    private static boolean reward(ModelEndpoint<String, String> endpoint, String requestId, double reward) {
        return endpoint.feedback().recordForRequest(requestId, Reward.of(reward));
    }

    @Test
    void convergesOnTheBestArmWithDelayedRewards() {
        BanditStrategy<String, String> bandit = BanditStrategy.of(arms("low", "mid", "high"), CONFIG);
        ModelEndpoint<String, String> endpoint = endpoint(bandit);
        Map<String, Double> trueRate = Map.of("low", 0.2, "mid", 0.5, "high", 0.8);
        SplittableRandom world = new SplittableRandom(7);
        Deque<String[]> delayed = new ArrayDeque<>();
        int rounds = 20_000;
        int highInLast5000 = 0;
        for (int round = 0; round < rounds; round++) {
            String id = "p" + round;
            String chosen = serve(endpoint, id);
            if (round >= rounds - 5_000 && chosen.equals("high")) {
                highInLast5000++;
            }
            delayed.addLast(new String[] {id, chosen});
            if (delayed.size() > 50) {
                String[] due = delayed.removeFirst();
                double reward = world.nextDouble() < trueRate.get(due[1]) ? 1.0 : 0.0;
                assertThat(reward(endpoint, due[0], reward)).isTrue();
            }
        }

        BanditStats stats = bandit.stats();
        assertThat(highInLast5000).isGreaterThan((int) (0.85 * 5_000));
        assertThat(stats.arms()).allSatisfy(a -> assertThat(a.served()).isGreaterThanOrEqualTo(20));
        assertThat(stats.arms().stream().mapToLong(BanditStats.Arm::served).sum()).isEqualTo(rounds);
        assertThat(stats.rewarded()).isEqualTo(rounds - 50);
        assertThat(endpoint.feedback().stats().joined()).isEqualTo(rounds - 50);
        assertThat(stats.arm("high").orElseThrow().posteriorMean()).isCloseTo(0.8, within(0.03));
        assertThat(bandit.fallback().name()).isEqualTo("high");
    }

    @Test
    void warmUpServesEachArmExactlyMinExposureTimesInRoundRobinWhateverTheRewards() {
        BanditStrategy<String, String> bandit = BanditStrategy.of(arms("a", "b", "c"),
                CONFIG.withMinExposure(10));
        ModelEndpoint<String, String> endpoint = endpoint(bandit);
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String chosen = serve(endpoint, "p" + i);
            order.add(chosen);
            // Only "a" ever pays off, but warm-up does not look at rewards.
            reward(endpoint, "p" + i, chosen.equals("a") ? 1.0 : 0.0);
        }

        assertThat(order.subList(0, 3)).containsExactly("a", "b", "c");
        assertThat(bandit.stats().arms()).extracting(BanditStats.Arm::served).containsExactly(10L, 10L, 10L);
    }

    @Test
    void warmUpIsExactUnderConcurrentSelection() throws Exception {
        BanditStrategy<String, String> bandit = BanditStrategy.of(arms("a", "b", "c"),
                CONFIG.withMinExposure(1_000));
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 375; i++) {
                        bandit.select(null);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(bandit.stats().arms()).extracting(BanditStats.Arm::served)
                .containsExactly(1_000L, 1_000L, 1_000L);
    }

    @Test
    void sameSeedAndRewardsGiveTheSameChoicesAndRoutingKeysAreIgnored() {
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        for (List<String> choices : List.of(first, second)) {
            BanditStrategy<String, String> bandit = BanditStrategy.of(arms("a", "b"), CONFIG.withMinExposure(0));
            for (int i = 0; i < 200; i++) {
                String chosen = bandit.select("same-user").name();
                choices.add(chosen);
            }
        }

        assertThat(first).isEqualTo(second);
        assertThat(first).contains("a", "b");
    }

    @Test
    void aPredictionTakesOneRewardAndOtherFeedbackIsIgnored() {
        BanditStrategy<String, String> bandit = BanditStrategy.of(arms("a", "b"), CONFIG);
        ModelEndpoint<String, String> endpoint = endpoint(bandit);
        serve(endpoint, "p1");

        assertThat(reward(endpoint, "p1", 1.0)).isTrue();
        assertThat(reward(endpoint, "p1", 1.0)).as("a second reward").isFalse();
        assertThat(reward(endpoint, "never-served", 0.0)).isFalse();
        assertThat(endpoint.feedback().recordForRequest("p1", GroundTruth.label("a"))).isTrue();

        BanditStats stats = bandit.stats();
        assertThat(stats.rewarded()).isEqualTo(1);
        assertThat(stats.arms().stream().mapToDouble(a -> a.successes() + a.failures()).sum()).isEqualTo(1.0);
        assertThat(endpoint.feedback().stats().duplicates()).isEqualTo(1);
        assertThat(endpoint.feedback().stats().unmatched()).isEqualTo(1);
    }

    @Test
    void rewardOutsideTheUnitIntervalIsRejectedWithItsValue() {
        for (double reward : new double[] {-0.1, 1.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> Reward.of(reward)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("reward must be in [0, 1] but was " + reward);
        }
    }

    @Test
    void fractionalRewardAddsFractionalPseudoCounts() {
        BanditStrategy<String, String> bandit = BanditStrategy.of(arms("a", "b"), CONFIG.withPrior(2.0, 3.0));
        ModelEndpoint<String, String> endpoint = endpoint(bandit);
        String chosen = serve(endpoint, "p1");

        reward(endpoint, "p1", 0.25);

        BanditStats.Arm arm = bandit.stats().arm(chosen).orElseThrow();
        assertThat(arm.successes()).isEqualTo(0.25);
        assertThat(arm.failures()).isEqualTo(0.75);
        assertThat(arm.posteriorMean()).isCloseTo((2.0 + 0.25) / (2.0 + 3.0 + 1.0), within(1e-12));
    }

    @Test
    void aRewardForAPredictionServedBeforeTheBanditWasDeployedIsUnmatched() {
        BanditStrategy<String, String> first = BanditStrategy.of(arms("a", "b"), CONFIG);
        BanditStrategy<String, String> second = BanditStrategy.of(arms("c", "d"), CONFIG);
        ModelEndpoint<String, String> endpoint = endpoint(first);
        serve(endpoint, "old");
        endpoint.deploy(second, "new arms");
        serve(endpoint, "new");

        assertThat(reward(endpoint, "old", 1.0)).isTrue();
        assertThat(reward(endpoint, "new", 1.0)).isTrue();

        assertThat(first.stats().rewarded()).as("a replaced bandit hears nothing").isZero();
        assertThat(second.stats().rewarded()).isEqualTo(1);
        assertThat(second.stats().unmatchedRewards()).isEqualTo(1);
    }

    @Test
    void concurrentSelectionAndRewardsAddUp() throws Exception {
        BanditStrategy<String, String> bandit = BanditStrategy.of(arms("a", "b", "c"),
                CONFIG.withMinExposure(50));
        ModelEndpoint<String, String> endpoint = endpoint(bandit);
        int threads = 8;
        int perThread = 5_000;
        CountDownLatch start = new CountDownLatch(1);
        AtomicLong successes = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    SplittableRandom world = new SplittableRandom(thread);
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        String id = thread + "-" + i;
                        String chosen = serve(endpoint, id);
                        boolean success = world.nextDouble() < (chosen.equals("c") ? 0.7 : 0.3);
                        if (success) {
                            successes.incrementAndGet();
                        }
                        if (!reward(endpoint, id, success ? 1.0 : 0.0)) {
                            throw new AssertionError("reward of " + id + " was not matched");
                        }
                    }
                    return null;
                }));
            }
            Future<?> reader = pool.submit(() -> {
                start.await();
                for (int i = 0; i < 1_000; i++) {
                    bandit.stats();
                    bandit.fallback();
                }
                return null;
            });
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
            reader.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        BanditStats stats = bandit.stats();
        long total = (long) threads * perThread;
        assertThat(stats.arms().stream().mapToLong(BanditStats.Arm::served).sum()).isEqualTo(total);
        assertThat(stats.rewarded()).isEqualTo(total);
        assertThat(stats.arms().stream().mapToDouble(BanditStats.Arm::successes).sum())
                .isEqualTo((double) successes.get());
        assertThat(stats.arms().stream().mapToDouble(a -> a.successes() + a.failures()).sum())
                .isEqualTo((double) total);
        assertThat(stats.unmatchedRewards()).isZero();
        assertThat(endpoint.feedback().stats().joined()).isEqualTo(total);
        assertThat(stats.arm("c").orElseThrow().served()).isGreaterThan(total / 2);
    }

    @Test
    void learnsThroughAModelEndpointFromRewardsJoinedByPredictionId() {
        BanditStrategy<String, String> bandit = BanditStrategy.of(arms("a", "b", "c"), CONFIG);
        ModelEndpoint<String, String> endpoint = endpoint(bandit);
        Map<String, Integer> answers = new HashMap<>();
        Deque<PredictionResult<String>> unrewarded = new ArrayDeque<>();
        for (int i = 0; i < 2_000; i++) {
            PredictionResult<String> r = endpoint.serve("user-" + i, "user-" + i, null);
            answers.merge(r.output(), 1, Integer::sum);
            unrewarded.addLast(r);
            // Each reward arrives ten calls later, by the id the call returned.
            if (unrewarded.size() > 10) {
                PredictionResult<String> due = unrewarded.removeFirst();
                assertThat(endpoint.feedback().record(due.predictionId(),
                        Reward.of(due.variant().equals("b") ? 1.0 : 0.0))).isTrue();
            }
        }
        endpoint.close();

        BanditStats stats = bandit.stats();
        assertThat(stats.rewarded()).isEqualTo(1_990);
        assertThat(stats.unmatchedRewards()).isZero();
        assertThat(answers.get("b")).isGreaterThan(1_500);
        assertThat(bandit.fallback().name()).isEqualTo("b");
    }

    @Test
    void fallbackIsTheArmWithTheHighestPosteriorMean() {
        BanditStrategy<String, String> bandit = BanditStrategy.of(arms("a", "b", "c"), CONFIG.withMinExposure(1));
        ModelEndpoint<String, String> endpoint = endpoint(bandit);
        assertThat(bandit.fallback().name()).isEqualTo("a");
        for (int i = 0; i < 3; i++) {
            String chosen = serve(endpoint, "p" + i);
            reward(endpoint, "p" + i, chosen.equals("b") ? 1.0 : 0.0);
        }

        assertThat(bandit.fallback().name()).isEqualTo("b");
        assertThat(bandit.variants()).extracting(Variant::name).containsExactly("a", "b", "c");
    }

    @Test
    void armsMustBeAtLeastTwoWithUniqueNames() {
        assertThatThrownBy(() -> BanditStrategy.of(arms("a"), CONFIG))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a bandit needs at least 2 arms but got 1");
        assertThatThrownBy(() -> BanditStrategy.of(arms("a", "b", "a"), CONFIG))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("arm names must be unique but 'a' appears twice");
    }

    @Test
    void configRejectsBadSettingsNamingTheValue() {
        BanditConfig c = BanditConfig.ofDefaults();
        assertThatThrownBy(() -> c.withMinExposure(-1)).hasMessage("minExposure must be >= 0 but was -1");
        assertThatThrownBy(() -> c.withPrior(0.0, 1.0))
                .hasMessage("priorAlpha must be positive and finite but was 0.0");
        assertThatThrownBy(() -> c.withPrior(1.0, Double.NaN))
                .hasMessage("priorBeta must be positive and finite but was NaN");
        assertThatThrownBy(() -> c.withPrior(Double.POSITIVE_INFINITY, 1.0))
                .hasMessage("priorAlpha must be positive and finite but was Infinity");
    }

    @Test
    void betaSamplerMatchesTheMeanAndVarianceOfBeta() {
        assertMoments(2.0, 5.0, 0.002, 0.0005);
        assertMoments(0.5, 0.5, 0.005, 0.002);
    }

    private static void assertMoments(double a, double b, double meanTolerance, double varianceTolerance) {
        double[] draws = draws(a, b, 100_000, 11);
        double mean = Arrays.stream(draws).average().orElseThrow();
        double variance = Arrays.stream(draws).map(x -> (x - mean) * (x - mean)).sum() / (draws.length - 1);
        assertThat(mean).isCloseTo(a / (a + b), within(meanTolerance));
        assertThat(variance).isCloseTo(a * b / ((a + b) * (a + b) * (a + b + 1)), within(varianceTolerance));
    }

    @Test
    void betaSamplerPassesAKolmogorovSmirnovTestAgainstTheExactCdf() {
        // Beta(1/2, 1/2) is the arcsine law; Beta(2, 5) has the polynomial CDF sum_{j=2..6} C(6,j) x^j (1-x)^(6-j).
        DoubleUnaryOperator arcsine = x -> 2.0 / Math.PI * Math.asin(Math.sqrt(x));
        DoubleUnaryOperator beta25 = x -> {
            double sum = 0.0;
            int[] binomial6 = {1, 6, 15, 20, 15, 6, 1};
            for (int j = 2; j <= 6; j++) {
                sum += binomial6[j] * Math.pow(x, j) * Math.pow(1 - x, 6 - j);
            }
            return sum;
        };
        // 1.95 / sqrt(n) is the KS critical value at the 0.1% level.
        double critical = 1.95 / Math.sqrt(100_000);
        assertThat(ksStatistic(draws(0.5, 0.5, 100_000, 3), arcsine)).isLessThan(critical);
        assertThat(ksStatistic(draws(2.0, 5.0, 100_000, 5), beta25)).isLessThan(critical);
    }

    @Test
    void betaSamplerStaysInTheUnitIntervalForTinyAndHugeShapes() {
        double[] tiny = draws(0.001, 0.001, 10_000, 1);
        assertThat(Arrays.stream(tiny).min().orElseThrow()).isGreaterThanOrEqualTo(0.0);
        assertThat(Arrays.stream(tiny).max().orElseThrow()).isLessThanOrEqualTo(1.0);
        assertThat(Arrays.stream(tiny).filter(Double::isNaN).count()).isZero();
        double[] concentrated = draws(1e6, 1e6, 1_000, 2);
        assertThat(Arrays.stream(concentrated).map(x -> Math.abs(x - 0.5)).max().orElseThrow()).isLessThan(0.01);
    }

    private static double[] draws(double a, double b, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] draws = new double[n];
        for (int i = 0; i < n; i++) {
            draws[i] = BetaSampler.beta(rng, a, b);
        }
        return draws;
    }

    private static double ksStatistic(double[] draws, DoubleUnaryOperator cdf) {
        double[] sorted = draws.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double d = 0.0;
        for (int i = 0; i < n; i++) {
            double f = cdf.applyAsDouble(sorted[i]);
            d = Math.max(d, Math.max((i + 1.0) / n - f, f - (double) i / n));
        }
        return d;
    }

    /**
     * A bandit reads only the variant of a rewarded prediction, so the endpoint's join keeps no
     * answer for it: a listener added later that reads nothing either sees predictions without
     * their output; once a listener that reads everything joins, predictions keep their output.
     */
    @Test
    void theJoinOfABanditEndpointKeepsNoAnswerUntilAListenerReadsIt() {
        BanditStrategy<String, String> bandit = BanditStrategy.of(arms("a", "b"), CONFIG);
        assertThat(bandit.feedbackReads()).isEmpty();
        assertThat(DeploymentStrategy.single(arm("a")).feedbackReads()).isEqualTo(PredictionField.all());
        ModelEndpoint<String, String> endpoint = endpoint(bandit);
        List<Optional<? extends String>> outputs = new ArrayList<>();
        endpoint.feedback().addListener(new FeedbackListener<Object, Object>() {
            @Override
            public void onFeedback(FeedbackEvent<?, ?> e) {
                outputs.add(e.prediction().output().map(String::valueOf));
            }

            @Override
            public Set<PredictionField> reads() {
                return PredictionField.none();
            }
        });
        PredictionResult<String> first = endpoint.serve("x", null, "r1");
        endpoint.feedback().addListener(e -> { });
        PredictionResult<String> second = endpoint.serve("x", null, "r2");
        assertThat(endpoint.feedback().record(first.predictionId(), Reward.of(1.0))).isTrue();
        assertThat(endpoint.feedback().record(second.predictionId(), Reward.of(1.0))).isTrue();
        assertThat(outputs).containsExactly(Optional.empty(), Optional.of(second.output()));
        assertThat(bandit.stats().rewarded()).isEqualTo(2);
    }
}
