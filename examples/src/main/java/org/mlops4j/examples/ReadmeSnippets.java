package org.mlops4j.examples;

import java.net.URI;
import java.time.Duration;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import org.mlops4j.core.Clock;
import org.mlops4j.core.PredictionListener;
import org.mlops4j.core.registry.ModelRef;
import io.micrometer.core.instrument.MeterRegistry;
import org.mlops4j.core.feedback.GroundTruth;
import org.mlops4j.core.feedback.UserSignal;
import org.mlops4j.lifecycle.ClosedLoop;
import org.mlops4j.monitoring.Baseline;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.serving.PredictionResult;
import org.mlops4j.tribuo.TribuoOutputs;
import org.mlops4j.monitoring.alert.InMemoryAlertSink;
import org.mlops4j.monitoring.drift.DatasetDriftReport;
import org.mlops4j.monitoring.micrometer.MicrometerMonitorBinder;
import org.mlops4j.monitoring.report.MonitoringReport;
import org.mlops4j.monitoring.alert.AlertEvaluator;
import org.mlops4j.monitoring.alert.AlertRule;
import org.mlops4j.monitoring.alert.AlertSinks;
import org.mlops4j.monitoring.alert.MetricSample;
import org.mlops4j.monitoring.alert.WebhookConfig;
import org.mlops4j.monitoring.profile.ReferenceProfile;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.InMemoryModelRegistry;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.tribuo.TribuoModels;
import org.mlops4j.tribuo.TribuoPredictions;
import org.mlops4j.tribuo.TribuoPredictor;
import org.mlops4j.serving.DeploymentStrategy;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.lifecycle.RetrainRequest;
import org.mlops4j.lifecycle.RetrainedModel;
import org.mlops4j.lifecycle.RetrainingPolicy;
import org.mlops4j.lifecycle.Rollout;
import org.mlops4j.lifecycle.RolloutPlan;
import org.mlops4j.lifecycle.RolloutStep;
import org.mlops4j.serving.ShadowComparator;
import org.mlops4j.serving.ShadowConfig;
import org.mlops4j.serving.Variant;
import org.mlops4j.lifecycle.analysis.CanaryAnalysisConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.mlops4j.tracking.AsyncTracker;
import org.mlops4j.tracking.AsyncTrackerConfig;
import org.mlops4j.tracking.Goal;
import org.mlops4j.tracking.Mlops;
import org.mlops4j.tracking.QueueFullPolicy;
import org.mlops4j.tracking.Run;
import org.mlops4j.tracking.RunComparison;
import org.mlops4j.tracking.RunFilter;
import org.mlops4j.tracking.RunInfo;
import org.mlops4j.tracking.RunConfig;
import org.mlops4j.tracking.RunOrder;
import org.mlops4j.tracking.RunPage;
import org.mlops4j.tracking.RunQuery;
import org.mlops4j.tracking.Tracker;
import org.mlops4j.monitoring.concept.ConceptDriftDetector;
import org.mlops4j.monitoring.concept.ConceptDriftDetectors;
import org.mlops4j.monitoring.concept.DetectorState;
import org.mlops4j.monitoring.concept.DriftState;
import org.mlops4j.monitoring.drift.DatasetDriftDetector;
import org.mlops4j.monitoring.drift.DriftResult;
import org.mlops4j.monitoring.drift.DriftTests;
import org.mlops4j.monitoring.drift.MultipleTesting;
import org.mlops4j.monitoring.profile.FeatureProfile;
import org.mlops4j.tracking.mlflow.MlflowAuth;
import org.mlops4j.tracking.mlflow.MlflowExport;
import org.mlops4j.core.fleet.FleetFigures;
import org.mlops4j.core.fleet.FleetRetention;
import org.mlops4j.core.fleet.FleetWindows;
import org.mlops4j.lifecycle.analysis.CanaryAnalysis;
import org.mlops4j.monitoring.FleetPublisher;
import org.mlops4j.tracking.jdbc.JdbcControllerLease;
import org.mlops4j.tracking.jdbc.JdbcFleetWindows;
import org.mlops4j.spark.LabelledPredictions;
import org.mlops4j.spark.PredictionLogs;
import org.mlops4j.spark.ScoringJob;
import org.mlops4j.spark.SparkDrift;
import org.mlops4j.spark.SparkProfiles;
import org.mlops4j.spark.SparkScoring;
import org.mlops4j.spark.UnlabelledRows;
import org.mlops4j.tracking.mlflow.MlflowExportSummary;
import org.mlops4j.tribuo.tracking.AutologResult;
import org.mlops4j.tribuo.tracking.Slices;
import org.mlops4j.tribuo.tracking.SweepResult;
import org.mlops4j.tribuo.tracking.TribuoAutolog;
import org.mlops4j.tribuo.tracking.TribuoSweep;
import org.postgresql.ds.PGSimpleDataSource;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.mlops4j.tracking.mlflow.MlflowConfig;
import org.mlops4j.tracking.mlflow.MlflowModelRegistry;
import org.mlops4j.tracking.mlflow.MlflowTracker;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

/**
 * The code of the README's usage snippets, kept here so that it compiles with every build. Each
 * method is one snippet; {@code ReadmeSnippetsTest} runs them.
 */
public final class ReadmeSnippets {

    private static final Logger LOG = LoggerFactory.getLogger(ReadmeSnippets.class);

    private ReadmeSnippets() {
    }

    /**
     * README "Register a model and serve the champion".
     *
     * @param model a trained Tribuo classifier
     * @param dir where to write the artifact
     * @return the label predicted for one request
     */
    public static String registerAndServe(Model<Label> model, Path dir) {
        // tag::register-and-serve[]
        ModelRegistry registry = new InMemoryModelRegistry();

        ModelArtifact artifact = TribuoModels.save(model, dir.resolve("fraud.tribuo"));   // protobuf + SHA-256
        ModelVersion v = registry.register(ModelRegistration.builder("fraud")
                .artifact(artifact)
                .signature(TribuoModels.signature(model))                      // inputs, labels: checked on deploy
                .sourceRunId("run-2024-06-01")
                .tag("trainer", "LogisticRegression")
                .build());                                                               // -> fraud/1, READY
        registry.compareAndSetAlias("fraud", "champion", OptionalInt.empty(), v.version(),
                Attribution.by("alice", "beats baseline on holdout"));                   // audited, atomic

        Model<Label> champion = registry.load("models:/fraud@champion",
                TribuoModels.loader(Label.class));                                       // checksum verified
        TribuoPredictor<Label> predictor = TribuoPredictor.of(champion);
        Prediction<Label> p = predictor.predict(Map.of("amount", 240.0, "hour", 3, "country", "BR",
                "channel", "web", "new_customer", true, "tx_last_24h", 2));
        String label = TribuoPredictions.label(p);                  // "fraud"
        OptionalDouble confidence = TribuoPredictions.confidence(p); // max class probability
        // end::register-and-serve[]
        return label + " " + confidence.orElse(Double.NaN);
    }

    /**
     * README "Track experiments".
     *
     * @param dir the store directory
     * @param losses a loss per epoch
     * @param confusionMatrixFile a file to log as an artifact
     * @return the comparison of the tracked run with a second one
     */
    public static RunComparison trackExperiment(Path dir, double[] losses, Path confusionMatrixFile) {
        // tag::track-experiments[]
        try (Mlops mlops = Mlops.local(dir)) {                        // dir/mlops.db + dir/artifacts/
            Tracker tracker = mlops.tracker();
            String runA = tracker.run("fraud", RunConfig.ofDefaults().name("lr-0.1"), run -> {
                run.logParam("learning_rate", 0.1).logParam("epochs", losses.length);
                for (int epoch = 0; epoch < losses.length; epoch++) {
                    run.logMetric("loss", losses[epoch], epoch);          // history by step
                }
                run.logMetric("accuracy", 0.93);
                run.logArtifact(confusionMatrixFile, "eval");           // copied under the run
                return run.id();
            });                                                         // FINISHED, or FAILED if it threw
            String runB = tracker.run("fraud", RunConfig.ofDefaults().name("lr-0.5"), run -> {
                run.logParam("learning_rate", 0.5).logParam("epochs", losses.length).logMetric("accuracy", 0.88);
                return run.id();
            });

            Optional<RunInfo> best = tracker.bestRun("fraud", "accuracy", Goal.MAX);
            RunPage page = tracker.searchRuns(RunQuery.in(tracker.experiment("fraud").orElseThrow().id())
                    .filter(RunFilter.metric("accuracy").gt(0.9).and(RunFilter.param("epochs").eq("5")))
                    .orderBy(RunOrder.byMetric("accuracy", Goal.MAX))
                    .maxResults(50));
            if (best.isEmpty() || page.runs().isEmpty()) {
                throw new IllegalStateException("the tracked runs were not found");
            }
            return tracker.compare(List.of(runA, runB));               // params that differ, latest metrics
        }
        // end::track-experiments[]
    }

    /**
     * README "Log without waiting".
     *
     * @param mlops an open store
     * @param losses a loss per step
     * @param alerts receives a line per write the tracker gave up on
     * @return the id of the run logged
     */
    public static String asyncLogging(Mlops mlops, double[] losses, List<String> alerts) {
        // tag::async-logging[]
        Tracker tracker = new AsyncTracker(mlops.tracker(), AsyncTrackerConfig.ofDefaults()
                .withQueueFullPolicy(QueueFullPolicy.DROP)                  // the default; or BLOCK
                .withFailureListener(f -> alerts.add(f.toString())));
        String id;
        try (Run run = tracker.startRun("fraud")) {
            for (int step = 0; step < losses.length; step++) {
                run.logMetric("loss", losses[step], step);                  // ~100 ns: a queue offer
            }
            id = run.id();
        }                                                                   // the run ends after its writes land
        tracker.close();                                                    // drains, then closes the store
        // end::async-logging[]
        return id;
    }

    /**
     * README "Or an MLflow tracking server".
     *
     * @param url the server's address
     * @param token a bearer token
     * @return the tracker and registry, which contact the server only when used
     */
    public static Map.Entry<Tracker, ModelRegistry> mlflowStores(String url, String token) {
        // tag::mlflow-stores[]
        MlflowConfig mlflow = MlflowConfig.of(URI.create(url)).withAuth(MlflowAuth.bearer(token)); // or MlflowAuth.basic(user, pw)
        Tracker tracker = new MlflowTracker(mlflow);
        ModelRegistry registry = new MlflowModelRegistry(mlflow);
        // end::mlflow-stores[]
        return Map.entry(tracker, registry);
    }

    /**
     * README "Raise alarms".
     *
     * @param clock the clock
     * @param modelRef the model version the metric belongs to
     * @param webhook where alerts are posted
     * @return the evaluator, after one sample
     */
    public static AlertEvaluator alarms(Clock clock, ModelRef modelRef, URI webhook) {
        // tag::alarms[]
        AlertEvaluator alarms = AlertEvaluator.of(Clock.system(), List.of(
                AlertRule.missingInputFraction(0.05).withHoldFor(3),              // 3 windows in a row
                AlertRule.latencyP99Above(Duration.ofMillis(50)).withClearThreshold(0.030),
                AlertRule.accuracyBelow(0.85).withCooldown(Duration.ofHours(1)),
                AlertRule.datasetDriftShareAbove(0.5)),
                List.of(AlertSinks.log(), AlertSinks.webhook(webhook,
                        WebhookConfig.ofDefaults())));
        alarms.evaluate(MetricSample.of("mlops.input.missing.ratio", 0.08, clock.now(), "fraud", modelRef, "last 1000"));
        // end::alarms[]
        return alarms;
    }

    /**
     * README "Monitor a running model".
     *
     * @param schema the input schema
     * @param trainingRows the reference rows
     * @param alarms the alert rules
     * @param endpoint the endpoint to watch
     * @param row a request to serve
     * @param customerId its routing key
     * @param transactionId the caller's id of the request
     * @return the monitor
     */
    public static ModelMonitor<Prediction<Label>> monitor(Schema schema, List<Map<String, Object>> trainingRows,
                                                          AlertEvaluator alarms,
                                                          ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint,
                                                          Map<String, ?> row, String customerId, String transactionId) {
        // tag::monitor[]
        ModelMonitor<Prediction<Label>> monitor = ModelMonitor.builder(TribuoOutputs.classifier()) // labels, confidence
                .baseline(Baseline.of(ReferenceProfile.of(schema, trainingRows))      // input drift (and the schema)
                        .withPredictions(Map.of("fraud", 40L, "legit", 960L)))        // prediction drift
                .windowSize(1_000)                                       // predictions per window...
                .windowDuration(Duration.ofMinutes(5))                   // ...or 5-minute slots, whichever first
                .alerts(alarms)                                          // an AlertEvaluator, see below
                .build();                                                // analyses windows on its own thread
        endpoint.addListener(monitor);                                   // every prediction, and its feedback

        PredictionResult<Prediction<Label>> answer = endpoint.serve(row, customerId, transactionId);
        endpoint.feedback().record(answer.predictionId(), GroundTruth.label("fraud"));  // accuracy, concept drift
        endpoint.feedback().recordForRequest(transactionId, UserSignal.REJECTED);       // by your own id
        // end::monitor[]
        return monitor;
    }

    /**
     * README "Export metrics and write reports".
     *
     * @param monitor the monitor to export and report on
     * @param prometheusRegistry the registry to bind the gauges to
     * @param driftReport a drift report
     * @param referenceProfile the reference profile
     * @param currentProfile the current profile
     * @param inMemorySink the alerts to list
     * @param dir where the reports go, and where reference.csv and current.csv are
     * @param schema the CSV files' schema
     * @return the binder
     */
    public static MicrometerMonitorBinder export(ModelMonitor<?> monitor, MeterRegistry prometheusRegistry,
                                                 DatasetDriftReport driftReport, ReferenceProfile referenceProfile,
                                                 ReferenceProfile currentProfile, InMemoryAlertSink inMemorySink,
                                                 Path dir, Schema schema) {
        // tag::export[]
        MicrometerMonitorBinder binder = MicrometerMonitorBinder.of(monitor);
        binder.bindTo(prometheusRegistry);       // follows the monitor from now on; close() at shutdown

        MonitoringReport.builder().title("fraud, week 48")
                .drift(driftReport).profiles(referenceProfile, currentProfile)
                .monitor(monitor).alerts(inMemorySink.alerts())
                .build().writeHtml(dir.resolve("report.html"));
        MonitoringReport.fromCsv(dir.resolve("reference.csv"), dir.resolve("current.csv"), schema)  // batch check in a pipeline
                .writeJson(dir.resolve("drift.json"));
        // end::export[]
        return binder;
    }

    /**
     * README "Roll out automatically, retrain on drift".
     *
     * @param endpoint the endpoint serving the champion
     * @param challenger the candidate's variant
     * @param registry the registry holding both versions
     * @param monitor the endpoint's monitor
     * @param holdout labelled data to compare models on
     * @param workDir where retrained models are saved
     * @return the closed loop, started, and the challenger's rollout
     */
    public static Map.Entry<ClosedLoop<Map<String, ?>, Prediction<Label>>, Rollout<Map<String, ?>, Prediction<Label>>>
            rolloutAndRetrain(ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint,
                              Variant<Map<String, ?>, Prediction<Label>> challenger, ModelRegistry registry,
                              ModelMonitor<Prediction<Label>> monitor, List<FraudData.Transaction> holdout,
                              Path workDir) {
        // tag::rollout-and-retrain[]
        RolloutPlan plan = RolloutPlan.builder()
                .step(RolloutStep.shadow(500))                                  // 500 mirrored calls
                .step(RolloutStep.canary(1).minSamples(200))                    // 1% of customers, sticky
                .step(RolloutStep.canary(5).minSamples(200).minDuration(Duration.ofMinutes(30)))
                .step(RolloutStep.canary(50).minSamples(500).withManualGate())  // waits for approve()
                .step(RolloutStep.canary(100).minSamples(500))
                .failureLimit(2).inconclusiveLimit(10).analysisInterval(Duration.ofSeconds(30))
                .build();
        ClosedLoop<Map<String, ?>, Prediction<Label>> loop = ClosedLoop.builder(endpoint, monitor, registry)
                .plan(plan)
                .analysis(CanaryAnalysisConfig.builder().minSamples(200).build())  // judges the monitor's figures
                .deferOnInputDrift(0.5)                                            // wait while inputs shift
                .shadow(ShadowConfig.ofDefaults(), ShadowComparator.labels(TribuoPredictions::label))
                .retraining(request -> trainOnRecentData(request, workDir),        // your trainer, tracked as a run
                        model -> accuracyOn(holdout, model))                       // higher is better
                .retrainEvery(Duration.ofDays(7)).cooldown(Duration.ofHours(6))    // and on drift alerts
                .onRollout(event -> LOG.info("{}", event))                         // map ROLLED_BACK to an alert
                .build()
                .start();                                                          // ticks on its own thread
        Rollout<Map<String, ?>, Prediction<Label>> rollout = loop.rollout(challenger, Baseline.none());  // by hand
        // end::rollout-and-retrain[]
        return Map.entry(loop, rollout);
    }

    /** Trains a CART tree on freshly generated, drifted transactions: the README's retrainer. */
    static RetrainedModel<Map<String, ?>, Prediction<Label>> trainOnRecentData(RetrainRequest<Map<String, ?>> request,
                                                                             Path workDir)
            throws java.io.IOException {
        List<FraudData.Transaction> recent = FraudData.generateDrifted(3_000, request.time().toEpochMilli());
        Model<Label> model = new org.tribuo.classification.dtree.CARTClassificationTrainer(6)
                .train(FraudData.dataset(recent, "recent traffic, " + request.trigger()));
        Path file = workDir.resolve("retrained-" + request.time().toEpochMilli() + ".tribuo");
        return new RetrainedModel<>(TribuoPredictor.of(model), ModelRegistration.builder("fraud")
                .artifact(TribuoModels.save(model, file)).build(), "run-of-" + request.trigger());
    }

    /** The share of a holdout a model labels right. */
    static double accuracyOn(List<FraudData.Transaction> holdout, org.mlops4j.core.Predictor<Map<String, ?>,
            Prediction<Label>> model) {
        long correct = holdout.stream()
                .filter(tx -> TribuoPredictions.label(model.predict(tx.features())).equals(tx.label())).count();
        return (double) correct / holdout.size();
    }

    /**
     * README "Share one store across services: PostgreSQL".
     *
     * @param jdbcUrl the server's JDBC URL
     * @param sharedArtifactDir where artifacts go, shared by every service
     * @return the store; close it
     */
    public static Mlops postgres(String jdbcUrl, Path sharedArtifactDir) {
        // tag::postgres[]
        PGSimpleDataSource db = new PGSimpleDataSource();          // or HikariDataSource, the usual pool
        db.setUrl(jdbcUrl);                                        // jdbc:postgresql://db:5432/mlops?user=svc&password=...
        Mlops mlops = Mlops.jdbc(db, "postgres " + db.getServerNames()[0], sharedArtifactDir, Clock.system());
        // end::postgres[]
        return mlops;
    }

    /**
     * README "Export to MLflow".
     *
     * @param mlops the store to export
     * @param dir where {@code mlruns} is written
     * @return what was written
     */
    public static MlflowExportSummary exportToMlflow(Mlops mlops, Path dir) {
        // tag::export-to-mlflow[]
        MlflowExportSummary summary = MlflowExport.export(mlops.tracker(), mlops.registry(), dir.resolve("mlruns"));
        // then: mlflow server --backend-store-uri file://$PWD/mlruns (runs and registered models)
        // end::export-to-mlflow[]
        return summary;
    }

    /**
     * README "Autolog Tribuo training, error analysis by slice, sweeps".
     *
     * @param mlops the store
     * @param registry where models are registered
     * @param train the training set
     * @param test the evaluation set
     * @param trials the trainers of the sweep, by name
     * @return the registered best model of the sweep
     */
    public static ModelVersion autologAndSweep(Mlops mlops, ModelRegistry registry, MutableDataset<Label> train,
                                               MutableDataset<Label> test, Map<String, Trainer<Label>> trials) {
        // tag::autolog-and-sweep[]
        TribuoAutolog<Label> autolog = TribuoAutolog.classification(mlops.tracker())
                .slices(Slices.byCategoricalFeature("country"))      // slice.country_BR.recall.fraud, ...
                .registerAs(registry, "fraud");                      // register what it trains
        AutologResult<Label> one = autolog.train("fraud-detection", new LogisticRegressionTrainer(), train, test);

        SweepResult<Label> sweep = TribuoSweep.of(autolog, "macro_f1", Goal.MAX)
                .run("fraud-detection", trials, train, test);        // parent run + one child run per trainer
        ModelVersion best = sweep.modelVersion().orElseThrow();       // only the best trial is registered
        LOG.debug("single run {}, best of sweep {}", one.runId(), best.uri());
        // end::autolog-and-sweep[]
        return best;
    }

    /**
     * README "Detect data drift".
     *
     * @param referenceAmounts a reference sample
     * @param currentAmounts a current sample
     * @param schema the rows' schema
     * @param referenceRows reference rows
     * @param currentRows current rows
     * @return the test of the amounts and the dataset report
     */
    public static Map.Entry<DriftResult, DatasetDriftReport> detectDrift(double[] referenceAmounts,
                                                                        double[] currentAmounts, Schema schema,
                                                                        List<Map<String, Object>> referenceRows,
                                                                        List<Map<String, Object>> currentRows) {
        // tag::detect-drift[]
        DriftResult r = DriftTests.numeric("ks").test(referenceAmounts, currentAmounts);
        // r.statistic(), r.pValue() (NaN for distances), r.threshold(), r.drifted()

        DatasetDriftReport report = DatasetDriftDetector.builder(schema)
                .correction(MultipleTesting.BONFERRONI)          // or BENJAMINI_HOCHBERG, NONE
                .shareThreshold(0.5)                             // dataset drift when half the features drift
                .weights(Map.of("amount", 3.0))                  // optional feature importance
                .build()
                .detect(referenceRows, currentRows);             // DRIFT, NO_DRIFT, INSUFFICIENT_DATA or TEST_FAILED
        // end::detect-drift[]
        return Map.entry(r, report);
    }

    /**
     * README "Profile the reference data".
     *
     * @param schema the rows' schema
     * @param trainingRows the rows to profile
     * @param otherReplicasProfile a profile from elsewhere to merge
     * @return the merged profile's amount feature, and the JSON of the first profile
     */
    public static Map.Entry<FeatureProfile, String> profile(Schema schema, List<Map<String, Object>> trainingRows,
                                                           ReferenceProfile otherReplicasProfile) {
        // tag::profile[]
        ReferenceProfile reference = ReferenceProfile.of(schema, trainingRows);   // one pass, bounded memory
        String json = reference.toJson();                                         // save; ReferenceProfile.fromJson(json) loads
        ReferenceProfile all = reference.merge(otherReplicasProfile);             // profiles from threads or replicas merge
        FeatureProfile amount = all.feature("amount").orElseThrow();
        LOG.debug("p99 {}, PSI edges {}, missing {}, non-finite {}", amount.quantile(0.99), amount.psiEdges(),
                amount.missing(), amount.nonFinite());
        // end::profile[]
        return Map.entry(amount, json);
    }

    /**
     * README "Detect concept drift on a stream".
     *
     * @param prediction a predicted label
     * @param truth the true label
     * @return the detector's state after the update, and its snapshot
     */
    public static Map.Entry<DriftState, DetectorState> conceptDrift(String prediction, String truth) {
        // tag::concept-drift[]
        ConceptDriftDetector adwin = ConceptDriftDetectors.adwin();        // alarms when errors rise
        DriftState state = adwin.update(prediction.equals(truth) ? 0 : 1);  // NONE, WARNING or DRIFT
        DetectorState saved = adwin.snapshot();                             // restore with ConceptDriftDetectors.restore(saved)
        // end::concept-drift[]
        return Map.entry(state, saved);
    }

    /**
     * README "Validate inputs against a schema".
     *
     * @return the schema of the example's transactions
     */
    public static Schema schema() {
        // tag::schema[]
        Schema schema = Schema.of(
                Feature.numeric("amount").withRange(0, 50_000),
                Feature.numeric("hour").withRange(0, 23),
                Feature.categorical("country", Set.of("BR", "DE", "FR", "IN", "US")),
                Feature.categorical("channel", Set.of("app", "pos", "web")),
                Feature.bool("new_customer"),
                Feature.numeric("tx_last_24h").withRange(0, 1_000).optional());
        // end::schema[]
        return schema;
    }

    /**
     * README "Validate inputs against a schema", the checks.
     *
     * @param schema the schema
     * @param row a request
     * @return the violations (none when the row is valid)
     * @throws org.mlops4j.core.InvalidInputException if the row breaks the schema
     */
    public static List<org.mlops4j.core.schema.Violation> validate(Schema schema, Map<String, ?> row) {
        // tag::validate[]
        List<org.mlops4j.core.schema.Violation> problems = schema.validate(row);   // every violation: field, value, rule
        schema.requireValid(row);                          // or throw InvalidInputException naming them all
        // end::validate[]
        return problems;
    }


    /**
     * README "Scaling out", a fleet: one replica's wiring on the PostgreSQL store the fleet shares.
     * Every replica runs the same code; {@code PostgresFleetRolloutTest} runs three of them as JVMs.
     *
     * @param dataSource the fleet's PostgreSQL
     * @param artifactDir the registry's artifacts, readable by every replica
     * @param endpoint this replica's endpoint
     * @param plan the rollout's plan, the same everywhere
     * @param champion the champion variant
     * @param candidate the candidate variant
     * @param podName this replica's id, unique and stable (a pod or host name)
     * @param rolloutStart when the rollout started: the figures count the windows since
     * @param scheduler runs the rollout's rounds and the windows' expiry
     * @return the store, the monitor and the rollout's controller
     */
    public static Map.Entry<ModelMonitor<Prediction<Label>>, Rollout<Map<String, ?>, Prediction<Label>>> scaleToAFleet(
            javax.sql.DataSource dataSource, Path artifactDir, ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint,
            RolloutPlan plan, Variant<Map<String, ?>, Prediction<Label>> champion,
            Variant<Map<String, ?>, Prediction<Label>> candidate, String podName, java.time.Instant rolloutStart,
            java.util.concurrent.ScheduledExecutorService scheduler) {
        // tag::scale-fleet[]
        Mlops mlops = Mlops.jdbc(dataSource, "fraud fleet", artifactDir, Clock.system());   // PostgreSQL
        FleetWindows fleet = new JdbcFleetWindows(mlops.store());
        ModelMonitor<Prediction<Label>> monitor = ModelMonitor.builder(TribuoOutputs.classifier())
                .windowDuration(Duration.ofMinutes(1))                     // the same slots on every replica
                .listener(new FleetPublisher(podName, fleet))              // each closed window -> the store
                .build();
        endpoint.addListener(monitor);
        Rollout<Map<String, ?>, Prediction<Label>> rollout = Rollout.builder(endpoint, plan)
                .champion(champion).candidate(candidate).analysis(CanaryAnalysis.ofDefaults())
                .figures(FleetFigures.since(fleet, rolloutStart))          // judged on every replica's traffic
                .registry(mlops.registry())
                .lease(new JdbcControllerLease(mlops.store(), "rollout:fraud"), podName, Duration.ofSeconds(10))
                .resume();                                                 // the holder decides, the rest follow
        rollout.schedule(scheduler);
        FleetRetention.schedule(fleet, Duration.ofDays(7), Duration.ofHours(1), Clock.system(), scheduler);
        // end::scale-fleet[]
        return Map.entry(monitor, rollout);
    }
    /**
     * README "Scaling out", Spark: a nightly job scores the day's rows as a tracked run, profiles the
     * training set, compares yesterday with it and builds the labelled set a retrainer takes. Compiled
     * against Spark's API; mlops-spark's tests run the same calls in {@code local[2]}.
     *
     * @param spark the session
     * @param registry the registry holding {@code models:/fraud@champion}
     * @param loader the executors' model loader
     * @param tracker where the job's run goes
     * @param schema the features
     * @param training the training rows
     * @param yesterday a day of logged rows
     * @param labels late labels: {@code prediction_id}, {@code label}, {@code label_time}
     * @param out where the scored rows go
     * @return the drift report
     */
    public static DatasetDriftReport scaleWithSpark(org.apache.spark.sql.SparkSession spark, ModelRegistry registry,
            org.mlops4j.spark.ExecutorModelLoader<?> loader, Tracker tracker, Schema schema,
            org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> training,
            org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> yesterday,
            org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> labels, String out) {
        // tag::scale-spark[]
        ScoringJob job = SparkScoring.builder(registry, "models:/fraud@champion", loader) // resolved once, shipped
                .tracker(tracker, "nightly-scoring").build()                 // rows, failures, version: a run
                .score(yesterday)                                            // answer columns; a bad row's error
                .run(rows -> rows.write().parquet(out));
        ReferenceProfile reference = SparkProfiles.reference(training, schema); // per partition, merged
        DatasetDriftReport drift = SparkDrift.builder(schema).build()           // the detector's tests and report
                .detect(training, yesterday);
        LabelledPredictions data = PredictionLogs.labelled(PredictionLogs.read(spark, schema, "/logs/fraud/"),
                labels, UnlabelledRows.EXCLUDE);                                // for the retrainer
        // end::scale-spark[]
        LOG.info("{} rows scored, reference of {} rows, {} labelled rows", job.rows(), reference.rows(),
                data.counts().labelled());
        return drift;
    }
}
