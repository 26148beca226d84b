package org.mlops4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Runs the README's example end to end, as the first README command does, and checks its story. */
class LifecycleExampleTest {

    @Test
    void runsEndToEndAndTellsTheWholeStory() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(out);
            LifecycleExample.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);

        assertThat(output).contains("1. Data", "2. Modelling", "3. Registry", "4. Serving");
        assertThat(output).contains("registered models:/fraud/1", "alias champion -> v1",
                "loaded models:/fraud@champion -> fraud/1, checksum verified", "bad request refused:",
                "amount=-5.0 OUT_OF_RANGE", "country=XX UNKNOWN_CATEGORY");
        assertThat(output).containsPattern("test accuracy 0\\.[89]\\d\\d");
    }
}
