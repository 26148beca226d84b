package org.mlops4j.monitoring.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.mlops4j.monitoring.FeedbackWindow;
import org.mlops4j.monitoring.WindowMetrics;

/**
 * Turns a report's windows into the charts drawn over time: one series per (endpoint, variant, model version), each
 * point at the window's closing time.
 */
final class Timelines {

    /** A chart to draw: its title, its series, and whether its values are shares. */
    record Chart(String title, List<SvgChart.Series> series, boolean percent) {
    }

    private Timelines() {
    }

    /**
     * The charts of a report: error ratio, p99 latency, non-null output ratio, drifted share (with a reference),
     * missing input per feature (one chart per key, with a schema), and accuracy or RMSE (with labels).
     *
     * @param windows the prediction windows
     * @param feedback the windows of labelled predictions
     * @return the charts, in that order; those without data left out
     */
    static List<Chart> charts(List<WindowMetrics> windows, List<FeedbackWindow> feedback) {
        List<Chart> charts = new ArrayList<>();
        Map<String, List<WindowMetrics>> byKey = group(windows, w -> key(w.endpoint(), w.variant(), w.model()),
                WindowMetrics::end);
        if (!windows.isEmpty()) {
            charts.add(new Chart("Error ratio", series(byKey, WindowMetrics::errorRatio, WindowMetrics::end), true));
            double maxMs = windows.stream().mapToDouble(w -> w.latencyP99Seconds() * 1000).filter(Double::isFinite)
                    .max().orElse(0);
            boolean micros = maxMs < 1;
            charts.add(new Chart("Latency p99 (" + (micros ? "\u00b5s" : "ms") + ")",
                    series(byKey, w -> w.latencyP99Seconds() * (micros ? 1e6 : 1e3), WindowMetrics::end), false));
            charts.add(new Chart("Non-null output ratio", series(byKey, w -> 1 - w.nullOutputRatio(),
                    WindowMetrics::end), true));
        }
        if (windows.stream().anyMatch(w -> Double.isFinite(w.driftedShare()))) {
            charts.add(new Chart("Drifted feature share", series(byKey, WindowMetrics::driftedShare,
                    WindowMetrics::end), true));
        }
        for (Map.Entry<String, List<WindowMetrics>> e : byKey.entrySet()) {
            TreeSet<String> features = new TreeSet<>();
            e.getValue().forEach(w -> features.addAll(w.missingRatio().keySet()));
            if (features.isEmpty()) {
                continue;
            }
            List<SvgChart.Series> series = new ArrayList<>();
            for (String f : features) {
                series.add(series(f, e.getValue(), w -> w.missingRatio().getOrDefault(f, Double.NaN),
                        WindowMetrics::end));
            }
            charts.add(new Chart("Missing input ratio per feature, " + e.getKey(), series, true));
        }
        Map<String, List<FeedbackWindow>> labelled = group(feedback, w -> key(w.endpoint(), w.variant(), w.model()),
                FeedbackWindow::end);
        if (feedback.stream().anyMatch(w -> Double.isFinite(w.accuracy()))) {
            charts.add(new Chart("Accuracy per window of " + feedback.get(0).labelled() + " labelled predictions",
                    series(labelled, FeedbackWindow::accuracy, FeedbackWindow::end), true));
        }
        if (feedback.stream().anyMatch(w -> Double.isFinite(w.rmse()))) {
            charts.add(new Chart("RMSE per window of " + feedback.get(0).labelled() + " labelled predictions",
                    series(labelled, FeedbackWindow::rmse, FeedbackWindow::end), false));
        }
        return charts;
    }

    private static String key(String endpoint, String variant, String model) {
        return endpoint + "/" + variant + " (" + model + ")";
    }

    private static <T> Map<String, List<T>> group(List<T> items, Function<T, String> key, Function<T, Instant> time) {
        Map<String, List<T>> out = new LinkedHashMap<>();
        items.stream().sorted(Comparator.comparing(time)).forEach(w -> out.computeIfAbsent(key.apply(w),
                k -> new ArrayList<>()).add(w));
        return out;
    }

    private static <T> List<SvgChart.Series> series(Map<String, List<T>> byKey, ToDoubleFunction<T> value,
                                                    Function<T, Instant> time) {
        List<SvgChart.Series> out = new ArrayList<>();
        byKey.forEach((k, items) -> out.add(series(k, items, value, time)));
        return out;
    }

    private static <T> SvgChart.Series series(String name, List<T> items, ToDoubleFunction<T> value,
                                              Function<T, Instant> time) {
        return new SvgChart.Series(name, items.stream().map(time).toList(),
                items.stream().map(value::applyAsDouble).toList());
    }
}
