package org.mlops4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Runs the batch demand-forecast example and checks its story. */
class DemandForecastExampleTest {

    @Test
    void trainsScoresInBulkAndAlarmsWhenDemandShifts() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(out);
            DemandForecastExample.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);

        assertThat(output).contains("43,800 store-days of history", "registered models:/demand/1 as champion",
                "scored 5,400 store-days for the next 90 days; 3 rows failed alone:", "row 2,000: invalid input",
                "price=n/a", "5,397 actuals joined by store-day, 3 unmatched");
        assertThat(output).containsPattern("validation RMSE (\\d+\\.\\d\\d) units \\(per-store mean baseline "
                + "(\\d+\\.\\d\\d)\\)");
        assertThat(output).containsPattern("done, [\\d,]+ rows/s");
        assertThat(output).containsPattern("ALERT FIRED rmse: RMSE \\d+\\.\\d\\d > \\d+\\.\\d\\d");
        // The model beats the naive baseline by a wide margin on the validation days.
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "validation RMSE (\\d+\\.\\d\\d) units \\(per-store mean baseline (\\d+\\.\\d\\d)\\)").matcher(output);
        assertThat(m.find()).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isLessThan(0.6 * Double.parseDouble(m.group(2)));
    }
}
