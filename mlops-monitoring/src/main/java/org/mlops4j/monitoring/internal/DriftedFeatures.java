package org.mlops4j.monitoring.internal;

import java.util.Comparator;
import java.util.List;
import org.mlops4j.monitoring.alert.DriftedFeature;
import org.mlops4j.monitoring.drift.DatasetDriftReport;
import org.mlops4j.monitoring.drift.FeatureDrift;
import org.mlops4j.monitoring.drift.Verdict;

/**
 * The drifted features and drifted share of a window's drift check, as a window (whole traffic or
 * one segment) reports them.
 *
 * <p>Internal: public only so that the packages of mlops-monitoring share it; not part of the API.
 */
public final class DriftedFeatures {

    private DriftedFeatures() {
    }

    /**
     * Adds the features whose verdict is DRIFT to {@code drifted}, most drifted (largest statistic)
     * first, and gives the report's drifted share.
     *
     * @param report the drift check, null when there was none
     * @param drifted receives the drifted features
     * @return the drifted share; NaN without a report or with too little data for a verdict
     */
    public static double collect(DatasetDriftReport report, List<DriftedFeature> drifted) {
        if (report == null) {
            return Double.NaN;
        }
        for (FeatureDrift f : report.features()) {
            if (f.verdict() == Verdict.DRIFT) {
                drifted.add(new DriftedFeature(f.feature(), f.result().orElseThrow().statistic()));
            }
        }
        drifted.sort(Comparator.comparingDouble(DriftedFeature::statistic).reversed());
        return report.verdict() == Verdict.INSUFFICIENT_DATA ? Double.NaN : report.driftedShare();
    }
}
