package org.mlops4j.examples.guide;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;
import org.mlops4j.core.Predictor;
import org.mlops4j.core.fleet.ControllerLease;
import org.mlops4j.core.fleet.FleetFigures;
import org.mlops4j.core.fleet.FleetWindows;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.core.rollout.AnalysisOutcome;
import org.mlops4j.core.rollout.AnalysisResult;
import org.mlops4j.core.rollout.CheckResult;
import org.mlops4j.core.rollout.RolloutAnalysis;
import org.mlops4j.core.rollout.RolloutContext;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.core.signal.VariantFigures;
import org.mlops4j.lifecycle.ClosedLoop;
import org.mlops4j.lifecycle.LabelledExample;
import org.mlops4j.lifecycle.RetrainedModel;
import org.mlops4j.lifecycle.Retrainer;
import org.mlops4j.lifecycle.Rollout;
import org.mlops4j.lifecycle.RolloutEvent;
import org.mlops4j.lifecycle.RolloutPlan;
import org.mlops4j.lifecycle.RolloutStatus;
import org.mlops4j.lifecycle.RolloutStep;
import org.mlops4j.lifecycle.analysis.CanaryAnalysis;
import org.mlops4j.lifecycle.analysis.CanaryAnalysisConfig;
import org.mlops4j.monitoring.Baseline;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.log.CaptureConfig;
import org.mlops4j.monitoring.log.CapturedData;
import org.mlops4j.monitoring.log.CapturedRow;
import org.mlops4j.monitoring.log.InputDecoder;
import org.mlops4j.monitoring.log.ProductionCapture;
import org.mlops4j.monitoring.micrometer.MicrometerMonitorBinder;
import org.mlops4j.monitoring.profile.ReferenceProfile;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.Variant;
import org.mlops4j.tracking.Mlops;
import org.mlops4j.tracking.Run;
import org.mlops4j.tracking.Tracker;
import org.mlops4j.tracking.jdbc.JdbcControllerLease;
import org.mlops4j.tracking.jdbc.JdbcFleetWindows;
import org.mlops4j.tracking.jdbc.JdbcStore;
import org.mlops4j.tribuo.TribuoExamples;
import org.mlops4j.tribuo.TribuoModels;
import org.mlops4j.tribuo.TribuoPredictor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;

/**
 * The code of the snippets of {@code docs/lifecycle.md} and {@code docs/operations.md}, kept here so
 * that it compiles with every build; {@code LifecycleGuideTest} runs each one. Every method is one
 * snippet: the part between its {@code tag} and {@code end} comments is what the guide shows.
 */
public final class LifecycleGuide {

    private static final Logger LOG = LoggerFactory.getLogger(LifecycleGuide.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private LifecycleGuide() {
    }

    /**
     * docs/lifecycle.md "Manual gates": a plan whose 50% step waits for a person, and a loop that
     * tells that person when it waits.
     *
     * @param endpoint the endpoint serving the champion
     * @param monitor the endpoint's monitor
     * @param registry the registry holding champion and candidate
     * @param toApprove where rollouts waiting at a gate are put for a person to look at
     * @return the loop's builder, to build (and start)
     */
    public static ClosedLoop.Builder<Map<String, ?>, Prediction<Label>> gatedLoop(
            ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint, ModelMonitor<Prediction<Label>> monitor,
            ModelRegistry registry, Queue<RolloutEvent> toApprove) {
        // tag::lifecycle-manual-gate[]
        RolloutPlan plan = RolloutPlan.builder()
                .step(RolloutStep.canary(10).minSamples(200))
                .step(RolloutStep.canary(50).minSamples(200).withManualGate())  // a person decides after it passes
                .step(RolloutStep.canary(100).minSamples(200))
                .build();
        ClosedLoop.Builder<Map<String, ?>, Prediction<Label>> loop = ClosedLoop.builder(endpoint, monitor, registry)
                .plan(plan)
                .onRollout(event -> {
                    if (event.kind() == RolloutEvent.Kind.AWAITING_APPROVAL) {
                        toApprove.add(event);        // a ticket, a chat message, a row on an admin page
                    }
                });
        // end::lifecycle-manual-gate[]
        return loop;
    }

    /**
     * docs/lifecycle.md "Manual gates": a person's go-ahead for a rollout waiting at its gate.
     *
     * @param loop the closed loop running the rollout
     * @param event the AWAITING_APPROVAL event the person looked at
     * @return true when the rollout was approved, false when it no longer waits for that approval
     */
    public static boolean approve(ClosedLoop<Map<String, ?>, Prediction<Label>> loop, RolloutEvent event) {
        // tag::lifecycle-approve[]
        Rollout<Map<String, ?>, Prediction<Label>> rollout = loop.rollout().orElseThrow();
        if (!rollout.candidate().equals(event.candidate()) || rollout.status() != RolloutStatus.AWAITING_APPROVAL) {
            return false;                            // another rollout by now, or it was aborted meanwhile
        }
        rollout.approve();                           // the next step starts at once
        // end::lifecycle-approve[]
        return true;
    }

    /**
     * docs/lifecycle.md "Rollout events": pages someone when a candidate is rolled back, logs the
     * rest with the checks behind each decision.
     *
     * @param pager sends a message to whoever is on call
     * @return the listener to give {@code ClosedLoop.Builder.onRollout} or {@code Rollout.Builder.listener}
     */
    public static Consumer<RolloutEvent> rolloutEvents(Consumer<String> pager) {
        // tag::lifecycle-rollout-events[]
        Consumer<RolloutEvent> onRollout = event -> {
            switch (event.kind()) {
                case ROLLED_BACK -> pager.accept("'" + event.endpoint() + "' rolled back " + event.candidate()
                        + " at step '" + event.stepName() + "': " + event.detail());
                case PROMOTED -> LOG.info("{} serves '{}': {}", event.candidate(), event.endpoint(), event.detail());
                default -> LOG.info("{}", event);
            }
            event.analysis().ifPresent(a -> a.checks().forEach(check -> LOG.debug("  {}", check)));
        };
        // end::lifecycle-rollout-events[]
        return onRollout;
    }

    /**
     * docs/lifecycle.md "Your own analysis": the canary analysis plus a business check of the
     * host's, a ceiling on the share of transactions the candidate flags as fraud.
     *
     * @param maxFraudShare the largest share of fraud answers the candidate may give in a step
     * @return the analysis
     */
    public static RolloutAnalysis withFraudFlagCeiling(double maxFraudShare) {
        // tag::lifecycle-custom-analysis[]
        CanaryAnalysis canary = CanaryAnalysis.of(CanaryAnalysisConfig.ofDefaults());
        RolloutAnalysis analysis = new RolloutAnalysis() {
            @Override
            public AnalysisResult analyse(RolloutContext context) {
                List<CheckResult> checks = new ArrayList<>(canary.analyse(context).checks());
                if (context.shadowStep()) {
                    return AnalysisResult.of(checks);                    // no answers of its own in shadow
                }
                VariantFigures candidate = context.candidateStep();      // what it answered in this step
                long answers = candidate.predictedLabels().values().stream().mapToLong(Long::longValue).sum();
                if (answers < 200) {
                    checks.add(new CheckResult("fraud flags", AnalysisOutcome.INCONCLUSIVE, false,
                            answers + " of 200 answers"));
                } else {
                    double share = (double) candidate.predictedLabels().getOrDefault("fraud", 0L) / answers;
                    checks.add(new CheckResult("fraud flags", share <= maxFraudShare ? AnalysisOutcome.PASS
                            : AnalysisOutcome.FAIL, false,                  // not critical: counts toward failureLimit
                            String.format("%.4f of %d answers flagged (max %.4f)", share, answers, maxFraudShare)));
                }
                return AnalysisResult.of(checks);
            }

            @Override
            public void stepStarted(RolloutContext context) {
                canary.stepStarted(context);                               // its sequential tests need it
            }
        };
        // end::lifecycle-custom-analysis[]
        return analysis;
    }

    /**
     * docs/lifecycle.md "Retraining": a retrainer that learns from the labelled production examples
     * the loop collected, and hands over the profile of that data as the monitor's next baseline.
     *
     * @param schema the features of a transaction
     * @param dir where trained models are written
     * @return the retrainer
     */
    public static Retrainer<Map<String, ?>, Prediction<Label>> retrainer(Schema schema, Path dir) {
        // tag::lifecycle-retrainer[]
        Retrainer<Map<String, ?>, Prediction<Label>> retrainer = request -> {
            List<Map<String, ?>> rows = new ArrayList<>();
            List<Label> labels = new ArrayList<>();
            for (LabelledExample<Map<String, ?>> example : request.labelled()) {  // served inputs, their truth
                rows.add(example.input());
                labels.add(new Label(example.truth().label()));
            }
            if (rows.size() < 500) {                                  // ends as a FAILED outcome, nothing registered
                throw new IllegalStateException("only " + rows.size() + " labelled examples, 500 needed");
            }
            Model<Label> model = new CARTClassificationTrainer(6).train(TribuoExamples.dataset(rows, labels,
                    new LabelFactory(), "production labels, " + request.trigger()));
            ModelArtifact artifact = TribuoModels.save(model, dir.resolve("fraud-" + request.time().toEpochMilli()
                    + ".tribuo"));
            return new RetrainedModel<>(TribuoPredictor.of(model), ModelRegistration.builder("fraud")
                    .artifact(artifact).build(), "retrain-" + request.time().toEpochMilli())
                    .withBaseline(Baseline.of(ReferenceProfile.of(schema, rows)));  // the reference once promoted
        };
        // end::lifecycle-retrainer[]
        return retrainer;
    }

    /**
     * docs/lifecycle.md "Retraining on captured data": a capture of the endpoint's predictions and
     * labels, and a closed loop whose retrainings read it.
     *
     * @param endpoint the endpoint
     * @param monitor its monitor
     * @param registry the model registry
     * @param retrainer trains on the captured data ({@link #capturedRetrainer})
     * @param holdoutScore scores a model on the holdout
     * @param dir where the capture writes
     * @param use what to do with the loop, which is closed afterwards
     * @return the capture, to close after the loop
     */
    public static ProductionCapture captureForRetraining(ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint,
            ModelMonitor<Prediction<Label>> monitor, ModelRegistry registry,
            Retrainer<Map<String, ?>, Prediction<Label>> retrainer,
            ToDoubleFunction<Predictor<Map<String, ?>, Prediction<Label>>> holdoutScore, Path dir,
            Consumer<ClosedLoop<Map<String, ?>, Prediction<Label>>> use) {
        // tag::lifecycle-captured-loop[]
        ProductionCapture capture = ProductionCapture.open(dir, CaptureConfig.ofDefaults().withSampling(0.5, 7));
        endpoint.addListener(capture);         // half the predictions, and the labels that come back for them
        InputDecoder<Map<String, ?>> decoder = json -> JSON.convertValue(json, new TypeReference<Map<String, Object>>() {
        });
        ClosedLoop<Map<String, ?>, Prediction<Label>> loop = ClosedLoop.builder(endpoint, monitor, registry)
                .retraining(retrainer, holdoutScore)
                .retrainOnCaptured(capture, decoder, Duration.ofDays(7))  // each retraining reads the last 7 days
                .sameThread().build();
        // end::lifecycle-captured-loop[]
        try {
            use.accept(loop);
        } finally {
            loop.close();
        }
        return capture;
    }

    /**
     * docs/lifecycle.md "Retraining on captured data": a retrainer that learns from the captured
     * data set the request carries and records its lineage on its tracking run.
     *
     * @param tracker where the retraining run is tracked
     * @param dir where trained models are written
     * @return the retrainer
     */
    public static Retrainer<Map<String, ?>, Prediction<Label>> capturedRetrainer(Tracker tracker, Path dir) {
        // tag::lifecycle-captured-retrainer[]
        Retrainer<Map<String, ?>, Prediction<Label>> retrainer = request -> {
            CapturedData<Map<String, ?>> data = request.captured().orElseThrow();
            List<Map<String, ?>> rows = new ArrayList<>();
            List<Label> labels = new ArrayList<>();
            for (CapturedRow<Map<String, ?>> row : data.labelledRows()) {
                rows.add(row.input());
                labels.add(new Label(row.label().orElseThrow().truth().label()));
            }
            try (Run run = tracker.startRun("fraud-retraining")) {
                run.logParams(data.lineage().params());  // dataset.sha256, .rows, .label_coverage, .from, .to, .source
                Model<Label> model = new CARTClassificationTrainer(6).train(TribuoExamples.dataset(rows, labels,
                        new LabelFactory(), "captured " + data.lineage().sha256()));
                ModelArtifact artifact = TribuoModels.save(model, dir.resolve("fraud-" + run.id() + ".tribuo"));
                return new RetrainedModel<>(TribuoPredictor.of(model), ModelRegistration.builder("fraud")
                        .artifact(artifact).build(), run.id());
            }
        };
        // end::lifecycle-captured-retrainer[]
        return retrainer;
    }

    /**
     * docs/lifecycle.md "Restarts and replicas": a replica that does not decide picks up the running
     * rollout from the registry and follows the deciding replica's changes.
     *
     * @param endpoint this replica's endpoint
     * @param plan the rollout's plan, the same as the deciding replica's
     * @param champion the champion's variant
     * @param candidate the candidate's variant
     * @param monitor this replica's monitor
     * @param registry the shared registry
     * @param scheduler runs the follow-ups
     * @param every how often to read the stored state
     * @return the followed rollout
     */
    public static Rollout<Map<String, ?>, Prediction<Label>> follow(
            ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint, RolloutPlan plan,
            Variant<Map<String, ?>, Prediction<Label>> champion, Variant<Map<String, ?>, Prediction<Label>> candidate,
            ModelMonitor<Prediction<Label>> monitor, ModelRegistry registry, ScheduledExecutorService scheduler,
            Duration every) {
        // tag::lifecycle-resume[]
        Rollout<Map<String, ?>, Prediction<Label>> rollout = Rollout.builder(endpoint, plan)
                .champion(champion).candidate(candidate)
                .analysis(CanaryAnalysis.ofDefaults()).figures(monitor).registry(registry)
                .resume();                                   // routes as the stored state says, now
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                rollout.refresh();                           // re-routes when the status or step changed
            } catch (RuntimeException e) {                   // keep following when the registry is down
                LOG.warn("cannot read the rollout state of {}", rollout.candidate(), e);
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        // end::lifecycle-resume[]
        return rollout;
    }

    /**
     * docs/lifecycle.md "A fleet of replicas": one replica's leased rollout, deciding on the fleet's
     * figures when it holds the lease and following the stored state otherwise.
     *
     * @param mlops the store the fleet shares (PostgreSQL; SQLite for processes on one host)
     * @param endpoint this replica's endpoint
     * @param plan the plan, the same on every replica
     * @param champion the champion variant
     * @param candidate the candidate variant
     * @param replicaId this replica's id, unique per process
     * @param rolloutStart the earliest window start the figures count
     * @param starting true on the replica that starts the rollout, false on the others
     * @param scheduler runs its rounds
     * @return the rollout
     */
    public static Rollout<Map<String, ?>, Prediction<Label>> fleetMember(Mlops mlops,
            ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint, RolloutPlan plan,
            Variant<Map<String, ?>, Prediction<Label>> champion, Variant<Map<String, ?>, Prediction<Label>> candidate,
            String replicaId, Instant rolloutStart, boolean starting, ScheduledExecutorService scheduler) {
        // tag::lifecycle-fleet[]
        JdbcStore store = mlops.store();                                 // PostgreSQL shared by the fleet
        FleetWindows fleet = new JdbcFleetWindows(store);                // each monitor has a FleetPublisher on it
        ControllerLease lease = new JdbcControllerLease(store, "rollout:fraud");
        Rollout.Builder<Map<String, ?>, Prediction<Label>> b = Rollout.builder(endpoint, plan)
                .champion(champion).candidate(candidate).analysis(CanaryAnalysis.ofDefaults())
                .figures(FleetFigures.since(fleet, rolloutStart))        // every replica's traffic counts
                .registry(mlops.registry())
                .lease(lease, replicaId, Duration.ofSeconds(10));        // replicaId unique per process
        Rollout<Map<String, ?>, Prediction<Label>> rollout = starting ? b.start() : b.resume();
        rollout.schedule(scheduler);                                     // tickOrFollow() every ttl/3 at most
        // end::lifecycle-fleet[]
        return rollout;
    }

    /**
     * docs/operations.md "Shutdown": stops the components of a service in order, once its server
     * stopped taking requests.
     *
     * @param loop the closed loop
     * @param endpoint the endpoint
     * @param monitor the endpoint's monitor
     * @param binder the monitor's Micrometer binder
     * @param tracker the (asynchronous) tracker
     */
    public static void shutdown(ClosedLoop<?, ?> loop, ModelEndpoint<?, ?> endpoint, ModelMonitor<?> monitor,
                                MicrometerMonitorBinder binder, Tracker tracker) {
        // tag::operations-shutdown[]
        loop.close();          // no more ticks, retraining or alert handling; the routing stays as it is
        endpoint.close();      // shadow and timeout threads end
        monitor.flush();       // analyse the last, partial windows: alerts and gauges see them
        monitor.close();       // then stop the analysis thread
        binder.close();        // stop following the monitor, release the GC listeners
        tracker.close();       // write what is queued, then close the store
        // end::operations-shutdown[]
    }
}
