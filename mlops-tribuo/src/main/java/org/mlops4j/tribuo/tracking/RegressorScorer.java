package org.mlops4j.tribuo.tracking;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.provenance.DataProvenance;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.evaluation.RegressionEvaluation;
import org.tribuo.regression.evaluation.RegressionEvaluator;

/**
 * Regression metrics from Tribuo's {@link RegressionEvaluator} (example weights ignored, its
 * default): {@code rmse}, {@code mae} and {@code r2}, averaged over the output dimensions, and,
 * when there is more than one dimension, {@code rmse.<dimension>}, {@code mae.<dimension>} and
 * {@code r2.<dimension>}. A metric Tribuo reports as NaN (undefined on those examples) is left
 * out. No artifacts.
 */
final class RegressorScorer implements Scorer<Regressor> {

    private static final Logger LOG = LoggerFactory.getLogger(RegressorScorer.class);

    @Override
    public Map<String, Double> metrics(Model<Regressor> model, List<Prediction<Regressor>> predictions,
                                       DataProvenance data) {
        RegressionEvaluation e = new RegressionEvaluator().evaluate(model, predictions, data);
        Map<String, Double> m = new LinkedHashMap<>();
        put(m, "rmse", e.averageRMSE());
        put(m, "mae", e.averageMAE());
        put(m, "r2", e.averageR2());
        Map<String, Double> rmse = byDimension(e.rmse());
        if (rmse.size() > 1) {
            Map<String, Double> mae = byDimension(e.mae());
            Map<String, Double> r2 = byDimension(e.r2());
            for (String dim : rmse.keySet()) {
                String key = Keys.piece(dim);
                put(m, "rmse." + key, rmse.get(dim));
                put(m, "mae." + key, mae.getOrDefault(dim, Double.NaN));
                put(m, "r2." + key, r2.getOrDefault(dim, Double.NaN));
            }
        }
        return m;
    }

    @Override
    public Map<String, String> artifacts(Model<Regressor> model, List<Prediction<Regressor>> predictions) {
        return Map.of();
    }

    /** Tribuo keys per-dimension results by a one-dimension {@link Regressor}; re-key them by its name. */
    private static Map<String, Double> byDimension(Map<Regressor, Double> values) {
        Map<String, Double> out = new TreeMap<>();
        values.forEach((dim, v) -> out.put(dim.getNames()[0], v));
        return out;
    }

    private static void put(Map<String, Double> metrics, String key, double value) {
        if (Double.isNaN(value)) {
            return;
        }
        if (metrics.putIfAbsent(key, value) != null) {
            LOG.warn("two output dimensions share the metric key {} once sanitized; keeping the first", key);
        }
    }
}
