package org.mlops4j.core.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.signal.VariantFigures;

/**
 * Where a rollout stands when it asks its analysis: which models, which step, since when, what the
 * candidate did in shadow, and what each variant did in the step and in the whole rollout (from a
 * {@link org.mlops4j.core.signal.VariantFiguresSource}, so the analysis counts no traffic itself).
 *
 * @param endpoint the endpoint's name
 * @param championVariant the champion's variant name on the endpoint
 * @param champion the champion's model version
 * @param candidateVariant the candidate's variant name on the endpoint
 * @param candidate the candidate's model version
 * @param step the step's index in the plan, from 0
 * @param stepName the step's name, for example {@code "shadow"} or {@code "canary 5%"}
 * @param shadowStep true when the candidate only runs in shadow (no traffic of its own)
 * @param candidateWeightBasisPoints the candidate's share of traffic in basis points (0 in shadow)
 * @param stepStarted when the step began
 * @param now the time of the question
 * @param shadow the candidate's shadow calls during the step
 * @param championStep what the champion did since the step began
 * @param candidateStep what the candidate did since the step began
 * @param championRollout what the champion did since the rollout began (or resumed)
 * @param candidateRollout what the candidate did since the rollout began (or resumed)
 */
public record RolloutContext(String endpoint, String championVariant, ModelRef champion, String candidateVariant,
                             ModelRef candidate, int step, String stepName, boolean shadowStep,
                             int candidateWeightBasisPoints, Instant stepStarted, Instant now, ShadowCounts shadow,
                             VariantFigures championStep, VariantFigures candidateStep,
                             VariantFigures championRollout, VariantFigures candidateRollout) {

    /**
     * Validates the context.
     *
     * @param endpoint the endpoint's name
     * @param championVariant the champion's variant name on the endpoint
     * @param champion the champion's model version
     * @param candidateVariant the candidate's variant name on the endpoint
     * @param candidate the candidate's model version
     * @param step the step's index in the plan, from 0
     * @param stepName the step's name, for example {@code "shadow"} or {@code "canary 5%"}
     * @param shadowStep true when the candidate only runs in shadow (no traffic of its own)
     * @param candidateWeightBasisPoints the candidate's share of traffic in basis points (0 in shadow)
     * @param stepStarted when the step began
     * @param now the time of the question
     * @param shadow the candidate's shadow calls during the step
     * @param championStep what the champion did since the step began
     * @param candidateStep what the candidate did since the step began
     * @param championRollout what the champion did since the rollout began (or resumed)
     * @param candidateRollout what the candidate did since the rollout began (or resumed)
     */
    public RolloutContext {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(championVariant, "championVariant");
        Objects.requireNonNull(champion, "champion");
        Objects.requireNonNull(candidateVariant, "candidateVariant");
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(stepName, "stepName");
        Objects.requireNonNull(stepStarted, "stepStarted");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(shadow, "shadow");
        Objects.requireNonNull(championStep, "championStep");
        Objects.requireNonNull(candidateStep, "candidateStep");
        Objects.requireNonNull(championRollout, "championRollout");
        Objects.requireNonNull(candidateRollout, "candidateRollout");
        if (step < 0) {
            throw new IllegalArgumentException("step must not be negative but was " + step);
        }
        if (candidateWeightBasisPoints < 0 || candidateWeightBasisPoints > 10_000) {
            throw new IllegalArgumentException("candidateWeightBasisPoints must be in [0, 10000] but was "
                    + candidateWeightBasisPoints);
        }
    }

    /** @return how long the step has run */
    public Duration elapsed() {
        return Duration.between(stepStarted, now);
    }
}
