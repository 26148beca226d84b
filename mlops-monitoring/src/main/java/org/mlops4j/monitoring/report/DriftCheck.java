package org.mlops4j.monitoring.report;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mlops4j.monitoring.drift.DatasetDriftReport;

/**
 * One drift check shown in a report: the per-feature test table and the reference-versus-current distributions
 * drawn under it. A report holds the check given to its builder ({@code drift} and {@code profiles}, or a CSV batch
 * check) and, from a monitor, one check per (endpoint, variant, model version): its latest analysed window.
 *
 * @param title what was compared, such as {@code fraud / champion / fraud/1, window 8 (1,000 predictions), closed
 *     2024-05-01 13:05:00.250 UTC}
 * @param drift the per-feature tests, empty when only profiles were given
 * @param distributions the distributions drawn: every feature of a batch check, the drifted features of a window
 */
public record DriftCheck(String title, Optional<DatasetDriftReport> drift, List<FeatureDistribution> distributions) {

    /**
     * Validates and copies the components.
     *
     * @param title what was compared
     * @param drift the per-feature tests, empty when only profiles were given
     * @param distributions the distributions drawn
     * @throws IllegalArgumentException if the title is blank
     */
    public DriftCheck {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(drift, "drift");
        if (title.isBlank()) {
            throw new IllegalArgumentException("title must not be blank but was '" + title + "'");
        }
        distributions = List.copyOf(distributions);
    }
}
