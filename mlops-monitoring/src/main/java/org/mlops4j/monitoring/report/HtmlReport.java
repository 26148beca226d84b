package org.mlops4j.monitoring.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.mlops4j.monitoring.WindowMetrics;
import org.mlops4j.monitoring.alert.Alert;
import org.mlops4j.monitoring.alert.DriftedFeature;
import org.mlops4j.monitoring.drift.DatasetDriftReport;
import org.mlops4j.monitoring.drift.FeatureDrift;

/** Renders a {@link MonitoringReport} as one self-contained HTML page: inline CSS and SVG, no script, no links. */
final class HtmlReport {

    private static final String CSS = "body{font-family:sans-serif;margin:24px;color:#222;background:#fff;max-width:1400px}"
            + "h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;border-bottom:2px solid #ddd;padding-bottom:4px;margin-top:28px}"
            + "h3{font-size:15px;margin:8px 0 2px}.meta{color:#666;font-size:13px}"
            + "table{border-collapse:collapse;font-size:13px;margin:8px 0}"
            + "th,td{border:1px solid #ccc;padding:4px 8px;text-align:left}th{background:#f2f2f2}"
            + "td.num{text-align:right;font-variant-numeric:tabular-nums}"
            + ".badge{display:inline-block;padding:1px 8px;border-radius:10px;font-weight:bold;font-size:12px;color:#fff}"
            + ".DRIFT{background:#c0392b}.NO_DRIFT{background:#2e8b57}.INSUFFICIENT_DATA{background:#888}.TEST_FAILED{background:#e67e22}"
            + ".FIRED{background:#c0392b}.RESOLVED{background:#2e8b57}"
            + ".grid{display:flex;flex-wrap:wrap;gap:12px}.card{border:1px solid #ddd;border-radius:6px;padding:8px}"
            + "svg text{font-family:sans-serif;font-size:11px;fill:#333}.empty{color:#888;font-style:italic}";

    private final StringBuilder out = new StringBuilder(16_384);

    private HtmlReport() {
    }

    static String render(MonitoringReport r) {
        HtmlReport h = new HtmlReport();
        h.out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(escape(r.title()))
                .append("</title><style>").append(CSS).append("</style></head><body>\n");
        h.out.append("<h1>").append(escape(r.title())).append("</h1><p class=\"meta\">Generated ")
                .append(escape(r.generatedAt().toString())).append("</p>\n");
        h.drift(r);
        h.distributions(r.distributions(), r);
        h.windows(r.windows());
        h.alerts(r.alerts());
        return h.out.append("</body></html>\n").toString();
    }

    private void drift(MonitoringReport r) {
        out.append("<h2>Drift tests</h2>\n");
        if (r.drift().isEmpty()) {
            out.append("<p class=\"empty\">No drift check in this report.</p>\n");
            return;
        }
        DatasetDriftReport d = r.drift().get();
        out.append("<p>Dataset verdict ").append(badge(d.verdict().name())).append(" &middot; drifted share ")
                .append(Numbers.percent(d.driftedShare())).append(" (threshold ").append(Numbers.percent(d.shareThreshold()))
                .append(") &middot; correction ").append(escape(d.correction().name())).append("</p>\n");
        out.append("<table class=\"drift\"><thead><tr><th>Feature</th><th>Test</th><th>Statistic</th><th>p-value</th>"
                + "<th>Adjusted p</th><th>Threshold</th><th>Reference n</th><th>Current n</th><th>Verdict</th></tr></thead><tbody>\n");
        for (FeatureDrift f : d.features()) {
            out.append("<tr class=\"verdict-").append(f.verdict().name()).append("\"><td>").append(escape(f.feature()))
                    .append("</td><td>").append(escape(f.result().map(x -> x.method()).orElse("n/a"))).append("</td>")
                    .append(numCell(f.result().map(x -> x.statistic()).orElse(Double.NaN)))
                    .append(numCell(f.result().map(x -> x.pValue()).orElse(Double.NaN)))
                    .append(numCell(f.adjustedPValue()))
                    .append(numCell(f.result().map(x -> x.threshold()).orElse(Double.NaN)))
                    .append(numCell(f.referenceSize())).append(numCell(f.currentSize()))
                    .append("<td>").append(badge(f.verdict().name())).append("</td></tr>\n");
        }
        out.append("</tbody></table>\n");
    }

    private void distributions(List<FeatureDistribution> dists, MonitoringReport r) {
        out.append("<h2>Feature distributions: reference vs current</h2>\n");
        if (dists.isEmpty()) {
            out.append("<p class=\"empty\">No profiles in this report.</p>\n");
            return;
        }
        out.append("<div class=\"grid\">\n");
        for (FeatureDistribution d : dists) {
            String verdict = r.drift().flatMap(x -> x.features().stream().filter(f -> f.feature().equals(d.feature()))
                    .findFirst()).map(f -> f.verdict().name()).orElse("");
            out.append("<div class=\"card\"><h3>").append(escape(d.feature())).append(' ')
                    .append(verdict.isEmpty() ? "" : badge(verdict)).append("</h3>")
                    .append(d.numeric() ? SvgChart.histogram(d) : SvgChart.bars(d)).append("</div>\n");
        }
        out.append("</div>\n");
    }

    private void windows(List<WindowMetrics> windows) {
        out.append("<h2>Output and software metrics over time</h2>\n");
        if (windows.isEmpty()) {
            out.append("<p class=\"empty\">No monitoring windows in this report.</p>\n");
            return;
        }
        Map<String, List<WindowMetrics>> bySeries = new LinkedHashMap<>();
        for (WindowMetrics w : windows) {
            bySeries.computeIfAbsent(w.endpoint() + "/" + w.variant(), k -> new ArrayList<>()).add(w);
        }
        long[] xs = windows.stream().mapToLong(WindowMetrics::window).distinct().sorted().toArray();
        out.append("<div class=\"grid\">\n");
        chart("Error ratio", "", xs, bySeries, WindowMetrics::errorRatio, true);
        chart("Latency p99", "ms", xs, bySeries, w -> w.latencyP99Seconds() * 1000, false);
        chart("Null output ratio", "", xs, bySeries, WindowMetrics::nullOutputRatio, true);
        out.append("</div>\n<table class=\"windows\"><thead><tr><th>Endpoint</th><th>Variant</th><th>Model</th><th>Window</th>"
                + "<th>End</th><th>Predictions</th><th>Error ratio</th><th>Timeouts</th><th>p99 ms</th><th>Null output</th>"
                + "<th>Drifted share</th><th>Prediction drift</th></tr></thead><tbody>\n");
        for (WindowMetrics w : windows) {
            out.append("<tr><td>").append(escape(w.endpoint())).append("</td><td>").append(escape(w.variant()))
                    .append("</td><td>").append(escape(w.model())).append("</td>").append(numCell(w.window()))
                    .append("<td>").append(escape(w.end().toString())).append("</td>").append(numCell(w.predictions()))
                    .append("<td class=\"num\">").append(Numbers.percent(w.errorRatio())).append("</td>")
                    .append("<td class=\"num\">").append(Numbers.percent(w.timeoutRatio())).append("</td>")
                    .append(numCell(w.latencyP99Seconds() * 1000))
                    .append("<td class=\"num\">").append(Numbers.percent(w.nullOutputRatio())).append("</td>")
                    .append("<td class=\"num\">").append(Numbers.percent(w.driftedShare())).append("</td>")
                    .append("<td>").append(escape(w.predictionDrift().map(d -> (d.drifted() ? "drift" : "no drift")
                            + " (" + d.method() + ")").orElse("-"))).append("</td></tr>\n");
        }
        out.append("</tbody></table>\n");
    }

    private void chart(String title, String unit, long[] xs, Map<String, List<WindowMetrics>> bySeries,
                       ToDoubleFunction<WindowMetrics> metric, boolean percent) {
        List<double[]> series = new ArrayList<>();
        for (List<WindowMetrics> ws : bySeries.values()) {
            double[] ys = new double[xs.length];
            java.util.Arrays.fill(ys, Double.NaN);
            for (WindowMetrics w : ws) {
                ys[java.util.Arrays.binarySearch(xs, w.window())] = metric.applyAsDouble(w);
            }
            series.add(ys);
        }
        out.append("<div class=\"card\">")
                .append(SvgChart.lines(title, unit, xs, new ArrayList<>(bySeries.keySet()), series, percent))
                .append("</div>\n");
    }

    private void alerts(List<Alert> alerts) {
        out.append("<h2>Alerts</h2>\n");
        if (alerts.isEmpty()) {
            out.append("<p class=\"empty\">No alerts.</p>\n");
            return;
        }
        out.append("<table class=\"alerts\"><thead><tr><th>Time</th><th>Kind</th><th>Severity</th><th>Rule</th><th>Metric</th>"
                + "<th>Value</th><th>Threshold</th><th>Window</th><th>Endpoint</th><th>Model</th><th>Top drifted features</th>"
                + "</tr></thead><tbody>\n");
        for (Alert a : alerts) {
            StringBuilder top = new StringBuilder();
            for (DriftedFeature f : a.topDriftedFeatures()) {
                top.append(top.length() == 0 ? "" : ", ").append(f.feature()).append(" (").append(Numbers.format(f.statistic()))
                        .append(')');
            }
            out.append("<tr><td>").append(escape(a.timestamp().toString())).append("</td><td>")
                    .append(badge(a.kind().name())).append("</td><td>").append(escape(a.severity().name()))
                    .append("</td><td>").append(escape(a.rule())).append("</td><td>").append(escape(a.metric()))
                    .append("</td>").append(numCell(a.value())).append(numCell(a.threshold())).append("<td>")
                    .append(escape(a.window())).append("</td><td>").append(escape(a.endpoint())).append("</td><td>")
                    .append(escape(a.model())).append("</td><td>").append(escape(top.toString())).append("</td></tr>\n");
        }
        out.append("</tbody></table>\n");
    }

    private static String badge(String name) {
        return "<span class=\"badge " + escape(name) + "\">" + escape(name.toLowerCase(Locale.ROOT).replace('_', ' '))
                + "</span>";
    }

    private static String numCell(double v) {
        return "<td class=\"num\">" + escape(Numbers.format(v)) + "</td>";
    }

    /**
     * Escapes text for HTML element content and attribute values.
     *
     * @param text the raw text
     * @return the escaped text
     */
    static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
