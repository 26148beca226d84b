package org.mlops4j.examples.guide;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;
import org.mlops4j.core.Clock;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.Predictor;
import org.mlops4j.core.features.FeatureExtractor;
import org.mlops4j.core.feedback.GroundTruth;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.review.ReviewStore;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.core.signal.SignalKind;
import org.mlops4j.core.signal.VariantFigures;
import org.mlops4j.monitoring.Baseline;
import org.mlops4j.monitoring.FeedbackMetrics;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.MonitorListener;
import org.mlops4j.monitoring.WindowMetrics;
import org.mlops4j.monitoring.alert.Alert;
import org.mlops4j.monitoring.alert.AlertEvaluator;
import org.mlops4j.monitoring.alert.AlertRule;
import org.mlops4j.monitoring.alert.AlertSinks;
import org.mlops4j.monitoring.alert.MetricSample;
import org.mlops4j.monitoring.alert.Severity;
import org.mlops4j.monitoring.concept.AdwinConfig;
import org.mlops4j.monitoring.concept.ConceptDriftDetector;
import org.mlops4j.monitoring.concept.ConceptDriftDetectors;
import org.mlops4j.monitoring.concept.DetectorState;
import org.mlops4j.monitoring.concept.DriftState;
import org.mlops4j.monitoring.concept.PageHinkleyConfig;
import org.mlops4j.monitoring.drift.DatasetDriftReport;
import org.mlops4j.monitoring.drift.MultipleTesting;
import org.mlops4j.monitoring.log.CaptureConfig;
import org.mlops4j.monitoring.log.CapturedData;
import org.mlops4j.monitoring.log.CapturedRow;
import org.mlops4j.monitoring.log.PredictionLog;
import org.mlops4j.monitoring.log.ProductionCapture;
import org.mlops4j.monitoring.log.PredictionLogConfig;
import org.mlops4j.monitoring.micrometer.MicrometerMonitorBinder;
import org.mlops4j.monitoring.micrometer.MicrometerReviewBinder;
import org.mlops4j.monitoring.micrometer.MicrometerSystemMetrics;
import org.mlops4j.monitoring.profile.DriftCheckConfig;
import org.mlops4j.monitoring.profile.DriftWindow;
import org.mlops4j.monitoring.profile.ReferenceProfile;
import org.mlops4j.monitoring.profile.SampledProfile;
import org.mlops4j.monitoring.profile.WindowConfig;
import org.mlops4j.monitoring.profile.WindowDriftCheck;
import org.mlops4j.monitoring.review.ReviewAlerts;
import org.mlops4j.monitoring.review.ReviewMonitor;
import org.mlops4j.monitoring.system.MetricsSampler;
import org.mlops4j.monitoring.system.SystemMetrics;
import org.mlops4j.serving.DeploymentStrategy;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.PredictionResult;
import org.mlops4j.serving.Variant;
import org.mlops4j.monitoring.labels.LabelAgreement;
import org.mlops4j.monitoring.labels.LabelConflictReport;
import org.mlops4j.monitoring.labels.LabelConflicts;
import org.mlops4j.tracking.LabelConsistencyRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The code of the snippets of {@code docs/monitoring.md}, kept here so that it compiles with every
 * build; {@code MonitoringGuideTest} runs each method and checks what it did.
 */
public final class MonitoringGuide {

    private static final Logger LOG = LoggerFactory.getLogger(MonitoringGuide.class);

    private MonitoringGuide() {
    }

    // tag::record-input-types[]
    /** A card payment as the service models it: features by component name, new_customer from newCustomer(). */
    public record Payment(double amount, int hour, String country, String channel, boolean newCustomer,
                          Integer txLast24h) {
    }

    /** The model's answer: a label and the model's confidence in it. */
    public record Score(String label, double probability) {
    }
    // end::record-input-types[]

    /**
     * Guide "Monitor any input type": an endpoint whose input is a record, watched by a monitor
     * that reads the record's components as features, with no extractor configured.
     *
     * @param model the model
     * @param trainingPayments the payments the model was trained on
     * @param traffic the payments to serve
     * @return the monitor, flushed; close it
     */
    public static ModelMonitor<Score> monitorRecords(Predictor<Payment, Score> model, List<Payment> trainingPayments,
                                                     List<Payment> traffic) {
        // tag::monitor-record-input[]
        Schema schema = Schema.of(
                Feature.numeric("amount").withRange(0, 50_000),
                Feature.categorical("country", Set.of("BR", "DE", "FR", "IN", "US")),
                Feature.bool("new_customer"),                                   // newCustomer()
                Feature.numeric("tx_last_24h").optional());                     // txLast24h()
        ModelMonitor<Score> monitor = ModelMonitor.builder(OutputReader.classifier(Score::label))
                .baseline(Baseline.of(ReferenceProfile.of(schema, trainingPayments, FeatureExtractor.auto())))
                .windowSize(500)
                .build();                                   // reads records, maps and getters by feature name
        ModelEndpoint<Payment, Score> endpoint = ModelEndpoint.<Payment, Score>builder("payments")
                .strategy(DeploymentStrategy.single(Variant.of("champion", model, new ModelRef("fraud", 1))))
                .outputs(OutputReader.classifier(Score::label).withConfidence(Score::probability))
                .listener(monitor)
                .build();
        for (Payment p : traffic) {
            endpoint.predict(p);
        }
        monitor.flush();                                    // close the open window, wait for its analysis
        // monitor.recentWindows(): missing ratios, drifted features, unreadableInputRatio() of 0
        // end::monitor-record-input[]
        return monitor;
    }

    /**
     * Guide "Reading answers": a regression model's monitor, fed ground-truth values through the
     * endpoint's feedback.
     *
     * @param model the model
     * @param validationPredictions its predictions on validation data, the baseline of prediction drift
     * @param rows the requests to serve
     * @param actuals the true value of each request
     * @return the feedback figures after the last request
     */
    public static FeedbackMetrics monitorRegression(Predictor<Map<String, ?>, Double> model,
                                                    double[] validationPredictions, List<Map<String, Object>> rows,
                                                    double[] actuals) {
        // tag::monitor-regression[]
        ModelMonitor<Double> monitor = ModelMonitor.builder(OutputReader.regressor(Double::doubleValue))
                .baseline(Baseline.none().withOutputs(validationPredictions))   // drift of the predicted values
                .windowSize(200)                                                // and RMSE, MAE per 200 labels
                .sameThreadAnalysis()                                           // a batch job: analyse in line
                .build();
        ModelEndpoint<Map<String, ?>, Double> endpoint = ModelEndpoint.<Map<String, ?>, Double>builder("demand")
                .strategy(DeploymentStrategy.single(Variant.of("champion", model, new ModelRef("demand", 1))))
                .listener(monitor)
                .build();
        for (int i = 0; i < rows.size(); i++) {
            PredictionResult<Double> r = endpoint.serve(rows.get(i));
            endpoint.feedback().record(r.predictionId(), GroundTruth.value(actuals[i]));  // a label is refused
        }
        FeedbackMetrics figures = monitor.feedbackMetrics("demand", "champion", "demand/1").orElseThrow();
        // figures.rmse(), figures.mae(); each window's outputQuantiles() p05, p50, p95 and predictionDrift()
        // end::monitor-regression[]
        return figures;
    }

    /**
     * Guide "Listen, read figures, re-baseline".
     *
     * @param monitor the monitor of the endpoint {@code fraud}
     * @param heard receives every window analysed from now on
     * @param newReference the training data of the model that took over, profiled
     * @return the champion's running figures before the re-baseline
     */
    public static VariantFigures followMonitor(ModelMonitor<?> monitor, List<WindowMetrics> heard,
                                               ReferenceProfile newReference) {
        // tag::monitor-figures[]
        monitor.addListener(new MonitorListener() {
            @Override
            public void onWindow(WindowMetrics window) {              // on the analysis thread: be quick
                heard.add(window);
            }

            @Override
            public void onAlert(Alert alert) {
                LOG.info("{} {} ({})", alert.kind(), alert.rule(), alert.signal());
            }
        });
        monitor.flush();                                              // close open windows, wait for them
        VariantFigures champion = monitor.figures("fraud", "champion", new ModelRef("fraud", 1)).orElseThrow();
        LOG.info("error rate {} over {} routed requests", champion.errorRate(), champion.requests());
        monitor.rebaseline(Baseline.of(newReference));                // a new model took over
        // end::monitor-figures[]
        return champion;
    }

    /**
     * Guide "How a monitor's windows are compared": drift settings per feature type.
     *
     * @param reference the reference profile
     * @return the monitor; close it
     */
    public static ModelMonitor<Object> driftSettings(ReferenceProfile reference) {
        // tag::drift-check-config[]
        DriftCheckConfig drift = DriftCheckConfig.builder()
                .minCurrentSize(100)                              // fewer rows or valid values: INSUFFICIENT_DATA
                .correction(MultipleTesting.BENJAMINI_HOCHBERG)   // of the p-values across features
                .shareThreshold(0.3)                              // dataset drift from 30% of the features
                .sketchTest(DriftCheckConfig.SketchTest.PSI, 0.2) // numeric features: PSI of the sketches
                .categoricalTest("jensenshannon", 0.15)           // categorical and boolean features
                .build();
        ModelMonitor<Object> monitor = ModelMonitor.builder()
                .reference(reference)
                .drift(drift)
                .build();
        // end::drift-check-config[]
        return monitor;
    }

    /**
     * Guide "Windows outside a monitor": a sliding window of rows compared with a reference.
     *
     * @param schema the rows' schema
     * @param trainingRows the reference rows
     * @param liveRows the rows seen in production, oldest first
     * @return the report of the latest complete window
     */
    public static DatasetDriftReport slidingWindow(Schema schema, List<Map<String, Object>> trainingRows,
                                                   List<Map<String, Object>> liveRows) {
        // tag::window-drift[]
        WindowConfig config = WindowConfig.ofDefaults();                       // exact values up to 5,000 rows
        SampledProfile reference = SampledProfile.of(schema, trainingRows, config);
        DriftWindow window = DriftWindow.sliding(schema, 2_000, 500, config);  // the last 2,000 rows, every 500
        liveRows.forEach(window::update);
        DatasetDriftReport report = WindowDriftCheck.ofDefaults().compare(reference, window.window());
        // end::window-drift[]
        return report;
    }

    /**
     * Guide "Concept-drift detectors": a configured detector, saved and restored, and the detector
     * a monitor makes per variant.
     *
     * @param absoluteErrors a stream of absolute errors, oldest first
     * @param saved receives the detector's state after the stream
     * @return the monitor whose detectors are ADWIN with delta 0.0001; close it
     */
    public static ModelMonitor<Score> conceptDetectors(double[] absoluteErrors, Consumer<DetectorState> saved) {
        // tag::concept-detector-config[]
        ConceptDriftDetector detector = ConceptDriftDetectors.pageHinkley(
                new PageHinkleyConfig(30, 0.005, 20.0, 0.9999, PageHinkleyConfig.Mode.UP)); // errors that grow
        for (double error : absoluteErrors) {
            if (detector.update(error) == DriftState.DRIFT) {
                LOG.warn("the error level changed");
            }
        }
        saved.accept(detector.snapshot());          // format 1, "PageHinkley", its state and every field

        ModelMonitor<Score> monitor = ModelMonitor.builder(OutputReader.classifier(Score::label))
                .conceptDetector(() -> ConceptDriftDetectors.adwin(new AdwinConfig(0.0001, 32, 5, 5, 10, true)))
                .build();                                   // a new detector per endpoint, variant and model
        // end::concept-detector-config[]
        return monitor;
    }

    /**
     * Guide "Raise alarms": a rule on a metric of your own and a callback sink.
     *
     * @param clock the clock of the evaluator
     * @param model the model version the samples belong to
     * @param paged receives every alert
     * @return the evaluator, after one sample
     */
    public static AlertEvaluator customRule(Clock clock, ModelRef model, List<Alert> paged) {
        // tag::custom-alert-rule[]
        AlertEvaluator alarms = AlertEvaluator.of(clock, List.of(
                AlertRule.below("conversion", "shop.conversion.rate", 0.02)      // a business figure of yours
                        .withSignal(SignalKind.PERFORMANCE_DROP)                 // what it means to the loop
                        .withHoldDuration(Duration.ofMinutes(15))                // breached for 15 minutes
                        .withClearThreshold(0.025)                               // resolved from 2.5% up
                        .withSeverity(Severity.CRITICAL),
                AlertRule.unreadableInputFraction(0.01)),                        // DATA_QUALITY
                List.of(AlertSinks.log(), AlertSinks.callback(paged::add)));
        alarms.evaluate(MetricSample.of("shop.conversion.rate", 0.012, clock.now(), "checkout", model, "last hour"));
        // end::custom-alert-rule[]
        return alarms;
    }

    /**
     * Guide "Micrometer": a binder with tags and the feedback join's counters, leaving the JVM
     * metrics to the host.
     *
     * @param monitor the monitor
     * @param endpoint the endpoint it watches
     * @param registry the host's registry
     * @return the bound binder; close it at shutdown
     */
    public static MicrometerMonitorBinder micrometerBinder(ModelMonitor<?> monitor, ModelEndpoint<?, ?> endpoint,
                                                           MeterRegistry registry) {
        // tag::micrometer-builder[]
        MicrometerMonitorBinder binder = MicrometerMonitorBinder.builder(monitor)
                .tags(Tags.of("service", "checkout"))      // on every series of the monitor
                .feedback(endpoint.feedback())             // mlops.feedback.joined, .unmatched, .pending, ...
                .jvmMetrics(false)                         // the host binds its JVM metrics itself
                .build();
        binder.bindTo(registry);
        // end::micrometer-builder[]
        return binder;
    }

    /**
     * Guide "Prediction log".
     *
     * @param endpoint the endpoint to log
     * @param schema the features to write
     * @param rows the requests to serve
     * @param dir where the log files go
     * @return the closed log, for its counters
     */
    public static PredictionLog predictionLog(ModelEndpoint<Map<String, ?>, ?> endpoint, Schema schema,
                                              List<Map<String, Object>> rows, Path dir) {
        // tag::prediction-log[]
        PredictionLog log = PredictionLog.open(dir, PredictionLogConfig.ofDefaults()
                .withSampleRate(0.1)                              // 10%, the same predictions on a rerun
                .withRotation(16L * 1024 * 1024, 5)               // 16 MiB files, the newest 5 kept
                .withFeatures(schema, FeatureExtractor.auto()));  // "features" instead of the input as JSON
        endpoint.addListener(log);
        for (Map<String, Object> row : rows) {
            endpoint.predict(row);
        }
        log.close();                                              // writes what is queued, stops its thread
        // end::prediction-log[]
        return log;
    }

    /**
     * Guide "Capture production data for retraining".
     *
     * @param endpoint the endpoint to capture
     * @param rows the requests to serve
     * @param truth the true class of a request, as it comes back later
     * @param dir where the capture writes
     * @param from the start of the range to read back
     * @param to its end
     * @return the captured data read back
     */
    public static CapturedData<Map<String, Object>> productionCapture(ModelEndpoint<Map<String, ?>, String> endpoint,
            List<Map<String, Object>> rows, Function<Map<String, Object>, String> truth, Path dir, Instant from,
            Instant to) {
        // tag::production-capture[]
        ProductionCapture capture = ProductionCapture.open(dir, CaptureConfig.ofDefaults()
                .withSampling(0.2, 7)                       // 20% of prediction ids, and exactly their labels
                .withFileBounds(100_000, 64L << 20)         // seal a file at 100,000 lines or 64 MiB
                .withTotalBounds(10L << 30, 1_000));        // then drop the oldest beyond 10 GiB or 1,000 files
        endpoint.addListener(capture);   // predictions, and their ground truth as it comes back (feedback)
        for (Map<String, Object> row : rows) {
            PredictionResult<String> result = endpoint.serve(row);
            endpoint.feedback().record(result.predictionId(), GroundTruth.label(truth.apply(row)));
        }
        capture.close();                                    // seals the files, rewrites manifest.json

        CapturedData<Map<String, Object>> data = CapturedData.read(dir, from, to,
                json -> Map.of("amount", json.get("amount").asDouble(), "country", json.get("country").asText()));
        List<CapturedRow<Map<String, Object>>> training = data.labelledRows();  // joined, latest label wins
        LOG.info("{} labelled rows, lineage {}, malformed {}", training.size(), data.lineage(), data.malformed());
        // end::production-capture[]
        return data;
    }

    /**
     * Guide "System metrics": JVM figures sampled from a Micrometer registry into alert rules.
     *
     * @param registry a registry the JVM binders are bound to
     * @param alarms rules that watch {@link SystemMetrics} names
     * @return the running sampler; close it
     */
    public static MetricsSampler systemMetrics(MeterRegistry registry, AlertEvaluator alarms) {
        // tag::system-metrics[]
        MetricsSampler sampler = MetricsSampler.start(Duration.ofSeconds(15),
                metrics -> metrics.toSamples("checkout").forEach(alarms::evaluate),  // to the alert rules
                MicrometerSystemMetrics.source(registry, Clock.system()));           // what dashboards show
        // end::system-metrics[]
        return sampler;
    }

    /**
     * docs/monitoring.md "Label consistency": conflicting labels and the agreement of two labellers,
     * recorded in a run.
     *
     * @param run the run that records them
     * @param features the labelled inputs
     * @param labels their labels
     * @param labelsByAnna one labeller's labels of a shared sample
     * @param labelsByBen another labeller's labels of the same sample
     * @return the conflicts
     */
    public static LabelConflictReport labelConsistency(org.mlops4j.tracking.Run run,
            List<Map<String, Object>> features, List<String> labels, List<String> labelsByAnna,
            List<String> labelsByBen) {
        // tag::monitoring-label-consistency[]
        LabelConflictReport conflicts = LabelConflicts.find(features, labels, 0.01);
        double kappa = LabelAgreement.cohenKappa(labelsByAnna, labelsByBen);
        LabelConsistencyRun.log(run, conflicts, Map.of("cohen_kappa", kappa));
        // end::monitoring-label-consistency[]
        return conflicts;
    }

    /**
     * docs/monitoring.md "Watching the review queue": a review monitor on the queue of endpoint
     * {@code fraud}, its alert rules and its Micrometer series.
     *
     * @param store the review store the serving layer queues items in
     * @param clock the clock of the alert rules
     * @param scheduler the host's scheduler
     * @param registry the host's registry
     * @param paged receives every alert
     * @return the scheduled monitor; close it at shutdown
     */
    public static ReviewMonitor reviewQueue(ReviewStore store, Clock clock, ScheduledExecutorService scheduler,
                                            MeterRegistry registry, List<Alert> paged) {
        // tag::monitoring-review-queue[]
        AlertEvaluator reviewAlarms = AlertEvaluator.of(clock, List.of(
                ReviewAlerts.queueDepthAbove(100).withHoldDuration(Duration.ofMinutes(15)),
                ReviewAlerts.ageP99Above(Duration.ofHours(1)),                 // SOFTWARE: people cannot keep up
                ReviewAlerts.expiredAbove(0),                                  // any item expired unreviewed
                ReviewAlerts.agreementBelow(0.8)),                             // PERFORMANCE_DROP: retraining may help
                List.of(AlertSinks.log(), AlertSinks.callback(paged::add)));
        ReviewMonitor reviews = ReviewMonitor.builder(store)
                .queue("fraud")                                                // the queue of endpoint "fraud"
                .alerts(reviewAlarms)
                .build();
        reviews.schedule(scheduler, Duration.ofMinutes(1));                    // now, then every minute
        MicrometerReviewBinder.of(reviews).bindTo(registry);                   // mlops.review.*{endpoint, queue}
        // end::monitoring-review-queue[]
        return reviews;
    }
}
