package org.mlops4j.monitoring.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.mlops4j.monitoring.segment.SegmentFigures;
import org.mlops4j.monitoring.segment.SegmentWindow;

/**
 * The report's "Segments" table: per key (endpoint, variant, model version), the latest analysed
 * window's figures of every segment: predictions, share of traffic, error ratio, share of drifted
 * features with their names, and the predicted labels' shares. The HTML section is left out when
 * the report has no segment figures; the JSON array is then empty.
 */
final class SegmentsTable {

    private SegmentsTable() {
    }

    /** The latest window of each key, in order of first appearance. */
    static List<SegmentWindow> latest(List<SegmentWindow> windows) {
        Map<List<String>, SegmentWindow> byKey = new LinkedHashMap<>();
        for (SegmentWindow w : windows) {
            byKey.merge(List.of(w.endpoint(), w.variant(), w.model()), w,
                    (old, now) -> now.window() >= old.window() ? now : old);
        }
        return new ArrayList<>(byKey.values());
    }

    static void html(StringBuilder out, List<SegmentWindow> windows) {
        if (windows.isEmpty()) {
            return;
        }
        out.append("<h2>Segments</h2>\n<table class=\"segments\"><thead><tr><th>Endpoint / variant / model</th>"
                + "<th>Window</th><th>Segment</th><th>Predictions</th><th>Share</th><th>Error ratio</th>"
                + "<th>Drifted share</th><th>Drifted features</th><th>Prediction shares</th></tr></thead><tbody>\n");
        for (SegmentWindow w : latest(windows)) {
            String key = HtmlReport.escape(w.endpoint() + " / " + w.variant() + " / " + w.model());
            for (SegmentFigures s : w.segments()) {
                boolean drifted = !s.driftedFeatures().isEmpty();
                out.append(drifted ? "<tr class=\"verdict-DRIFT\">" : "<tr>").append("<td>").append(key)
                        .append("</td><td class=\"num\">").append(w.window()).append("</td><td>")
                        .append(HtmlReport.escape(s.segment())).append("</td><td class=\"num\">")
                        .append(s.predictions()).append("</td><td class=\"num\">").append(Numbers.percent(s.share()))
                        .append("</td><td class=\"num\">").append(Numbers.percent(s.errorRatio()))
                        .append("</td><td class=\"num\">").append(Numbers.percent(s.driftedShare())).append("</td><td>")
                        .append(drifted ? "<span class=\"badge DRIFT\">" + HtmlReport.escape(
                                String.join(", ", s.driftedFeatureNames())) + "</span>" : "")
                        .append("</td><td>").append(HtmlReport.escape(shares(s))).append("</td></tr>\n");
            }
        }
        out.append("</tbody></table>\n");
        if (windows.stream().anyMatch(w -> w.unassigned() > 0)) {
            out.append("<p class=\"meta\">Predictions in no segment (the segment function threw): ")
                    .append(latest(windows).stream().mapToLong(SegmentWindow::unassigned).sum()).append("</p>\n");
        }
    }

    private static String shares(SegmentFigures s) {
        return s.predictionShares().entrySet().stream()
                .map(e -> e.getKey() + " " + Numbers.percent(e.getValue())).collect(Collectors.joining(", "));
    }

    static void json(ArrayNode out, List<SegmentWindow> windows) {
        for (SegmentWindow w : latest(windows)) {
            ObjectNode n = out.addObject();
            n.put("endpoint", w.endpoint());
            n.put("variant", w.variant());
            n.put("model", w.model());
            n.put("window", w.window());
            n.put("end", w.end().toString());
            n.put("predictions", w.predictions());
            n.put("unassigned", w.unassigned());
            ArrayNode segments = n.putArray("segments");
            for (SegmentFigures s : w.segments()) {
                ObjectNode g = segments.addObject();
                g.put("segment", s.segment());
                g.put("predictions", s.predictions());
                number(g, "share", s.share());
                number(g, "errorRatio", s.errorRatio());
                number(g, "driftedShare", s.driftedShare());
                s.driftedFeatureNames().forEach(g.putArray("driftedFeatures")::add);
                ObjectNode shares = g.putObject("predictionShares");
                s.predictionShares().forEach(shares::put);
            }
        }
    }

    /** A finite number, or null for NaN (JSON has no NaN). */
    private static void number(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) {
            n.put(key, v);
        } else {
            n.putNull(key);
        }
    }
}
