package org.mlops4j.monitoring.concept;

import java.util.Objects;

/**
 * Entry point for the built-in concept-drift detectors. Each factory without arguments uses the
 * config's {@code ofDefaults()}: defaults for the error signals the library feeds them, which alarm on
 * increases of the error only and, on the detection-quality harness ({@code MoaQualityTest}), detect
 * at least what MOA's detectors detect, no later, with no more false alarms. River's defaults are
 * each config's {@code river()}. Each factory returns a new, independent, non-thread-safe detector.
 */
public final class ConceptDriftDetectors {

    private ConceptDriftDetectors() {
    }

    /**
     * Returns DDM (Gama et al., SBIA 2004) with warm start 28 (MOA's count), warning 2.0, drift 3.0.
     *
     * @return a new detector taking 1 for an error and 0 for a correct prediction
     */
    public static ConceptDriftDetector ddm() {
        return ddm(DdmConfig.ofDefaults());
    }

    /**
     * Returns DDM (Gama et al., SBIA 2004). Inputs must lie in [0, 1].
     *
     * @param config the parameters
     * @return a new detector
     * @throws NullPointerException if {@code config} is null
     */
    public static ConceptDriftDetector ddm(DdmConfig config) {
        return new Ddm(Objects.requireNonNull(config, "config"));
    }

    /**
     * Returns EDDM (Baena-García et al., 2006) with warm start 30, alpha 0.95, beta 0.9, counted as
     * MOA (the authors) counts.
     *
     * @return a new detector taking exactly 1 for an error and 0 for a correct prediction
     */
    public static ConceptDriftDetector eddm() {
        return eddm(EddmConfig.ofDefaults());
    }

    /**
     * Returns EDDM (Baena-García et al., 2006). Inputs must be exactly 0 or 1.
     *
     * @param config the parameters
     * @return a new detector
     * @throws NullPointerException if {@code config} is null
     */
    public static ConceptDriftDetector eddm(EddmConfig config) {
        return new Eddm(Objects.requireNonNull(config, "config"));
    }

    /**
     * Returns ADWIN (Bifet and Gavaldà, SDM 2007) with delta 0.002, clock 32, 5 buckets per row,
     * signalling a drift only when a cut raises the mean.
     *
     * @return a new detector taking any finite value
     */
    public static ConceptDriftDetector adwin() {
        return adwin(AdwinConfig.ofDefaults());
    }

    /**
     * Returns ADWIN (Bifet and Gavaldà, SDM 2007). The cut test assumes values in a range of width
     * about 1 (such as error indicators); scale other signals first.
     *
     * @param config the parameters
     * @return a new detector
     * @throws NullPointerException if {@code config} is null
     */
    public static ConceptDriftDetector adwin(AdwinConfig config) {
        return new Adwin(Objects.requireNonNull(config, "config"));
    }

    /**
     * Returns the Page-Hinkley test (Page 1954) with 30 instances, delta 0.0125, threshold 75,
     * alpha 0.9999, watching increases only (River's: {@link PageHinkleyConfig#river()}).
     *
     * @return a new detector taking any finite value
     */
    public static ConceptDriftDetector pageHinkley() {
        return pageHinkley(PageHinkleyConfig.ofDefaults());
    }

    /**
     * Returns the Page-Hinkley test (Page 1954).
     *
     * @param config the parameters
     * @return a new detector
     * @throws NullPointerException if {@code config} is null
     */
    public static ConceptDriftDetector pageHinkley(PageHinkleyConfig config) {
        return new PageHinkley(Objects.requireNonNull(config, "config"));
    }

    /**
     * Returns HDDM_A (Frías-Blanco et al., IEEE TKDE 2015) with drift confidence 0.001, warning
     * confidence 0.005, one-sided.
     *
     * @return a new detector taking values in [0, 1], 1 for an error
     */
    public static ConceptDriftDetector hddmA() {
        return hddmA(HddmAConfig.ofDefaults());
    }

    /**
     * Returns HDDM_A (Frías-Blanco et al., IEEE TKDE 2015). Inputs must lie in [0, 1].
     *
     * @param config the parameters
     * @return a new detector
     * @throws NullPointerException if {@code config} is null
     */
    public static ConceptDriftDetector hddmA(HddmAConfig config) {
        return new HddmA(Objects.requireNonNull(config, "config"));
    }

    /**
     * Rebuilds a detector, configuration and statistics, from a {@link ConceptDriftDetector#snapshot()}.
     * The result answers every later update exactly as the snapshotted detector would.
     *
     * @param state a snapshot of a built-in detector
     * @return a new detector
     * @throws NullPointerException if {@code state} is null
     * @throws IllegalArgumentException if the detector name is unknown or a field is missing or invalid
     */
    public static ConceptDriftDetector restore(DetectorState state) {
        Objects.requireNonNull(state, "state");
        return switch (state.detector()) {
            case Ddm.NAME -> Ddm.restore(state);
            case Eddm.NAME -> Eddm.restore(state);
            case Adwin.NAME -> Adwin.restore(state);
            case PageHinkley.NAME -> PageHinkley.restore(state);
            case HddmA.NAME -> HddmA.restore(state);
            default -> throw new IllegalArgumentException("detector must be one of DDM, EDDM, ADWIN, "
                    + "PageHinkley, HDDM_A but was '" + state.detector() + "'");
        };
    }
}
