package org.mlops4j.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.review.ReviewStore;
import org.mlops4j.monitoring.log.CaptureConfig;
import org.mlops4j.monitoring.log.CapturedData;
import org.mlops4j.monitoring.log.InputDecoder;
import org.mlops4j.monitoring.log.ProductionCapture;
import org.mlops4j.monitoring.review.ReviewMonitor;
import org.mlops4j.monitoring.review.ReviewReading;
import org.mlops4j.serving.AutomationLevel;
import org.mlops4j.serving.ClaimedReview;
import org.mlops4j.serving.DeploymentChange;
import org.mlops4j.serving.HumanReviewStats;
import org.mlops4j.serving.PredictionResult;
import org.mlops4j.serving.ReviewDesk;
import org.mlops4j.serving.ReviewItem;
import org.mlops4j.serving.ReviewOutcome;
import org.mlops4j.serving.TextCodec;
import org.mlops4j.tracking.jdbc.JdbcReviewStore;
import org.mlops4j.tracking.jdbc.JdbcStore;
import org.tribuo.impl.ArrayExample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import org.mlops4j.core.Clock;
import org.mlops4j.core.Predictor;
import org.mlops4j.core.schema.FeatureType;
import org.mlops4j.core.feedback.GroundTruth;
import org.mlops4j.core.signal.SignalKind;
import org.mlops4j.lifecycle.ClosedLoop;
import org.mlops4j.monitoring.log.CapturedRow;
import org.mlops4j.monitoring.log.DatasetLineage;
import org.mlops4j.lifecycle.RetrainRequest;
import org.mlops4j.monitoring.Baseline;
import org.mlops4j.monitoring.FeedbackMetrics;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.alert.AlertEvaluator;
import org.mlops4j.monitoring.alert.AlertRule;
import org.mlops4j.monitoring.alert.AlertSinks;
import org.mlops4j.monitoring.alert.InMemoryAlertSink;
import org.mlops4j.lifecycle.analysis.CanaryAnalysisConfig;
import org.mlops4j.monitoring.labels.LabelConflictReport;
import org.mlops4j.monitoring.labels.LabelConflicts;
import org.mlops4j.monitoring.profile.FeatureProfile;
import org.mlops4j.monitoring.profile.ReferenceProfile;
import org.mlops4j.monitoring.report.MonitoringReport;
import org.mlops4j.monitoring.scoping.ScopingTargets;
import org.mlops4j.monitoring.scoping.Target;
import org.mlops4j.monitoring.scoping.TargetCheck;
import org.mlops4j.lifecycle.RetrainedModel;
import org.mlops4j.lifecycle.RetrainingPolicy;
import org.mlops4j.lifecycle.Rollout;
import org.mlops4j.lifecycle.RolloutEvent;
import org.mlops4j.lifecycle.RolloutPlan;
import org.mlops4j.lifecycle.RolloutStatus;
import org.mlops4j.lifecycle.RolloutStep;
import org.mlops4j.core.InvalidInputException;
import org.mlops4j.core.registry.AliasChange;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.core.schema.Violation;
import org.mlops4j.tribuo.TribuoModels;
import org.mlops4j.tribuo.TribuoPredictions;
import org.mlops4j.tribuo.TribuoOutputs;
import org.mlops4j.tribuo.TribuoPredictor;
import org.mlops4j.tribuo.TribuoSchemas;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.serving.BlueGreenStrategy;
import org.mlops4j.serving.DeploymentStrategy;
import org.mlops4j.serving.HumanReviewStrategy;
import org.mlops4j.serving.Interim;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.ReviewQueue;
import org.mlops4j.serving.ShadowComparator;
import org.mlops4j.serving.ShadowConfig;
import org.mlops4j.serving.ShadowStrategy;
import org.mlops4j.serving.ShadowSummary;
import org.mlops4j.serving.SmokeTest;
import org.mlops4j.serving.Variant;
import org.mlops4j.tracking.Goal;
import org.mlops4j.tracking.Mlops;
import org.mlops4j.tribuo.tracking.AutologResult;
import org.mlops4j.tribuo.tracking.Slices;
import org.mlops4j.tribuo.tracking.SweepResult;
import org.mlops4j.tribuo.tracking.TribuoAutolog;
import org.mlops4j.tribuo.tracking.TribuoSweep;
import org.tribuo.Trainer;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.transform.TransformTrainer;
import org.tribuo.transform.TransformationMap;
import org.tribuo.transform.transformations.LinearScalingTransformation;

/**
 * The model lifecycle end to end on the embedded defaults: generate data, infer its schema, train
 * a Tribuo classifier, register it and alias it {@code champion}, load it back through its model
 * URI (checksum-verified), and serve a batch and a single request.
 *
 * <p>Run it with the README's first command. It prints a readable, sectioned summary.
 */
public final class LifecycleExample {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> FEATURES = new TypeReference<>() {
    };
    /** A transaction's features as JSON text in the review store. */
    private static final TextCodec<Map<String, ?>> INPUT_CODEC = TextCodec.of(LifecycleExample::toJson,
            LifecycleExample::fromJson);
    /** An answer as its label: what a reviewer decides, and what agreement with the model compares. */
    private static final TextCodec<Prediction<Label>> LABEL_CODEC = TextCodec.of(TribuoPredictions::label,
            LifecycleExample::decision);
    /** Captured inputs read back as the features the model was served (numbers, text, booleans, nulls). */
    private static final InputDecoder<Map<String, ?>> CAPTURED_INPUT = json -> JSON.convertValue(json, FEATURES);

    private LifecycleExample() {
    }

    /**
     * Runs the example.
     *
     * @param args ignored
     * @throws Exception if a step fails
     */
    public static void main(String[] args) throws Exception {
        Path workDir = Files.createTempDirectory("mlops4j-example-");

        ExampleOutput.start("mlops4j lifecycle example");

        ExampleOutput.section("0. Scoping");
        // What the project promises, checked continuously against the monitor's windows (section 6 on).
        List<Target> targets = List.of(Target.accuracyAtLeast(0.78).withAtRiskMargin(0.02),
                Target.latencyP99AtMost(Duration.ofMillis(5)), Target.throughputAtLeast(500));
        System.out.printf("  targets the monitor checks later: %s%n",
                targets.stream().map(Target::describe).collect(Collectors.joining(", ")));

        ExampleOutput.section("1. Data");
        List<FraudData.Transaction> train = FraudData.generate(8_000, 42);
        List<FraudData.Transaction> test = FraudData.generate(2_000, 7);
        MutableDataset<Label> trainSet = FraudData.dataset(train, "synthetic transactions, seed 42");
        MutableDataset<Label> testSet = FraudData.dataset(test, "synthetic transactions, seed 7");
        System.out.printf("  generated %,d training and %,d test transactions, fraud rate %.1f%%%n",
                train.size(), test.size(), 100.0 * fraudRate(train));
        // Tribuo encodes a boolean as 1.0/0.0, so inference sees a number: declare it as what it is.
        Schema schema = TribuoSchemas.infer(trainSet).with(Feature.bool("new_customer"));
        System.out.println("  schema inferred from the training set:");
        for (Feature f : schema.features()) {
            System.out.printf("    %-14s %-11s %-8s %s%n", f.name(), f.type(), f.required() ? "required" : "optional",
                    f.hasRange() ? String.format("[%.2f, %.2f]", f.min(), f.max())
                            : f.categories().isEmpty() ? "" : f.categories().toString());
        }

        ReferenceProfile profile = ReferenceProfile.of(schema, FraudData.rows(train));
        System.out.println("  profile of the training data (the reference for drift later):");
        System.out.printf("    %-14s %8s %10s %10s %10s  %s%n", "feature", "missing", "mean", "p50", "p95", "top categories");
        for (Feature f : schema.features()) {
            FeatureProfile fp = profile.feature(f.name()).orElseThrow();
            boolean numeric = f.type() == FeatureType.NUMERIC;
            System.out.printf("    %-14s %7.1f%% %10s %10s %10s  %s%n", f.name(), 100.0 * fp.missing() / fp.count(),
                    numeric ? String.format("%.2f", fp.mean()) : "", numeric ? String.format("%.2f", fp.quantile(0.5)) : "",
                    numeric ? String.format("%.2f", fp.quantile(0.95)) : "",
                    numeric ? "" : fp.categoryCounts().entrySet().stream().limit(3)
                            .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")));
        }
        LabelConflictReport conflicts = LabelConflicts.find(FraudData.rows(train),
                train.stream().map(FraudData.Transaction::label).toList(), 0.001);
        System.out.printf("  label consistency: %d groups of identical inputs and %d groups within Gower distance"
                + " %.3f carry different labels (%.2f%% of the %,d rows: noisy labels near the decision boundary)%n",
                conflicts.identical().size(), conflicts.near().size(), conflicts.threshold(),
                100 * conflicts.conflictingShare(), conflicts.rows());

        ExampleOutput.section("2. Modelling (tracked)");
        try (Mlops mlops = Mlops.local(workDir.resolve("mlops"))) {
            ModelRegistry registry = mlops.registry();
            // Amounts span three orders of magnitude: scale them into [0, 1] for SGD (part of the model).
            TransformationMap scaling = new TransformationMap(List.of(),
                    Map.of("amount", List.of(new LinearScalingTransformation(0, 1))));
            Map<String, Trainer<Label>> trials = new LinkedHashMap<>();
            trials.put("logistic-regression", new TransformTrainer<>(new LogisticRegressionTrainer(), scaling));
            trials.put("cart-depth-4", new CARTClassificationTrainer(4));
            trials.put("cart-depth-8", new CARTClassificationTrainer(8));
            TribuoAutolog<Label> autolog = TribuoAutolog.classification(mlops.tracker())
                    .slices(Slices.byCategoricalFeature("country"))
                    .registerAs(registry, "fraud");
            long t0 = System.nanoTime();
            SweepResult<Label> sweep = TribuoSweep.of(autolog, "macro_f1", Goal.MAX)
                    .run("fraud-detection", trials, trainSet, testSet);
            System.out.printf("  sweep of %d trainers tracked as child runs of %s in %d ms:%n", trials.size(),
                    sweep.parentRunId().substring(0, 8), (System.nanoTime() - t0) / 1_000_000);
            System.out.printf("    %-22s %9s %9s %9s %9s%n", "trial", "accuracy", "macro F1", "AUC fraud", "run");
            for (Map.Entry<String, AutologResult<Label>> trial : sweep.trials().entrySet()) {
                AutologResult<Label> r = trial.getValue();
                System.out.printf("    %-22s %9.3f %9.3f %9s %9s%s%n", trial.getKey(), r.metric("accuracy").orElseThrow(),
                        r.metric("macro_f1").orElseThrow(),
                        r.metric("auc.fraud").map(v -> String.format("%.3f", v)).orElse("n/a"),
                        r.runId().substring(0, 8), trial.getKey().equals(sweep.bestTrial()) ? "  <- best" : "");
            }
            AutologResult<Label> best = sweep.best();
            System.out.println("  error analysis of the best trial, fraud recall by country:");
            for (String country : List.of("BR", "DE", "FR", "IN", "US")) {
                System.out.printf("    %-3s n=%4.0f  recall %.3f%n", country,
                        best.metric("slice.country_" + country + ".count").orElse(0.0),
                        best.metric("slice.country_" + country + ".recall.fraud").orElse(Double.NaN));
            }
            System.out.printf("  artifacts of the best run: %s%n", mlops.tracker().listArtifacts(best.runId()));

            ExampleOutput.section("3. Registry");
            ModelVersion v1 = sweep.modelVersion().orElseThrow();
            registry.compareAndSetAlias("fraud", "champion", OptionalInt.empty(), v1.version(),
                    Attribution.by("lifecycle-example", "best of sweep by macro F1 "
                            + String.format("%.3f", sweep.bestValue())));
            System.out.printf("  registered %s from run %s (sha256 %s...)%n", v1.uri(),
                    v1.sourceRunId().orElseThrow().substring(0, 8), v1.artifactSha256().orElseThrow().substring(0, 16));
            AliasChange promotion = registry.aliasHistory("fraud").get(0);
            System.out.printf("  alias champion -> v%d, set by %s: %s%n", promotion.newVersion().getAsInt(),
                    promotion.attribution().actor(), promotion.attribution().reason());
            System.out.printf("  store: %s%n", mlops.store());

            ExampleOutput.section("4. Serving");
            List<DeploymentChange> deployments = new CopyOnWriteArrayList<>();  // what changed routing, and why
            ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint = ModelEndpoint
                    .<Map<String, ?>, Prediction<Label>>builder("fraud")
                    .fromRegistry(registry, "models:/fraud@champion", TribuoModels.loader(Label.class),
                            TribuoPredictor::of)
                    .outputs(TribuoOutputs.classifier())
                    .deploymentListener(deployments::add)
                    .build();
            System.out.printf("  endpoint 'fraud' serves models:/fraud@champion -> %s, checksum verified%n",
                    endpoint.strategy().variants().get(0).model());
            serve(endpoint, schema, test);

            ExampleOutput.section("5. Deployment strategies");
            String runnerUp = sweep.trials().keySet().stream().filter(t -> !t.equals(sweep.bestTrial()))
                    .findFirst().orElseThrow();
            AutologResult<Label> second = sweep.trials().get(runnerUp);
            ModelVersion v2 = registry.register(ModelRegistration.builder("fraud")
                    .artifact(TribuoModels.save(second.model(), workDir.resolve("challenger.tribuo")))
                    .sourceRunId(second.runId()).tag("trial", runnerUp).build());
            registry.setAlias("fraud", "challenger", v2.version(), Attribution.by("lifecycle-example", "runner-up"));
            Variant<Map<String, ?>, Prediction<Label>> champion = endpoint.strategy().variants().get(0);
            Variant<Map<String, ?>, Prediction<Label>> challenger = Variant.of("challenger",
                    TribuoPredictor.of(registry.load(v2, TribuoModels.loader(Label.class))), v2);
            strategies(endpoint, champion, challenger, test, mlops.store(), deployments);
            faultyRollout(endpoint, champion, challenger, registry, test);

            monitorAndRetrain(mlops, endpoint, champion, schema, profile, train, test, workDir, targets);
        }

        System.out.println();
        System.out.println("Done. The store and artifacts are in " + workDir.resolve("mlops"));
    }

    private static void strategies(ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint,
                                   Variant<Map<String, ?>, Prediction<Label>> champion,
                                   Variant<Map<String, ?>, Prediction<Label>> challenger,
                                   List<FraudData.Transaction> test, JdbcStore store,
                                   List<DeploymentChange> deployments) throws InterruptedException {
        ShadowStrategy<Map<String, ?>, Prediction<Label>> shadow = ShadowStrategy.of(champion, challenger,
                ShadowConfig.ofDefaults().withQueueCapacity(test.size()), ShadowComparator.labels(TribuoPredictions::label));
        endpoint.deploy(shadow, "shadow the challenger");
        for (FraudData.Transaction tx : test) {
            endpoint.predict(tx.features(), tx.customerId());
        }
        while (shadow.summary().compared() + shadow.summary().errors() < shadow.summary().mirrored()) {
            Thread.sleep(5);
        }
        ShadowSummary s = shadow.summary();
        System.out.printf("  shadow: %s mirrored %,d requests, agreement with the champion %.1f%%, mean shadow"
                + " latency %.0f us; callers only ever saw the champion%n", challenger.model(), s.mirrored(),
                100 * s.agreementRate(), s.meanShadowLatencyNanos() / 1_000);

        for (int weight : new int[] {500, 2_500}) {
            endpoint.deploy(DeploymentStrategy.canary(champion, challenger, weight, "fraud"), "canary at " + weight);
            int toChallenger = 0;
            for (FraudData.Transaction tx : test) {
                if (endpoint.strategy().select(tx.customerId()).name().equals("challenger")) {
                    toChallenger++;
                }
                endpoint.predict(tx.features(), tx.customerId());
            }
            System.out.printf("  canary at %4.1f%%: %,d of %,d customers routed to the challenger (sticky by customer id)%n",
                    weight / 100.0, toChallenger, test.size());
        }

        BlueGreenStrategy<Map<String, ?>, Prediction<Label>> blueGreen = BlueGreenStrategy.of(champion);
        endpoint.deploy(blueGreen, "blue-green: champion is blue");
        List<Map<String, ?>> golden = new ArrayList<>();
        List<Prediction<Label>> expected = new ArrayList<>();
        for (FraudData.Transaction tx : test.subList(0, 200)) {
            golden.add(tx.features());
            expected.add(champion.predictor().predict(tx.features()));
        }
        blueGreen.stage(challenger, golden, SmokeTest.golden(golden, expected,
                (a, b) -> TribuoPredictions.label(a).equals(TribuoPredictions.label(b)), 0.8));
        System.out.printf("  blue-green: staged %s after a smoke test on 200 golden rows%n", challenger.model());
        System.out.printf("    switch   -> live %s%n", blueGreen.switchToStaged().model());
        System.out.printf("    rollback -> live %s, instantly (the standby stayed loaded)%n",
                blueGreen.rollback().model());

        humanReview(endpoint, champion, store, deployments, test);
        System.out.printf("  endpoint stats: %s%n", endpoint.stats());
    }

    /**
     * Human review on a durable queue in the example's store: low-confidence answers wait for a person
     * at the review desk, a caller holds a handle on the decision, a named reviewer claims the oldest
     * item and resolves it (the decision completes the handle and comes back as feedback), another
     * caller's wait runs out to the interim answer, and the automation level moves, audited.
     */
    private static void humanReview(ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint,
                                    Variant<Map<String, ?>, Prediction<Label>> champion, JdbcStore store,
                                    List<DeploymentChange> deployments, List<FraudData.Transaction> test) {
        // The desk's and the store's clock: the example moves it instead of waiting minutes for people.
        ManualClock reviewClock = new ManualClock(Instant.now());
        ReviewStore reviewStore = new JdbcReviewStore(store, reviewClock);
        ReviewQueue<Map<String, ?>, Prediction<Label>> queue = ReviewQueue.durable(reviewStore, "fraud",
                INPUT_CODEC, LABEL_CODEC, 10_000, Duration.ofHours(4));
        HumanReviewStrategy<Map<String, ?>, Prediction<Label>> review = HumanReviewStrategy.of(
                DeploymentStrategy.single(champion), 0.7, queue, Interim.modelAnswer());
        endpoint.deploy(review, "partial automation: review confidence below 0.7");
        ReviewDesk<Map<String, ?>, Prediction<Label>> desk = ReviewDesk.builder(queue, endpoint.feedback(),
                (Prediction<Label> p) -> GroundTruth.label(TribuoPredictions.label(p))).clock(reviewClock).build();
        // A monitor hears the predictions and, being a feedback listener too, the feedback the endpoint joins:
        // the reviewers' decisions reach it as ground truth.
        ModelMonitor<Prediction<Label>> watch = ModelMonitor.builder(TribuoOutputs.classifier()).sameThreadAnalysis()
                .build();
        endpoint.addListener(watch);
        Map<String, FraudData.Transaction> served = new HashMap<>();
        List<CompletableFuture<ReviewOutcome<Prediction<Label>>>> handles = new ArrayList<>();
        for (FraudData.Transaction tx : test) {
            PredictionResult<Prediction<Label>> result = endpoint.serve(tx.features(), tx.customerId(), null);
            served.put(result.predictionId(), tx);
            // The first two callers sent to review wait for a person: one for 5 minutes, one for 1 minute.
            if (handles.size() < 2 && desk.find(result.predictionId()).isPresent()) {
                handles.add(desk.await(result, Duration.ofMinutes(handles.isEmpty() ? 5 : 1)));
            }
        }
        HumanReviewStats stats = review.stats();
        System.out.printf("  human review (partial automation, threshold 0.7): %,d automated, %,d queued for review"
                + " in the store's durable queue%n", stats.automated(), stats.queued());

        reviewClock.advance(Duration.ofMinutes(2));
        long joinedBefore = endpoint.feedback().stats().joined();
        ClaimedReview<Map<String, ?>, Prediction<Label>> claimed = desk.claimNext("maria@fraud-ops",
                Duration.ofMinutes(10)).orElseThrow();
        ReviewItem<Map<String, ?>, Prediction<Label>> item = claimed.review().item();
        String truth = served.get(item.predictionId()).label();
        desk.resolve(claimed.claim(), decision(truth), "called the card holder");
        ReviewOutcome<Prediction<Label>> decided = handles.get(0).join();
        long labelled = watch.feedbackMetrics("fraud", champion.name(), champion.model().toString())
                .map(FeedbackMetrics::labelled).orElse(0L);
        System.out.printf("  maria@fraud-ops claimed the oldest item (model: %s, confidence %.3f) and decided %s:"
                + " \"%s\"%n", TribuoPredictions.label(item.modelAnswer()), item.confidence(), truth,
                decided.decision().orElseThrow().comment().orElse(""));
        System.out.printf("    -> the waiting caller's handle completed %s with %s; feedback joined %,d -> %,d; labelled"
                + " predictions of %s in a monitor: %d%n", decided.kind(),
                TribuoPredictions.label(decided.answer()), joinedBefore, endpoint.feedback().stats().joined(),
                champion.model(), labelled);
        reviewClock.advance(Duration.ofMinutes(1));
        desk.sweep();
        ReviewOutcome<Prediction<Label>> waited = handles.get(1).join();
        System.out.printf("  the second caller's minute ran out: %s with the interim answer %s%n", waited.kind(),
                TribuoPredictions.label(waited.answer()));

        try (ReviewMonitor reviews = ReviewMonitor.builder(reviewStore).queue("fraud").build()) {
            reviews.readNow();
            ReviewReading reading = reviews.latest("fraud").orElseThrow();
            System.out.printf("  review figures: depth %,d, age p99 %.0f s, agreement %.2f (decisions: %d)%n",
                    reading.figures().pending(), reading.ageP99Seconds(), reading.cumulativeAgreementRate(),
                    reading.figures().resolved());
        }
        review.automate(AutomationLevel.AI_ASSISTANCE, "lena@risk", "new fraud pattern: every answer reviewed");
        System.out.printf("  automation ladder, audited: %s%n", deployments.get(deployments.size() - 1).reason());
        desk.close();
        endpoint.removeListener(watch);
        watch.close();
    }

    /**
     * An automated rollout of a broken build of the challenger (its feature pipeline has no mapping
     * for one country), driven by a closed loop without retraining: the sequential test on error
     * rates stops it, and callers never notice because a failed candidate call falls back to the
     * champion.
     */
    private static void faultyRollout(ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint,
                                      Variant<Map<String, ?>, Prediction<Label>> champion,
                                      Variant<Map<String, ?>, Prediction<Label>> challenger, ModelRegistry registry,
                                      List<FraudData.Transaction> test) {
        Predictor<Map<String, ?>, Prediction<Label>> broken = row -> {
            if ("IN".equals(row.get("country"))) {
                throw new IllegalStateException("feature pipeline has no mapping for country IN");
            }
            return challenger.predictor().predict(row);
        };
        Variant<Map<String, ?>, Prediction<Label>> faulty = Variant.of("challenger", broken, challenger.model());
        endpoint.deploy(DeploymentStrategy.single(champion), "before the automated rollout");
        RolloutPlan plan = RolloutPlan.builder().step(RolloutStep.canary(20).minSamples(500))
                .step(RolloutStep.canary(100).minSamples(500)).build();
        // The rollout judges the monitor's per-variant figures; same-thread analysis keeps the printout reproducible.
        try (ModelMonitor<Prediction<Label>> watch = ModelMonitor.builder(TribuoOutputs.classifier())
                .sameThreadAnalysis().build();
             ClosedLoop<Map<String, ?>, Prediction<Label>> loop = ClosedLoop.builder(endpoint, watch, registry)
                     .plan(plan).sameThread().build()) {
            Rollout<Map<String, ?>, Prediction<Label>> rollout = loop.rollout(faulty, Baseline.none());
            System.out.printf("  automated rollout of a faulty build of %s (fails on country IN): %s%n",
                    faulty.model(), plan.describe());
            int served = 0;
            for (FraudData.Transaction tx : test) {
                endpoint.predict(tx.features(), tx.customerId());
                if (++served % 50 == 0) {
                    loop.tick();
                    if (rollout.status().finished()) {
                        break;
                    }
                }
            }
            System.out.printf("  -> %s after %,d requests (%,d to the candidate), callers answered by the champion's "
                    + "fallback meanwhile%n", rollout.status(), served, rollout.stepSamples());
            rollout.lastAnalysis().ifPresent(r -> r.checks().stream().filter(c -> c.name().equals("error rate"))
                    .forEach(c -> System.out.printf("     error rate check: %s (%s)%n", c.outcome(), c.detail())));
            endpoint.removeListener(watch);
        }
    }

    private static void monitorAndRetrain(Mlops mlops, ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint,
                                          Variant<Map<String, ?>, Prediction<Label>> champion, Schema schema,
                                          ReferenceProfile profile, List<FraudData.Transaction> train,
                                          List<FraudData.Transaction> test, Path workDir, List<Target> targets)
            throws Exception {
        ExampleOutput.section("6. Monitoring, with a drift injected halfway");
        ModelRegistry registry = mlops.registry();
        endpoint.deploy(DeploymentStrategy.single(champion), "monitoring: the champion alone");
        List<FraudData.Transaction> holdout = FraudData.generateDrifted(2_000, 99);
        InMemoryAlertSink alerts = AlertSinks.inMemory();
        AlertEvaluator alarms = AlertEvaluator.of(Clock.system(), List.of(
                AlertRule.datasetDriftShareAbove(0.3).withHoldFor(2),
                AlertRule.predictionDriftDetected().withHoldFor(2),
                AlertRule.accuracyBelow(targets.get(0).threshold()),
                AlertRule.targetMissed("latency_p99"),
                AlertRule.missingInputFraction(0.10)), List.of(alerts, AlertSinks.callback(a ->
                System.out.printf("  ALERT %s %s (%s): %s = %.3f (threshold %.3f) at %s%s%n", a.kind(), a.rule(),
                        a.signal(), a.metric(), a.value(), a.threshold(), a.window(), a.topDriftedFeatures().isEmpty()
                                ? "" : ", top drifted " + a.topDriftedFeatures().stream().map(f -> f.feature())
                                .collect(Collectors.joining(", "))))));
        // Same-thread analysis and loop keep this printout reproducible; a service keeps the defaults
        // (the monitor's own analysis thread, and loop.start()).
        ModelMonitor<Prediction<Label>> monitor = ModelMonitor.builder(TribuoOutputs.classifier())
                .baseline(baseline(profile, champion.predictor(), test)).windowSize(1_000).alerts(alarms)
                .sameThreadAnalysis().build();
        ScopingTargets scoping = ScopingTargets.builder().targets(targets).endpoint("fraud").alerts(alarms).build()
                .watch(monitor);
        // Labelled production data for retraining: every prediction from here on and its ground truth,
        // as JSON lines in the work dir, read back by the loop at each retraining. A prediction listener
        // that is also a feedback listener gets the endpoint's joined feedback too: one addListener does both.
        ProductionCapture capture = ProductionCapture.open(workDir.resolve("capture"),
                CaptureConfig.ofDefaults().withQueueCapacity(100_000));
        endpoint.addListener(capture);
        ClosedLoop<Map<String, ?>, Prediction<Label>> loop = ClosedLoop.builder(endpoint, monitor, registry)
                .retraining(request -> retrain(mlops, schema, request, holdout, workDir), model -> accuracy(model,
                        holdout))
                .plan(RolloutPlan.builder().step(RolloutStep.shadow(300)).step(RolloutStep.canary(10).minSamples(200))
                        .step(RolloutStep.canary(50).minSamples(200).withManualGate())
                        .step(RolloutStep.canary(100).minSamples(200)).build())
                // A challenger retrained on drifted data should disagree with the champion where the champion
                // is now wrong: shadow agreement is a sanity floor here, accuracy on feedback is the judge.
                .analysis(CanaryAnalysisConfig.builder().minSamples(200).minAgreement(0.5).build())
                .shadow(ShadowConfig.ofDefaults().withQueueCapacity(10_000),
                        ShadowComparator.labels(TribuoPredictions::label))
                // Retrain when the data drifts, on the last hour's captured traffic; a drop in accuracy
                // alone pages a person (an accuracy alert is printed) rather than retraining.
                .retrainOn(Set.of(SignalKind.DATA_DRIFT))
                .retrainOnCaptured(capture, CAPTURED_INPUT, Duration.ofHours(1))
                .cooldown(Duration.ofHours(6))
                .onRetraining(o -> System.out.printf("  retraining outcome: %s%n", o))
                .onRollout(e -> System.out.printf("  rollout: %s%n", e.kind() + " " + e.stepName()
                        + (e.kind() == RolloutEvent.Kind.PROMOTED || e.kind() == RolloutEvent.Kind.ROLLED_BACK
                        ? " - " + e.detail() : "")))
                .sameThread().build();

        List<FraudData.Transaction> traffic = new ArrayList<>(FraudData.generate(4_000, 2024));
        traffic.addAll(FraudData.generateDrifted(4_000, 2025));
        System.out.printf("  streaming %,d transactions (drift from #4,001: new customer segment, app channel now "
                + "risky), labels arriving after each prediction%n", traffic.size());
        int n = 0;
        for (FraudData.Transaction tx : traffic) {
            serveAndLabel(endpoint, tx, n);
            if (++n % 2_000 == 0) {
                System.out.printf("  ... %,d / %,d streamed%n", n, traffic.size());
            }
        }
        monitor.flush();
        Path report = workDir.resolve("monitoring-report.html");
        MonitoringReport.builder().title("fraud endpoint, lifecycle example").monitor(monitor)
                .alerts(alerts.alerts()).targets(scoping).build().writeHtml(report);
        System.out.printf("  %d windows, %d alerts; HTML report: %s%n", monitor.recentWindows().size(),
                alerts.alerts().size(), report);

        ExampleOutput.section("7. Retraining and automated rollout");
        Rollout<Map<String, ?>, Prediction<Label>> rollout = loop.rollout().orElse(null);
        if (rollout == null) {
            System.out.println("  no retraining was triggered");
            loop.close();
            capture.close();
            return;
        }
        List<FraudData.Transaction> more = FraudData.generateDrifted(20_000, 2026);
        int served = 0;
        int gateTicks = 0;
        for (FraudData.Transaction tx : more) {
            serveAndLabel(endpoint, tx, n++);
            if (++served % 250 == 0) {
                waitForShadow(rollout);
                loop.tick();
                if (rollout.status() == RolloutStatus.AWAITING_APPROVAL && ++gateTicks == 3) {
                    System.out.printf("  manual gate at '%s' held the rollout for %d ticks (%,d requests at 50%%) "
                            + "until an operator approved%n", rollout.currentStep().name(), gateTicks - 1,
                            250 * (gateTicks - 1));
                    rollout.approve();
                }
                if (rollout.status().finished()) {
                    break;
                }
            }
        }
        System.out.printf("  rollout %s after %,d requests; champion alias -> v%d, previous -> %s%n",
                rollout.status(), served, registry.getByAlias("fraud", "champion").orElseThrow().version(),
                registry.getByAlias("fraud", "previous").map(v -> "v" + v.version()).orElse("none"));
        ModelVersion retrained = registry.get("fraud", rollout.candidate().version()).orElseThrow();
        System.out.printf("  %s is tagged with its data: dataset.sha256=%s..., dataset.rows=%s, dataset.label_coverage=%s%n",
                retrained.uri(), retrained.tags().getOrDefault("dataset.sha256", "none").substring(0, 12),
                retrained.tags().get("dataset.rows"), retrained.tags().get("dataset.label_coverage"));
        rollout.lastAnalysis().ifPresent(r -> System.out.printf("  last analysis: %s%n",
                r.summary().lines().findFirst().orElse("")));
        if (rollout.status() == RolloutStatus.PROMOTED) {
            // The loop re-baselined the monitor on the data the new champion was trained on.
            int before = alerts.alerts().size();
            int windowsBefore = monitor.recentWindows().size();
            for (FraudData.Transaction tx : FraudData.generateDrifted(3_000, 2027)) {
                serveAndLabel(endpoint, tx, n++);
            }
            int trainedOn = loop.retraining().flatMap(RetrainingPolicy::challenger).flatMap(RetrainedModel::baseline)
                    .flatMap(Baseline::reference).map(r -> (int) r.rows()).orElse(0);
            System.out.printf("  monitor re-baselined on the %,d transactions v%d was trained on: %d windows of "
                    + "today's traffic, %d alerts%n", trainedOn,
                    registry.getByAlias("fraud", "champion").orElseThrow().version(),
                    monitor.recentWindows().size() - windowsBefore, alerts.alerts().size() - before);
        }
        loop.close();

        ExampleOutput.section("8. Targets");
        // Scored on the serving model directly, so these holdout rows stay out of the monitor.
        double accuracy = accuracy(endpoint.strategy().fallback().predictor(), holdout);
        System.out.printf("  accuracy on the drifted holdout %.3f (target >= %.2f): %s%n", accuracy,
                targets.get(0).threshold(), targets.get(0).status(accuracy).name().toLowerCase(Locale.ROOT)
                        .replace('_', ' '));
        for (TargetCheck check : scoping.checks()) {
            System.out.printf("  monitored %s, from %s%n", check, check.source());
        }
        System.out.printf("  endpoint stats: %s%n", endpoint.stats());
        System.out.printf("  feedback: %s%n", endpoint.feedback().stats());
        monitor.close();
        capture.close();
    }

    /**
     * Serves one transaction as a service does, under its transaction id, and sends its true label
     * back through the endpoint's one feedback path when it arrives (here at once).
     */
    private static void serveAndLabel(ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint,
                                      FraudData.Transaction tx, int sequence) {
        String transactionId = "tx-" + sequence;
        endpoint.serve(tx.features(), tx.customerId(), transactionId);
        endpoint.feedback().recordForRequest(transactionId, GroundTruth.label(tx.label()));
    }

    /** Retrains on the labelled production data the capture kept, tracked as a run. */
    private static RetrainedModel<Map<String, ?>, Prediction<Label>> retrain(
            Mlops mlops, Schema schema, RetrainRequest<Map<String, ?>> request, List<FraudData.Transaction> holdout,
            Path workDir) throws Exception {
        // The policy read what the capture kept in the lookback, joined with the labels that came back.
        CapturedData<Map<String, ?>> captured = request.captured().orElseThrow();
        List<CapturedRow<Map<String, ?>>> labelled = captured.labelledRows();  // in time order
        List<FraudData.Transaction> data = new ArrayList<>();
        for (CapturedRow<Map<String, ?>> row : labelled.subList(Math.max(0, labelled.size() - 3_000),
                labelled.size())) {
            data.add(new FraudData.Transaction(row.predictionId(), new HashMap<>(row.input()),
                    row.label().orElseThrow().truth().label()));
        }
        DatasetLineage lineage = captured.lineage();
        System.out.printf("  retraining (%s: %s) on the latest %,d of the captured labelled transactions...%n",
                request.trigger(), request.detail(), data.size());
        System.out.printf("  captured data read: %,d rows, label coverage %.4f, sha256 %s..., %s to %s%n",
                lineage.rows(), lineage.labelCoverage(), lineage.sha256().substring(0, 12),
                lineage.from().truncatedTo(ChronoUnit.SECONDS), lineage.to().truncatedTo(ChronoUnit.SECONDS));
        AutologResult<Label> run = TribuoAutolog.classification(mlops.tracker())
                .train("fraud-retraining", new CARTClassificationTrainer(6),
                        FraudData.dataset(data, "recent labelled traffic"),
                        FraudData.dataset(holdout, "drifted holdout"));
        TribuoPredictor<Label> predictor = TribuoPredictor.of(run.model());
        return new RetrainedModel<>(predictor, ModelRegistration.builder("fraud")
                .artifact(TribuoModels.save(run.model(), workDir.resolve("retrained.tribuo")))
                .sourceRunId(run.runId()).tag("trigger", request.trigger().name()).build(), run.runId())
                .withBaseline(baseline(ReferenceProfile.of(schema, FraudData.rows(data)), predictor, data));
    }

    /** The baseline of a model: the profile of its data, and its predicted label counts on that data. */
    private static Baseline baseline(ReferenceProfile profile, Predictor<Map<String, ?>, Prediction<Label>> model,
                                     List<FraudData.Transaction> data) {
        Map<String, Long> labels = new HashMap<>();
        for (FraudData.Transaction tx : data) {
            labels.merge(TribuoPredictions.label(model.predict(tx.features())), 1L, Long::sum);
        }
        return Baseline.of(profile).withPredictions(labels);
    }

    private static void waitForShadow(Rollout<?, ?> rollout) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (rollout.currentStep().shadow() && rollout.stepSamples() < rollout.currentStep().minSamples()
                && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    private static double accuracy(Predictor<Map<String, ?>, Prediction<Label>> model,
                                   List<FraudData.Transaction> data) {
        int correct = 0;
        for (FraudData.Transaction tx : data) {
            correct += TribuoPredictions.label(model.predict(tx.features())).equals(tx.label()) ? 1 : 0;
        }
        return (double) correct / data.size();
    }

    private static void serve(ModelEndpoint<Map<String, ?>, Prediction<Label>> predictor, Schema schema,
                              List<FraudData.Transaction> test) {
        long t0 = System.nanoTime();
        int correct = 0;
        int flagged = 0;
        for (FraudData.Transaction tx : test) {
            if (!schema.validate(tx.features()).isEmpty()) {
                flagged++;
            }
            Prediction<Label> p = predictor.predict(tx.features(), tx.customerId());
            if (TribuoPredictions.label(p).equals(tx.label())) {
                correct++;
            }
        }
        long batchMicros = (System.nanoTime() - t0) / 1_000;
        System.out.printf("  batch: scored %,d rows in %,d us (%.1f us/row), accuracy %.3f%n", test.size(),
                batchMicros, (double) batchMicros / test.size(), (double) correct / test.size());
        System.out.printf("  data quality: %d of %,d rows break the schema (missing or out-of-range values)%n",
                flagged, test.size());

        Map<String, Object> request = Map.of("amount", 240.00, "hour", 3, "country", "BR", "channel", "web",
                "new_customer", true, "tx_last_24h", 2);
        Prediction<Label> answer = predictor.predict(schema.requireValid(request));
        System.out.printf("  single request %s%n    -> %s (confidence %.3f)%n", request, TribuoPredictions.label(answer),
                TribuoPredictions.confidence(answer).orElse(Double.NaN));

        Map<String, Object> bad = Map.of("amount", -5.0, "hour", 3, "country", "XX", "channel", "web",
                "new_customer", true, "tx_last_24h", 2);
        try {
            predictor.predict(schema.requireValid(bad));
        } catch (InvalidInputException e) {
            System.out.println("  bad request refused:");
            for (Violation v : e.violations()) {
                System.out.println("    " + v);
            }
        }
    }

    /** A reviewer's decision as the endpoint's output type: the label, with nothing else known. */
    private static Prediction<Label> decision(String label) {
        Label decided = new Label(label);
        return new Prediction<>(decided, 0, new ArrayExample<>(decided));
    }

    private static String toJson(Map<String, ?> features) {
        try {
            return JSON.writeValueAsString(features);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("features " + features + " cannot be written as JSON", e);
        }
    }

    private static Map<String, ?> fromJson(String text) {
        try {
            return JSON.readValue(text, FEATURES);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("stored features are not a JSON object: " + text, e);
        }
    }

    private static double fraudRate(List<FraudData.Transaction> txs) {
        return txs.stream().filter(t -> t.label().equals("fraud")).count() / (double) txs.size();
    }
}
