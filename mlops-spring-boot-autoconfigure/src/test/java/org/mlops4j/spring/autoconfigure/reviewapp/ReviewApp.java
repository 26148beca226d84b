package org.mlops4j.spring.autoconfigure.reviewapp;

import java.time.Duration;
import org.mlops4j.core.Clock;
import org.mlops4j.core.feedback.GroundTruth;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.review.ReviewStore;
import org.mlops4j.serving.DeploymentStrategy;
import org.mlops4j.serving.HumanReviewStrategy;
import org.mlops4j.serving.Interim;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.ReviewDesk;
import org.mlops4j.serving.ReviewQueue;
import org.mlops4j.serving.TextCodec;
import org.mlops4j.serving.Variant;
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
 * A small loan service for the review endpoint's test: a model unsure of every loan (confidence
 * 0.5, below the 0.8 threshold), so people decide each one through a durable queue "loans" in an
 * in-memory store; loans whose text starts with "urgent" have priority 1. HTTP basic users: alice
 * and bob (role REVIEWER) may act on Actuator, carol may only read.
 */
@SpringBootApplication
public class ReviewApp {

    /** @return the review items' store */
    @Bean
    public ReviewStore reviewStore() {
        return ReviewStore.inMemory(Clock.system());
    }

    /** @return the durable review queue */
    @Bean
    public ReviewQueue<String, String> loanQueue(ReviewStore store) {
        return ReviewQueue.durable(store, "loans", TextCodec.strings(), TextCodec.strings(), 100, Duration.ofHours(1),
                item -> item.input().startsWith("urgent") ? 1 : 0);
    }

    /** @return the endpoint: "approve" for long texts, "decline" for short ones, always unsure */
    @Bean
    public ModelEndpoint<String, String> loans(ReviewQueue<String, String> queue) {
        Variant<String, String> model = Variant.of("champion", s -> s.length() > 8 ? "approve" : "decline",
                new ModelRef("loans", 1));
        return ModelEndpoint.<String, String>builder("loans")
                .strategy(HumanReviewStrategy.of(DeploymentStrategy.single(model), 0.8, queue, Interim.defer("pending")))
                .confidence(out -> 0.5).build();
    }

    /** @return the back office of the loans' queue */
    @Bean
    public ReviewDesk<String, String> loanDesk(ReviewQueue<String, String> queue, ModelEndpoint<String, String> loans) {
        return ReviewDesk.builder(queue, loans.feedback(), GroundTruth::label).endpoint("loans").build();
    }

    /** @return alice and bob (role REVIEWER), carol (no role) */
    @Bean
    public UserDetailsService users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("alice").password("{noop}alice-pw").roles("REVIEWER").build(),
                User.withUsername("bob").password("{noop}bob-pw").roles("REVIEWER").build(),
                User.withUsername("carol").password("{noop}carol-pw").roles("VIEWER").build());
    }

    /**
     * @param http the security builder
     * @return reads open to all, Actuator writes for REVIEWER only, over HTTP basic
     * @throws Exception if Spring Security cannot build it
     */
    @Bean
    public SecurityFilterChain security(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(a -> a.requestMatchers(HttpMethod.POST, "/actuator/**").hasRole("REVIEWER")
                        .anyRequest().permitAll())
                .httpBasic(Customizer.withDefaults()).csrf(c -> c.disable());
        return http.build();
    }
}
