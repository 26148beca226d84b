package org.mlops4j.core.feedback;

/**
 * The reward a prediction earned, in [0, 1]: 1 a success (a click, a conversion), 0 a failure, a
 * value in between a partial success. What a bandit learns from.
 *
 * @param value the reward, in [0, 1]
 */
public record Reward(double value) implements Feedback {

    /** A full success. */
    public static final Reward SUCCESS = new Reward(1.0);
    /** A failure. */
    public static final Reward FAILURE = new Reward(0.0);

    /**
     * Validates the reward.
     *
     * @param value the reward, in [0, 1]
     * @throws IllegalArgumentException if {@code value} is outside [0, 1] or NaN
     */
    public Reward {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException("reward must be in [0, 1] but was " + value);
        }
    }

    /**
     * A reward.
     *
     * @param value in [0, 1]
     * @return the reward
     */
    public static Reward of(double value) {
        return new Reward(value);
    }
}
