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
import org.mlops4j.core.tribuo.TribuoExamples;
import org.mlops4j.core.tribuo.TribuoModels;
import org.mlops4j.core.tribuo.TribuoPredictions;
import org.mlops4j.core.tribuo.TribuoPredictor;
import org.mlops4j.core.tribuo.TribuoSchemas;
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
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
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
        MutableDataset<Label> trainSet = dataset(train, "synthetic transactions, seed 42");
        MutableDataset<Label> testSet = dataset(test, "synthetic transactions, seed 7");
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
            Model<Label> served = registry.load("models:/fraud@champion", TribuoModels.loader(Label.class));
            TribuoPredictor<Label> predictor = TribuoPredictor.of(served);
            System.out.printf("  loaded models:/fraud@champion -> %s, checksum verified%n",
                    registry.require("models:/fraud@champion").ref());
            serve(predictor, schema, test);
        }

        System.out.println();
        System.out.println("Done. The store and artifacts are in " + workDir.resolve("mlops"));
    }

    private static void serve(TribuoPredictor<Label> predictor, Schema schema, List<FraudData.Transaction> test) {
        long t0 = System.nanoTime();
        int correct = 0;
        int flagged = 0;
        for (FraudData.Transaction tx : test) {
            if (!schema.validate(tx.features()).isEmpty()) {
                flagged++;
            }
            Prediction<Label> p = predictor.predict(tx.features());
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

    private static MutableDataset<Label> dataset(List<FraudData.Transaction> txs, String description) {
        List<Map<String, Object>> rows = new ArrayList<>(txs.size());
        List<Label> labels = new ArrayList<>(txs.size());
        for (FraudData.Transaction tx : txs) {
            rows.add(tx.features());
            labels.add(new Label(tx.label()));
        }
        return TribuoExamples.dataset(rows, labels, new LabelFactory(), description);
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
