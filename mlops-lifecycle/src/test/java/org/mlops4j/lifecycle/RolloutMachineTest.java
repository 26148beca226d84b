package org.mlops4j.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.rollout.AnalysisOutcome;
import org.mlops4j.core.rollout.AnalysisResult;
import org.mlops4j.core.rollout.CheckResult;
import org.mlops4j.lifecycle.RolloutMachine.Effect;
import org.mlops4j.lifecycle.RolloutMachine.Transition;

/** The pure decisions of a rollout: each rule as a transition and its effects, with no endpoint or registry. */
class RolloutMachineTest {

    private static final Instant T0 = Instant.parse("2025-09-01T00:00:00Z");
    private static final RolloutPlan PLAN = RolloutPlan.builder().failureLimit(2).inconclusiveLimit(1)
            .step(RolloutStep.canary(10).minSamples(100).minDuration(Duration.ofMinutes(5)))
            .step(RolloutStep.canary(50).minSamples(100).withManualGate())
            .step(RolloutStep.canary(100).minSamples(100)).build();
    private static final Attribution ALICE = Attribution.by("alice", "checking the logs");

    private static RolloutState running(int step) {
        return new RolloutState(RolloutStatus.RUNNING, step, T0, 0, 0, "salt", "");
    }

    private static AnalysisResult result(AnalysisOutcome outcome, boolean critical) {
        return AnalysisResult.of(List.of(new CheckResult("error rate", outcome, critical, "scripted")));
    }

    private static Transition tick(RolloutState s, AnalysisOutcome outcome, long samples, Duration elapsed) {
        return RolloutMachine.tick(PLAN, s, result(outcome, false), samples, elapsed, T0.plus(elapsed), "rollout");
    }

    private static List<Class<?>> kinds(Transition t) {
        return t.effects().stream().<Class<?>>map(Object::getClass).toList();
    }

    @Test
    void passingAStepMovesToTheNextRoutesItAndStartsItsAnalysis() {
        Transition t = tick(running(0), AnalysisOutcome.PASS, 100, Duration.ofMinutes(5));
        assertThat(t.state().step()).isEqualTo(1);
        assertThat(t.state().stepStarted()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(kinds(t)).containsExactly(RolloutMachine.Publish.class, RolloutMachine.Persist.class,
                RolloutMachine.Route.class, RolloutMachine.StartStep.class, RolloutMachine.Publish.class);
        assertThat(((RolloutMachine.Publish) t.effects().get(0)).step()).as("passed at the old step").isZero();
        assertThat(((RolloutMachine.Publish) t.effects().get(4)).step()).isEqualTo(1);
    }

    @Test
    void nothingIsDecidedBeforeTheStepsMinimumSamplesAndDuration() {
        assertThat(tick(running(0), AnalysisOutcome.PASS, 99, Duration.ofMinutes(5)).effects()).isEmpty();
        assertThat(tick(running(0), AnalysisOutcome.PASS, 100, Duration.ofMinutes(5).minusNanos(1)).effects())
                .isEmpty();
        assertThat(tick(running(0), AnalysisOutcome.FAIL, 99, Duration.ofMinutes(5)).state()).isEqualTo(running(0));
    }

    @Test
    void aCriticalFailureRollsBackBeforeTheMinimums() {
        Transition t = RolloutMachine.tick(PLAN, running(0), result(AnalysisOutcome.FAIL, true), 1, Duration.ZERO, T0,
                "rollout");
        assertThat(t.state().status()).isEqualTo(RolloutStatus.ROLLED_BACK);
        assertThat(t.state().reason()).startsWith("critical check failed");
        assertThat(kinds(t)).containsExactly(RolloutMachine.Route.class, RolloutMachine.Persist.class,
                RolloutMachine.CloseCandidate.class, RolloutMachine.Publish.class);
    }

    @Test
    void failuresCountUpToTheLimitAndResetWhenTheStepPasses() {
        Transition first = tick(running(0), AnalysisOutcome.FAIL, 100, Duration.ofMinutes(5));
        assertThat(first.state().failures()).isEqualTo(1);
        assertThat(first.state().status()).isEqualTo(RolloutStatus.RUNNING);
        Transition second = tick(first.state(), AnalysisOutcome.FAIL, 100, Duration.ofMinutes(5));
        assertThat(second.state().status()).isEqualTo(RolloutStatus.ROLLED_BACK);
        assertThat(second.state().failures()).isEqualTo(2);
        assertThat(second.state().reason()).startsWith("2 failed analyses in step 'canary 10%'");
        Transition passed = tick(first.state(), AnalysisOutcome.PASS, 100, Duration.ofMinutes(5));
        assertThat(passed.state().failures()).isZero();
    }

    @Test
    void inconclusiveAnalysesBeyondTheLimitPauseAndAPassResetsTheirCount() {
        Transition once = tick(running(0), AnalysisOutcome.INCONCLUSIVE, 100, Duration.ofMinutes(5));
        assertThat(once.state().status()).isEqualTo(RolloutStatus.RUNNING);
        assertThat(once.state().inconclusive()).isEqualTo(1);
        Transition twice = tick(once.state(), AnalysisOutcome.INCONCLUSIVE, 100, Duration.ofMinutes(5));
        assertThat(twice.state().status()).isEqualTo(RolloutStatus.PAUSED);
        Transition resumed = RolloutMachine.approve(PLAN, twice.state(), T0, ALICE, "fraud/2");
        assertThat(resumed.state().status()).isEqualTo(RolloutStatus.RUNNING);
        assertThat(resumed.state().inconclusive()).isZero();
        assertThat(resumed.state().step()).isZero();
    }

    @Test
    void aGatedStepWaitsAndApprovalAdvances() {
        Transition gate = tick(running(1), AnalysisOutcome.PASS, 100, Duration.ZERO);
        assertThat(gate.state().status()).isEqualTo(RolloutStatus.AWAITING_APPROVAL);
        assertThat(tick(gate.state(), AnalysisOutcome.PASS, 1_000, Duration.ofHours(1)).state())
                .as("a waiting rollout does not tick").isEqualTo(gate.state());
        Transition approved = RolloutMachine.approve(PLAN, gate.state(), T0.plusSeconds(60), ALICE, "fraud/2");
        assertThat(approved.state().step()).isEqualTo(2);
        assertThat(approved.state().stepStarted()).isEqualTo(T0.plusSeconds(60));
        assertThatThrownBy(() -> RolloutMachine.approve(PLAN, approved.state(), T0, ALICE, "fraud/2"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("RUNNING");
    }

    @Test
    void passingTheLastStepAsksForThePromotionWhichSettlesTheState() {
        Transition t = tick(running(2), AnalysisOutcome.PASS, 100, Duration.ZERO);
        assertThat(t.state()).isEqualTo(running(2));
        Effect last = t.effects().get(t.effects().size() - 1);
        assertThat(last).isInstanceOf(RolloutMachine.Promote.class);
        Transition promoted = RolloutMachine.promoted(t.state(), "why", null, "moved");
        assertThat(promoted.state().status()).isEqualTo(RolloutStatus.PROMOTED);
        assertThat(promoted.state().reason()).isEqualTo("why");
        assertThat(kinds(promoted)).containsExactly(RolloutMachine.MarkPrevious.class, RolloutMachine.Route.class,
                RolloutMachine.Persist.class, RolloutMachine.Publish.class);
        assertThat(RolloutMachine.promoted(promoted.state(), "again", null, "moved").effects())
                .as("a finished rollout is not promoted twice").isEmpty();
        Transition refused = RolloutMachine.promotionRefused(running(2), "moved by someone", null);
        assertThat(refused.state().status()).isEqualTo(RolloutStatus.ROLLED_BACK);
        assertThat(RolloutMachine.promotionRefused(promoted.state(), "late", null).effects()).isEmpty();
    }

    @Test
    void humansMayAbortOrPromoteUnfinishedRolloutsOnly() {
        Transition aborted = RolloutMachine.abort(running(1), Attribution.by("alice", "odd logs"), "fraud/2");
        assertThat(aborted.state().reason()).isEqualTo("aborted by alice: odd logs");
        assertThat(aborted.effects().get(0)).isEqualTo(new RolloutMachine.Audit("rollback",
                Attribution.by("alice", "odd logs")));
        assertThat(kinds(RolloutMachine.promoteNow(running(1), Attribution.by("bob", "dashboards"), "fraud/2")))
                .containsExactly(RolloutMachine.Audit.class, RolloutMachine.Promote.class);
        assertThat(RolloutMachine.promoteNow(running(1), Attribution.by("bob", "dashboards"), "fraud/2").effects()
                .get(1)).isEqualTo(new RolloutMachine.Promote("bob", "promoted by hand at step 1: dashboards", null));
        RolloutState done = running(1).with(RolloutStatus.ROLLED_BACK, 1, T0, 0, 0, "x");
        assertThatThrownBy(() -> RolloutMachine.abort(done, ALICE, "fraud/2"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already finished");
        assertThatThrownBy(() -> RolloutMachine.promoteNow(done, ALICE, "fraud/2"))
                .isInstanceOf(IllegalStateException.class);
        assertThat(tick(done, AnalysisOutcome.PASS, 100, Duration.ZERO).effects()).isEmpty();
    }

    @Test
    void aFollowerReRoutesOnlyWhenStatusOrStepChanged() {
        RolloutState stored = running(1);
        assertThat(RolloutMachine.follow(running(1).with(RolloutStatus.RUNNING, 1, T0, 1, 0, ""), stored).effects())
                .isEmpty();
        assertThat(kinds(RolloutMachine.follow(running(0), stored))).containsExactly(RolloutMachine.Route.class,
                RolloutMachine.StartStep.class);
        RolloutState back = stored.with(RolloutStatus.ROLLED_BACK, 1, T0, 0, 0, "x");
        assertThat(kinds(RolloutMachine.follow(running(1), back))).containsExactly(RolloutMachine.Route.class,
                RolloutMachine.CloseCandidate.class);
        RolloutState promoted = stored.with(RolloutStatus.PROMOTED, 1, T0, 0, 0, "x");
        assertThat(kinds(RolloutMachine.follow(running(1), promoted))).containsExactly(RolloutMachine.Route.class);
    }

    @Test
    void aPersonPausesARunningRolloutOnlyAndApprovalResumesIt() {
        Transition paused = RolloutMachine.pause(running(1).with(RolloutStatus.RUNNING, 1, T0, 1, 1, ""), ALICE,
                "fraud/2");
        assertThat(paused.state()).isEqualTo(running(1).with(RolloutStatus.PAUSED, 1, T0, 1, 1, ""));
        assertThat(kinds(paused)).containsExactly(RolloutMachine.Persist.class, RolloutMachine.Audit.class,
                RolloutMachine.Publish.class);
        assertThat(paused.effects().get(0)).isEqualTo(new RolloutMachine.Persist(paused.state()));
        assertThat(paused.effects().get(1)).isEqualTo(new RolloutMachine.Audit("pause", ALICE));
        RolloutMachine.Publish event = (RolloutMachine.Publish) paused.effects().get(2);
        assertThat(event.kind()).isEqualTo(RolloutEvent.Kind.PAUSED);
        assertThat(event.step()).isEqualTo(1);
        assertThat(event.detail()).isEqualTo("paused by alice: checking the logs");
        assertThat(tick(paused.state(), AnalysisOutcome.FAIL, 1_000, Duration.ofHours(1)).effects())
                .as("a paused rollout does not tick").isEmpty();
        assertThatThrownBy(() -> RolloutMachine.pause(paused.state(), ALICE, "fraud/2"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("fraud/2 is PAUSED");
        Transition gate = tick(running(1), AnalysisOutcome.PASS, 100, Duration.ZERO);
        assertThatThrownBy(() -> RolloutMachine.pause(gate.state(), ALICE, "fraud/2"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("AWAITING_APPROVAL");

        assertThatThrownBy(() -> RolloutMachine.resume(PLAN, gate.state(), T0, ALICE, "fraud/2"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("resume() needs a paused rollout, but the rollout of fraud/2 is AWAITING_APPROVAL");
        Transition resumed = RolloutMachine.resume(PLAN, paused.state(), T0, Attribution.by("bob", ""), "fraud/2");
        assertThat(resumed.state()).isEqualTo(running(1).with(RolloutStatus.RUNNING, 1, T0, 1, 0, ""));
        assertThat(resumed.effects().get(1)).isEqualTo(new RolloutMachine.Audit("resume", Attribution.by("bob", "")));
        assertThat(((RolloutMachine.Publish) resumed.effects().get(2)).detail()).isEqualTo("paused rollout resumed by bob");
    }

    @Test
    void anApprovalOfTheLastGateIsAuditedAndPromotesInTheApproversName() {
        RolloutState waiting = running(2).with(RolloutStatus.AWAITING_APPROVAL, 2, T0, 0, 0, "");
        Transition approved = RolloutMachine.approve(PLAN, waiting, T0, ALICE, "fraud/2");
        assertThat(kinds(approved)).containsExactly(RolloutMachine.Audit.class, RolloutMachine.Publish.class,
                RolloutMachine.Promote.class);
        assertThat(approved.effects().get(0)).isEqualTo(new RolloutMachine.Audit("approve", ALICE));
        assertThat(((RolloutMachine.Promote) approved.effects().get(2)).actor()).isEqualTo("alice");
        assertThat(((RolloutMachine.Publish) approved.effects().get(1)).detail()).endsWith("approved by alice: "
                + "checking the logs");
        Transition automatic = tick(running(2), AnalysisOutcome.PASS, 100, Duration.ZERO);
        assertThat(((RolloutMachine.Promote) automatic.effects().get(automatic.effects().size() - 1)).actor())
                .as("an automatic promotion is the rollout's own").isEqualTo("rollout");
    }
}
