package org.mlops4j.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.InvalidInputException;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.feedback.FeedbackMismatchException;
import org.mlops4j.core.feedback.FeedbackStats;
import org.mlops4j.core.feedback.GroundTruth;
import org.mlops4j.core.feedback.UserSignal;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.InMemoryModelRegistry;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.schema.Rule;
import org.mlops4j.core.signal.VariantFigures;
import org.mlops4j.examples.FraudData;
import org.mlops4j.examples.ReadmeSnippets;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.serving.BanditStats;
import org.mlops4j.serving.BatchProgress;
import org.mlops4j.serving.BatchResult;
import org.mlops4j.serving.BlueGreenStrategy;
import org.mlops4j.serving.Buckets;
import org.mlops4j.serving.DeploymentChange;
import org.mlops4j.serving.DeploymentStrategy;
import org.mlops4j.serving.EndpointStats;
import org.mlops4j.serving.HumanReviewStrategy;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.PredictionFailedException;
import org.mlops4j.serving.PredictionResult;
import org.mlops4j.serving.RowResult;
import org.mlops4j.serving.ShadowStrategy;
import org.mlops4j.serving.ShadowSummary;
import org.mlops4j.serving.Variant;
import org.mlops4j.serving.VariantBusyException;
import org.mlops4j.tribuo.TribuoModels;
import org.mlops4j.tribuo.TribuoOutputs;
import org.mlops4j.tribuo.TribuoPredictions;
import org.mlops4j.tribuo.TribuoPredictor;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;

class ServingGuideTest {

    private static Model<Label> logistic;
    private static Model<Label> tree;
    private static Model<Label> inverted;
    private static List<FraudData.Transaction> traffic;

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeAll
    static void train() {
        List<FraudData.Transaction> training = FraudData.generate(3_000, 11);
        logistic = new LogisticRegressionTrainer().train(FraudData.dataset(training, "guide"));
        tree = new CARTClassificationTrainer(4).train(FraudData.dataset(FraudData.generate(3_000, 12), "guide"));
        // A model trained on flipped labels: wrong most of the time, a clearly worse bandit arm.
        List<FraudData.Transaction> flipped = training.stream().map(tx -> new FraudData.Transaction(tx.customerId(),
                tx.features(), tx.label().equals("fraud") ? "legit" : "fraud")).toList();
        inverted = new LogisticRegressionTrainer().train(FraudData.dataset(flipped, "flipped"));
        traffic = FraudData.generate(2_000, 13);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    private static Variant<Map<String, ?>, Prediction<Label>> variant(String name, Model<Label> model, int version) {
        return Variant.of(name, TribuoPredictor.of(model), new ModelRef("fraud", version));
    }

    private ModelMonitor<Prediction<Label>> monitor() {
        ModelMonitor<Prediction<Label>> monitor = ModelMonitor.builder(TribuoOutputs.classifier()).sameThreadAnalysis()
                .build();
        closeables.add(monitor);
        return monitor;
    }

    private static String customerIn(boolean canary) {
        return IntStream.range(0, 10_000).mapToObj(i -> "customer-" + i)
                .filter(c -> (Buckets.of("fraud", c) < 500) == canary).findFirst().orElseThrow();
    }

    @Test
    void canaryEndpointServesWithIdentityJoinsFeedbackByEitherIdAndRamps() {
        ModelMonitor<Prediction<Label>> monitor = monitor();
        Variant<Map<String, ?>, Prediction<Label>> champion = variant("champion", logistic, 1);
        Variant<Map<String, ?>, Prediction<Label>> candidate = variant("candidate", tree, 2);
        String customer = customerIn(true);

        var served = ServingGuide.canaryEndpoint(champion, candidate, monitor, traffic.get(0).features(), customer,
                "tx-42");
        ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint = served.getKey();
        PredictionResult<Prediction<Label>> result = served.getValue();

        // Bucket below 500 of 10,000: the candidate answered, sticky for this customer.
        assertThat(result.variant()).isEqualTo("candidate");
        assertThat(result.model()).isEqualTo(new ModelRef("fraud", 2));
        assertThat(result.fallback()).isFalse();
        assertThat(result.requestId()).hasValue("tx-42");
        assertThat(result.predictionId()).startsWith("fraud-").isNotEqualTo("tx-42");
        assertThat(TribuoPredictions.label(result.output()))
                .isEqualTo(TribuoPredictions.label(candidate.predictor().predict(traffic.get(0).features())));
        // Both pieces of feedback joined the one prediction: one ground truth, one user signal.
        FeedbackStats stats = endpoint.feedback().stats();
        assertThat(stats.joined()).isEqualTo(2);
        assertThat(stats.unmatched()).isZero();
        VariantFigures figures = monitor.figures("fraud", "candidate", new ModelRef("fraud", 2)).orElseThrow();
        assertThat(figures.requests()).isEqualTo(1);
        assertThat(figures.labelled()).isEqualTo(1);
        assertThat(figures.correct()).isEqualTo(TribuoPredictions.label(result.output()).equals("fraud") ? 1 : 0);
        // Ramped: 25%, and a customer in a bucket below 500 stays on the candidate.
        assertThat(endpoint.strategy()).hasToString("canary(champion(fraud/1), candidate(fraud/2) at 2500 bp)");
        assertThat(endpoint.serve(traffic.get(1).features(), customer, null).variant()).isEqualTo("candidate");
        assertThat(endpoint.serve(traffic.get(1).features(), customerIn(false), null).variant())
                .isEqualTo(Buckets.of("fraud", customerIn(false)) < 2_500 ? "candidate" : "champion");
    }

    @Test
    void feedbackThatCannotBeJoinedIsCountedAndAMismatchReachesTheCaller() {
        ModelMonitor<Prediction<Label>> monitor = monitor();
        ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint = ModelEndpoint
                .<Map<String, ?>, Prediction<Label>>builder("fraud")
                .strategy(DeploymentStrategy.single(variant("champion", logistic, 1)))
                .feedback(org.mlops4j.core.feedback.FeedbackConfig.ofDefaults().withCapacity(3))
                .listener(monitor).build();
        PredictionResult<Prediction<Label>> first = endpoint.serve(traffic.get(0).features(), "c1", "tx-1");

        assertThat(endpoint.feedback().record("no-such-prediction", GroundTruth.label("fraud"))).isFalse();
        assertThat(endpoint.feedback().record(first.predictionId(), GroundTruth.label("legit"))).isTrue();
        assertThat(endpoint.feedback().recordForRequest("tx-1", GroundTruth.label("fraud"))).as("a second truth")
                .isFalse();
        assertThat(endpoint.feedback().recordForRequest("tx-1", UserSignal.ACCEPTED)).isTrue();
        // A value for a classifier: refused loudly, after every listener had it.
        PredictionResult<Prediction<Label>> second = endpoint.serve(traffic.get(1).features(), "c2", "tx-2");
        assertThatThrownBy(() -> endpoint.feedback().record(second.predictionId(), GroundTruth.value(1.0)))
                .isInstanceOf(FeedbackMismatchException.class).hasMessageContaining("GroundTruth.label");
        assertThat(endpoint.feedback().record(second.predictionId(), GroundTruth.label("legit")))
                .as("the mismatched truth used up the prediction's one ground truth").isFalse();
        // A reused request id joins the latest prediction that carried it.
        PredictionResult<Prediction<Label>> third = endpoint.serve(traffic.get(2).features(), "c3", "tx-2");
        assertThat(endpoint.feedback().recordForRequest("tx-2", GroundTruth.label("legit"))).isTrue();
        // Late: three more predictions evict the first (capacity 3).
        for (int i = 3; i < 6; i++) {
            endpoint.serve(traffic.get(i).features(), "c" + i, "tx-" + i);
        }
        assertThat(endpoint.feedback().recordForRequest("tx-1", UserSignal.REJECTED)).isFalse();

        FeedbackStats stats = endpoint.feedback().stats();
        assertThat(stats.unmatched()).isEqualTo(2);
        assertThat(stats.duplicates()).isEqualTo(2);
        assertThat(stats.mismatches()).isEqualTo(1);
        assertThat(stats.joined()).isEqualTo(4);
        assertThat(stats.pending()).isEqualTo(3);
        assertThat(third.predictionId()).isNotEqualTo(second.predictionId());
        assertThat(monitor.figures("fraud", "champion", new ModelRef("fraud", 1)).orElseThrow().labelled())
                .isEqualTo(2);
    }

    @Test
    void withoutAFeedbackListenerNothingIsRememberedAndFeedbackIsUnmatched() {
        ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint = ModelEndpoint
                .<Map<String, ?>, Prediction<Label>>builder("fraud")
                .strategy(DeploymentStrategy.single(variant("champion", logistic, 1))).build();
        PredictionResult<Prediction<Label>> r = endpoint.serve(traffic.get(0).features(), "c", "tx");
        assertThat(endpoint.feedback().record(r.predictionId(), GroundTruth.label("fraud"))).isFalse();
        assertThat(endpoint.feedback().stats().unmatched()).isEqualTo(1);
        assertThat(endpoint.feedback().stats().pending()).isZero();
    }

    @Test
    void aValidatedVariantRefusesABadRowNamingEveryViolationWithoutFallingBack() {
        List<PredictionEvent<?, ?>> events = new ArrayList<>();
        Variant<Map<String, ?>, Prediction<Label>> champion = ServingGuide.validatedVariant(ReadmeSnippets.schema(),
                TribuoPredictor.of(logistic));
        ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint = ModelEndpoint
                .<Map<String, ?>, Prediction<Label>>builder("fraud")
                .strategy(DeploymentStrategy.canary(champion, variant("candidate", tree, 2), 0, "fraud"))
                .listener(events::add).build();
        Map<String, Object> bad = new HashMap<>(traffic.get(0).features());
        bad.put("country", "XX");
        bad.put("hour", 25);

        assertThat(endpoint.predict(traffic.get(0).features(), "c")).isNotNull();
        assertThatThrownBy(() -> endpoint.predict(bad, "c")).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.violations()).extracting(v -> v.rule())
                        .containsExactlyInAnyOrder(Rule.UNKNOWN_CATEGORY, Rule.OUT_OF_RANGE));
        EndpointStats stats = endpoint.stats();
        assertThat(stats.invalidInputs()).isEqualTo(1);
        assertThat(stats.errors()).isZero();
        assertThat(stats.fallbacks()).isZero();
        assertThat(events).hasSize(2);
        assertThat(events.get(1).succeeded()).isFalse();
    }

    @Test
    void shadowMirrorsAQuarterAndComparesLabelsWhileCallersGetTheChampion() throws Exception {
        ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint = ModelEndpoint
                .<Map<String, ?>, Prediction<Label>>builder("fraud")
                .strategy(DeploymentStrategy.single(variant("champion", logistic, 1))).build();
        closeables.add(endpoint);

        ShadowStrategy<Map<String, ?>, Prediction<Label>> shadow = ServingGuide.shadow(endpoint,
                variant("champion", logistic, 1), variant("candidate", tree, 2), traffic);

        long deadline = System.nanoTime() + 30_000_000_000L;
        while (shadow.summary().compared() + shadow.summary().errors() + shadow.summary().timeouts()
                < shadow.summary().mirrored()) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(5);
        }
        ShadowSummary s = shadow.summary();
        // 25% of 2,000 within 5 sigma (sigma = 19.4); the queue of 5,000 never fills.
        assertThat(s.mirrored()).isBetween(403L, 597L);
        assertThat(s.dropped()).isZero();
        assertThat(s.errors()).isZero();
        assertThat(s.agreementRate()).isBetween(0.5, 1.0);
        assertThat(endpoint.stats().predictions()).isEqualTo(traffic.size());
        assertThat(endpoint.strategy()).isSameAs(shadow);
    }

    @Test
    void blueGreenSwitchesAndRollsBackOnceAnnouncingEachChange() {
        List<DeploymentChange> changes = new ArrayList<>();
        Variant<Map<String, ?>, Prediction<Label>> blue = variant("blue", logistic, 1);
        Variant<Map<String, ?>, Prediction<Label>> green = variant("green", logistic, 2);
        ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint = ModelEndpoint
                .<Map<String, ?>, Prediction<Label>>builder("fraud")
                .strategy(DeploymentStrategy.single(blue)).deploymentListener(changes::add).build();
        List<Map<String, ?>> golden = new ArrayList<>();
        List<Prediction<Label>> expected = new ArrayList<>();
        for (FraudData.Transaction tx : traffic.subList(0, 200)) {
            golden.add(tx.features());
            expected.add(blue.predictor().predict(tx.features()));
        }

        BlueGreenStrategy<Map<String, ?>, Prediction<Label>> bg = ServingGuide.blueGreen(endpoint, blue, green, golden,
                expected);

        assertThat(bg.live()).isEqualTo(blue);
        assertThat(bg.variants()).containsExactly(blue);
        assertThat(endpoint.serve(golden.get(0), null, null).variant()).isEqualTo("blue");
        assertThat(changes).extracting(DeploymentChange::reason).containsExactly("blue-green, blue live",
                "blue-green: switched to staged green(fraud/2); blue(fraud/1) stands by",
                "blue-green: rolled back from green(fraud/2) to blue(fraud/1)");

        Variant<Map<String, ?>, Prediction<Label>> wrong = variant("green", inverted, 3);
        assertThatThrownBy(() -> bg.stage(wrong, golden, org.mlops4j.serving.SmokeTest.golden(golden, expected,
                (a, b) -> TribuoPredictions.label(a).equals(TribuoPredictions.label(b)), 0.8)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("smoke test failed");
    }

    @Test
    void humanReviewQueuesTheUnsureAnswersAndTheReviewersDecisionBecomesGroundTruth() throws Exception {
        ModelMonitor<Prediction<Label>> monitor = monitor();
        Variant<Map<String, ?>, Prediction<Label>> champion = variant("champion", logistic, 1);
        ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint = ModelEndpoint
                .<Map<String, ?>, Prediction<Label>>builder("fraud")
                .strategy(DeploymentStrategy.single(champion)).outputs(TribuoOutputs.classifier())
                .listener(monitor).build();
        List<Map<String, Object>> rows = FraudData.rows(traffic.subList(0, 500));
        long unsure = rows.stream().filter(r -> TribuoPredictions.confidence(champion.predictor().predict(r))
                .orElseThrow() < 0.8).count();
        assertThat(unsure).isPositive();

        HumanReviewStrategy<Map<String, ?>, Prediction<Label>> review = ServingGuide.humanReview(endpoint, champion,
                rows, item -> "fraud");

        assertThat(review.deferred()).isEqualTo(unsure);
        assertThat(review.automated()).isEqualTo(rows.size() - unsure);
        assertThat(review.queue().size()).isEqualTo((int) unsure - 1);
        assertThat(endpoint.feedback().stats().joined()).isEqualTo(1);
        assertThat(monitor.figures("fraud", "champion", new ModelRef("fraud", 1)).orElseThrow().labelled())
                .isEqualTo(1);
    }

    /** Sees predictions, so the endpoint's feedback join remembers them, and the feedback joined to them. */
    static final class Labels implements org.mlops4j.core.PredictionListener<Map<String, ?>, String>,
            org.mlops4j.core.feedback.FeedbackListener<Map<String, ?>, String> {
        final List<org.mlops4j.core.feedback.Feedback> received = new ArrayList<>();

        @Override
        public void onPrediction(PredictionEvent<? extends Map<String, ?>, ? extends String> event) {
        }

        @Override
        public void onFeedback(org.mlops4j.core.feedback.FeedbackEvent<? extends Map<String, ?>, ? extends String> e) {
            received.add(e.feedback());
        }
    }

    @Test
    void theReviewDeskGivesTheCallerTheReviewersDecisionAndTheLadderMovesAudited() throws Exception {
        Variant<Map<String, ?>, String> model = Variant.of("loans-v1",
                row -> ((Number) row.get("amount")).doubleValue() < 1_000 ? "approve" : "decline",
                new ModelRef("loans", 1));
        Labels labels = new Labels();
        List<DeploymentChange> audit = new ArrayList<>();
        ModelEndpoint<Map<String, ?>, String> endpoint = ModelEndpoint.<Map<String, ?>, String>builder("loans")
                .strategy(DeploymentStrategy.single(model)).confidence(out -> out.equals("approve") ? 0.95 : 0.6)
                .listener(labels).deploymentListener(audit::add).build();
        org.mlops4j.serving.TextCodec<Map<String, ?>> inputs = org.mlops4j.serving.TextCodec.of(
                row -> String.valueOf(row.get("amount")), text -> Map.of("amount", Double.parseDouble(text)));
        java.util.concurrent.ScheduledExecutorService scheduler =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try (org.mlops4j.core.review.ReviewStore store =
                     org.mlops4j.core.review.ReviewStore.inMemory(org.mlops4j.core.Clock.system())) {
            var result = ServingGuide.reviewDesk(endpoint, model, store, inputs, scheduler, Map.of("amount", 5_000.0),
                    "c-42", c -> c.item().input().get("amount").equals(5_000.0) ? "approve" : "decline");

            org.mlops4j.serving.ReviewOutcome<String> outcome = result.getValue().get(1, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(outcome.kind()).isEqualTo(org.mlops4j.serving.ReviewOutcome.Kind.DECIDED);
            assertThat(outcome.answer()).isEqualTo("approve");
            assertThat(outcome.decision().orElseThrow().reviewer()).isEqualTo("alice");
            assertThat(outcome.decision().orElseThrow().agreesWithModel()).isFalse();
            assertThat(labels.received).containsExactly(GroundTruth.label("approve"));
            assertThat(result.getKey().figures().resolved()).isEqualTo(1);
            // a sure answer is not reviewed
            assertThat(endpoint.predict(Map.of("amount", 10.0))).isEqualTo("approve");

            @SuppressWarnings("unchecked")
            HumanReviewStrategy<Map<String, ?>, String> review =
                    (HumanReviewStrategy<Map<String, ?>, String>) endpoint.strategy();
            ServingGuide.automationLadder(review);
            assertThat(review.automation()).isEqualTo(org.mlops4j.serving.AutomationLevel.PARTIAL);
            assertThat(review.threshold()).isEqualTo(0.9);
            assertThat(audit).extracting(DeploymentChange::reason).containsExactly(
                    "people decide the loans the model is unsure of",
                    "automation PARTIAL(threshold=0.8) -> SHADOW by alice: new region: people decide, the model is measured",
                    "automation SHADOW -> PARTIAL(threshold=0.9) by risk-committee: agreement above 95% for a month");
            result.getKey().close();
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void banditMovesTrafficToTheArmThatEarnsRewards() {
        List<FraudData.Transaction> transactions = traffic.subList(0, 600);

        BanditStats stats = ServingGuide.bandit(variant("champion", logistic, 1), variant("candidate", inverted, 2),
                transactions);

        BanditStats.Arm good = stats.arm("champion").orElseThrow();
        BanditStats.Arm bad = stats.arm("candidate").orElseThrow();
        assertThat(good.served() + bad.served()).isEqualTo(600);
        assertThat(bad.served()).isGreaterThanOrEqualTo(50).isLessThan(100);
        assertThat(stats.rewarded()).isEqualTo(600);
        // The posterior mean of the arm served most is close to its model's accuracy on this traffic.
        double accuracy = transactions.stream().filter(tx -> TribuoPredictions.label(
                TribuoPredictor.of(logistic).predict(tx.features())).equals(tx.label())).count() / 600.0;
        assertThat(good.posteriorMean()).isCloseTo(accuracy, org.assertj.core.data.Offset.offset(0.05));
        assertThat(bad.posteriorMean()).isLessThan(0.3);
    }

    @Test
    void failuresAreAnsweredByTheFallbackRefusedAsBadInputOrReportedAsUnavailable() {
        // A candidate that fails fast leaves the champion the rest of the call's limit. (One that
        // hangs for the whole limit leaves it nothing: that call is reported as unavailable.)
        Variant<Map<String, ?>, Prediction<Label>> failing = Variant.of("candidate", row -> {
            throw new NoClassDefFoundError("com/acme/FeatureEncoder");
        }, new ModelRef("fraud", 2));
        ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint = ServingGuide.guardedEndpoint(
                variant("champion", logistic, 1), failing);
        closeables.add(endpoint);
        Map<String, Object> row = traffic.get(0).features();
        List<String> responses = new ArrayList<>();

        ServingGuide.answer(endpoint, row, customerIn(true), (status, body) -> responses.add(status + " " + body));
        Map<String, Object> bad = new LinkedHashMap<>(row);
        bad.put("country", "XX");
        ServingGuide.answer(endpoint, bad, customerIn(false), (status, body) -> responses.add(status + " " + body));

        String championLabel = TribuoPredictions.label(TribuoPredictor.of(logistic).predict(row));
        assertThat(responses.get(0)).isEqualTo("200 " + championLabel);
        assertThat(responses.get(1)).startsWith("400 ").contains("country@XX");
        EndpointStats stats = endpoint.stats();
        assertThat(stats.timeouts()).isZero();
        assertThat(stats.fallbacks()).isEqualTo(1);
        assertThat(stats.errors()).isEqualTo(1);
        assertThat(stats.invalidInputs()).isEqualTo(1);

        Variant<Map<String, ?>, Prediction<Label>> broken = Variant.of("champion", r -> {
            throw new IllegalStateException("feature store down");
        }, new ModelRef("fraud", 1));
        ModelEndpoint<Map<String, ?>, Prediction<Label>> down = ServingGuide.guardedEndpoint(broken,
                variant("candidate", tree, 2));
        closeables.add(down);
        ServingGuide.answer(down, row, customerIn(false), (status, body) -> responses.add(status + " " + body));
        assertThat(responses.get(2)).isEqualTo("503 variant champion failed");
        assertThat(down.stats().failures()).isEqualTo(1);
    }

    @Test
    void aVariantWhoseThreadsAreAllBusyIsRefusedAtOnceAndCountedAsRejected() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        // A model that ignores interrupts: a timed-out call keeps its thread until released.
        Variant<Map<String, ?>, Prediction<Label>> slow = Variant.of("candidate", row -> {
            while (true) {
                try {
                    release.await();
                    return TribuoPredictor.of(tree).predict(row);
                } catch (InterruptedException swallowed) {
                    // deliberately ignored
                }
            }
        }, new ModelRef("fraud", 2));
        try (ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint = ModelEndpoint
                .<Map<String, ?>, Prediction<Label>>builder("fraud")
                .strategy(DeploymentStrategy.canary(variant("champion", logistic, 1), slow, 10_000, "fraud"))
                .variantTimeout(java.time.Duration.ofMillis(50), 1).listener(e -> { })
                .build()) {
            List<PredictionEvent<?, ?>> events = new ArrayList<>();
            endpoint.addListener(events::add);
            // The first call takes the candidate's only thread and times out, which spends its whole
            // 50 ms: it fails, with no time left for the champion. The thread stays busy, so the
            // second call is refused at once and the champion answers it.
            assertThatThrownBy(() -> endpoint.serve(traffic.get(0).features(), "a", null))
                    .isInstanceOf(PredictionFailedException.class);
            assertThat(endpoint.serve(traffic.get(1).features(), "b", null).variant()).isEqualTo("champion");
            assertThat(endpoint.stats().timeouts()).isEqualTo(1);
            assertThat(endpoint.stats().rejected()).isEqualTo(1);
            assertThat(events.get(1).error()).containsInstanceOf(VariantBusyException.class);
        } finally {
            release.countDown();
        }
    }

    @Test
    void batchScoresInOrderAndKeepsGoingPastAFailingRow() {
        List<Map<String, Object>> rows = new ArrayList<>(FraudData.rows(traffic));
        Map<String, Object> bad = new LinkedHashMap<>(rows.get(700));
        bad.put("channel", "fax");
        rows.set(700, bad);
        List<Long> streamed = new ArrayList<>();

        var result = ServingGuide.batch(TribuoPredictor.of(logistic), rows, r -> streamed.add(r.index()));

        BatchResult<Prediction<Label>> scored = result.getKey();
        assertThat(scored.rows()).hasSize(2_000);
        assertThat(scored.failures()).extracting(RowResult::index).containsExactly(700L);
        assertThat(scored.totals().errors()).isEqualTo(1);
        assertThat(TribuoPredictions.label(scored.rows().get(5).output().orElseThrow()))
                .isEqualTo(TribuoPredictions.label(TribuoPredictor.of(logistic).predict(rows.get(5))));
        BatchProgress totals = result.getValue();
        assertThat(totals.rows()).isEqualTo(2_000);
        assertThat(totals.finished()).isTrue();
        assertThat(streamed).isEqualTo(IntStream.range(0, 2_000).mapToObj(i -> (long) i).toList());
    }

    @Test
    void aRegistryBoundEndpointFollowsTheAlias(@TempDir Path dir) {
        InMemoryModelRegistry registry = new InMemoryModelRegistry();
        registry.register(ModelRegistration.builder("fraud")
                .artifact(TribuoModels.save(logistic, dir.resolve("v1.tribuo"))).build());
        registry.register(ModelRegistration.builder("fraud")
                .artifact(TribuoModels.save(tree, dir.resolve("v2.tribuo"))).build());
        registry.setAlias("fraud", "champion", 1, Attribution.by("test", "first"));

        var bound = ServingGuide.fromRegistry(registry);

        ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint = bound.getKey();
        Optional<DeploymentChange> change = bound.getValue();
        assertThat(change).hasValueSatisfying(c -> assertThat(c.reason())
                .isEqualTo("models:/fraud@champion now points to fraud/2"));
        PredictionResult<Prediction<Label>> r = endpoint.serve(traffic.get(0).features(), null, null);
        assertThat(r.variant()).isEqualTo("champion");
        assertThat(r.model()).isEqualTo(new ModelRef("fraud", 2));
        assertThat(endpoint.reload()).isEmpty();
    }
    @Test
    void anEndpointRefusesAVersionWhoseSignatureNeedsAnInputTheServiceDoesNotSend(@TempDir Path dir) {
        InMemoryModelRegistry registry = new InMemoryModelRegistry();
        List<String> differences = ServingGuide.signatures(registry, ReadmeSnippets.schema(),
                TribuoModels.save(logistic, dir.resolve("v1.tribuo")), TribuoModels.save(tree, dir.resolve("v2.tribuo")));
        assertThat(differences).containsExactly(
                "feature 'device_age_days' is required by the candidate but not taken by the served model");
        assertThat(registry.getByAlias("fraud", "champion").orElseThrow().version()).isEqualTo(2);
        assertThat(registry.get("fraud", 1).orElseThrow().signature()).hasValueSatisfying(
                s -> assertThat(s.inputs()).isEqualTo(ReadmeSnippets.schema()));
    }
}
