package org.mlops4j.monitoring.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Inline SVG charts: overlaid histograms, grouped bars and time series, with axes, tick labels and a legend. All text
 * is escaped; the markup references nothing outside itself.
 *
 * <p>Nothing is clipped: the left margin is sized to the widest y-axis label (estimated from the glyph widths of an
 * 11 px sans-serif font, rounded up), x-axis labels at the ends are anchored inwards, and the legend wraps into rows
 * below the plot, growing the chart's height. Axis ticks are round numbers (steps of 1, 2, 2.5 or 5 times a power of ten).
 */
final class SvgChart {

    static final String REFERENCE_COLOR = "#4c78a8";
    static final String CURRENT_COLOR = "#f58518";
    static final String[] PALETTE = {"#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2", "#eeca3b",
        "#ff9da6", "#9d755d", "#bab0ac"};

    private static final int WIDTH = 560;
    private static final int RIGHT = 24;
    private static final int TOP = 30;
    private static final int PLOT_H = 170;
    private static final int X_LABELS = 40;
    private static final int LEGEND_ROW = 18;
    private static final int TICKS = 4;

    /** A series of a time-series chart: values at instants, NaN for a gap. */
    record Series(String name, List<Instant> times, List<Double> values) {
    }

    private final StringBuilder out = new StringBuilder();
    private final String cssClass;
    private final String label;
    private int left = 40;
    private int plotW = WIDTH - 40 - RIGHT;
    private int height = TOP + PLOT_H + X_LABELS;

    private SvgChart(String cssClass, String label) {
        this.cssClass = cssClass;
        this.label = label;
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
        double bw = (double) c.plotW / Math.max(1, n);
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < n; i++) {
            double x = c.left + i * bw;
            double h = PLOT_H * d.reference().get(i) / max;
            c.rect(x + 1, TOP + PLOT_H - h, bw - 2, h, REFERENCE_COLOR, 0.55, d.labels().get(i) + " reference "
                    + Numbers.percent(d.reference().get(i)));
            double cy = TOP + PLOT_H - PLOT_H * d.current().get(i) / max;
            line.append(num(x + bw / 2)).append(',').append(num(cy)).append(' ');
            c.out.append("<circle cx=\"").append(num(x + bw / 2)).append("\" cy=\"").append(num(cy))
                    .append("\" r=\"3\" fill=\"").append(CURRENT_COLOR).append("\"><title>")
                    .append(HtmlReport.escape(d.labels().get(i) + " current " + Numbers.percent(d.current().get(i))))
                    .append("</title></circle>");
        }
        c.out.append("<polyline fill=\"none\" stroke=\"").append(CURRENT_COLOR).append("\" stroke-width=\"2\" points=\"")
                .append(line.toString().trim()).append("\"/>");
        if (n > 0) {
            c.xTick(c.left, "start", Numbers.format(d.edges().get(0)));
            c.xTick(c.left + c.plotW / 2.0, "middle", Numbers.format(d.edges().get(n / 2)));
            c.xTick(c.left + c.plotW, "end", Numbers.format(d.edges().get(n)));
        }
        boolean tails = n > 0 && (d.labels().get(0).startsWith("(-inf") || d.labels().get(n - 1).endsWith("inf)"));
        c.xTitle(d.feature() + (tails ? " (value; the end bins hold the outer 1%)" : " (value)") + "; share of rows");
        c.legend(List.of("reference", "current"), List.of(REFERENCE_COLOR, CURRENT_COLOR));
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
        double gw = (double) c.plotW / Math.max(1, n);
        double bw = Math.min(28, (gw - 6) / 2);
        for (int i = 0; i < n; i++) {
            double cx = c.left + i * gw + gw / 2;
            double hr = PLOT_H * d.reference().get(i) / max;
            double hc = PLOT_H * d.current().get(i) / max;
            String category = d.labels().get(i);
            c.rect(cx - bw, TOP + PLOT_H - hr, bw, hr, REFERENCE_COLOR, 0.85, category + " reference "
                    + Numbers.percent(d.reference().get(i)));
            c.rect(cx, TOP + PLOT_H - hc, bw, hc, CURRENT_COLOR, 0.85, category + " current "
                    + Numbers.percent(d.current().get(i)));
            c.xTick(cx, "middle", fit(category, gw - 4));
        }
        c.xTitle(d.feature() + " (category); share of rows");
        c.legend(List.of("reference", "current"), List.of(REFERENCE_COLOR, CURRENT_COLOR));
        return c.end();
    }

    /**
     * Draws one line per series over time, with UTC times on the x axis.
     *
     * @param title the chart title, drawn above the plot
     * @param series the series; each one's times in ascending order
     * @param percent whether values are shares to draw as percentages
     * @return the SVG element
     */
    static String timeSeries(String title, List<Series> series, boolean percent) {
        SvgChart c = new SvgChart("timeseries", title);
        double top = 0;
        long t0 = Long.MAX_VALUE;
        long t1 = Long.MIN_VALUE;
        for (Series s : series) {
            top = Math.max(top, max(s.values()));
            for (Instant t : s.times()) {
                t0 = Math.min(t0, t.toEpochMilli());
                t1 = Math.max(t1, t.toEpochMilli());
            }
        }
        if (t0 > t1) {
            t0 = 0;
            t1 = 1;
        } else if (t0 == t1) {
            t0 -= 30_000;
            t1 += 30_000;
        }
        double max = c.yAxis(top, percent);
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            String color = PALETTE[k % PALETTE.length];
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < s.values().size(); i++) {
                double v = s.values().get(i);
                if (!Double.isFinite(v)) {
                    c.polyline(pts, color);
                    continue;
                }
                double x = c.left + c.plotW * (s.times().get(i).toEpochMilli() - t0) / (double) (t1 - t0);
                double y = TOP + PLOT_H - PLOT_H * v / max;
                pts.append(num(x)).append(',').append(num(y)).append(' ');
                c.out.append("<circle cx=\"").append(num(x)).append("\" cy=\"").append(num(y))
                        .append("\" r=\"2.5\" fill=\"").append(color).append("\"><title>")
                        .append(HtmlReport.escape(s.name() + " at " + Numbers.utc(s.times().get(i)) + " UTC: "
                                + (percent ? Numbers.percent(v) : Numbers.format(v)))).append("</title></circle>");
            }
            c.polyline(pts, color);
        }
        c.timeAxis(t0, t1);
        c.title(title);
        c.legend(series.stream().map(Series::name).toList(), colors(series.size()));
        return c.end();
    }

    private void timeAxis(long t0, long t1) {
        Duration span = Duration.ofMillis(t1 - t0);
        Instant first = Instant.ofEpochMilli(t0);
        Instant last = Instant.ofEpochMilli(t1);
        boolean sameDay = first.atZone(ZoneOffset.UTC).toLocalDate().equals(last.atZone(ZoneOffset.UTC).toLocalDate());
        String pattern = !sameDay ? "MM-dd HH:mm" : span.compareTo(Duration.ofSeconds(10)) < 0 ? "HH:mm:ss.SSS"
                : span.compareTo(Duration.ofHours(1)) < 0 ? "HH:mm:ss" : "HH:mm";
        DateTimeFormatter f = DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withZone(ZoneOffset.UTC);
        for (int i = 0; i <= TICKS; i++) {
            long t = t0 + Math.round((t1 - t0) * (double) i / TICKS);
            xTick(left + plotW * (double) i / TICKS, i == 0 ? "start" : i == TICKS ? "end" : "middle",
                    f.format(Instant.ofEpochMilli(t)));
        }
        xTitle("time (UTC" + (sameDay ? ", " + first.atZone(ZoneOffset.UTC).toLocalDate() : "") + ")");
    }

    /**
     * Lays out the y axis for values up to {@code top}: picks round ticks, sizes the left margin to the widest tick
     * label, draws the axes, the grid and the labels.
     *
     * @return the value at the top of the plot
     */
    private double yAxis(double top, boolean percent) {
        double range = top > 0 && Double.isFinite(top) ? top : 1.0;
        double step = step(range);
        int count = Math.max(1, (int) Math.ceil(range / step - 1e-9));
        double max = step * count;
        List<String> labels = new ArrayList<>();
        for (int t = 0; t <= count; t++) {
            labels.add(Numbers.tick(step * t, step, percent));
        }
        double widest = labels.stream().mapToDouble(SvgChart::textWidth).max().orElse(0);
        left = (int) Math.ceil(widest) + 14;
        plotW = WIDTH - left - RIGHT;
        out.append("<line x1=\"").append(left).append("\" y1=\"").append(TOP).append("\" x2=\"").append(left)
                .append("\" y2=\"").append(TOP + PLOT_H).append("\" stroke=\"#333\"/>");
        out.append("<line x1=\"").append(left).append("\" y1=\"").append(TOP + PLOT_H).append("\" x2=\"")
                .append(left + plotW).append("\" y2=\"").append(TOP + PLOT_H).append("\" stroke=\"#333\"/>");
        for (int t = 0; t <= count; t++) {
            double y = TOP + PLOT_H - PLOT_H * t / (double) count;
            if (t > 0) {
                out.append("<line x1=\"").append(left).append("\" y1=\"").append(num(y)).append("\" x2=\"")
                        .append(left + plotW).append("\" y2=\"").append(num(y)).append("\" stroke=\"#ddd\"/>");
            }
            text("ytick", left - 6, y + 4, "end", labels.get(t));
        }
        return max;
    }

    /** A round tick step (1, 2, 2.5 or 5 times a power of ten) giving at most {@value #TICKS} intervals up to top. */
    static double step(double top) {
        double raw = top / TICKS;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * magnitude >= raw * (1 - 1e-9)) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    /**
     * Estimates the rendered width of a text in an 11 px sans-serif font (DejaVu Sans, the widest of the common
     * defaults), erring wide.
     *
     * @param text the text
     * @return the width in pixels
     */
    static double textWidth(String text) {
        double w = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch >= '0' && ch <= '9') {
                w += 7.0;
            } else if (ch == '.' || ch == ',' || ch == ':' || ch == ';' || ch == '\'' || ch == 'i' || ch == 'l'
                    || ch == 'j' || ch == '|' || ch == '!') {
                w += 3.8;
            } else if (ch == ' ' || ch == '-' || ch == '(' || ch == ')' || ch == '[' || ch == ']' || ch == 'f'
                    || ch == 't' || ch == 'r' || ch == '/') {
                w += 4.8;
            } else if (ch == '%' || ch == 'm' || ch == 'w' || ch == 'M' || ch == 'W' || ch == '@') {
                w += 10.5;
            } else if (Character.isUpperCase(ch)) {
                w += 8.2;
            } else {
                w += 7.0;
            }
        }
        return w;
    }

    private static String fit(String text, double room) {
        if (textWidth(text) <= room) {
            return text;
        }
        String cut = text;
        while (cut.length() > 1 && textWidth(cut + "\u2026") > room) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "\u2026";
    }

    private void polyline(StringBuilder pts, String color) {
        if (pts.length() > 0) {
            out.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"2\" points=\"")
                    .append(pts.toString().trim()).append("\"/>");
            pts.setLength(0);
        }
    }

    private void rect(double x, double y, double w, double h, String color, double opacity, String tip) {
        out.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"")
                .append(num(Math.max(0, w))).append("\" height=\"").append(num(Math.max(0, h))).append("\" fill=\"")
                .append(color).append("\" fill-opacity=\"").append(num(opacity)).append("\"><title>")
                .append(HtmlReport.escape(tip)).append("</title></rect>");
    }

    private void xTick(double x, String anchor, String text) {
        text("xtick", x, TOP + PLOT_H + 16, anchor, text);
    }

    private void xTitle(String text) {
        text("xtitle", left + plotW / 2.0, TOP + PLOT_H + 33, "middle", fit(text, plotW));
    }

    private void title(String text) {
        text("title", left, 16, "start", fit(text, WIDTH - left - RIGHT));
    }

    private void text(String cls, double x, double y, String anchor, String text) {
        out.append("<text class=\"").append(cls).append("\" x=\"").append(num(x)).append("\" y=\"").append(num(y))
                .append("\" text-anchor=\"").append(anchor).append("\">").append(HtmlReport.escape(text))
                .append("</text>");
    }

    /** Lays out the legend in rows below the x axis, left to right, and grows the chart to hold them. */
    private void legend(List<String> names, List<String> colors) {
        double x = left;
        int row = 0;
        double maxRight = WIDTH - RIGHT;
        for (int i = 0; i < names.size(); i++) {
            String name = fit(names.get(i), maxRight - left - 16);
            double w = 16 + textWidth(name) + 14;
            if (x + w - 14 > maxRight && x > left) {
                row++;
                x = left;
            }
            double y = TOP + PLOT_H + X_LABELS + row * LEGEND_ROW;
            out.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"11\" height=\"11\" fill=\"")
                    .append(colors.get(i)).append("\"/>");
            text("legend", x + 16, y + 10, "start", name);
            x += w;
        }
        height = TOP + PLOT_H + X_LABELS + (names.isEmpty() ? 0 : (row + 1) * LEGEND_ROW) + 4;
    }

    private String end() {
        return "<svg class=\"" + cssClass + "\" width=\"" + WIDTH + "\" height=\"" + height + "\" viewBox=\"0 0 "
                + WIDTH + ' ' + height + "\" role=\"img\" aria-label=\"" + HtmlReport.escape(label) + "\">" + out
                + "</svg>";
    }

    private static List<String> colors(int n) {
        List<String> c = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            c.add(PALETTE[i % PALETTE.length]);
        }
        return c;
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).max().orElse(0.0);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
