package org.mlops4j.serving;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of a {@link BanditStrategy}: what each arm was served and earned, and what happened to
 * the rewards. Counters are read one after another while traffic continues, so under load they are
 * only approximately consistent with each other.
 *
 * @param arms one entry per arm, in the order the arms were given
 * @param rewarded rewards credited to an arm
 * @param unmatchedRewards rewards for predictions answered by a variant that is not an arm (served
 *     before this bandit was deployed); rewards for unknown or forgotten predictions are counted by
 *     the endpoint's {@link org.mlops4j.core.feedback.FeedbackJoin#stats()}
 */
public record BanditStats(List<Arm> arms, long rewarded, long unmatchedRewards) {

    /**
     * Validates the snapshot and copies the list.
     *
     * @param arms one entry per arm, in the order the arms were given
     * @param rewarded rewards credited to an arm
     * @param unmatchedRewards rewards for predictions answered by a variant that is not an arm (served
     *     before this bandit was deployed); rewards for unknown or forgotten predictions are counted by
     *     the endpoint's {@link org.mlops4j.core.feedback.FeedbackJoin#stats()}
     * @throws NullPointerException if {@code arms} is null
     */
    public BanditStats {
        arms = List.copyOf(Objects.requireNonNull(arms, "arms"));
    }

    /**
     * Looks up one arm.
     *
     * @param name the variant's name
     * @return its statistics, or empty when no arm has that name
     */
    public Optional<Arm> arm(String name) {
        Objects.requireNonNull(name, "name");
        return arms.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /**
     * One arm's counters and posterior.
     *
     * @param name the variant's name
     * @param served how many times the strategy selected it (warm-up included)
     * @param successes the rewards credited to it: the sum of the rewards
     * @param failures the rest of its credited rewards: the sum of {@code 1 - reward}
     * @param posteriorMean the mean of its Beta posterior,
     *     {@code (alpha + successes) / (alpha + beta + successes + failures)}
     */
    public record Arm(String name, long served, double successes, double failures, double posteriorMean) {

        /**
         * Validates the entry.
         *
         * @param name the variant's name
         * @param served how many times the strategy selected it (warm-up included)
         * @param successes the rewards credited to it: the sum of the rewards
         * @param failures the rest of its credited rewards: the sum of {@code 1 - reward}
         * @param posteriorMean the mean of its Beta posterior,
         *     {@code (alpha + successes) / (alpha + beta + successes + failures)}
         * @throws NullPointerException if {@code name} is null
         */
        public Arm {
            Objects.requireNonNull(name, "name");
        }
    }
}
