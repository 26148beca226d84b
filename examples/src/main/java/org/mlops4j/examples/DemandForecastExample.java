package org.mlops4j.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.mlops4j.core.Clock;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.core.feedback.GroundTruth;
import org.mlops4j.tribuo.TribuoOutputs;
import org.mlops4j.tribuo.TribuoPredictor;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.WindowMetrics;
import org.mlops4j.monitoring.alert.AlertEvaluator;
import org.mlops4j.monitoring.alert.AlertRule;
import org.mlops4j.monitoring.alert.AlertSinks;
import org.mlops4j.serving.BatchConfig;
import org.mlops4j.serving.BatchPredictor;
import org.mlops4j.serving.BatchResult;
import org.mlops4j.serving.DeploymentStrategy;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.RowResult;
import org.mlops4j.serving.Variant;
import org.mlops4j.tracking.Mlops;
import org.mlops4j.tribuo.tracking.AutologResult;
import org.mlops4j.tribuo.tracking.TribuoAutolog;
import org.tribuo.Prediction;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.objectives.SquaredLoss;
import org.tribuo.regression.sgd.linear.LinearSGDTrainer;

/**
 * A batch example, demand-forecast style: a regression model of store demand trained and tracked,
 * registered, then a 90-day horizon scored in bulk with {@link BatchPredictor} through a monitored
 * endpoint (a few corrupt rows fail alone, each forecast keyed by its store-day as the request
 * id), and the actuals joined back by that id through the endpoint's feedback path as they arrive:
 * RMSE per window of labelled predictions raises an alert when a competitor opens and demand falls.
 *
 * <p>Run with {@code mvn -B -q -pl examples -am test-compile exec:java
 * -Dexample.mainClass=org.mlops4j.examples.DemandForecastExample}.
 */
public final class DemandForecastExample {

    private DemandForecastExample() {
    }

    /**
     * Runs the example.
     *
     * @param args ignored
     * @throws Exception if a step fails
     */
    public static void main(String[] args) throws Exception {
        Path workDir = Files.createTempDirectory("mlops4j-demand-");
        ExampleOutput.start("mlops4j batch example: demand forecast");

        ExampleOutput.section("1. Data");
        List<DemandData.StoreDay> history = DemandData.generate(60, LocalDate.of(2023, 1, 1), 730, 11, null);
        int split = 60 * 640;
        System.out.printf("  %,d store-days of history (60 stores, 2 years), mean %.1f units/day%n", history.size(),
                history.stream().mapToDouble(DemandData.StoreDay::units).average().orElseThrow());

        try (Mlops mlops = Mlops.local(workDir.resolve("mlops"))) {
            ExampleOutput.section("2. Training (tracked)");
            ModelRegistry registry = mlops.registry();
            AutologResult<Regressor> run = TribuoAutolog.regression(mlops.tracker()).registerAs(registry, "demand")
                    .train("demand-forecast", new LinearSGDTrainer(new SquaredLoss(), new AdaGrad(0.5), 10, 1_000, 1, 7L),
                            DemandData.dataset(history.subList(0, split), "history, first 640 days"),
                            DemandData.dataset(history.subList(split, history.size()), "history, last 90 days"));
            double baseline = storeMeanRmse(history.subList(0, split), history.subList(split, history.size()));
            double validationRmse = run.metric("rmse.units").or(() -> run.metric("rmse")).orElseThrow();
            System.out.printf("  linear SGD, run %s: validation RMSE %.2f units (per-store mean baseline %.2f), "
                    + "R2 %.3f%n", run.runId().substring(0, 8), validationRmse, baseline,
                    run.metric("r2.units").or(() -> run.metric("r2")).orElse(Double.NaN));
            ModelVersion v1 = registry.versions("demand").get(0);
            registry.compareAndSetAlias("demand", "champion", OptionalInt.empty(), v1.version(),
                    Attribution.by("demand-example", "first model"));
            System.out.printf("  registered %s as champion%n", v1.uri());

            ExampleOutput.section("3. Batch scoring with BatchPredictor");
            LocalDate shock = LocalDate.of(2025, 2, 15);
            List<DemandData.StoreDay> horizon = DemandData.generate(60, LocalDate.of(2025, 1, 1), 90, 12, shock);
            List<DemandData.StoreDay> rows = new ArrayList<>(horizon);
            for (int i : new int[] {100, 2_000, 4_000}) {
                Map<String, Object> corrupt = new HashMap<>(horizon.get(i).features());
                corrupt.put("price", "n/a");
                DemandData.StoreDay d = horizon.get(i);
                rows.set(i, new DemandData.StoreDay(d.store(), d.day(), corrupt, d.units()));
            }
            double alarm = 1.5 * validationRmse;
            ModelMonitor<Prediction<Regressor>> monitor = ModelMonitor.builder(TribuoOutputs.regressor())
                    .windowSize(1_080)
                    .alerts(AlertEvaluator.of(Clock.system(), List.of(AlertRule.rmseAbove(alarm)),
                            List.of(AlertSinks.callback(a -> System.out.printf("  ALERT %s %s: RMSE %.2f > %.2f over "
                                    + "the %s%n", a.kind(), a.rule(), a.value(), a.threshold(), a.window())))))
                    .build();
            ModelEndpoint<Map<String, ?>, Prediction<Regressor>> endpoint = ModelEndpoint
                    .<Map<String, ?>, Prediction<Regressor>>builder("demand")
                    .strategy(DeploymentStrategy.single(Variant.of("champion", TribuoPredictor.of(run.model()), v1)))
                    .listener(monitor).build();
            // Each forecast is served under its store-day as the request id: the actuals come back keyed by it.
            BatchPredictor<DemandData.StoreDay, Prediction<Regressor>> batch = BatchPredictor.of(
                    day -> endpoint.serve(day.features(), day.store(), id(day)).output(),
                    BatchConfig.ofDefaults().withParallelism(2).withChunkSize(500)
                            .withProgressInterval(Duration.ofMillis(100))
                            .withProgressListener(p -> System.out.printf("  ... %,d rows scored, %,d failed%s%n",
                                    p.rows(), p.errors(), p.finished() ? String.format(" (done, %,.0f rows/s)",
                                            p.rowsPerSecond()) : "")));
            BatchResult<Prediction<Regressor>> result = batch.predict(rows);
            System.out.printf("  scored %,d store-days for the next 90 days; %d rows failed alone:%n",
                    result.totals().rows(), result.failures().size());
            for (RowResult<Prediction<Regressor>> f : result.failures()) {
                System.out.printf("    row %,d: %s%n", f.index(), f.error().orElseThrow().getMessage());
            }
            monitor.flush();
            WindowMetrics w = monitor.recentWindows().get(0);
            System.out.printf("  forecast distribution of the first window: p05 %.1f, p50 %.1f, p95 %.1f units%n",
                    w.outputQuantiles().get("p05"), w.outputQuantiles().get("p50"), w.outputQuantiles().get("p95"));

            ExampleOutput.section("4. Actuals arrive: RMSE per window of 1,080 labelled forecasts (18 days)");
            System.out.printf("  a competitor opens on %s near a third of the stores; alarm at RMSE > %.2f%n", shock,
                    alarm);
            for (DemandData.StoreDay actual : horizon) {
                endpoint.feedback().recordForRequest(id(actual), GroundTruth.value(actual.units()));
            }
            System.out.printf("  %,d actuals joined by store-day, %,d unmatched (the failed rows have no forecast)%n",
                    endpoint.feedback().stats().joined(), endpoint.feedback().stats().unmatched());
            monitor.close();
        }
        System.out.println();
        System.out.println("Done. The store and artifacts are in " + workDir.resolve("mlops"));
    }

    /** The request id of a forecast: its store and day. */
    private static String id(DemandData.StoreDay day) {
        return day.store() + "/" + day.day();
    }

    private static double storeMeanRmse(List<DemandData.StoreDay> train, List<DemandData.StoreDay> test) {
        Map<String, double[]> sums = new HashMap<>();
        for (DemandData.StoreDay d : train) {
            double[] s = sums.computeIfAbsent(d.store(), k -> new double[2]);
            s[0] += d.units();
            s[1]++;
        }
        double sq = 0;
        for (DemandData.StoreDay d : test) {
            double[] s = sums.get(d.store());
            double e = d.units() - s[0] / s[1];
            sq += e * e;
        }
        return Math.sqrt(sq / test.size());
    }
}
