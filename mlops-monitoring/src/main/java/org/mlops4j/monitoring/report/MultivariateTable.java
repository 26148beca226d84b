package org.mlops4j.monitoring.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.mlops4j.monitoring.multivariate.DomainClassifierDrift;
import org.mlops4j.monitoring.multivariate.MmdDrift;
import org.mlops4j.monitoring.multivariate.MultivariateWindow;
import org.mlops4j.monitoring.multivariate.PcaDrift;

/**
 * The report's "Multivariate drift" table, one row per checked window: the PCA reconstruction error
 * and its thresholds, MMD^2 and its p-value, the domain classifier's AUC and p-value, each with its
 * verdict; a method that did not run shows a dash. Also its JSON form.
 */
final class MultivariateTable {

    private MultivariateTable() {
    }

    static void html(StringBuilder out, List<MultivariateWindow> windows) {
        if (windows.isEmpty()) {
            return;
        }
        out.append("<h2>Multivariate drift</h2>\n<table class=\"multivariate\"><thead><tr><th>Endpoint</th>"
                + "<th>Variant</th><th>Model</th><th>Window</th><th>Closed (UTC)</th><th>Rows</th>"
                + "<th>PCA error</th><th>PCA thresholds</th><th>PCA</th><th>MMD&#178;</th><th>MMD p-value</th>"
                + "<th>MMD</th><th>Domain AUC</th><th>Domain p-value</th><th>Domain classifier</th>"
                + "</tr></thead><tbody>\n");
        for (MultivariateWindow w : windows) {
            out.append("<tr class=\"verdict-").append(w.result().drifted() ? "DRIFT" : "NO_DRIFT").append("\"><td>")
                    .append(HtmlReport.escape(w.endpoint())).append("</td><td>").append(HtmlReport.escape(w.variant()))
                    .append("</td><td>").append(HtmlReport.escape(w.model())).append("</td>").append(num(w.window()))
                    .append("<td class=\"time\">").append(Numbers.utc(w.end())).append("</td>")
                    .append(num(w.result().rows()));
            PcaDrift pca = w.result().pca().orElse(null);
            out.append(pca == null ? dashes(3) : num(pca.error()) + "<td class=\"num\">"
                    + HtmlReport.escape(Numbers.format(pca.lower()) + " - " + Numbers.format(pca.upper())) + "</td>"
                    + verdict(pca.drifted()));
            MmdDrift mmd = w.result().mmd().orElse(null);
            out.append(mmd == null ? dashes(3) : num(mmd.mmd2()) + num(mmd.pValue()) + verdict(mmd.drifted()));
            DomainClassifierDrift d = w.result().domainClassifier().orElse(null);
            out.append(d == null ? dashes(3) : num(d.auc()) + num(d.pValue()) + verdict(d.drifted()));
            out.append("</tr>\n");
        }
        out.append("</tbody></table>\n");
    }

    private static String num(double v) {
        return "<td class=\"num\">" + HtmlReport.escape(Numbers.format(v)) + "</td>";
    }

    private static String verdict(boolean drifted) {
        return "<td>" + (drifted ? "drift" : "no drift") + "</td>";
    }

    private static String dashes(int cells) {
        return "<td class=\"num\">-</td>".repeat(cells);
    }

    static void json(ArrayNode array, List<MultivariateWindow> windows) {
        for (MultivariateWindow w : windows) {
            ObjectNode n = array.addObject();
            n.put("endpoint", w.endpoint());
            n.put("variant", w.variant());
            n.put("model", w.model());
            n.put("window", w.window());
            n.put("end", w.end().toString());
            n.put("rows", w.result().rows());
            n.put("drifted", w.result().drifted());
            w.result().pca().ifPresent(p -> {
                ObjectNode o = n.putObject("pca");
                o.put("error", p.error());
                o.put("lower", p.lower());
                o.put("upper", p.upper());
                o.put("components", p.components());
                o.put("explainedVariance", p.explainedVariance());
                o.put("drifted", p.drifted());
            });
            w.result().mmd().ifPresent(m -> {
                ObjectNode o = n.putObject("mmd");
                o.put("mmd2", m.mmd2());
                o.put("bandwidth", m.bandwidth());
                o.put("pValue", m.pValue());
                o.put("drifted", m.drifted());
            });
            w.result().domainClassifier().ifPresent(d -> {
                ObjectNode o = n.putObject("domainClassifier");
                o.put("auc", d.auc());
                o.put("pValue", d.pValue());
                o.put("drifted", d.drifted());
            });
        }
    }
}
