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
        assertThat(output).contains("sweep of 3 trainers tracked as child runs", "logistic-regression",
                "cart-depth-4", "<- best", "fraud recall by country", "model/model.tribuo", "provenance.json");
        assertThat(output).contains("registered models:/fraud/1 from run", "alias champion -> v1",
                "endpoint 'fraud' serves models:/fraud@champion -> fraud/1, checksum verified", "bad request refused:",
                "amount=-5.0 OUT_OF_RANGE", "country=XX UNKNOWN_CATEGORY");
        assertThat(output).containsPattern("batch: scored 2,000 rows .* accuracy 0\\.[789]\\d\\d");
        assertThat(output).contains("5. Deployment strategies", "shadow: fraud/2 mirrored 2,000 requests",
                "callers only ever saw the champion", "switch   -> live fraud/2", "rollback -> live fraud/1",
                "failures=0");
        assertThat(output).containsPattern("canary at  5\\.0%: \\d{2,3} of 2,000 customers");
        assertThat(output).containsPattern("human review .*: [\\d,]+ automated, [\\d,]+ queued for review");
        // Human review on a durable queue in the SQLite store: a caller's handle, a named reviewer's decision
        // reaching the caller and, as feedback, a monitor; a handle timing out; the figures; an audited move.
        assertThat(output).containsPattern("human review \\(partial automation, threshold 0\\.7\\): [1-9][\\d,]* automated, "
                + "[1-9][\\d,]* queued for review in the store's durable queue");
        assertThat(output).containsPattern("maria@fraud-ops claimed the oldest item \\(model: (legit|fraud), confidence "
                + "0\\.[0-6]\\d\\d\\) and decided (legit|fraud): \"called the card holder\"");
        assertThat(output).containsPattern("-> the waiting caller's handle completed DECIDED with (legit|fraud); "
                + "feedback joined 0 -> 1; labelled predictions of fraud/1 in a monitor: 1\\n");
        assertThat(output).containsPattern("the second caller's minute ran out: TIMED_OUT with the interim answer "
                + "(legit|fraud)");
        java.util.regex.Matcher figures = java.util.regex.Pattern.compile("human review .* automated, ([\\d,]+) queued for review"
                + "(?s).*review figures: depth ([\\d,]+), age p99 (\\d+) s, agreement 1\\.00 \\(decisions: 1\\)")
                .matcher(output);
        assertThat(figures.find()).isTrue();
        // Every queued item but the one decided and the one whose caller stopped waiting (still in the queue).
        assertThat(Integer.parseInt(figures.group(2).replace(",", "")))
                .isEqualTo(Integer.parseInt(figures.group(1).replace(",", "")) - 1);
        assertThat(Integer.parseInt(figures.group(3))).isBetween(120, 180);  // the review clock moved 3 minutes after serving
        assertThat(output).contains("automation ladder, audited: automation PARTIAL(threshold=0.7) -> AI_ASSISTANCE "
                + "by lena@risk: new fraud pattern: every answer reviewed");
        assertThat(output).contains("0. Scoping", "targets the monitor checks later", "profile of the training data",
                "label consistency:");
        assertThat(output).containsPattern("label consistency: \\d+ groups of identical inputs and \\d+ groups within "
                + "Gower distance 0\\.001 carry different labels \\(\\d+\\.\\d\\d% of the 8,000 rows");
        assertThat(output).contains("6. Monitoring, with a drift injected halfway", "ALERT FIRED dataset-drift",
                "ALERT FIRED accuracy", "HTML report: ", "... 8,000 / 8,000 streamed");
        assertThat(output).containsPattern("retraining outcome: ROLLOUT_STARTED .*holdout score (0\\.\\d+) vs champion "
                + "fraud/1 (0\\.\\d+)");
        java.util.regex.Matcher scores = java.util.regex.Pattern.compile("holdout score (0\\.\\d+) vs champion fraud/1 "
                + "(0\\.\\d+)").matcher(output);
        assertThat(scores.find()).isTrue();
        assertThat(Double.parseDouble(scores.group(1))).isGreaterThan(Double.parseDouble(scores.group(2)) + 0.1);
        // Retraining read the captured production data (the capture in the work dir), with its lineage.
        assertThat(output).containsPattern("retraining \\(DATA_DRIFT: .*\\) on the latest 3,000 of the captured "
                + "labelled transactions");
        java.util.regex.Matcher lineage = java.util.regex.Pattern.compile("captured data read: ([\\d,]+) rows, label "
                + "coverage (\\d\\.\\d{4}), sha256 ([0-9a-f]{12})\\.\\.\\., (\\S+Z) to (\\S+Z)").matcher(output);
        assertThat(lineage.find()).isTrue();
        int capturedRows = Integer.parseInt(lineage.group(1).replace(",", ""));
        assertThat(capturedRows).isBetween(4_001, 8_000);  // the drift alert fired after the drift began
        assertThat(Double.parseDouble(lineage.group(2))).isGreaterThan(0.999);
        assertThat(java.time.Duration.between(java.time.Instant.parse(lineage.group(4)),
                java.time.Instant.parse(lineage.group(5)))).isEqualTo(java.time.Duration.ofHours(1));
        assertThat(output).containsPattern("models:/fraud/3 is tagged with its data: dataset\\.sha256="
                + lineage.group(3) + "\\.\\.\\., dataset\\.rows=" + capturedRows + ", dataset\\.label_coverage=0\\.9");
        assertThat(output).contains("7. Retraining and automated rollout", "rollout: STEP_PASSED shadow",
                "manual gate at 'canary 50%' held the rollout for 2 ticks", "rollout: PROMOTED");
        assertThat(output).contains("automated rollout of a faulty build of fraud/2");
        assertThat(output).containsPattern("monitor re-baselined on the [\\d,]+ transactions v3 was trained on: "
                + "\\d+ windows of today's traffic, 0 alerts");
        assertThat(output).containsPattern("-> ROLLED_BACK after [\\d,]+ requests \\(\\d{2,3} to the candidate\\)");
        assertThat(output).containsPattern("error rate check: FAIL \\(candidate \\d+/\\d+, champion 0/\\d+");
        assertThat(output).containsPattern("rollout PROMOTED after [\\d,]+ requests; champion alias -> v3, previous -> v1");
        assertThat(output).containsPattern("accuracy on the drifted holdout 0\\.\\d+ \\(target >= 0\\.78\\): met");
        assertThat(output.substring(output.indexOf("8. Targets"))).doesNotContain("ALERT");
        // The scoping targets, checked by the library as the monitor's windows closed.
        assertThat(output).contains("targets the monitor checks later: accuracy >= 0.78 (at risk below 0.8), "
                + "latency_p99 <= 0.005, throughput >= 500");
        assertThat(output).containsPattern("monitored accuracy 0\\.\\d+ \\(target accuracy >= 0\\.78 \\(at risk below "
                + "0\\.8\\)\\): (MET|AT_RISK|MISSED), from fraud/champion \\(fraud/3\\), after [\\d,]+ labelled");
        assertThat(output).containsPattern("monitored latency_p99 \\S+ \\(target latency_p99 <= 0\\.005\\): [A-Z_]+, from");
        assertThat(output).containsPattern("monitored throughput \\S+ \\(target throughput >= 500\\): [A-Z_]+, from");
        java.util.regex.Matcher report = java.util.regex.Pattern.compile("HTML report: (\\S+)").matcher(output);
        assertThat(report.find()).isTrue();
        String html = java.nio.file.Files.readString(java.nio.file.Path.of(report.group(1)));
        assertThat(html).contains("<svg", "dataset-drift", "<h2>Scoping targets</h2>", "<td>latency_p99</td>");
        // The report carries what the monitor measured: the drift the alert named, with each feature's test
        // (issue 16: it used to say "No drift check in this report"), and the input, output and accuracy charts.
        for (String feature : new String[] {"country", "new_customer", "amount"}) {
            assertThat(html).containsPattern("<tr class=\"verdict-DRIFT\"><td>" + feature
                    + "</td><td>[a-z_]+</td><td class=\"num\">[0-9.e-]+</td>");
        }
        assertThat(html).contains("aria-label=\"Missing input ratio per feature, fraud/champion (fraud/1)\"",
                "aria-label=\"Non-null output ratio\"", "aria-label=\"Accuracy per window of 1000 labelled predictions\"")
                .doesNotContain("No drift check in this report");
    }
}
