package org.mlops4j.examples.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checks the shipped alerting rules with Prometheus' own tool: {@code promtool check rules}
 * validates them, and {@code promtool test rules} runs their unit tests on synthetic series
 * ({@code deploy/prometheus/mlops4j-alerts.test.yml}). Skipped only where {@code /usr/bin/promtool}
 * is absent (Debian package {@code prometheus}; CI installs it and fails when this is skipped).
 */
class PromtoolRulesTest {

    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @BeforeAll
    static void promtoolIsInstalled() {
        assumeTrue(Files.isExecutable(PROMTOOL), PROMTOOL + " is absent: install Debian's prometheus package "
                + "(apt-get install prometheus) to check the alerting rules with promtool");
    }

    private static ToolRun promtool(Path dir, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = PROMTOOL.toString();
        System.arraycopy(args, 0, command, 1, args.length);
        return ToolRun.run(dir, TIMEOUT, command);
    }

    @Test
    void theRulesAreValid() throws Exception {
        ToolRun run = promtool(DeployFiles.root(), "check", "rules", DeployFiles.alertRules().toString());

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.output()).as(run.describe()).contains("SUCCESS: 9 rules found");
    }

    @Test
    void theRulesPassTheirUnitTests() throws Exception {
        ToolRun run = promtool(DeployFiles.root(), "test", "rules", DeployFiles.alertTests().toString());

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.output()).as(run.describe()).contains("SUCCESS");
    }

    @Test
    void theReviewRulesAreValidAndPassTheirUnitTests() throws Exception {
        ToolRun check = promtool(DeployFiles.root(), "check", "rules", DeployFiles.reviewAlertRules().toString());
        assertThat(check.exitCode()).as(check.describe()).isZero();
        assertThat(check.output()).as(check.describe()).contains("SUCCESS: 4 rules found");

        ToolRun run = promtool(DeployFiles.root(), "test", "rules", DeployFiles.reviewAlertTests().toString());
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.output()).as(run.describe()).contains("SUCCESS");
    }

    /** The review rules' unit tests pin each threshold, window and duration. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "(mlops_review_queue_depth) > 100|(mlops_review_queue_depth) > 150|MlopsReviewQueueDepthHigh",
        "max by (job, endpoint, queue) (mlops_review_queue_depth)|max by (job, endpoint, queue, instance) (mlops_review_queue_depth)|MlopsReviewQueueDepthHigh",
        "(mlops_review_age_p99_seconds) > 3600|(mlops_review_age_p99_seconds) > 7200|MlopsReviewAgeP99High",
        "'            > 0'|'            > 1'|MlopsReviewItemsExpired",
        "(mlops_review_expired offset 1h)|(mlops_review_expired offset 30m)|MlopsReviewItemsExpired",
        "'            < 0.8'|'            <= 0.8'|MlopsReviewAgreementLow",
        "(mlops_review_resolved offset 1h)|(mlops_review_resolved offset 2h)|MlopsReviewAgreementLow",
    })
    void aChangedReviewRuleFailsTheUnitTests(String shipped, String changed, String alert, @TempDir Path dir)
            throws Exception {
        String rules = Files.readString(DeployFiles.reviewAlertRules());
        assertThat(rules).as("the shipped rules hold %s once", shipped).containsOnlyOnce(shipped);
        Files.writeString(dir.resolve("mlops4j-review-alerts.yml"), rules.replace(shipped, changed));
        Files.copy(DeployFiles.reviewAlertTests(), dir.resolve("mlops4j-review-alerts.test.yml"));

        ToolRun run = promtool(dir, "test", "rules", "mlops4j-review-alerts.test.yml");

        assertThat(run.exitCode()).as(run.describe()).isNotZero();
        assertThat(run.output()).as(run.describe()).contains("alertname: " + alert);
    }

    /** The unit tests pin each threshold and duration: a rule changed in one place fails them. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "mlops_drift_dataset_share >= 0.5|mlops_drift_dataset_share > 0.5|MlopsDatasetDrift",
        "mlops_input_missing_ratio > 0.1|mlops_input_missing_ratio > 0.3|MlopsInputMissingRatioHigh",
        "1 - mlops_output_null_ratio < 0.95|1 - mlops_output_null_ratio <= 0.95|MlopsNonNullOutputRatioLow",
        "mlops_prediction_error_ratio > 0.05|mlops_prediction_error_ratio >= 0.05|MlopsPredictionErrorRatioHigh",
        "'            > 0.05'|'            > 0.2'|MlopsFallbackRatioHigh",
        "mlops_prediction_latency_p99_seconds > 0.5|mlops_prediction_latency_p99_seconds > 1|MlopsPredictionLatencyP99High",
        "        for: 15m|        for: 14m|MlopsAccuracyBelowTarget",
        "mlops_estimated_accuracy_upper < 0.8|mlops_estimated_accuracy_upper <= 0.8|MlopsEstimatedAccuracyBelowTarget",
        "mlops_estimated_accuracy_upper < 0.8|mlops_estimated_accuracy < 0.8|MlopsEstimatedAccuracyBelowTarget",
        "        for: 30m|        for: 29m|MlopsEstimatedAccuracyBelowTarget",
        "unless mlops_rollout_rollbacks_total offset 15m|unless mlops_rollout_rollbacks_total offset 1m|MlopsRolloutRolledBack",
    })
    void aChangedRuleFailsTheUnitTests(String shipped, String changed, String alert, @TempDir Path dir) throws Exception {
        String rules = Files.readString(DeployFiles.alertRules());
        assertThat(rules).as("the shipped rules hold %s once", shipped).containsOnlyOnce(shipped);
        Files.writeString(dir.resolve("mlops4j-alerts.yml"), rules.replace(shipped, changed));
        Files.copy(DeployFiles.alertTests(), dir.resolve("mlops4j-alerts.test.yml"));

        ToolRun run = promtool(dir, "test", "rules", "mlops4j-alerts.test.yml");

        assertThat(run.exitCode()).as(run.describe()).isNotZero();
        assertThat(run.output()).as(run.describe()).contains("alertname: " + alert);
    }
}
