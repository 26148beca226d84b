package org.mlops4j.benchmarks.spring.overhead;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.feedback.FeedbackConfig;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.profile.ReferenceProfile;
import org.mlops4j.serving.DeploymentStrategy;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.Variant;
import org.mlops4j.tribuo.TribuoOutputs;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

/**
 * The request-overhead service: one Spring Boot application with a plain route and a monitored
 * route on the same logistic regression ({@link OverheadController}). The endpoint is a bean, so
 * {@code mlops-spring-boot-starter} (on the class path of {@code benchmarks/scripts/spring-overhead.sh})
 * picks it up and its monitor watches it, with the schema and the reference profile declared here,
 * as the example fraud-scoring service does. Not a production service: the models are trained at
 * startup and never registered.
 */
@SpringBootApplication
public class OverheadService {

    /**
     * Runs the service ({@code --server.port}, {@code --mlops.store.path} as usual).
     *
     * @param args Spring Boot arguments
     */
    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(OverheadService.class);
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("spring.main.banner-mode", "off");
        defaults.put("management.endpoints.web.exposure.include", "health,mlops");
        app.setDefaultProperties(defaults);
        app.run(args);
    }

    /** @return the two models, their schema and reference */
    @Bean
    public ScoringModels scoringModels() {
        return ScoringModels.train();
    }

    /**
     * @param models the models
     * @return the input schema: the monitor checks every request against it
     */
    @Bean
    public Schema scoringSchema(ScoringModels models) {
        return models.schema();
    }

    /**
     * @param models the models
     * @return the training rows' profile: the monitor's reference for input drift
     */
    @Bean
    public ReferenceProfile scoringReference(ScoringModels models) {
        return models.reference();
    }

    /** @return how the monitor reads a Tribuo classification (label and confidence) */
    @Bean
    public OutputReader<Prediction<Label>> scoringOutputs() {
        return TribuoOutputs.classifier();
    }

    /**
     * The monitored endpoint: the champion, with the challenger as a 10% canary keyed by the routing
     * key, and the feedback join, as the example service configures it.
     *
     * @param models the models
     * @return the endpoint; the starter picks it up
     */
    @Bean
    public ModelEndpoint<Map<String, ?>, Prediction<Label>> scoringEndpoint(ScoringModels models) {
        Variant<Map<String, ?>, Prediction<Label>> champion =
                Variant.of("champion", models.champion(), new ModelRef("scoring", 1));
        Variant<Map<String, ?>, Prediction<Label>> challenger =
                Variant.of("challenger", models.challenger(), new ModelRef("scoring", 2));
        return ModelEndpoint.<Map<String, ?>, Prediction<Label>>builder("scoring")
                .strategy(DeploymentStrategy.canary(champion, challenger, 1_000, "scoring"))
                .outputs(TribuoOutputs.classifier()).feedback(FeedbackConfig.ofDefaults()).build();
    }
}
