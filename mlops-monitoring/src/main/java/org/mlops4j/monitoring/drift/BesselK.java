package org.mlops4j.monitoring.drift;

/**
 * Modified Bessel function of the second kind of order 1/4, K_{1/4}(z), from the integral
 * K_nu(z) = integral over t in [0, inf) of exp(-z cosh t) cosh(nu t) dt (DLMF 10.32.9). The
 * integrand is analytic and decays double-exponentially, so the trapezoidal rule with a step
 * of 1/32 is accurate to rounding (Trefethen and Weideman 2014).
 */
final class BesselK {

    private static final double STEP = 1.0 / 32;

    private BesselK() {
    }

    static double quarter(double z) {
        if (z > 745) {
            return 0.0;
        }
        double sum = 0.5 * Math.exp(-z);
        for (int i = 1; ; i++) {
            double t = i * STEP;
            double term = Math.exp(-z * Math.cosh(t)) * Math.cosh(0.25 * t);
            sum += term;
            if (term <= sum * 1e-18) {
                return sum * STEP;
            }
        }
    }
}
