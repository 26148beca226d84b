package org.mlops4j.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.Predictor;
import org.mlops4j.core.feedback.FeedbackEvent;
import org.mlops4j.core.feedback.GroundTruth;
import org.mlops4j.core.feedback.UserSignal;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.InMemoryModelRegistry;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.core.rollout.AnalysisOutcome;
import org.mlops4j.core.rollout.AnalysisResult;
import org.mlops4j.core.rollout.CheckResult;
import org.mlops4j.core.rollout.RolloutAnalysis;
import org.mlops4j.core.signal.SignalKind;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.serving.DeploymentStrategy;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.ShadowComparator;
import org.mlops4j.serving.ShadowConfig;
import org.mlops4j.serving.Variant;

/**
 * Each rule of {@link RetrainingPolicy} at its boundary, on a manual clock: the builder's bounds,
 * the strict holdout comparison, the triggers (signal kinds, schedule, new labels), the outcomes
 * that skip or fail, the labelled examples it keeps, and {@link RetrainingPolicy#adopt}.
 *
 * <p>The champion answers {@code x + 1} and every candidate {@code x + offset}; the holdout score of
 * a model is its answer to 0, so the champion scores 1.0 and a candidate its offset.
 */
class RetrainingPolicyRulesTest {

    private static final Instant T0 = Instant.parse("2025-09-01T00:00:00Z");

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(T0);
    private final ModelMonitor<Object> monitor = ModelMonitor.builder(
            OutputReader.regressor((Object o) -> ((Number) o).doubleValue())).sameThreadAnalysis().build();
    private final List<RetrainingOutcome> outcomes = new ArrayList<>();
    private final List<RetrainRequest<Integer>> requests = new ArrayList<>();
    private final RolloutAnalysis passing =
            context -> AnalysisResult.of(List.of(new CheckResult("ok", AnalysisOutcome.PASS, false, "ok")));
    private InMemoryModelRegistry registry;
    private ModelEndpoint<Integer, Integer> endpoint;
    private Variant<Integer, Integer> champion;
    private int offset = 3;
    private int trained;

    @BeforeEach
    void setUp() throws Exception {
        registry = new InMemoryModelRegistry(clock);
        ModelVersion v1 = registry.register(ModelRegistration.builder("demand")
                .artifact(ModelArtifact.of(Files.writeString(dir.resolve("v1"), "one"))).build());
        registry.setAlias("demand", "champion", 1, Attribution.by("test", "first"));
        champion = Variant.of("champion", x -> x + 1, v1);
        endpoint = endpoint(champion);
    }

    private ModelEndpoint<Integer, Integer> endpoint(Variant<Integer, Integer> fallback) {
        return ModelEndpoint.<Integer, Integer>builder("demand").strategy(DeploymentStrategy.single(fallback))
                .clock(clock).listener(monitor).build();
    }

    private Retrainer<Integer, Integer> retrainer() {
        return request -> {
            requests.add(request);
            int o = offset;
            trained++;
            Path file = Files.writeString(dir.resolve("candidate-" + trained), "offset " + o);
            return new RetrainedModel<>(x -> x + o,
                    ModelRegistration.builder("demand").artifact(ModelArtifact.of(file)).build(), "run-" + trained);
        };
    }

    private RetrainingPolicy.Builder<Integer, Integer> builder() {
        return RetrainingPolicy.builder(endpoint, registry).retrainer(retrainer()).figures(monitor)
                .holdout((Predictor<Integer, Integer> p) -> p.predict(0))
                .rollout(RolloutPlan.builder().step(RolloutStep.canary(100).minSamples(1)).build(), passing)
                .cooldown(Duration.ofHours(1)).clock(clock).listener(outcomes::add);
    }

    private static FeedbackEvent<Integer, Integer> feedback(String id, Integer input, org.mlops4j.core.feedback.Feedback f) {
        PredictionEvent<Integer, Integer> p = PredictionEvent.success(id, T0, "demand", "champion",
                new org.mlops4j.core.registry.ModelRef("demand", 1), input, 1, Double.NaN, 1_000L);
        return new FeedbackEvent<>(p, f, T0.plusSeconds(60));
    }

    // --- the holdout comparison -------------------------------------------------------------

    @Test
    void aCandidateMustBeatTheChampionByStrictlyMoreThanMinImprovement() {
        offset = 3;
        RetrainingOutcome atTheMargin = builder().minImprovement(2.0).build().retrainNow("exactly 2.0 better");
        assertThat(atTheMargin.status()).isEqualTo(RetrainingOutcome.Status.REJECTED);
        assertThat(atTheMargin.candidateScore()).isEqualTo(3.0);
        assertThat(atTheMargin.championScore()).isEqualTo(1.0);
        assertThat(atTheMargin.challenger()).isEmpty();
        assertThat(atTheMargin.detail()).contains("must beat it by more than 2.0");
        assertThat(registry.versions("demand")).hasSize(1);

        RetrainingOutcome justAbove = builder().minImprovement(1.75).build().retrainNow("1.75 is not enough to stop it");
        assertThat(justAbove.status()).isEqualTo(RetrainingOutcome.Status.ROLLOUT_STARTED);
        assertThat(justAbove.candidateScore()).isEqualTo(3.0);
        assertThat(justAbove.championScore()).isEqualTo(1.0);
        assertThat(justAbove.challenger()).hasValueSatisfying(ref -> assertThat(ref.version()).isEqualTo(2));
    }

    @Test
    void withNoMinImprovementATieIsRejectedAndAnyWinIsTaken() {
        offset = 1;
        assertThat(builder().build().retrainNow("tie").status()).isEqualTo(RetrainingOutcome.Status.REJECTED);
        offset = 2;
        assertThat(builder().minImprovement(0.0).build().retrainNow("win by 1").status())
                .isEqualTo(RetrainingOutcome.Status.ROLLOUT_STARTED);
    }

    @Test
    void aNaNHoldoutScoreNeverWins() {
        RetrainingPolicy<Integer, Integer> policy = builder()
                .holdout((Predictor<Integer, Integer> p) -> p.predict(0) == 1 ? 1.0 : Double.NaN).build();
        RetrainingOutcome outcome = policy.retrainNow("candidate scores NaN");
        assertThat(outcome.status()).isEqualTo(RetrainingOutcome.Status.REJECTED);
        assertThat(outcome.candidateScore()).isNaN();
    }

    // --- the builder's bounds ---------------------------------------------------------------

    @Test
    void minImprovementMustBeFiniteAndNotNegative() {
        assertThatThrownBy(() -> builder().minImprovement(-0.01)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minImprovement must be finite and >= 0 but was -0.01");
        assertThatThrownBy(() -> builder().minImprovement(Double.NaN)).hasMessageContaining("but was NaN");
        assertThatThrownBy(() -> builder().minImprovement(Double.POSITIVE_INFINITY))
                .hasMessageContaining("but was Infinity");
        assertThat(builder().minImprovement(0.0).build()).isNotNull();
    }

    @Test
    void scheduleCooldownAndCountsAreCheckedWhenSet() {
        assertThatThrownBy(() -> builder().every(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("every must be positive but was PT0S");
        assertThatThrownBy(() -> builder().every(Duration.ofSeconds(-1)))
                .hasMessage("every must be positive but was PT-1S");
        assertThatThrownBy(() -> builder().cooldown(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cooldown must not be negative but was PT-1S");
        assertThatThrownBy(() -> builder().minNewLabels(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minNewLabels must not be negative but was -1");
        assertThatThrownBy(() -> builder().keepLabelled(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("keepLabelled must not be negative but was -1");
        assertThat(builder().every(Duration.ofNanos(1)).cooldown(Duration.ZERO).minNewLabels(0).keepLabelled(0).build())
                .isNotNull();
    }

    @Test
    void buildNamesEachMissingPart() {
        RolloutPlan plan = RolloutPlan.standard();
        assertThatThrownBy(() -> RetrainingPolicy.builder(endpoint, registry).holdout(p -> 0.0)
                .rollout(plan, passing).figures(monitor).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("missing: retrainer");
        assertThatThrownBy(() -> RetrainingPolicy.builder(endpoint, registry).retrainer(retrainer())
                .rollout(plan, passing).figures(monitor).build()).hasMessageEndingWith("missing: holdout");
        assertThatThrownBy(() -> RetrainingPolicy.builder(endpoint, registry).retrainer(retrainer()).holdout(p -> 0.0)
                .figures(monitor).build()).hasMessageEndingWith("missing: rollout");
        assertThatThrownBy(() -> RetrainingPolicy.builder(endpoint, registry).retrainer(retrainer()).holdout(p -> 0.0)
                .rollout(plan, passing).build()).hasMessageEndingWith("missing: figures");
        assertThatThrownBy(() -> RetrainingPolicy.builder(endpoint, registry).build())
                .hasMessageEndingWith("missing: retrainer holdout rollout figures");
    }

    // --- triggers ---------------------------------------------------------------------------

    @Test
    void onlyTheKindsItRetrainsOnTrigger() {
        offset = 1; // every candidate is rejected: no rollout makes later triggers busy
        RetrainingPolicy<Integer, Integer> defaults = builder().cooldown(Duration.ZERO).build();
        for (SignalKind kind : SignalKind.values()) {
            boolean expected = kind == SignalKind.DATA_DRIFT || kind == SignalKind.CONCEPT_DRIFT
                    || kind == SignalKind.PERFORMANCE_DROP;
            assertThat(defaults.onSignal(kind, "by default").isPresent()).as(kind.name()).isEqualTo(expected);
        }

        RetrainingPolicy<Integer, Integer> quality = builder().retrainOn(Set.of(SignalKind.DATA_QUALITY))
                .cooldown(Duration.ZERO).build();
        RetrainRequest<?> asked = quality.onSignal(SignalKind.DATA_QUALITY, "asked for").orElseThrow().request();
        assertThat(asked.trigger()).isEqualTo(RetrainRequest.Trigger.ALERT);
        assertThat(asked.signal()).contains(SignalKind.DATA_QUALITY);
        assertThat(asked.detail()).as("the kind is in signal(), not repeated in the detail").isEqualTo("asked for");
        assertThat(quality.onSignal(SignalKind.DATA_DRIFT, "not asked for")).isEmpty();

        RetrainingPolicy<Integer, Integer> never = builder().retrainOn(Set.of()).build();
        for (SignalKind kind : SignalKind.values()) {
            assertThat(never.onSignal(kind, "none")).as(kind.name()).isEmpty();
        }
        assertThat(requests).hasSize(4);
    }

    @Test
    void theKindsAreCopiedWhenSet() {
        Set<SignalKind> kinds = EnumSet.of(SignalKind.SOFTWARE);
        RetrainingPolicy.Builder<Integer, Integer> b = builder().retrainOn(kinds);
        kinds.clear();
        assertThat(b.build().onSignal(SignalKind.SOFTWARE, "copied")).isPresent();
    }

    @Test
    void withoutAScheduleTickNeverRetrains() {
        RetrainingPolicy<Integer, Integer> policy = builder().build();
        assertThat(policy.tick()).isEmpty();
        clock.advance(Duration.ofDays(3_650));
        assertThat(policy.tick()).isEmpty();
        assertThat(requests).isEmpty();
    }

    @Test
    void theScheduleComesDueExactlyEveryPeriodFromItsLastRun() {
        offset = 1;
        RetrainingPolicy<Integer, Integer> policy = builder().every(Duration.ofHours(6)).cooldown(Duration.ZERO)
                .build();
        clock.advance(Duration.ofHours(6).minusNanos(1));
        assertThat(policy.tick()).isEmpty();
        clock.advance(Duration.ofNanos(1));
        assertThat(policy.tick()).hasValueSatisfying(o -> assertThat(o.request().trigger())
                .isEqualTo(RetrainRequest.Trigger.SCHEDULE));
        clock.advance(Duration.ofHours(5));
        assertThat(policy.tick()).isEmpty();
        clock.advance(Duration.ofHours(1));
        assertThat(policy.tick()).isPresent();
        assertThat(requests).extracting(RetrainRequest::time)
                .containsExactly(T0.plus(Duration.ofHours(6)), T0.plus(Duration.ofHours(12)));
    }

    @Test
    void withoutMinNewLabelsLabelsNeverTrigger() {
        RetrainingPolicy<Integer, Integer> policy = builder().build();
        assertThat(policy.recordLabelled(1_000_000)).isEmpty();
        assertThat(policy.recordLabelled(0)).isEmpty();
        assertThat(requests).isEmpty();
    }

    @Test
    void aRetrainingThatFeedbackTriggersRunsOnTheFeedbackExecutor() {
        List<Runnable> handedOver = new ArrayList<>();
        RetrainingPolicy<Integer, Integer> policy = builder().minNewLabels(2).cooldown(Duration.ZERO)
                .feedbackExecutor(handedOver::add).build();

        policy.onFeedback(feedback("p1", 1, GroundTruth.value(1.0)));
        policy.onFeedback(feedback("p2", 2, GroundTruth.value(2.0)));

        // The label that reached the count did not retrain on the thread that sent it...
        assertThat(handedOver).hasSize(1);
        assertThat(requests).isEmpty();
        // ...but on the executor's.
        handedOver.get(0).run();
        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.trigger()).isEqualTo(RetrainRequest.Trigger.NEW_LABELS);
            assertThat(r.detail()).isEqualTo("2 new labelled examples");
        });
        // recordLabelled, called by the host, still retrains on the calling thread.
        policy.rollout().orElseThrow().abort("test over");
        assertThat(policy.recordLabelled(2)).isPresent();
        assertThat(handedOver).hasSize(1);
    }

    @Test
    void newLabelsTriggerAtMinNewLabelsAndTheCountStartsAgain() {
        RetrainingPolicy<Integer, Integer> policy = builder().minNewLabels(3).cooldown(Duration.ZERO).build();
        assertThat(policy.recordLabelled(0)).isEmpty();
        assertThat(policy.recordLabelled(2)).isEmpty();
        assertThat(policy.recordLabelled(0)).isEmpty();
        RetrainingOutcome first = policy.recordLabelled(1).orElseThrow();
        assertThat(first.request().trigger()).isEqualTo(RetrainRequest.Trigger.NEW_LABELS);
        assertThat(first.request().detail()).isEqualTo("3 new labelled examples");
        assertThat(policy.recordLabelled(2)).isEmpty();
        assertThat(policy.recordLabelled(5).orElseThrow().request().detail()).isEqualTo("7 new labelled examples");
        assertThatThrownBy(() -> policy.recordLabelled(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("count must not be negative but was -1");
    }

    // --- feedback ---------------------------------------------------------------------------

    @Test
    void onlyGroundTruthCountsAndOnlyGroundTruthWithAnInputIsKept() {
        RetrainingPolicy<Integer, Integer> policy = builder().minNewLabels(3).keepLabelled(2).cooldown(Duration.ZERO)
                .build();
        policy.onFeedback(feedback("p1", 10, UserSignal.ACCEPTED));
        policy.onFeedback(feedback("p2", 11, UserSignal.REJECTED));
        policy.onFeedback(feedback("p3", 12, GroundTruth.value(13)));
        policy.onFeedback(feedback("p4", null, GroundTruth.value(14)));
        assertThat(requests).as("two labels so far; the user signals are not labels").isEmpty();
        assertThat(policy.labelled()).extracting(LabelledExample::predictionId).containsExactly("p3");
        assertThat(policy.labelled().get(0).labelledAt()).isEqualTo(T0.plusSeconds(60));

        policy.onFeedback(feedback("p5", 15, GroundTruth.value(16)));
        policy.onFeedback(feedback("p6", 17, GroundTruth.value(18)));
        assertThat(requests).singleElement().satisfies(r -> assertThat(r.labelled())
                .extracting(LabelledExample::predictionId).as("the newest two").containsExactly("p3", "p5"));
        assertThat(policy.labelled()).extracting(LabelledExample::predictionId).containsExactly("p5", "p6");
    }

    @Test
    void keepLabelledZeroKeepsNothingButStillCounts() {
        RetrainingPolicy<Integer, Integer> policy = builder().minNewLabels(2).keepLabelled(0).build();
        policy.onFeedback(feedback("p1", 10, GroundTruth.value(11)));
        assertThat(policy.labelled()).isEmpty();
        policy.onFeedback(feedback("p2", 12, GroundTruth.value(13)));
        assertThat(requests).singleElement().satisfies(r -> assertThat(r.labelled()).isEmpty());
    }

    // --- outcomes ---------------------------------------------------------------------------

    @Test
    void anAttemptStartsTheCooldownWhateverItsOutcomeAndASkipDoesNot() {
        offset = 1;
        RetrainingPolicy<Integer, Integer> policy = builder().cooldown(Duration.ofMinutes(30)).build();
        assertThat(policy.retrainNow("rejected").status()).isEqualTo(RetrainingOutcome.Status.REJECTED);
        clock.advance(Duration.ofMinutes(30).minusNanos(1));
        RetrainingOutcome skipped = policy.retrainNow("too soon");
        assertThat(skipped.status()).isEqualTo(RetrainingOutcome.Status.SKIPPED_COOLDOWN);
        assertThat(skipped.detail()).isEqualTo("last retraining at " + T0 + ", cooldown PT30M");
        assertThat(skipped.candidateScore()).isNaN();
        clock.advance(Duration.ofNanos(1));
        assertThat(policy.retrainNow("due").status()).isEqualTo(RetrainingOutcome.Status.REJECTED);
        assertThat(outcomes).extracting(RetrainingOutcome::status).containsExactly(RetrainingOutcome.Status.REJECTED,
                RetrainingOutcome.Status.SKIPPED_COOLDOWN, RetrainingOutcome.Status.REJECTED);
        assertThat(requests).hasSize(2);
    }

    @Test
    void aTriggerDuringARetrainingIsSkippedAsBusy() {
        AtomicReference<RetrainingPolicy<Integer, Integer>> self = new AtomicReference<>();
        List<RetrainingOutcome> inner = new ArrayList<>();
        Retrainer<Integer, Integer> reentrant = request -> {
            inner.add(self.get().retrainNow("while training"));
            return retrainer().retrain(request);
        };
        RetrainingPolicy<Integer, Integer> policy = builder().retrainer(reentrant).cooldown(Duration.ZERO).build();
        self.set(policy);

        assertThat(policy.retrainNow("first").status()).isEqualTo(RetrainingOutcome.Status.ROLLOUT_STARTED);
        assertThat(inner).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(RetrainingOutcome.Status.SKIPPED_BUSY);
            assertThat(o.detail()).isEqualTo("a retraining is in progress");
        });
    }

    @Test
    void aRunningRolloutMakesTriggersBusyUntilItFinishes() {
        RetrainingPolicy<Integer, Integer> policy = builder().cooldown(Duration.ZERO).build();
        assertThat(policy.retrainNow("first").status()).isEqualTo(RetrainingOutcome.Status.ROLLOUT_STARTED);
        RetrainingOutcome busy = policy.retrainNow("second");
        assertThat(busy.status()).isEqualTo(RetrainingOutcome.Status.SKIPPED_BUSY);
        assertThat(busy.detail()).isEqualTo("rollout of RUNNING challenger still running");
        policy.rollout().orElseThrow().abort("enough");
        offset = 4;
        assertThat(policy.retrainNow("third").status()).isEqualTo(RetrainingOutcome.Status.ROLLOUT_STARTED);
        assertThat(trained).isEqualTo(2);
    }

    @Test
    void failuresAreReportedWithWhatWasKnown() {
        RetrainingOutcome nullModel = RetrainingPolicy.builder(endpoint, registry).retrainer(r -> null)
                .holdout(p -> 0.0).rollout(RolloutPlan.standard(), passing).figures(monitor).clock(clock).build()
                .retrainNow("null");
        assertThat(nullModel.status()).isEqualTo(RetrainingOutcome.Status.FAILED);
        assertThat(nullModel.detail()).contains("retrained model");

        RetrainingOutcome holdoutThrows = builder().holdout(p -> {
            throw new IllegalStateException("holdout set missing");
        }).build().retrainNow("holdout");
        assertThat(holdoutThrows.status()).isEqualTo(RetrainingOutcome.Status.FAILED);
        assertThat(holdoutThrows.detail()).isEqualTo("failed: java.lang.IllegalStateException: holdout set missing");
        assertThat(holdoutThrows.candidateScore()).isNaN();
    }

    @Test
    void aChallengerThatCannotBeRolledOutIsAFailureThatNamesItsRegisteredVersion() throws Exception {
        // The champion alias moves away from the serving champion: the rollout refuses to start.
        registry.register(ModelRegistration.builder("demand")
                .artifact(ModelArtifact.of(Files.writeString(dir.resolve("v2"), "two"))).build());
        registry.setAlias("demand", "champion", 2, Attribution.by("someone", "by hand"));

        RetrainingOutcome outcome = builder().build().retrainNow("alias moved");

        assertThat(outcome.status()).isEqualTo(RetrainingOutcome.Status.FAILED);
        assertThat(outcome.candidateScore()).isEqualTo(3.0);
        assertThat(outcome.championScore()).isEqualTo(1.0);
        assertThat(outcome.challenger()).hasValueSatisfying(ref -> assertThat(ref.version()).isEqualTo(3));
        assertThat(outcome.detail()).startsWith("registering or rolling out the challenger failed: ")
                .contains("points at version 2");
        assertThat(registry.getByAlias("demand", "challenger").orElseThrow().version()).isEqualTo(3);
    }

    @Test
    void aThrowingListenerDoesNotChangeTheOutcome() {
        offset = 1;
        RetrainingPolicy<Integer, Integer> policy = builder().listener(o -> {
            throw new IllegalStateException("listener down");
        }).build();
        assertThat(policy.retrainNow("x").status()).isEqualTo(RetrainingOutcome.Status.REJECTED);
    }

    // --- the challenger and its rollout -------------------------------------------------------

    @Test
    void theChallengerIsKnownOnceRolledOutAndItsRolloutReportsToTheRolloutListener() {
        List<RolloutEvent> events = new ArrayList<>();
        RetrainingPolicy<Integer, Integer> policy = builder().rolloutListener(events::add)
                .shadow(ShadowConfig.ofDefaults(), ShadowComparator.equality()).build();
        assertThat(policy.challenger()).isEmpty();
        assertThat(policy.rollout()).isEmpty();

        policy.retrainNow("go");

        RetrainedModel<Integer, Integer> challenger = policy.challenger().orElseThrow();
        assertThat(challenger.runId()).isEqualTo("run-1");
        assertThat(challenger.predictor().predict(10)).isEqualTo(13);
        assertThat(events).extracting(RolloutEvent::kind).containsExactly(RolloutEvent.Kind.STEP_STARTED);
        assertThat(endpoint.serve(5, "user-1", null).variant()).isEqualTo("challenger");
        endpoint.predict(1, "k");
        policy.rollout().orElseThrow().tick();
        assertThat(events).extracting(RolloutEvent::kind).endsWith(RolloutEvent.Kind.PROMOTED);
    }

    @Test
    void aChampionServedUnderTheChallengersNameGetsAChallengerWithTheVersionInItsName() {
        endpoint = endpoint(Variant.of("challenger", x -> x + 1, champion.model()));
        RetrainingPolicy<Integer, Integer> policy = builder().build();

        assertThat(policy.retrainNow("name clash").status()).isEqualTo(RetrainingOutcome.Status.ROLLOUT_STARTED);

        assertThat(endpoint.serve(5, "user-1", null).variant()).isEqualTo("challenger-v2");
        assertThat(policy.rollout().orElseThrow().candidate().version()).isEqualTo(2);
    }

    // --- adopt ------------------------------------------------------------------------------

    private Rollout<Integer, Integer> outsideRollout(int candidateOffset) throws Exception {
        ModelVersion v = registry.register(ModelRegistration.builder("demand")
                .artifact(ModelArtifact.of(Files.writeString(dir.resolve("outside-" + candidateOffset), "o"))).build());
        return Rollout.builder(endpoint, RolloutPlan.builder().step(RolloutStep.canary(100).minSamples(1)).build())
                .champion(champion).candidate(Variant.of("outside", x -> x + candidateOffset, v)).analysis(passing)
                .figures(monitor).registry(registry).clock(clock).start();
    }

    @Test
    void anAdoptedRolloutMakesTriggersBusyAndIsNoChallengerOfThePolicy() throws Exception {
        RetrainingPolicy<Integer, Integer> policy = builder().cooldown(Duration.ZERO).build();

        Rollout<Integer, Integer> adopted = policy.adopt(() -> {
            try {
                return outsideRollout(5);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(policy.rollout()).containsSame(adopted);
        assertThat(policy.challenger()).isEmpty();
        assertThat(policy.retrainNow("while adopted").status()).isEqualTo(RetrainingOutcome.Status.SKIPPED_BUSY);
        assertThatThrownBy(() -> policy.adopt(() -> adopted)).isInstanceOf(IllegalStateException.class)
                .hasMessage("a rollout of demand/2 is running on 'demand'");
        adopted.abort("done");
        assertThat(policy.retrainNow("after it").status()).isEqualTo(RetrainingOutcome.Status.ROLLOUT_STARTED);
        assertThat(policy.challenger()).isPresent();
    }

    @Test
    void aRolloutCannotBeAdoptedWhileThePolicysOwnRunsOrARetrainingIsInProgress() throws Exception {
        AtomicReference<RetrainingPolicy<Integer, Integer>> self = new AtomicReference<>();
        List<Throwable> refused = new ArrayList<>();
        Retrainer<Integer, Integer> adopting = request -> {
            try {
                self.get().adopt(() -> {
                    throw new AssertionError("must not start");
                });
            } catch (IllegalStateException e) {
                refused.add(e);
            }
            return retrainer().retrain(request);
        };
        RetrainingPolicy<Integer, Integer> policy = builder().retrainer(adopting).build();
        self.set(policy);

        assertThat(policy.retrainNow("go").status()).isEqualTo(RetrainingOutcome.Status.ROLLOUT_STARTED);

        assertThat(refused).singleElement().satisfies(e -> assertThat(e)
                .hasMessage("a retraining of 'demand' is in progress"));
        assertThatThrownBy(() -> policy.adopt(() -> {
            throw new AssertionError("must not start");
        })).isInstanceOf(IllegalStateException.class).hasMessage("a rollout of demand/2 is running on 'demand'");
    }

    @Test
    void aRolloutThatFailsToStartLeavesThePolicyFree() {
        RetrainingPolicy<Integer, Integer> policy = builder().build();

        assertThatThrownBy(() -> policy.adopt(() -> {
            throw new IllegalStateException("could not start");
        })).hasMessage("could not start");

        assertThat(policy.rollout()).isEmpty();
        assertThat(policy.retrainNow("free").status()).isEqualTo(RetrainingOutcome.Status.ROLLOUT_STARTED);
    }

    @Test
    void afterAFinishedRolloutAnotherCanBeAdopted() throws Exception {
        RetrainingPolicy<Integer, Integer> policy = builder().build();
        assertThat(policy.retrainNow("own").status()).isEqualTo(RetrainingOutcome.Status.ROLLOUT_STARTED);
        policy.rollout().orElseThrow().abort("make room");

        Rollout<Integer, Integer> adopted = policy.adopt(() -> {
            try {
                return outsideRollout(7);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(policy.rollout()).containsSame(adopted);
        assertThat(policy.challenger()).as("the adopted candidate was not trained by the policy").isEmpty();
        assertThat(Optional.of(adopted.candidate().version())).contains(3);
    }
}
