package org.mlops4j.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.signal.SignalKind;
import org.mlops4j.monitoring.alert.Alert;
import org.mlops4j.monitoring.alert.Severity;

/** Which alerts fire now: opened by FIRED, closed by the RESOLVED of the same rule, endpoint and model. */
class FiringAlertsTest {

    static Alert alert(Alert.Kind kind, String rule, String endpoint, String model, Severity severity) {
        return new Alert(kind, rule, severity, "mlops.drift.dataset.share", 0.5, 0.3, "w1", endpoint, model, List.of(),
                Instant.parse("2026-12-05T00:00:00Z"), SignalKind.DATA_DRIFT);
    }

    @Test
    void aResolvedAlertClosesOnlyItsOwnRuleEndpointAndModel() {
        FiringAlerts firing = new FiringAlerts();
        firing.send(alert(Alert.Kind.FIRED, "drift", "fraud", "fraud/1", Severity.WARNING));
        firing.send(alert(Alert.Kind.FIRED, "drift", "fraud", "fraud/2", Severity.WARNING));
        firing.send(alert(Alert.Kind.FIRED, "errors", "fraud", "fraud/1", Severity.CRITICAL));
        firing.send(alert(Alert.Kind.FIRED, "drift", "churn", "churn/1", Severity.WARNING));
        assertThat(firing.firing()).hasSize(4);
        assertThat(firing.firing("churn")).extracting(Alert::model).containsExactly("churn/1");

        firing.send(alert(Alert.Kind.RESOLVED, "drift", "fraud", "fraud/1", Severity.WARNING));
        assertThat(firing.firing("fraud")).extracting(a -> a.rule() + " " + a.model())
                .containsExactly("drift fraud/2", "errors fraud/1");
        assertThat(firing.toString()).isEqualTo("FiringAlerts[3 firing]");
        assertThat(firing.recent()).hasSize(5);
    }

    @Test
    void aFiredAlertAgainReplacesTheOpenOneAndRecentKeepsTheLatestHundred() {
        FiringAlerts firing = new FiringAlerts();
        for (int i = 0; i < FiringAlerts.RECENT + 1; i++) {
            firing.send(alert(Alert.Kind.FIRED, "drift", "fraud", "fraud/1", Severity.WARNING));
        }
        assertThat(firing.firing()).hasSize(1);
        assertThat(firing.recent()).hasSize(FiringAlerts.RECENT);
        firing.send(alert(Alert.Kind.RESOLVED, "drift", "fraud", "fraud/1", Severity.WARNING));
        assertThat(firing.recent()).hasSize(FiringAlerts.RECENT).last().extracting(Alert::kind)
                .isEqualTo(Alert.Kind.RESOLVED);
        assertThat(firing.firing()).isEmpty();
    }
}
