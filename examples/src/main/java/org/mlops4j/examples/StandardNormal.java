package org.mlops4j.examples;

import java.util.SplittableRandom;

/** Standard normal draws for the examples' synthetic data (Box-Muller, one draw per call). */
final class StandardNormal {

    private StandardNormal() {
    }

    /**
     * Draws one standard normal value.
     *
     * @param rnd the random source
     * @return the value
     */
    static double draw(SplittableRandom rnd) {
        double u1 = 1.0 - rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}
