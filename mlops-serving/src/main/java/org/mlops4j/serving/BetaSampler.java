package org.mlops4j.serving;

import java.util.random.RandomGenerator;

/**
 * Draws from Beta and Gamma distributions with a caller's generator: {@code Beta(a, b)} is
 * {@code X / (X + Y)} for independent {@code X ~ Gamma(a, 1)} and {@code Y ~ Gamma(b, 1)}; Gamma
 * follows Marsaglia and Tsang, "A Simple Method for Generating Gamma Variables" (ACM TOMS 26(3),
 * 2000), with their boost {@code Gamma(a) = Gamma(a + 1) * U^(1/a)} for shapes below 1.
 *
 * <p>Stateless; thread-safe when each thread passes its own generator.
 */
final class BetaSampler {

    private BetaSampler() {
    }

    /**
     * Draws from {@code Beta(alpha, beta)}.
     *
     * @param rng the generator
     * @param alpha the first shape, positive
     * @param beta the second shape, positive
     * @return a draw in [0, 1]
     */
    static double beta(RandomGenerator rng, double alpha, double beta) {
        // X / (X + Y) from the logarithms: with tiny shapes both draws can underflow to zero.
        double logX = logGamma(rng, alpha);
        double logY = logGamma(rng, beta);
        return 1.0 / (1.0 + Math.exp(logY - logX));
    }

    /**
     * Draws the natural logarithm of a {@code Gamma(shape, 1)} variable.
     *
     * @param rng the generator
     * @param shape the shape, positive
     * @return the logarithm of the draw
     */
    static double logGamma(RandomGenerator rng, double shape) {
        if (shape < 1.0) {
            // 1 - nextDouble() is in (0, 1], so its logarithm is finite.
            return logGamma(rng, shape + 1.0) + Math.log(1.0 - rng.nextDouble()) / shape;
        }
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9.0 * d);
        while (true) {
            double x = rng.nextGaussian();
            double v = 1.0 + c * x;
            if (v <= 0.0) {
                continue;
            }
            v = v * v * v;
            double u = rng.nextDouble();
            double x2 = x * x;
            // The squeeze accepts most draws without a logarithm.
            if (u < 1.0 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1.0 - v + Math.log(v))) {
                return Math.log(d * v);
            }
        }
    }
}
