package org.mlops4j.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.rollout.AnalysisResult;

/**
 * The decisions of a {@link Rollout}, as pure functions: given where the rollout stands and what it
 * observed, the state it moves to and the effects to carry out (route traffic, write the state,
 * move an alias, close the candidate, tell the listener). No I/O, no clock, no user code: the
 * rollout calls these under its private lock and carries the effects out afterwards, in order,
 * outside any lock. Each rule of the class description of {@link Rollout} is one branch here.
 */
final class RolloutMachine {

    private RolloutMachine() {
    }

    /** Something a decision asks the rollout to do. */
    sealed interface Effect {
    }

    /** Route the endpoint for this state: the step's shadow or canary, or the end's single model. */
    record Route(RolloutState state) implements Effect {
    }

    /** Write this state to the candidate version's tag. */
    record Persist(RolloutState state) implements Effect {
    }

    /** Begin the step of this state: take the figures' baselines and tell the analysis. */
    record StartStep(RolloutState state) implements Effect {
    }

    /** Tell the listener, with the step the decision was taken at. */
    record Publish(RolloutEvent.Kind kind, int step, String detail, AnalysisResult analysis) implements Effect {
    }

    /** Move the champion alias to the candidate by compare-and-set (attributed to {@code actor}), then decide. */
    record Promote(String actor, String why, AnalysisResult analysis) implements Effect {
    }

    /** Record a person's action in the registry, as a tag of the candidate version. */
    record Audit(String action, Attribution by) implements Effect {
    }

    /** Leave the {@code previous} alias on the replaced champion. */
    record MarkPrevious(String why) implements Effect {
    }

    /** Close the candidate's predictor when it is closeable. */
    record CloseCandidate() implements Effect {
    }

    /**
     * A state and what to do to get there.
     *
     * @param state the state after the decision
     * @param effects the effects, in the order they must run
     */
    record Transition(RolloutState state, List<Effect> effects) {
        Transition {
            effects = List.copyOf(effects);
        }

        static Transition stay(RolloutState state) {
            return new Transition(state, List.of());
        }
    }

    /**
     * Starts a rollout at its first step.
     *
     * @param initial the first step's state
     * @param description the plan in words
     * @return the transition
     */
    static Transition start(RolloutState initial, String description) {
        return new Transition(initial, List.of(new Persist(initial), new Route(initial), new StartStep(initial),
                new Publish(RolloutEvent.Kind.STEP_STARTED, initial.step(), description, null)));
    }

    /**
     * Decides on an analysis of the current step.
     *
     * @param plan the plan
     * @param s the state the analysis was asked in
     * @param result the analysis
     * @param stepSamples the candidate's requests (or shadow calls) in the step
     * @param elapsed how long the step has run
     * @param now the time of the decision
     * @return the transition
     */
    static Transition tick(RolloutPlan plan, RolloutState s, AnalysisResult result, long stepSamples, Duration elapsed,
                           Instant now, String actor) {
        if (s.status() != RolloutStatus.RUNNING) {
            return Transition.stay(s);
        }
        RolloutStep step = plan.steps().get(s.step());
        if (result.criticalFailure()) {
            return rollback(s, "critical check failed: " + result.summary(), result, List.of());
        }
        if (stepSamples < step.minSamples() || elapsed.compareTo(step.minDuration()) < 0) {
            return Transition.stay(s);
        }
        switch (result.outcome()) {
            case PASS -> {
                List<Effect> effects = new ArrayList<>();
                effects.add(new Publish(RolloutEvent.Kind.STEP_PASSED, s.step(), result.summary(), result));
                if (step.manualGate()) {
                    RolloutState waiting = s.with(RolloutStatus.AWAITING_APPROVAL, s.step(), s.stepStarted(), 0, 0, "");
                    effects.add(new Persist(waiting));
                    effects.add(new Publish(RolloutEvent.Kind.AWAITING_APPROVAL, s.step(),
                            "step passed; waiting for approve()", result));
                    return new Transition(waiting, effects);
                }
                return advance(plan, s, now, result, effects, actor);
            }
            case FAIL -> {
                int failures = s.failures() + 1;
                RolloutState failed = s.with(RolloutStatus.RUNNING, s.step(), s.stepStarted(), failures, 0, "");
                List<Effect> effects = new ArrayList<>();
                effects.add(new Persist(failed));
                effects.add(new Publish(RolloutEvent.Kind.ANALYSIS_FAILED, s.step(), "failure " + failures + " of "
                        + plan.failureLimit() + ": " + result.summary(), result));
                if (failures >= plan.failureLimit()) {
                    return rollback(failed, failures + " failed analyses in step '" + step.name() + "': "
                            + result.summary(), result, effects);
                }
                return new Transition(failed, effects);
            }
            case INCONCLUSIVE -> {
                int inconclusive = s.inconclusive() + 1;
                if (inconclusive > plan.inconclusiveLimit()) {
                    RolloutState paused = s.with(RolloutStatus.PAUSED, s.step(), s.stepStarted(), s.failures(),
                            inconclusive, "");
                    return new Transition(paused, List.of(new Persist(paused), new Publish(RolloutEvent.Kind.PAUSED,
                            s.step(), inconclusive + " inconclusive analyses in a row; approve() to go on, abort() to "
                            + "roll back", result)));
                }
                RolloutState waiting = s.with(RolloutStatus.RUNNING, s.step(), s.stepStarted(), s.failures(),
                        inconclusive, "");
                return new Transition(waiting, List.of(new Persist(waiting)));
            }
            default -> throw new AssertionError("unknown outcome " + result.outcome());
        }
    }

    /** Moves to the next step, or promotes after the last one. */
    private static Transition advance(RolloutPlan plan, RolloutState s, Instant now, AnalysisResult result,
                                      List<Effect> before, String actor) {
        List<Effect> effects = new ArrayList<>(before);
        int next = s.step() + 1;
        if (next >= plan.steps().size()) {
            effects.add(new Promote(actor, "rollout promoted after " + plan.describe(), result));
            return new Transition(s, effects);
        }
        RolloutState advanced = s.with(RolloutStatus.RUNNING, next, now, 0, 0, "");
        effects.add(new Persist(advanced));
        effects.add(new Route(advanced));
        effects.add(new StartStep(advanced));
        effects.add(new Publish(RolloutEvent.Kind.STEP_STARTED, next, plan.steps().get(next).toString(), null));
        return new Transition(advanced, effects);
    }

    /**
     * A human's go-ahead: passes a manual gate, or resumes a paused rollout.
     *
     * @param plan the plan
     * @param s the state
     * @param now the time of the decision
     * @param by who approved and why; a promotion after the last gate is attributed to them
     * @param candidate the candidate, for the message
     * @return the transition
     * @throws IllegalStateException if the rollout neither waits at a gate nor is paused
     */
    static Transition approve(RolloutPlan plan, RolloutState s, Instant now, Attribution by, Object candidate) {
        switch (s.status()) {
            case AWAITING_APPROVAL -> {
                List<Effect> effects = List.of(new Audit("approve", by), new Publish(RolloutEvent.Kind.APPROVED,
                        s.step(), "gate of step '" + plan.steps().get(s.step()).name() + "' approved by "
                        + said(by), null));
                return advance(plan, s, now, null, effects, by.actor());
            }
            case PAUSED -> {
                RolloutState resumed = s.with(RolloutStatus.RUNNING, s.step(), s.stepStarted(), s.failures(), 0, "");
                return new Transition(resumed, List.of(new Persist(resumed), new Audit("resume", by),
                        new Publish(RolloutEvent.Kind.APPROVED, s.step(), "paused rollout resumed by " + said(by),
                                null)));
            }
            default -> throw new IllegalStateException("approve() needs a rollout waiting at a gate or paused, but the "
                    + "rollout of " + candidate + " is " + s.status());
        }
    }

    /**
     * A human's resumption of a paused rollout; unlike {@link #approve}, never passes a gate.
     *
     * @param plan the plan
     * @param s the state
     * @param now the time of the decision
     * @param by who resumed it and why
     * @param candidate the candidate, for the message
     * @return the transition
     * @throws IllegalStateException if the rollout is not paused
     */
    static Transition resume(RolloutPlan plan, RolloutState s, Instant now, Attribution by, Object candidate) {
        if (s.status() != RolloutStatus.PAUSED) {
            throw new IllegalStateException("resume() needs a paused rollout, but the rollout of " + candidate + " is "
                    + s.status());
        }
        return approve(plan, s, now, by, candidate);
    }

    /**
     * A human's pause: a running rollout stops analysing and keeps its routing until approved
     * (resumed) or aborted.
     *
     * @param s the state
     * @param by who paused it and why
     * @param candidate the candidate, for the message
     * @return the transition
     * @throws IllegalStateException if the rollout is not running
     */
    static Transition pause(RolloutState s, Attribution by, Object candidate) {
        if (s.status() != RolloutStatus.RUNNING) {
            throw new IllegalStateException("pause() needs a running rollout, but the rollout of " + candidate + " is "
                    + s.status());
        }
        RolloutState paused = s.with(RolloutStatus.PAUSED, s.step(), s.stepStarted(), s.failures(), s.inconclusive(),
                "");
        return new Transition(paused, List.of(new Persist(paused), new Audit("pause", by),
                new Publish(RolloutEvent.Kind.PAUSED, s.step(), "paused by " + said(by), null)));
    }

    /** "actor" or "actor: reason". */
    static String said(Attribution by) {
        return by.reason().isEmpty() ? by.actor() : by.actor() + ": " + by.reason();
    }

    /**
     * A human's rollback.
     *
     * @param s the state
     * @param by who rolled back and why
     * @param candidate the candidate, for the message
     * @return the transition
     * @throws IllegalStateException if the rollout already finished
     */
    static Transition abort(RolloutState s, Attribution by, Object candidate) {
        requireUnfinished(s, candidate);
        return rollback(s, "aborted by " + said(by), null, List.of(new Audit("rollback", by)));
    }

    /**
     * A human's promotion at any step.
     *
     * @param s the state
     * @param by who promoted and why; the alias change is attributed to them
     * @param candidate the candidate, for the message
     * @return the transition
     * @throws IllegalStateException if the rollout already finished
     */
    static Transition promoteNow(RolloutState s, Attribution by, Object candidate) {
        requireUnfinished(s, candidate);
        return new Transition(s, List.of(new Audit("promote", by), new Promote(by.actor(), "promoted by hand at step "
                + s.step() + ": " + by.reason(), null)));
    }

    /**
     * The alias moved to the candidate: the rollout is over.
     *
     * @param s the state
     * @param why why it was promoted
     * @param result the analysis behind it, or null
     * @param detail the alias move, in words
     * @return the transition
     */
    static Transition promoted(RolloutState s, String why, AnalysisResult result, String detail) {
        if (s.status().finished()) {
            return Transition.stay(s);
        }
        RolloutState done = s.with(RolloutStatus.PROMOTED, s.step(), s.stepStarted(), 0, 0, why);
        return new Transition(done, List.of(new MarkPrevious(why), new Route(done), new Persist(done),
                new Publish(RolloutEvent.Kind.PROMOTED, s.step(), detail, result)));
    }

    /**
     * The champion alias had moved to another version meanwhile: do not promote over it.
     *
     * @param s the state
     * @param reason what the alias pointed at
     * @param result the analysis behind the attempt, or null
     * @return the transition
     */
    static Transition promotionRefused(RolloutState s, String reason, AnalysisResult result) {
        if (s.status().finished()) {
            return Transition.stay(s);
        }
        return rollback(s, reason, result, List.of());
    }

    /**
     * Follows a state another replica wrote: re-routes when its status or step differs.
     *
     * @param s this replica's state
     * @param stored the state in the registry
     * @return the transition
     */
    static Transition follow(RolloutState s, RolloutState stored) {
        if (stored.status() == s.status() && stored.step() == s.step()) {
            return Transition.stay(stored);
        }
        return new Transition(stored, resumeEffects(stored));
    }

    /**
     * This replica took control under a new fencing epoch: it adopts the stored state of the highest
     * epoch, writes it again under its own epoch (after which a paused old holder's writes, under a
     * lower epoch, are never read), and routes as it says. A finished state is only followed: nothing
     * is left to decide, so nothing is written.
     *
     * @param s this replica's state
     * @param stored the state of the highest epoch in the registry
     * @return the transition
     */
    static Transition takeOver(RolloutState s, RolloutState stored) {
        Transition follow = follow(s, stored);
        if (stored.status().finished()) {
            return follow;
        }
        List<Effect> effects = new ArrayList<>();
        effects.add(new Persist(stored));
        effects.addAll(follow.effects());
        return new Transition(stored, effects);
    }

    /**
     * Routes a rollout picked up from its stored state (a restart, or another replica).
     *
     * @param stored the state
     * @return the effects
     */
    static List<Effect> resumeEffects(RolloutState stored) {
        List<Effect> effects = new ArrayList<>();
        effects.add(new Route(stored));
        if (stored.status() == RolloutStatus.ROLLED_BACK) {
            effects.add(new CloseCandidate());
        } else if (!stored.status().finished()) {
            effects.add(new StartStep(stored));
        }
        return effects;
    }

    private static Transition rollback(RolloutState s, String reason, AnalysisResult result, List<Effect> before) {
        RolloutState back = s.with(RolloutStatus.ROLLED_BACK, s.step(), s.stepStarted(), s.failures(), s.inconclusive(),
                reason);
        List<Effect> effects = new ArrayList<>(before);
        effects.add(new Route(back));
        effects.add(new Persist(back));
        effects.add(new CloseCandidate());
        effects.add(new Publish(RolloutEvent.Kind.ROLLED_BACK, s.step(), reason, result));
        return new Transition(back, effects);
    }

    private static void requireUnfinished(RolloutState s, Object candidate) {
        if (s.status().finished()) {
            throw new IllegalStateException("the rollout of " + candidate + " already finished: " + s.status());
        }
    }
}
