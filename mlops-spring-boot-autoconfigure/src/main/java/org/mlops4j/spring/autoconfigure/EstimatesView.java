package org.mlops4j.spring.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mlops4j.monitoring.EstimatedWindow;
import org.mlops4j.monitoring.RealisedPerformance;
import org.mlops4j.monitoring.estimate.EstimatedMetric;

/**
 * The Actuator view of a variant's performance estimates: its latest estimated windows (up to
 * 30), each figure estimated without labels with its band beside the realised figure of the
 * labels that have arrived, as JSON-ready maps (undefined figures are null).
 */
final class EstimatesView {

    /** Estimated windows shown per variant. */
    static final int SHOWN = 30;

    private EstimatesView() {
    }

    static List<Object> of(List<EstimatedWindow> windows) {
        return windows.subList(Math.max(0, windows.size() - SHOWN), windows.size()).stream()
                .map(EstimatesView::window).toList();
    }

    private static Object window(EstimatedWindow w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("number", w.window());
        m.put("start", w.start().toString());
        m.put("end", w.end().toString());
        m.put("predictions", w.predictions());
        m.put("unreadable", w.unreadable());
        Map<String, Object> estimated = new LinkedHashMap<>();
        for (EstimatedMetric metric : EstimatedMetric.values()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("value", num(w.value(metric)));
            e.put("lower", num(w.lower(metric)));
            e.put("upper", num(w.upper(metric)));
            estimated.put(metric.key(), e);
        }
        m.put("estimated", estimated);
        RealisedPerformance r = w.realised();
        Map<String, Object> realised = new LinkedHashMap<>();
        realised.put("labelled", r.labelled());
        realised.put("coverage", num(r.coverage()));
        for (EstimatedMetric metric : EstimatedMetric.values()) {
            if (metric != EstimatedMetric.ROC_AUC) {
                realised.put(metric.key(), num(r.value(metric)));
            }
        }
        m.put("realised", realised);
        return m;
    }

    private static Double num(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
