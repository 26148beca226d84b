package org.mlops4j.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import org.mlops4j.core.InvalidInputException;
import org.mlops4j.core.registry.AliasChange;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.core.schema.Violation;
import org.mlops4j.core.tribuo.TribuoModels;
import org.mlops4j.core.tribuo.TribuoPredictions;
import org.mlops4j.core.tribuo.TribuoPredictor;
import org.mlops4j.core.tribuo.TribuoSchemas;
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
import org.mlops4j.tracking.tribuo.AutologResult;
import org.mlops4j.tracking.tribuo.Slices;
import org.mlops4j.tracking.tribuo.SweepResult;
import org.mlops4j.tracking.tribuo.TribuoAutolog;
import org.mlops4j.tracking.tribuo.TribuoSweep;
import org.slf4j.bridge.SLF4JBridgeHandler;
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

    private LifecycleExample() {
    }

    /**
     * Runs the example.
     *
     * @param args ignored
     * @throws Exception if a step fails
     */
    public static void main(String[] args) throws Exception {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        Locale.setDefault(Locale.ROOT);
        Path workDir = Files.createTempDirectory("mlops4j-example-");

        System.out.println("mlops4j lifecycle example");
        System.out.println("=========================");

        section("1. Data");
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

        section("2. Modelling (tracked)");
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

            section("3. Registry");
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

            section("4. Serving");
            ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint = ModelEndpoint
                    .<Map<String, ?>, Prediction<Label>>builder("fraud")
                    .fromRegistry(registry, "models:/fraud@champion", TribuoModels.loader(Label.class),
                            TribuoPredictor::of)
                    .confidence(p -> TribuoPredictions.confidence(p).orElse(Double.NaN))
                    .build();
            System.out.printf("  endpoint 'fraud' serves models:/fraud@champion -> %s, checksum verified%n",
                    endpoint.strategy().variants().get(0).model());
            serve(endpoint, schema, test);

            section("5. Deployment strategies");
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
            strategies(endpoint, champion, challenger, test);
        }

        System.out.println();
        System.out.println("Done. The store and artifacts are in " + workDir.resolve("mlops"));
    }

    private static void strategies(ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint,
                                   Variant<Map<String, ?>, Prediction<Label>> champion,
                                   Variant<Map<String, ?>, Prediction<Label>> challenger,
                                   List<FraudData.Transaction> test) throws InterruptedException {
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

        ReviewQueue<Map<String, ?>, Prediction<Label>> queue = new ReviewQueue<>(10_000);
        HumanReviewStrategy<Map<String, ?>, Prediction<Label>> review = HumanReviewStrategy.of(
                DeploymentStrategy.single(champion), 0.7, queue, Interim.modelAnswer());
        endpoint.deploy(review, "partial automation: review confidence below 0.7");
        for (FraudData.Transaction tx : test) {
            endpoint.predict(tx.features(), tx.customerId());
        }
        System.out.printf("  human review (partial automation, threshold 0.7): %,d automated, %,d queued for review%n",
                review.automated(), queue.size());
        System.out.printf("  endpoint stats: %s%n", endpoint.stats());
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

    private static double fraudRate(List<FraudData.Transaction> txs) {
        return txs.stream().filter(t -> t.label().equals("fraud")).count() / (double) txs.size();
    }

    private static void section(String title) {
        System.out.println();
        System.out.println(title);
        System.out.println("-".repeat(title.length()));
    }
}
