package org.mlops4j.serving;

import java.util.concurrent.ThreadLocalRandom;

/**
 * How a {@link BanditStrategy} learns.
 *
 * @param minExposure how many times each arm is served, in round-robin order, before Thompson
 *     sampling decides; 0 lets sampling decide from the first request
 * @param priorAlpha the alpha of every arm's Beta prior (pseudo-successes), positive and finite
 * @param priorBeta the beta of every arm's Beta prior (pseudo-failures), positive and finite
 * @param seed the seed of the sampling randomness: a strategy driven from one thread makes the same
 *     choices for the same seed, rewards and order of calls
 */
public record BanditConfig(int minExposure, double priorAlpha, double priorBeta, long seed) {

    /**
     * Validates the configuration.
     *
     * @param minExposure how many times each arm is served, in round-robin order, before Thompson
     *     sampling decides; 0 lets sampling decide from the first request
     * @param priorAlpha the alpha of every arm's Beta prior (pseudo-successes), positive and finite
     * @param priorBeta the beta of every arm's Beta prior (pseudo-failures), positive and finite
     * @param seed the seed of the sampling randomness: a strategy driven from one thread makes the same
     *     choices for the same seed, rewards and order of calls
     * @throws IllegalArgumentException naming the setting and its value
     */
    public BanditConfig {
        if (minExposure < 0) {
            throw new IllegalArgumentException("minExposure must be >= 0 but was " + minExposure);
        }
        checkPrior("priorAlpha", priorAlpha);
        checkPrior("priorBeta", priorBeta);
    }

    private static void checkPrior(String name, double value) {
        if (!(value > 0.0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be positive and finite but was " + value);
        }
    }

    /**
     * Returns the defaults: 100 round-robin serves per arm, a uniform Beta(1, 1) prior, and a random
     * seed (use {@link #withSeed} for reproducible runs).
     *
     * @return the default configuration
     */
    public static BanditConfig ofDefaults() {
        return new BanditConfig(100, 1.0, 1.0, ThreadLocalRandom.current().nextLong());
    }

    /**
     * @param value serves per arm before sampling decides
     * @return a new config
     */
    public BanditConfig withMinExposure(int value) {
        return new BanditConfig(value, priorAlpha, priorBeta, seed);
    }

    /**
     * @param alpha the prior's alpha (pseudo-successes)
     * @param beta the prior's beta (pseudo-failures)
     * @return a new config
     */
    public BanditConfig withPrior(double alpha, double beta) {
        return new BanditConfig(minExposure, alpha, beta, seed);
    }


    /**
     * @param value the seed of the sampling randomness
     * @return a new config
     */
    public BanditConfig withSeed(long value) {
        return new BanditConfig(minExposure, priorAlpha, priorBeta, value);
    }
}
