package org.mlops4j.monitoring.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Number and time formatting shared by the HTML renderer, the charts and the bin labels; locale-independent. */
final class Numbers {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Numbers() {
    }

    /**
     * Formats a number with three significant digits: {@code 0.00746}, {@code 12.3}, {@code 1230}; below 0.001 and
     * from a million on in scientific notation ({@code 2.7e-5}); a whole number below a billion in full; {@code n/a}
     * for NaN.
     *
     * @param v the number
     * @return the text
     */
    static String format(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        double a = Math.abs(v);
        if (a < 1e-3 || a >= 1e6) {
            String[] parts = String.format(Locale.ROOT, "%.2e", v).split("e");
            String mantissa = parts[0].replaceAll("0+$", "").replaceAll("\\.$", "");
            return mantissa + "e" + Integer.parseInt(parts[1]);
        }
        return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    /**
     * Formats a share in [0, 1] as a percentage with one decimal.
     *
     * @param share the share
     * @return the text, such as {@code 12.5%}
     */
    static String percent(double share) {
        return Double.isNaN(share) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    /**
     * Formats an axis tick with as many decimals as the tick step needs, so that the labels of one axis line up
     * ({@code 0.000, 0.005, 0.010}); shares are shown as percentages.
     *
     * @param v the tick value
     * @param step the distance between ticks, positive
     * @param percent whether the value is a share to show as a percentage
     * @return the label
     */
    static String tick(double v, double step, boolean percent) {
        double value = percent ? v * 100 : v;
        double unit = percent ? step * 100 : step;
        if (Math.abs(value) >= 1e6) {
            return format(value) + (percent ? "%" : "");
        }
        int decimals = Math.max(0, BigDecimal.valueOf(unit).round(new MathContext(6)).stripTrailingZeros().scale());
        return String.format(Locale.ROOT, "%." + decimals + "f", value) + (percent ? "%" : "");
    }

    /**
     * Formats an instant in UTC to the millisecond, without a zone suffix (tables say UTC in their header).
     *
     * @param t the instant
     * @return the text, such as {@code 2024-05-01 13:05:00.250}
     */
    static String utc(Instant t) {
        return UTC.format(t);
    }
}
