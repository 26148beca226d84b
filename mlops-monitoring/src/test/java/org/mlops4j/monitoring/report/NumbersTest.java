package org.mlops4j.monitoring.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NumbersTest {

    @Test
    void numbersHaveThreeSignificantDigits() {
        assertThat(Numbers.format(0.007456)).isEqualTo("0.00746");
        assertThat(Numbers.format(0.02435)).isEqualTo("0.0244");
        assertThat(Numbers.format(12.345)).isEqualTo("12.3");
        assertThat(Numbers.format(1234.5)).isEqualTo("1230");
        assertThat(Numbers.format(0.5)).isEqualTo("0.5");
        assertThat(Numbers.format(2.7e-5)).isEqualTo("2.7e-5");
        assertThat(Numbers.format(-3.14159e9)).isEqualTo("-3.14e9");
        assertThat(Numbers.format(2.5e6 + 0.5)).isEqualTo("2.5e6");
        assertThat(Numbers.format(5000)).isEqualTo("5000");
        assertThat(Numbers.format(Double.NaN)).isEqualTo("n/a");
    }

    @Test
    void ticksOfOneAxisShareTheirDecimals() {
        assertThat(ticks(0.02435, false)).containsExactly("0.00", "0.01", "0.02", "0.03");
        assertThat(ticks(0.0199, false)).containsExactly("0.000", "0.005", "0.010", "0.015", "0.020");
        assertThat(ticks(1.0, true)).containsExactly("0%", "25%", "50%", "75%", "100%");
        assertThat(ticks(0.137, true)).containsExactly("0%", "5%", "10%", "15%");
        assertThat(ticks(7.93, false)).containsExactly("0", "2", "4", "6", "8");
        assertThat(ticks(0.004, true)).containsExactly("0.0%", "0.1%", "0.2%", "0.3%", "0.4%");
    }

    @Test
    void timesAreUtcToTheMillisecond() {
        assertThat(Numbers.utc(Instant.parse("2026-12-05T15:33:23.707583082Z"))).isEqualTo("2026-12-05 15:33:23.707");
    }

    @Test
    void labelWidthsAreEstimatedWideForTheFont() {
        // DejaVu Sans at 11 px, the widest common default: a digit is 7.0 px, "%" 10.2 px, "." 3.5 px.
        assertThat(SvgChart.textWidth("0.007456")).isGreaterThanOrEqualTo(7 * 7.0 + 3.5);
        assertThat(SvgChart.textWidth("100%")).isGreaterThanOrEqualTo(3 * 7.0 + 10.2);
    }

    private static List<String> ticks(double top, boolean percent) {
        double step = SvgChart.step(top);
        List<String> out = new ArrayList<>();
        for (int i = 0; i * step < top + step - 1e-12; i++) {
            out.add(Numbers.tick(i * step, step, percent));
        }
        return out;
    }
}
