package org.mlops4j.spring.autoconfigure.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.core.rollout.AnalysisOutcome;
import org.mlops4j.core.rollout.AnalysisResult;
import org.mlops4j.core.rollout.CheckResult;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.lifecycle.ClosedLoop;
import org.mlops4j.lifecycle.RolloutPlan;
import org.mlops4j.lifecycle.RolloutStep;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.profile.ReferenceProfile;
import org.mlops4j.serving.BlueGreenStrategy;
import org.mlops4j.serving.DeploymentStrategy;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.Variant;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A small scoring service for the starter's tests: two endpoints (a scorer driven by a closed loop
 * whose rollouts always pass their analysis, and a blue-green one), a schema and a reference
 * profile, and HTTP basic users: alice and bob may act on Actuator, carol may only read.
 */
@SpringBootApplication
public class ScoringApp {

    /** Feature rows like the scorer's training data. */
    public static List<Map<String, Object>> rows(int n, long seed, boolean drifted) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> row = new HashMap<>();
            row.put("amount", drifted ? 500 + r.nextDouble() * 500 : r.nextDouble() * 100);
            row.put("country", drifted ? "IN" : r.nextBoolean() ? "US" : "DE");
            if (r.nextInt(10) != 0) {
                row.put("age", 18 + r.nextInt(60));
            }
            rows.add(row);
        }
        return rows;
    }

    /** @return the scorer's input schema */
    @Bean
    public Schema schema() {
        return Schema.of(Feature.numeric("amount"), Feature.categorical("country", Set.of("US", "DE", "IN")),
                Feature.numeric("age").optional());
    }

    /** @return the training data's profile: the reference of input drift */
    @Bean
    public ReferenceProfile reference(Schema schema) {
        return ReferenceProfile.of(schema, rows(2_000, 1, false));
    }

    private static ModelVersion register(ModelRegistry registry, String name, String content) throws Exception {
        Path file = Files.createTempFile("mlops-app-", ".bin");
        Files.writeString(file, content);
        return registry.register(ModelRegistration.builder(name).artifact(ModelArtifact.of(file)).build());
    }

    /** @return the scorer: version 1 of "scorer", the champion */
    @Bean
    public ModelEndpoint<Map<String, Object>, Double> scorer(ModelRegistry registry) throws Exception {
        ModelVersion v1 = register(registry, "scorer", "v1");
        register(registry, "scorer", "v2");
        registry.setAlias("scorer", "champion", v1.version(), Attribution.by("test", "first"));
        return ModelEndpoint.<Map<String, Object>, Double>builder("scorer")
                .strategy(DeploymentStrategy.single(Variant.of("champion", ScoringApp::score, v1))).build();
    }

    /** @return the blue-green endpoint: version 1 of "ranker" live, version 2 staged */
    @Bean
    public ModelEndpoint<Map<String, Object>, Double> ranker(ModelRegistry registry) throws Exception {
        ModelVersion v1 = register(registry, "ranker", "r1");
        ModelVersion v2 = register(registry, "ranker", "r2");
        BlueGreenStrategy<Map<String, Object>, Double> bg = BlueGreenStrategy.of(Variant.of("blue", ScoringApp::score, v1));
        bg.stage(Variant.of("green", row -> score(row) / 2, v2), List.of(), candidate -> { });
        return ModelEndpoint.<Map<String, Object>, Double>builder("ranker").strategy(bg).build();
    }

    /**
     * @return the scorer's closed loop, on the starter's monitor: rollouts in two canary steps, the first
     *     with a manual gate, judged by an analysis that always passes
     */
    @Bean
    public ClosedLoop<Map<String, Object>, Double> scorerLoop(
            @Qualifier("scorer") ModelEndpoint<Map<String, Object>, Double> scorer,
                                                               ModelMonitor<Object> monitor, ModelRegistry registry) {
        RolloutPlan plan = RolloutPlan.builder().step(RolloutStep.canary(25).minSamples(1).withManualGate())
                .step(RolloutStep.canary(100).minSamples(1)).build();
        return ClosedLoop.builder(scorer, monitor, registry).plan(plan)
                .analysis(context -> AnalysisResult.of(List.of(new CheckResult("always", AnalysisOutcome.PASS, false,
                        "test analysis"))))
                .sameThread().build();
    }

    /** The scorer's model: a number from the amount, null for a missing amount. */
    static Double score(Map<String, Object> row) {
        Object amount = row.get("amount");
        return amount == null ? null : ((Number) amount).doubleValue() / 1000;
    }

    /** @return alice and bob (role OPS), carol (no role) */
    @Bean
    public UserDetailsService users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("alice").password("{noop}alice-pw").roles("OPS").build(),
                User.withUsername("bob").password("{noop}bob-pw").roles("OPS").build(),
                User.withUsername("carol").password("{noop}carol-pw").roles("VIEWER").build());
    }

    /**
     * @param http the security builder
     * @return reads open to all, Actuator writes for OPS only, over HTTP basic
     * @throws Exception if Spring Security cannot build it
     */
    @Bean
    public SecurityFilterChain security(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(a -> a.requestMatchers(HttpMethod.POST, "/actuator/**").hasRole("OPS")
                        .anyRequest().permitAll())
                .httpBasic(Customizer.withDefaults()).csrf(c -> c.disable());
        return http.build();
    }
}
