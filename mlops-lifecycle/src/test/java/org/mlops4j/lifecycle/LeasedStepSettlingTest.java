package org.mlops4j.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.fleet.ControllerLease;
import org.mlops4j.core.fleet.LeaseTerm;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.InMemoryModelRegistry;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.rollout.AnalysisOutcome;
import org.mlops4j.core.rollout.AnalysisResult;
import org.mlops4j.core.rollout.CheckResult;
import org.mlops4j.core.rollout.RolloutAnalysis;
import org.mlops4j.core.rollout.RolloutContext;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.serving.DeploymentStrategy;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.Variant;

/**
 * A leased rollout's step figures start counting two schedule periods after the step began, so a
 * follower still routing at the step before (it has not refreshed yet) does not count in the new
 * step's figures; and a closed holder releases the lease for an immediate takeover. Two replicas
 * share one monitor, standing for the fleet's figures.
 */
class LeasedStepSettlingTest {

    private static final Duration TTL = Duration.ofSeconds(3);
    private static final Duration SECOND = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-05T10:00:00Z"));
    private final ControllerLease lease = ControllerLease.inMemory("rollout:fraud", clock);
    private final ModelMonitor<Object> fleet = ModelMonitor.builder().sameThreadAnalysis().build();
    private final List<RolloutContext> asked = new ArrayList<>();
    private InMemoryModelRegistry registry;
    private final List<ModelEndpoint<Integer, Integer>> endpoints = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        registry = new InMemoryModelRegistry(clock);
        registry.register(ModelRegistration.builder("fraud")
                .artifact(ModelArtifact.of(Files.writeString(dir.resolve("v1"), "one"))).build());
        registry.register(ModelRegistration.builder("fraud")
                .artifact(ModelArtifact.of(Files.writeString(dir.resolve("v2"), "two"))).build());
        registry.setAlias("fraud", "champion", 1, Attribution.by("test", "first"));
        for (int i = 0; i < 2; i++) {
            endpoints.add(ModelEndpoint.<Integer, Integer>builder("fraud").strategy(DeploymentStrategy.single(
                    Variant.of("champion", x -> x + 1, registry.get("fraud", 1).orElseThrow()))).clock(clock)
                    .listener(fleet).build());
        }
    }

    private Rollout.Builder<Integer, Integer> builder(int replica) {
        RolloutAnalysis analysis = context -> {
            asked.add(context);
            return AnalysisResult.of(List.of(new CheckResult("scripted", AnalysisOutcome.PASS, false, "pass")));
        };
        return Rollout.builder(endpoints.get(replica), RolloutPlan.builder().step(RolloutStep.canary(10).minSamples(1))
                        .step(RolloutStep.canary(50).minSamples(1)).analysisInterval(SECOND).build())
                .champion(Variant.of("champion", x -> x + 1, registry.get("fraud", 1).orElseThrow()))
                .candidate(Variant.of("candidate", x -> x + 2, registry.get("fraud", 2).orElseThrow()))
                .analysis(analysis).figures(fleet).registry(registry).clock(clock)
                .lease(lease, "replica-" + replica, TTL);
    }

    /** 1,000 customers through a replica; returns how many the candidate answered. */
    private int serve(int replica) {
        int n = 0;
        for (int i = 0; i < 1000; i++) {
            n += endpoints.get(replica).predict(0, "customer-" + i) == 2 ? 1 : 0;
        }
        return n;
    }

    @Test
    void aFollowerStillAtTheOldWeightDoesNotCountInTheNewStepsFigures() {
        Rollout<Integer, Integer> holder = builder(0).start();
        Rollout<Integer, Integer> follower = builder(1).resume();
        assertThat(holder.settling()).isEqualTo(Duration.ofSeconds(2));   // two periods of min(TTL / 3, 1 s)
        // Step 0 began at 0 s: its figures count from 2 s. Traffic at 1 s is left out.
        clock.advance(SECOND);
        int atTen = serve(0);
        serve(1);
        holder.tickOrFollow();
        assertThat(holder.stepSamples()).isZero();
        clock.advance(SECOND);
        holder.tickOrFollow();                                  // 2 s: the step's baseline
        int ten = serve(0) + serve(1);
        assertThat(holder.stepSamples()).isEqualTo(ten).isEqualTo(2L * atTen);
        clock.advance(SECOND);
        holder.tickOrFollow();                                  // 3 s: passes step 0, now at 50%
        assertThat(asked.get(asked.size() - 1).candidateStep().requests()).isEqualTo(ten);
        assertThat(holder.state().step()).isEqualTo(1);
        int fifty = serve(0);
        assertThat(fifty).isBetween(440, 560);
        clock.advance(SECOND);
        holder.tickOrFollow();                                  // 4 s: still settling, nothing decided
        assertThat(holder.state().step()).isEqualTo(1);
        assertThat(asked.get(asked.size() - 1).candidateStep().requests()).isZero();
        // The follower refreshes late (a slow store): 1,000 customers at the old 10%, after the
        // holder's round at 4 s; they are counted in no step.
        assertThat(serve(1)).isEqualTo(atTen);
        follower.tickOrFollow();                                // now the follower routes at 50%
        assertThat(serve(1)).isEqualTo(fifty);
        assertThat(holder.stepSamples()).isZero();
        clock.advance(SECOND);
        holder.tickOrFollow();                                  // 5 s: step 1's baseline
        assertThat(serve(0) + serve(1)).isEqualTo(2 * fifty);
        clock.advance(SECOND);
        holder.tickOrFollow();                                  // 6 s: judged on 2,000 requests at 50% only
        RolloutContext judged = asked.get(asked.size() - 1);
        assertThat(judged.candidateStep().requests()).isEqualTo(2L * fifty);
        assertThat(judged.championStep().requests()).isEqualTo(2000L - 2L * fifty);
        assertThat(holder.status()).isEqualTo(RolloutStatus.PROMOTED);
    }

    @Test
    void withoutSettlingTheFollowersOldWeightTrafficCountsInTheNewStep() {
        Rollout<Integer, Integer> holder = builder(0).settling(Duration.ZERO).start();
        builder(1).settling(Duration.ZERO).resume();
        int atTen = serve(0);
        holder.tickOrFollow();                                  // passes step 0 at once
        assertThat(holder.state().step()).isEqualTo(1);
        assertThat(serve(1)).isEqualTo(atTen);                  // the follower, not refreshed: 10%
        int fifty = serve(0);
        clock.advance(SECOND);
        holder.tickOrFollow();
        RolloutContext judged = asked.get(asked.size() - 1);
        assertThat(judged.candidateStep().requests()).isEqualTo(fifty + atTen);
        assertThat(judged.championStep().requests()).isEqualTo(2000L - fifty - atTen);
    }

    @Test
    void aClosedHolderReleasesTheLeaseAndAFollowerTakesOverWithoutWaitingForTheTtl() {
        Rollout<Integer, Integer> holder = builder(0).start();
        Rollout<Integer, Integer> follower = builder(1).resume();
        follower.tickOrFollow();
        assertThat(follower.controls()).isFalse();
        holder.close();
        assertThat(holder.controls()).isFalse();
        assertThat(lease.term()).isEqualTo(new LeaseTerm("", 1, 0));
        clock.advance(Duration.ofMillis(1));                    // far under the 3 s TTL
        follower.tickOrFollow();
        assertThat(follower.controls()).isTrue();
        assertThat(lease.term().epoch()).isEqualTo(2);
        assertThat(registry.get("fraud", 2).orElseThrow().tags()).containsKey(FencedStates.key(2));
    }

    @Test
    void aNegativeSettlingIsRefusedNamingTheValue() {
        assertThatThrownBy(() -> builder(0).settling(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("settling")
                .hasMessageContaining("PT-0.001S");
    }
}
