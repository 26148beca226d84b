package org.mlops4j.monitoring.concept;

/**
 * Parameters of HDDM_A, the Hoeffding-bound drift detector with the moving-average test of
 * Frías-Blanco, del Campo-Ávila, Ramos-Jiménez, Morales-Bueno, Ortiz-Díaz and Caballero-Mota,
 * "Online and Non-Parametric Drift Detection Methods Based on Hoeffding's Bounds", IEEE TKDE 27(3),
 * 2015. Defaults are River's ({@code river.drift.binary.HDDM_A}) and MOA's ({@code HDDM_A_Test}):
 * one-sided, they already alarm on rising errors only.
 *
 * @param driftConfidence significance of the drift test (River: 0.001)
 * @param warningConfidence significance of the warning test (River: 0.005)
 * @param twoSided also detect decreases of the error rate (River: false)
 */
public record HddmAConfig(double driftConfidence, double warningConfidence, boolean twoSided) {

    /**
     * Validates the parameters.
     *
     * @param driftConfidence significance of the drift test (River: 0.001)
     * @param warningConfidence significance of the warning test (River: 0.005)
     * @param twoSided also detect decreases of the error rate (River: false)
     * @throws IllegalArgumentException if a confidence is outside (0, 1) or
     *     {@code warningConfidence < driftConfidence}
     */
    public HddmAConfig {
        Checks.openUnit("driftConfidence", driftConfidence);
        Checks.openUnit("warningConfidence", warningConfidence);
        if (warningConfidence < driftConfidence) {
            throw new IllegalArgumentException("warningConfidence must be >= driftConfidence ("
                    + driftConfidence + ") but was " + warningConfidence);
        }
    }

    /**
     * Returns River's defaults: drift confidence 0.001, warning confidence 0.005, one-sided.
     *
     * @return the default configuration
     */
    public static HddmAConfig ofDefaults() {
        return new HddmAConfig(0.001, 0.005, false);
    }

    /**
     * Returns River's defaults, the same as {@link #ofDefaults()}; here so every detector's config has
     * a {@code river()}.
     *
     * @return River's configuration
     */
    public static HddmAConfig river() {
        return ofDefaults();
    }
}
