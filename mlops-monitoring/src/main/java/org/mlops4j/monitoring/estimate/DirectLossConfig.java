package org.mlops4j.monitoring.estimate;

/**
 * Settings of the gradient-boosted stumps a {@link DirectLossEstimator} fits.
 *
 * @param rounds boosting rounds, the most stumps per loss model, in [1, 10,000] (default 400)
 * @param learningRate the shrinkage applied to each stump, in (0, 1] (default 0.1)
 * @param bins the most candidate split points per input (quantiles of the reference), in [2, 1,024] (default 32)
 * @param minLeafRows the fewest reference rows on either side of a split, at least 1 (default 20)
 */
public record DirectLossConfig(int rounds, double learningRate, int bins, int minLeafRows) {

    /**
     * Validates the settings.
     *
     * @param rounds boosting rounds, in [1, 10,000]
     * @param learningRate shrinkage, in (0, 1]
     * @param bins candidate split points per input, in [2, 1,024]
     * @param minLeafRows the fewest rows per side of a split, at least 1
     * @throws IllegalArgumentException if a setting is out of range
     */
    public DirectLossConfig {
        if (rounds < 1 || rounds > 10_000) {
            throw new IllegalArgumentException("rounds must be in [1, 10000]: " + rounds);
        }
        if (!(learningRate > 0 && learningRate <= 1)) {
            throw new IllegalArgumentException("learningRate must be in (0, 1]: " + learningRate);
        }
        if (bins < 2 || bins > 1_024) {
            throw new IllegalArgumentException("bins must be in [2, 1024]: " + bins);
        }
        if (minLeafRows < 1) {
            throw new IllegalArgumentException("minLeafRows must be at least 1: " + minLeafRows);
        }
    }

    /**
     * The defaults: 400 rounds, learning rate 0.1, 32 bins, 20 rows per leaf.
     *
     * @return the default settings
     */
    public static DirectLossConfig ofDefaults() {
        return new DirectLossConfig(400, 0.1, 32, 20);
    }
}
