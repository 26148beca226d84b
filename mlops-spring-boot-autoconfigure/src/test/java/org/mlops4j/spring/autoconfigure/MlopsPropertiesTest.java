package org.mlops4j.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each property's check, at its boundaries, with the message naming the property and the value. */
class MlopsPropertiesTest {

    private static MlopsProperties.Alerts alerts(double drift, double missing, double nulls, double errors,
                                                 Duration p99, Double accuracy, int holdFor) {
        return new MlopsProperties.Alerts(drift, missing, nulls, errors, p99, accuracy, holdFor, true,
                new MlopsProperties.Webhook(null, null, null, 5));
    }

    @Test
    void ratiosAreInZeroToOneInclusive() {
        assertThatCode(() -> alerts(0, 0, 0, 0, null, null, 1)).doesNotThrowAnyException();
        assertThatCode(() -> alerts(1, 1, 1, 1, null, 1.0, 1)).doesNotThrowAnyException();
        assertThatThrownBy(() -> alerts(1.01, 0, 0, 0, null, null, 1)).hasMessage(
                "mlops.alerts.drift-share must be in [0, 1] but was 1.01");
        assertThatThrownBy(() -> alerts(0, -0.01, 0, 0, null, null, 1)).hasMessage(
                "mlops.alerts.missing-input-ratio must be in [0, 1] but was -0.01");
        assertThatThrownBy(() -> alerts(0, 0, Double.NaN, 0, null, null, 1)).hasMessage(
                "mlops.alerts.null-output-ratio must be in [0, 1] but was NaN");
        assertThatThrownBy(() -> alerts(0, 0, 0, 2, null, null, 1)).hasMessage(
                "mlops.alerts.error-ratio must be in [0, 1] but was 2.0");
        assertThatThrownBy(() -> alerts(0, 0, 0, 0, null, 1.5, 1)).hasMessage(
                "mlops.alerts.min-accuracy must be in [0, 1] but was 1.5");
    }

    @Test
    void durationsArePositiveAndCountsAtLeastOne() {
        assertThatCode(() -> alerts(0, 0, 0, 0, Duration.ofNanos(1), null, 1)).doesNotThrowAnyException();
        assertThatThrownBy(() -> alerts(0, 0, 0, 0, Duration.ZERO, null, 1)).hasMessage(
                "mlops.alerts.latency-p99 must be a positive duration but was PT0S");
        assertThatThrownBy(() -> alerts(0, 0, 0, 0, Duration.ofMillis(-1), null, 1)).hasMessage(
                "mlops.alerts.latency-p99 must be a positive duration but was PT-0.001S");
        assertThatThrownBy(() -> alerts(0, 0, 0, 0, null, null, 0)).hasMessage(
                "mlops.alerts.hold-for must be at least 1 but was 0");
        assertThatCode(() -> new MlopsProperties.Monitor(true, 1, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> new MlopsProperties.Monitor(true, 0, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessage("mlops.monitor.window-size must be at least 1 but was 0");
        assertThatThrownBy(() -> new MlopsProperties.Monitor(true, 1, Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessage("mlops.monitor.window-duration must be a positive duration but was PT0S");
        assertThatThrownBy(() -> new MlopsProperties.Monitor(true, 1, null, Duration.ofSeconds(1)))
                .hasMessage("mlops.monitor.window-duration must be a positive duration but was null");
        assertThatThrownBy(() -> new MlopsProperties.Monitor(true, 1, Duration.ofSeconds(1), Duration.ofSeconds(-1)))
                .hasMessage("mlops.monitor.tick-interval must be a positive duration but was PT-1S");
    }

    @Test
    void aWebhookIsHttpOrHttpsWithAtLeastOneAttemptAndHidesItsSecret() {
        assertThatCode(() -> new MlopsProperties.Webhook(URI.create("http://a/hook"), null, null, 1))
                .doesNotThrowAnyException();
        MlopsProperties.Webhook https = new MlopsProperties.Webhook(URI.create("https://a/hook"), "s3cret",
                Map.of("X-Team", "ops"), 3);
        assertThat(https.headers()).containsExactly(Map.entry("X-Team", "ops"));
        assertThat(https.toString()).isEqualTo("Webhook[url=https://a/hook, secret=***, headers=[X-Team], maxAttempts=3]")
                .doesNotContain("s3cret");
        assertThat(new MlopsProperties.Webhook(null, null, null, 5).toString())
                .isEqualTo("Webhook[url=null, secret=none, headers=[], maxAttempts=5]");
        assertThatThrownBy(() -> new MlopsProperties.Webhook(URI.create("ftp://a/hook"), null, null, 1))
                .hasMessage("mlops.alerts.webhook.url must be an http or https URL but was ftp://a/hook");
        assertThatThrownBy(() -> new MlopsProperties.Webhook(URI.create("/relative"), null, null, 1))
                .hasMessage("mlops.alerts.webhook.url must be an http or https URL but was /relative");
        assertThatThrownBy(() -> new MlopsProperties.Webhook(URI.create("http://a"), null, null, 0))
                .hasMessage("mlops.alerts.webhook.max-attempts must be at least 1 but was 0");
    }

    @Test
    void anEndpointWithoutSettingsIsMonitoredAndDeclaresNothing() {
        MlopsProperties p = new MlopsProperties(null, null, null, null, null,
                Map.of("internal", new MlopsProperties.Endpoint(false, null, null)));
        assertThat(p.endpoint("scoring")).isEqualTo(new MlopsProperties.Endpoint(true, null, null));
        assertThat(p.endpoint("internal").monitored()).isFalse();
        assertThat(new MlopsProperties(null, null, null, null, null, null).endpoints()).isEmpty();
    }
}
