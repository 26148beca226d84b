package org.mlops4j.monitoring.multivariate;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link MultivariateDrift#check} found in one window: one part per method that ran.
 *
 * @param rows the window's rows checked
 * @param pca the PCA reconstruction check, when it ran
 * @param mmd the MMD check, when it ran
 * @param domainClassifier the domain classifier check, when it ran
 */
public record MultivariateDriftResult(int rows, Optional<PcaDrift> pca, Optional<MmdDrift> mmd,
                                      Optional<DomainClassifierDrift> domainClassifier) {

    /**
     * Checks the parts are present or empty, never null.
     *
     * @param rows the window's rows checked
     * @param pca the PCA reconstruction check, when it ran
     * @param mmd the MMD check, when it ran
     * @param domainClassifier the domain classifier check, when it ran
     */
    public MultivariateDriftResult {
        Objects.requireNonNull(pca, "pca");
        Objects.requireNonNull(mmd, "mmd");
        Objects.requireNonNull(domainClassifier, "domainClassifier");
    }

    /** @return whether any method that ran found drift */
    public boolean drifted() {
        return pca.map(PcaDrift::drifted).orElse(false) || mmd.map(MmdDrift::drifted).orElse(false)
                || domainClassifier.map(DomainClassifierDrift::drifted).orElse(false);
    }
}
