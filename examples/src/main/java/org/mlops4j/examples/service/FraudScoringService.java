package org.mlops4j.examples.service;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.feedback.FeedbackConfig;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.examples.FraudData;
import org.mlops4j.lifecycle.ClosedLoop;
import org.mlops4j.lifecycle.RolloutPlan;
import org.mlops4j.lifecycle.RolloutStep;
import org.mlops4j.lifecycle.analysis.CanaryAnalysisConfig;
import org.mlops4j.monitoring.Baseline;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.PerformanceEstimation;
import org.mlops4j.monitoring.profile.ReferenceProfile;
import org.mlops4j.monitoring.segment.SegmentFunction;
import org.mlops4j.monitoring.segment.Segmentation;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.Variant;
import org.mlops4j.tribuo.TribuoModels;
import org.mlops4j.tribuo.TribuoOutputs;
import org.mlops4j.tribuo.TribuoPredictor;
import org.slf4j.bridge.SLF4JBridgeHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

/**
 * A fraud-scoring service on Spring Boot and the mlops4j starter. The starter gives it the registry
 * (the embedded store in {@code mlops.store.path}), the monitor with its alert rules, the Prometheus
 * series, the {@code mlops} Actuator endpoint and health indicator, and the live dashboard; the
 * service declares its model endpoint, the input schema and reference profile, how to read a
 * Tribuo prediction, the performance estimation that estimates accuracy before the labels arrive,
 * and a closed loop that rolls the challenger out as a canary (10%, then 50%
 * behind a manual gate, then 100%), judged by the canary analysis on the monitor's figures.
 */
@SpringBootApplication
public class FraudScoringService {

    /**
     * Runs the service on port 8080 (or {@code --server.port}).
     *
     * @param args Spring Boot arguments, such as {@code --server.port=9090}
     */
    public static void main(String[] args) {
        application().run(args);
    }

    /** @return the application with the service's defaults (each may be overridden by the usual means) */
    public static SpringApplication application() {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        SpringApplication app = new SpringApplication(FraudScoringService.class);
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("spring.application.name", "fraud-scoring");
        defaults.put("spring.main.banner-mode", "off");
        defaults.put("mlops.store.path", "target/fraud-service-store");
        defaults.put("mlops.monitor.window-size", "500");
        defaults.put("mlops.monitor.window-duration", "1m");
        defaults.put("management.endpoints.web.exposure.include", "health,info,mlops,prometheus");
        defaults.put("management.endpoint.health.show-details", "always");
        defaults.put("logging.level.org.tribuo", "WARN");
        app.setDefaultProperties(defaults);
        return app;
    }

    /**
     * The models: trained and registered on the first start, read back on the next ones.
     *
     * @param registry the starter's registry
     * @param store the store's directory
     * @return the champion, challenger, schema and reference profile
     * @throws Exception if training or registration fails
     */
    @Bean
    public FraudModels fraudModels(ModelRegistry registry, @Value("${mlops.store.path}") Path store) throws Exception {
        return FraudModels.prepare(registry, store.resolve("trained"));
    }

    /**
     * @param models the models
     * @return the input schema: the monitor checks every request against it
     */
    // tag::spring-monitoring-beans[]
    @Bean
    public Schema fraudSchema(FraudModels models) {
        return models.schema();
    }

    /**
     * @param models the models
     * @return the training data's profile: the monitor's reference for input drift
     */
    @Bean
    public ReferenceProfile fraudReference(FraudModels models) {
        return models.reference();
    }

    /** @return how the monitor reads a Tribuo classification (label and confidence) */
    @Bean
    public OutputReader<Prediction<Label>> fraudOutputs() {
        return TribuoOutputs.classifier();
    }
    // end::spring-monitoring-beans[]

    /**
     * Drift by segment: the starter's monitor computes its figures per channel too, each channel
     * compared with its own rows of the training data (the same 6,000 rows {@link FraudModels}
     * profiles), and its Micrometer series carry a {@code segment} tag.
     *
     * @param models the models, whose schema the segments share
     * @return the segmentation by channel
     */
    @Bean
    public Segmentation fraudSegments(FraudModels models) {
        return Segmentation.builder(SegmentFunction.mapKey("channel"))
                .reference(models.schema(), FraudData.rows(FraudData.generate(6_000, 42))).build();
    }

    /**
     * Performance estimation without labels (CBPE): the starter's monitor estimates each window's
     * accuracy, precision, recall, F1 and ROC AUC with their bands when it closes, calibrated on
     * the champion's scores of {@value FraudModels#HOLDOUT} labelled holdout transactions, and its
     * Micrometer series {@code mlops.estimated.*} (Prometheus {@code mlops_estimated_accuracy},
     * {@code _lower}, {@code _upper}, ...) sit beside the realised {@code mlops.realised.*} of the
     * labels that arrive later.
     *
     * @param models the models
     * @param registry the registry holding the champion
     * @return the estimation
     */
    @Bean
    public PerformanceEstimation<Prediction<Label>> fraudEstimation(FraudModels models, ModelRegistry registry) {
        return models.estimation(registry);
    }

    /**
     * The endpoint: serves {@code models:/fraud@champion}, checksum-verified, and joins feedback to
     * its predictions.
     *
     * @param registry the registry
     * @param models the models, registered before the endpoint resolves the alias
     * @return the endpoint; the starter picks it up
     */
    // tag::spring-endpoint[]
    @Bean
    public ModelEndpoint<Map<String, ?>, Prediction<Label>> fraudEndpoint(ModelRegistry registry, FraudModels models) {
        return ModelEndpoint.<Map<String, ?>, Prediction<Label>>builder("fraud")
                .fromRegistry(registry, "models:/fraud@champion", TribuoModels.loader(Label.class), TribuoPredictor::of)
                .outputs(TribuoOutputs.classifier()).feedback(FeedbackConfig.ofDefaults()).build();
    }
    // end::spring-endpoint[]

    /**
     * The closed loop: rollouts in steps of 10% and 50% (behind a manual gate an operator approves
     * through Actuator) and 100%, each judged on at least 300 requests of the candidate by the
     * canary analysis on the starter's monitor; it ticks on its own thread.
     *
     * @param endpoint the endpoint
     * @param monitor the starter's monitor
     * @param registry the registry
     * @param tick how often the loop ticks ({@code fraud.loop.tick}, default 2 s)
     * @return the loop, started
     */
    // tag::spring-loop[]
    @Bean
    public ClosedLoop<Map<String, ?>, Prediction<Label>> fraudLoop(
            ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint, ModelMonitor<Object> monitor,
            ModelRegistry registry, @Value("${fraud.loop.tick:2s}") Duration tick) {
        RolloutPlan plan = RolloutPlan.builder().step(RolloutStep.canary(10).minSamples(300))
                .step(RolloutStep.canary(50).minSamples(300).withManualGate()).step(RolloutStep.canary(100)
                        .minSamples(300)).analysisInterval(tick).build();
        return ClosedLoop.builder(endpoint, monitor, registry).plan(plan)
                .analysis(CanaryAnalysisConfig.builder().minSamples(200).build()).tickInterval(tick).build().start();
    }
    // end::spring-loop[]

    /**
     * Starts the canary of the challenger when the service starts, unless a rollout of it is already
     * stored (a restart resumes nothing here: the demo starts afresh on a new store).
     *
     * @param loop the loop
     * @param models the models
     * @param registry the registry
     * @return the runner
     */
    @Bean
    public ApplicationRunner startCanary(ClosedLoop<Map<String, ?>, Prediction<Label>> loop, FraudModels models,
                                         ModelRegistry registry) {
        return args -> {
            if (models.challenger().tags().containsKey(org.mlops4j.lifecycle.RolloutState.TAG)) {
                return;
            }
            var challenger = Variant.<Map<String, ?>, Prediction<Label>>of("challenger",
                    TribuoPredictor.of(registry.load(models.challenger(), TribuoModels.loader(Label.class))),
                    models.challenger());
            loop.rollout(challenger, Baseline.none());
        };
    }
}
