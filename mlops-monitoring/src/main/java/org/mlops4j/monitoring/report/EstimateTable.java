package org.mlops4j.monitoring.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.mlops4j.monitoring.EstimatedWindow;
import org.mlops4j.monitoring.RealisedPerformance;
import org.mlops4j.monitoring.estimate.EstimatedMetric;

/**
 * The report's "Estimated vs realised performance" table: per estimated window, each figure
 * estimated without labels with its sampling-error band, next to the figure the labels that
 * arrived later give, and how many of them arrived.
 */
final class EstimateTable {

    private EstimateTable() {
    }

    /** Appends the HTML section; none when the report has no estimated window. */
    static void html(StringBuilder out, List<EstimatedWindow> windows) {
        if (windows.isEmpty()) {
            return;
        }
        out.append("<h2>Estimated vs realised performance</h2>\n<p class=\"meta\">Estimated from the model's calibrated"
                + " scores when the window closed (CBPE), band in brackets; realised from the labels that arrived since."
                + "</p>\n<table class=\"estimates\"><thead><tr><th>Endpoint</th><th>Variant</th><th>Model</th>"
                + "<th>Window</th><th>End (UTC)</th><th>Predictions</th><th>Unreadable</th>");
        for (EstimatedMetric m : EstimatedMetric.values()) {
            out.append("<th>Estimated ").append(m.key()).append("</th>");
            if (m != EstimatedMetric.ROC_AUC) {
                out.append("<th>Realised ").append(m.key()).append("</th>");
            }
        }
        out.append("<th>Labelled</th><th>Coverage</th></tr></thead><tbody>\n");
        for (EstimatedWindow w : windows) {
            RealisedPerformance r = w.realised();
            out.append("<tr><td>").append(HtmlReport.escape(w.endpoint())).append("</td><td>")
                    .append(HtmlReport.escape(w.variant())).append("</td><td>").append(HtmlReport.escape(w.model()))
                    .append("</td>").append(num(w.window())).append("<td class=\"time\">").append(Numbers.utc(w.end()))
                    .append("</td>").append(num(w.predictions())).append(num(w.unreadable()));
            for (EstimatedMetric m : EstimatedMetric.values()) {
                out.append("<td class=\"num\">").append(Numbers.format(w.value(m))).append(" [")
                        .append(Numbers.format(w.lower(m))).append(", ").append(Numbers.format(w.upper(m)))
                        .append("]</td>");
                if (m != EstimatedMetric.ROC_AUC) {
                    out.append(num(r.value(m)));
                }
            }
            out.append(num(r.labelled())).append("<td class=\"num\">").append(Numbers.percent(r.coverage()))
                    .append("</td></tr>\n");
        }
        out.append("</tbody></table>\n");
    }

    private static String num(double v) {
        return "<td class=\"num\">" + HtmlReport.escape(Numbers.format(v)) + "</td>";
    }

    /** Writes each estimated window as a JSON object; undefined figures are null. */
    static void json(ArrayNode array, List<EstimatedWindow> windows) {
        for (EstimatedWindow w : windows) {
            ObjectNode n = array.addObject();
            n.put("endpoint", w.endpoint());
            n.put("variant", w.variant());
            n.put("model", w.model());
            n.put("window", w.window());
            n.put("start", w.start().toString());
            n.put("end", w.end().toString());
            n.put("predictions", w.predictions());
            n.put("unreadable", w.unreadable());
            n.put("band", w.band());
            ObjectNode estimated = n.putObject("estimated");
            for (EstimatedMetric m : EstimatedMetric.values()) {
                ObjectNode o = estimated.putObject(m.key());
                put(o, "value", w.value(m));
                put(o, "lower", w.lower(m));
                put(o, "upper", w.upper(m));
                put(o, "standardError", w.estimate().standardError(m));
            }
            RealisedPerformance r = w.realised();
            ObjectNode realised = n.putObject("realised");
            realised.put("labelled", r.labelled());
            put(realised, "coverage", r.coverage());
            for (EstimatedMetric m : EstimatedMetric.values()) {
                if (m != EstimatedMetric.ROC_AUC) {
                    put(realised, m.key(), r.value(m));
                }
            }
        }
    }

    private static void put(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) {
            n.put(key, v);
        } else {
            n.putNull(key);
        }
    }
}
