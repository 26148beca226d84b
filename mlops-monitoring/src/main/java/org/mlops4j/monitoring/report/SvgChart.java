package org.mlops4j.monitoring.report;

import java.util.List;
import java.util.Locale;

/**
 * Inline SVG charts: overlaid histograms, grouped bars and line charts, with axes, tick labels and a legend. All text
 * is escaped; the markup references nothing outside itself.
 */
final class SvgChart {

    static final String REFERENCE_COLOR = "#4c78a8";
    static final String CURRENT_COLOR = "#f58518";
    static final String[] PALETTE = {"#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2"};

    private static final int WIDTH = 580;
    private static final int HEIGHT = 240;
    private static final int LEFT = 56;
    private static final int RIGHT = 16;
    private static final int TOP = 30;
    private static final int BOTTOM = 46;
    private static final int PLOT_W = WIDTH - LEFT - RIGHT;
    private static final int PLOT_H = HEIGHT - TOP - BOTTOM;

    private final StringBuilder out = new StringBuilder();

    private SvgChart(String cssClass, String label) {
        out.append("<svg class=\"").append(cssClass).append("\" width=\"")
                .append(WIDTH).append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH)
                .append(' ').append(HEIGHT).append("\" role=\"img\" aria-label=\"").append(HtmlReport.escape(label))
                .append("\">");
    }

    /**
     * Draws a numeric distribution: reference shares as bars, current shares as a line with markers over them.
     *
     * @param d a numeric distribution
     * @return the SVG element
     */
    static String histogram(FeatureDistribution d) {
        SvgChart c = new SvgChart("dist", "Distribution of " + d.feature());
        int n = d.labels().size();
        double max = c.yAxis(Math.max(max(d.reference()), max(d.current())), true);
        double bw = (double) PLOT_W / Math.max(1, n);
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < n; i++) {
            double x = LEFT + i * bw;
            double h = PLOT_H * d.reference().get(i) / max;
            c.rect(x + 1, TOP + PLOT_H - h, bw - 2, h, REFERENCE_COLOR, 0.55, d.labels().get(i) + " reference "
                    + Numbers.percent(d.reference().get(i)));
            double cy = TOP + PLOT_H - PLOT_H * d.current().get(i) / max;
            line.append(num(x + bw / 2)).append(',').append(num(cy)).append(' ');
            c.out.append("<circle cx=\"").append(num(x + bw / 2)).append("\" cy=\"").append(num(cy))
                    .append("\" r=\"3\" fill=\"").append(CURRENT_COLOR).append("\"/>");
        }
        c.out.append("<polyline fill=\"none\" stroke=\"").append(CURRENT_COLOR).append("\" stroke-width=\"2\" points=\"")
                .append(line.toString().trim()).append("\"/>");
        if (n > 0) {
            c.text(LEFT, TOP + PLOT_H + 16, "start", Numbers.format(d.edges().get(0)));
            c.text(LEFT + PLOT_W / 2.0, TOP + PLOT_H + 16, "middle", Numbers.format(d.edges().get(n / 2)));
            c.text(LEFT + PLOT_W, TOP + PLOT_H + 16, "end", Numbers.format(d.edges().get(n)));
        }
        c.text(LEFT + PLOT_W / 2.0, HEIGHT - 8, "middle", d.feature() + " (value)");
        c.legend(new String[] {"reference", "current"}, new String[] {REFERENCE_COLOR, CURRENT_COLOR});
        return c.end();
    }

    /**
     * Draws a categorical distribution as side-by-side bars of category shares.
     *
     * @param d a categorical distribution
     * @return the SVG element
     */
    static String bars(FeatureDistribution d) {
        SvgChart c = new SvgChart("dist", "Category shares of " + d.feature());
        int n = d.labels().size();
        double max = c.yAxis(Math.max(max(d.reference()), max(d.current())), true);
        double gw = (double) PLOT_W / Math.max(1, n);
        double bw = Math.min(28, (gw - 6) / 2);
        for (int i = 0; i < n; i++) {
            double cx = LEFT + i * gw + gw / 2;
            double hr = PLOT_H * d.reference().get(i) / max;
            double hc = PLOT_H * d.current().get(i) / max;
            String label = d.labels().get(i);
            c.rect(cx - bw, TOP + PLOT_H - hr, bw, hr, REFERENCE_COLOR, 0.85, label + " reference "
                    + Numbers.percent(d.reference().get(i)));
            c.rect(cx, TOP + PLOT_H - hc, bw, hc, CURRENT_COLOR, 0.85, label + " current "
                    + Numbers.percent(d.current().get(i)));
            int room = Math.max(3, (int) (gw / 7));
            c.text(cx, TOP + PLOT_H + 16, "middle", label.length() > room ? label.substring(0, room - 1) + "\u2026" : label);
        }
        c.legend(new String[] {"reference", "current"}, new String[] {REFERENCE_COLOR, CURRENT_COLOR});
        return c.end();
    }

    /**
     * Draws one line per series over a shared x axis of window numbers.
     *
     * @param title the chart title, drawn above the plot
     * @param unit the y-axis unit shown in the title
     * @param windows the window numbers (x values), ascending
     * @param names the series names
     * @param series the y values, one array per series, NaN for a gap
     * @param percent whether y values are shares to draw as percentages
     * @return the SVG element
     */
    static String lines(String title, String unit, long[] windows, List<String> names, List<double[]> series,
                        boolean percent) {
        SvgChart c = new SvgChart("timeseries", title);
        double top = 0;
        for (double[] s : series) {
            top = Math.max(top, max(s));
        }
        double max = c.yAxis(top, percent);
        long x0 = windows.length == 0 ? 0 : windows[0];
        long x1 = windows.length == 0 ? 1 : Math.max(windows[windows.length - 1], x0 + 1);
        for (int k = 0; k < series.size(); k++) {
            String color = PALETTE[k % PALETTE.length];
            StringBuilder pts = new StringBuilder();
            double[] s = series.get(k);
            for (int i = 0; i < s.length; i++) {
                if (Double.isNaN(s[i])) {
                    continue;
                }
                double x = LEFT + PLOT_W * (windows[i] - x0) / (double) (x1 - x0);
                double y = TOP + PLOT_H - PLOT_H * s[i] / max;
                pts.append(num(x)).append(',').append(num(y)).append(' ');
                c.out.append("<circle cx=\"").append(num(x)).append("\" cy=\"").append(num(y)).append("\" r=\"2.5\" fill=\"")
                        .append(color).append("\"><title>").append(HtmlReport.escape(names.get(k) + " window " + windows[i]
                                + ": " + (percent ? Numbers.percent(s[i]) : Numbers.format(s[i])))).append("</title></circle>");
            }
            c.out.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"2\" points=\"")
                    .append(pts.toString().trim()).append("\"/>");
        }
        c.text(LEFT, TOP + PLOT_H + 16, "start", Long.toString(x0));
        c.text(LEFT + PLOT_W, TOP + PLOT_H + 16, "end", Long.toString(x1));
        c.text(LEFT + PLOT_W / 2.0, HEIGHT - 8, "middle", "window");
        c.text(LEFT, 16, "start", title + (unit.isEmpty() ? "" : " (" + unit + ")"));
        c.legend(names.toArray(new String[0]), colors(names.size()));
        return c.end();
    }

    private double yAxis(double top, boolean percent) {
        double max = top > 0 ? top * 1.1 : 1.0;
        out.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(TOP).append("\" x2=\"").append(LEFT)
                .append("\" y2=\"").append(TOP + PLOT_H).append("\" stroke=\"#333\"/>");
        out.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(TOP + PLOT_H).append("\" x2=\"")
                .append(LEFT + PLOT_W).append("\" y2=\"").append(TOP + PLOT_H).append("\" stroke=\"#333\"/>");
        for (int t = 1; t <= 4; t++) {
            double y = TOP + PLOT_H - PLOT_H * t / 4.0;
            out.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(num(y)).append("\" x2=\"")
                    .append(LEFT + PLOT_W).append("\" y2=\"").append(num(y)).append("\" stroke=\"#ddd\"/>");
        }
        for (int t = 0; t <= 4; t++) {
            double v = max * t / 4.0;
            text(LEFT - 6, TOP + PLOT_H - PLOT_H * t / 4.0 + 4, "end", percent ? Numbers.percent(v) : Numbers.format(v));
        }
        return max;
    }

    private void rect(double x, double y, double w, double h, String color, double opacity, String tip) {
        out.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"")
                .append(num(Math.max(0, w))).append("\" height=\"").append(num(Math.max(0, h))).append("\" fill=\"")
                .append(color).append("\" fill-opacity=\"").append(num(opacity)).append("\"><title>")
                .append(HtmlReport.escape(tip)).append("</title></rect>");
    }

    private void text(double x, double y, String anchor, String text) {
        out.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" text-anchor=\"")
                .append(anchor).append("\">").append(HtmlReport.escape(text)).append("</text>");
    }

    private void legend(String[] names, String[] colors) {
        double x = WIDTH - RIGHT;
        for (int i = names.length - 1; i >= 0; i--) {
            double w = 20 + 7 * names[i].length();
            x -= w;
            out.append("<rect x=\"").append(num(x)).append("\" y=\"8\" width=\"12\" height=\"12\" fill=\"")
                    .append(colors[i]).append("\"/>");
            text(x + 16, 18, "start", names[i]);
        }
    }

    private String end() {
        return out.append("</svg>").toString();
    }

    private static String[] colors(int n) {
        String[] c = new String[n];
        for (int i = 0; i < n; i++) {
            c[i] = PALETTE[i % PALETTE.length];
        }
        return c;
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).max().orElse(0.0);
    }

    private static double max(double[] values) {
        double m = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                m = Math.max(m, v);
            }
        }
        return m;
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
