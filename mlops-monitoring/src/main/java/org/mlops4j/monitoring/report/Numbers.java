package org.mlops4j.monitoring.report;

import java.util.Locale;

/** Number formatting shared by the HTML renderer and the bin labels; locale-independent. */
final class Numbers {

    private Numbers() {
    }

    /**
     * Formats a number with four significant digits, {@code n/a} for NaN.
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
        if (a != 0 && (a < 1e-3 || a >= 1e6)) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        String s = String.format(Locale.ROOT, "%.4g", v);
        if (s.contains(".") && !s.contains("e")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
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
}
