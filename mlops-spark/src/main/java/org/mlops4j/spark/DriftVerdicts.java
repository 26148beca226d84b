package org.mlops4j.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.monitoring.drift.DatasetDriftReport;
import org.mlops4j.monitoring.drift.DriftResult;
import org.mlops4j.monitoring.drift.FeatureDrift;
import org.mlops4j.monitoring.drift.Verdict;
import org.mlops4j.monitoring.profile.DriftCheckConfig;

/**
 * The features' results made into a report: p-values corrected for multiple testing (distances and
 * features without a result left out), each feature's verdict, and the dataset's verdict from the
 * share of drifted features, as {@code DatasetDriftDetector.detect} decides them (every feature
 * weighing 1).
 */
final class DriftVerdicts {

    private DriftVerdicts() {
    }

    /**
     * @param results per feature, null when there was too little data or the test failed
     * @param failed per feature, whether its test failed
     * @param sizes per feature, the reference's and the current's non-missing values
     */
    static DatasetDriftReport report(DriftCheckConfig config, List<Feature> features, DriftResult[] results, boolean[] failed,
                                      long[][] sizes) {
        double[] raw = new double[results.length];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = results[i] == null ? Double.NaN : results[i].pValue();
        }
        double[] adjusted = config.correction().adjust(raw);
        List<FeatureDrift> out = new ArrayList<>();
        int drifted = 0;
        int evaluated = 0;
        boolean anyFailed = false;
        for (int i = 0; i < features.size(); i++) {
            String name = features.get(i).name();
            DriftResult r = results[i];
            int refSize = SketchedDrift.size(sizes[i][0]);
            int curSize = SketchedDrift.size(sizes[i][1]);
            if (r == null) {
                anyFailed |= failed[i];
                out.add(new FeatureDrift(name, failed[i] ? Verdict.TEST_FAILED : Verdict.INSUFFICIENT_DATA,
                        Optional.empty(), Double.NaN, refSize, curSize));
                continue;
            }
            boolean drift = r.hasPValue() ? adjusted[i] < r.threshold() : r.drifted();
            evaluated++;
            if (drift) {
                drifted++;
            }
            out.add(new FeatureDrift(name, drift ? Verdict.DRIFT : Verdict.NO_DRIFT, Optional.of(r), adjusted[i],
                    refSize, curSize));
        }
        if (evaluated == 0) {
            return new DatasetDriftReport(anyFailed ? Verdict.TEST_FAILED : Verdict.INSUFFICIENT_DATA, Double.NaN,
                    config.shareThreshold(), config.correction(), out);
        }
        double share = (double) drifted / evaluated;
        return new DatasetDriftReport(share >= config.shareThreshold() ? Verdict.DRIFT : Verdict.NO_DRIFT, share,
                config.shareThreshold(), config.correction(), out);
    }

}
