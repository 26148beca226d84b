package org.mlops4j.monitoring.report;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.mlops4j.monitoring.WindowMetrics;
import org.mlops4j.monitoring.alert.Alert;
import org.mlops4j.monitoring.alert.DriftedFeature;
import org.mlops4j.monitoring.drift.DatasetDriftReport;
import org.mlops4j.monitoring.drift.FeatureDrift;
import org.mlops4j.monitoring.review.ReviewReading;
import org.mlops4j.monitoring.scoping.TargetCheck;

/**
 * Renders a {@link MonitoringReport} as one self-contained HTML page: inline CSS and SVG, no script, no links. Times
 * are UTC; numbers have three significant digits and shares are percentages.
 */
final class HtmlReport {

    private static final String CSS = "body{font-family:sans-serif;margin:24px;color:#222;background:#fff;max-width:1400px}"
            + "h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;border-bottom:2px solid #ddd;padding-bottom:4px;margin-top:28px}"
            + "h3{font-size:15px;margin:14px 0 4px}.meta{color:#666;font-size:13px}"
            + "table{border-collapse:collapse;font-size:13px;margin:8px 0}"
            + "th,td{border:1px solid #ccc;padding:4px 8px;text-align:left}th{background:#f2f2f2}"
            + "td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}td.time{white-space:nowrap}"
            + ".badge{display:inline-block;padding:1px 8px;border-radius:10px;font-weight:bold;font-size:12px;color:#fff}"
            + ".DRIFT{background:#c0392b}.NO_DRIFT{background:#2e8b57}.INSUFFICIENT_DATA{background:#888}.TEST_FAILED{background:#e67e22}"
            + ".FIRED{background:#c0392b}.RESOLVED{background:#2e8b57}tr.verdict-DRIFT td:first-child{font-weight:bold}"
            + ".grid{display:flex;flex-wrap:wrap;gap:12px}.card{border:1px solid #ddd;border-radius:6px;padding:8px}"
            + "svg text{font-family:sans-serif;font-size:11px;fill:#333}svg text.title{font-weight:bold}"
            + ".empty{color:#888;font-style:italic}"
            + ".MET{background:#2e8b57}.AT_RISK{background:#e67e22}.MISSED{background:#c0392b}.UNKNOWN{background:#888}";

    private final StringBuilder out = new StringBuilder(16_384);

    private HtmlReport() {
    }

    static String render(MonitoringReport r) {
        HtmlReport h = new HtmlReport();
        h.out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(escape(r.title()))
                .append("</title><style>").append(CSS).append("</style></head><body>\n");
        h.out.append("<h1>").append(escape(r.title())).append("</h1><p class=\"meta\">Generated ")
                .append(escape(Numbers.utc(r.generatedAt()))).append(" UTC</p>\n");
        h.targets(r.targets());
        h.driftChecks(r.driftChecks());
        MultivariateTable.html(h.out, r.multivariateWindows());
        h.overTime(r);
        h.windowTable(r.windows());
        EstimateTable.html(h.out, r.estimatedWindows());
        SegmentsTable.html(h.out, r.segments());
        h.reviewQueues(r.reviewQueues());
        h.alerts(r.alerts());
        return h.out.append("</body></html>\n").toString();
    }

    private void targets(List<TargetCheck> checks) {
        if (checks.isEmpty()) {
            return;
        }
        out.append("<h2>Scoping targets</h2>\n<table class=\"targets\"><thead><tr><th>Target</th><th>Metric</th>"
                + "<th>Promise</th><th>Value</th><th>Status</th><th>Measured (UTC)</th><th>Source</th></tr></thead>"
                + "<tbody>\n");
        for (TargetCheck c : checks) {
            out.append("<tr class=\"target-").append(c.status().name()).append("\"><td>").append(escape(c.target().name()))
                    .append("</td><td>").append(escape(c.target().metric().metricName().key())).append("</td><td>")
                    .append(escape(c.target().describe())).append("</td>").append(numCell(c.value())).append("<td>")
                    .append(badge(c.status().name())).append("</td><td class=\"time\">")
                    .append(c.measuredAt().map(Numbers::utc).orElse("-")).append("</td><td>")
                    .append(escape(c.source())).append("</td></tr>\n");
        }
        out.append("</tbody></table>\n");
    }

    private void driftChecks(List<DriftCheck> checks) {
        out.append("<h2>Input drift</h2>\n");
        if (checks.isEmpty()) {
            out.append("<p class=\"empty\">No drift check in this report (a monitor without a reference profile "
                    + "checks none).</p>\n");
            return;
        }
        for (DriftCheck c : checks) {
            out.append("<section class=\"drift-check\"><h3>").append(escape(c.title())).append("</h3>\n");
            c.drift().ifPresent(this::driftTable);
            if (c.distributions().isEmpty()) {
                out.append("<p class=\"empty\">").append(c.drift().isPresent()
                        ? "No feature drifted: distributions are drawn for drifted features."
                        : "No profiles in this check.").append("</p>\n");
            } else {
                out.append("<div class=\"grid\">\n");
                for (FeatureDistribution d : c.distributions()) {
                    String verdict = c.drift().flatMap(x -> x.features().stream()
                            .filter(f -> f.feature().equals(d.feature())).findFirst()).map(f -> f.verdict().name())
                            .orElse("");
                    out.append("<div class=\"card\"><h3>").append(escape(d.feature())).append(' ')
                            .append(verdict.isEmpty() ? "" : badge(verdict))
                            .append(" <span class=\"meta\">reference vs current</span></h3>")
                            .append(d.numeric() ? SvgChart.histogram(d) : SvgChart.bars(d)).append("</div>\n");
                }
                out.append("</div>\n");
            }
            out.append("</section>\n");
        }
    }

    private void driftTable(DatasetDriftReport d) {
        out.append("<p>Dataset verdict ").append(badge(d.verdict().name())).append(" &middot; drifted share ")
                .append(Numbers.percent(d.driftedShare())).append(" (threshold ").append(Numbers.percent(d.shareThreshold()))
                .append(") &middot; correction ").append(escape(d.correction().name())).append("</p>\n");
        out.append("<table class=\"drift\"><thead><tr><th>Feature</th><th>Test</th><th>Statistic</th><th>p-value</th>"
                + "<th>Adjusted p</th><th>Threshold</th><th>Reference n</th><th>Current n</th><th>Verdict</th></tr></thead><tbody>\n");
        for (FeatureDrift f : d.features()) {
            boolean distance = f.result().map(x -> !x.hasPValue()).orElse(false);
            out.append("<tr class=\"verdict-").append(f.verdict().name()).append("\"><td>").append(escape(f.feature()))
                    .append("</td><td>").append(escape(f.result().map(x -> x.method()).orElse("n/a"))).append("</td>")
                    .append(numCell(f.result().map(x -> x.statistic()).orElse(Double.NaN)))
                    .append(distance ? "<td class=\"num\">distance</td>"
                            : numCell(f.result().map(x -> x.pValue()).orElse(Double.NaN)))
                    .append(distance ? "<td class=\"num\">-</td>" : numCell(f.adjustedPValue()))
                    .append(numCell(f.result().map(x -> x.threshold()).orElse(Double.NaN)))
                    .append(numCell(f.referenceSize())).append(numCell(f.currentSize()))
                    .append("<td>").append(badge(f.verdict().name())).append("</td></tr>\n");
        }
        out.append("</tbody></table>\n");
    }

    private void overTime(MonitoringReport r) {
        out.append("<h2>Over time</h2>\n");
        if (r.windows().isEmpty() && r.feedbackWindows().isEmpty()) {
            out.append("<p class=\"empty\">No monitoring windows in this report.</p>\n");
            return;
        }
        out.append("<div class=\"grid\">\n");
        for (Timelines.Chart c : Timelines.charts(r.windows(), r.feedbackWindows())) {
            out.append("<div class=\"card\">").append(SvgChart.timeSeries(c.title(), c.series(), c.percent()))
                    .append("</div>\n");
        }
        out.append("</div>\n");
    }

    private void windowTable(List<WindowMetrics> windows) {
        if (windows.isEmpty()) {
            return;
        }
        out.append("<h3>Windows</h3>\n<table class=\"windows\"><thead><tr><th>Endpoint</th><th>Variant</th>"
                + "<th>Model</th><th>Window</th><th>Closed (UTC)</th><th>Predictions</th><th>Error ratio</th>"
                + "<th>Timeouts</th><th>p99 latency (ms)</th><th>Non-null output</th><th>Missing input (max)</th>"
                + "<th>Drifted share</th><th>Drifted features</th><th>Prediction drift</th></tr></thead><tbody>\n");
        for (WindowMetrics w : windows) {
            out.append("<tr><td>").append(escape(w.endpoint())).append("</td><td>").append(escape(w.variant()))
                    .append("</td><td>").append(escape(w.model())).append("</td>").append(numCell(w.window()))
                    .append("<td class=\"time\">").append(Numbers.utc(w.end())).append("</td>")
                    .append(numCell(w.predictions()))
                    .append(percentCell(w.errorRatio())).append(percentCell(w.timeoutRatio()))
                    .append(numCell(w.latencyP99Seconds() * 1000)).append(percentCell(1 - w.nullOutputRatio()))
                    .append(percentCell(w.missingRatio().isEmpty() ? Double.NaN : w.maxMissingRatio()))
                    .append(percentCell(w.driftedShare())).append("<td>")
                    .append(escape(w.driftedFeatures().stream().map(DriftedFeature::feature)
                            .collect(Collectors.joining(", ")))).append("</td><td>")
                    .append(escape(w.predictionDrift().map(d -> (d.drifted() ? "drift" : "no drift")
                            + " (" + d.method() + ")").orElse("-"))).append("</td></tr>\n");
        }
        out.append("</tbody></table>\n");
    }

    /** The review queues' latest readings; no section when the report has none. */
    private void reviewQueues(List<ReviewReading> readings) {
        if (readings.isEmpty()) {
            return;
        }
        out.append("<h2>Human review</h2>\n<table class=\"review\"><thead><tr><th>Queue</th><th>Endpoint</th>"
                + "<th>Read (UTC)</th><th>Waiting</th><th>Claimed</th><th>Age p50 (s)</th><th>Age p99 (s)</th>"
                + "<th>Expired in period</th><th>Expired</th><th>Resolved in period</th><th>Agreement in period</th>"
                + "<th>Resolved</th><th>Agreement</th></tr></thead><tbody>\n");
        for (ReviewReading q : readings) {
            out.append("<tr><td>").append(escape(q.queue())).append("</td><td>").append(escape(q.endpoint()))
                    .append("</td><td class=\"time\">").append(Numbers.utc(q.at())).append("</td>")
                    .append(numCell(q.figures().pending())).append(numCell(q.figures().claimed()))
                    .append(numCell(q.ageP50Seconds())).append(numCell(q.ageP99Seconds()))
                    .append(countCell(q.expiredInPeriod())).append(numCell(q.figures().expired()))
                    .append(countCell(q.resolvedInPeriod())).append(percentCell(q.agreementRate()))
                    .append(numCell(q.figures().resolved())).append(percentCell(q.cumulativeAgreementRate()))
                    .append("</tr>\n");
        }
        out.append("</tbody></table>\n");
    }

    /** A period count: -1 (unknown: a first reading, or a purge in the period) shows as a dash. */
    private static String countCell(long v) {
        return v < 0 ? "<td class=\"num\">-</td>" : numCell(v);
    }

    private void alerts(List<Alert> alerts) {
        out.append("<h2>Alerts</h2>\n");
        if (alerts.isEmpty()) {
            out.append("<p class=\"empty\">No alerts.</p>\n");
            return;
        }
        out.append("<table class=\"alerts\"><thead><tr><th>Time (UTC)</th><th>Kind</th><th>Severity</th><th>Rule</th>"
                + "<th>Metric</th><th>Value</th><th>Threshold</th><th>Window</th><th>Endpoint</th><th>Model</th>"
                + "<th>Top drifted features</th></tr></thead><tbody>\n");
        for (Alert a : alerts) {
            StringBuilder top = new StringBuilder();
            for (DriftedFeature f : a.topDriftedFeatures()) {
                top.append(top.length() == 0 ? "" : ", ").append(f.feature()).append(" (").append(Numbers.format(f.statistic()))
                        .append(')');
            }
            out.append("<tr><td class=\"time\">").append(Numbers.utc(a.timestamp())).append("</td><td>")
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

    private static String percentCell(double v) {
        return "<td class=\"num\">" + Numbers.percent(v) + "</td>";
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
