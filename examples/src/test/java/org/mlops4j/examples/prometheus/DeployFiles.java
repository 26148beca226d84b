package org.mlops4j.examples.prometheus;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The monitoring files shipped under the repository's {@code deploy/} folder, found from the
 * working directory (a module's directory under Maven, the repository root from an IDE).
 */
final class DeployFiles {

    private static final Path RULES = Path.of("deploy", "prometheus", "mlops4j-alerts.yml");

    private DeployFiles() {
    }

    /**
     * Returns the repository root: the working directory or its nearest ancestor holding
     * {@code deploy/prometheus/mlops4j-alerts.yml}.
     *
     * @return the absolute root
     * @throws IllegalStateException if no ancestor holds it
     */
    static Path root() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(RULES))) {
                return dir;
            }
        }
        throw new IllegalStateException("no " + RULES + " in " + start + " or any of its parents");
    }

    /**
     * The alerting rules.
     *
     * @return {@code deploy/prometheus/mlops4j-alerts.yml}
     */
    static Path alertRules() {
        return root().resolve(RULES);
    }

    /**
     * The promtool unit tests of the alerting rules.
     *
     * @return {@code deploy/prometheus/mlops4j-alerts.test.yml}
     */
    static Path alertTests() {
        return root().resolve("deploy/prometheus/mlops4j-alerts.test.yml");
    }

    /**
     * The alerting rules of the human-review queues.
     *
     * @return {@code deploy/prometheus/mlops4j-review-alerts.yml}
     */
    static Path reviewAlertRules() {
        return root().resolve("deploy/prometheus/mlops4j-review-alerts.yml");
    }

    /**
     * The promtool unit tests of the human-review queues' alerting rules.
     *
     * @return {@code deploy/prometheus/mlops4j-review-alerts.test.yml}
     */
    static Path reviewAlertTests() {
        return root().resolve("deploy/prometheus/mlops4j-review-alerts.test.yml");
    }

    /**
     * The Grafana dashboard.
     *
     * @return {@code deploy/grafana/mlops4j-dashboard.json}
     */
    static Path dashboard() {
        return root().resolve("deploy/grafana/mlops4j-dashboard.json");
    }
}
