package org.mlops4j.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.Clock;

class MlflowConfigTest {

    private static final URI SERVER = URI.create("http://mlflow.internal:5000");

    @Test
    void defaultsAreThreeRetriesFrom200MillisWithoutAuth() {
        MlflowConfig c = MlflowConfig.of(SERVER);

        assertThat(c.maxRetries()).isEqualTo(3);
        assertThat(c.initialBackoff()).isEqualTo(Duration.ofMillis(200));
        assertThat(c.auth()).isEqualTo(MlflowAuth.none());
        assertThat(c.clock()).isSameAs(Clock.system());
    }

    @Test
    void baseUriMustBePlainHttpOrHttps() {
        assertThatThrownBy(() -> MlflowConfig.of(URI.create("ftp://host/")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("baseUri").hasMessageContaining("ftp");
        assertThatThrownBy(() -> MlflowConfig.of(URI.create("/relative")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/relative");
        assertThatThrownBy(() -> MlflowConfig.of(URI.create("http://host:5000/?x=1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("query");
        assertThat(MlflowConfig.of(URI.create("https://host/mlflow")).baseUri().getPath()).isEqualTo("/mlflow");
    }

    @Test
    void credentialsInTheUriAreRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> MlflowConfig.of(URI.create("http://alice:hunter2@host:5000")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("auth")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void retriesTimeoutsAndBackoffAreRangeChecked() {
        MlflowConfig c = MlflowConfig.of(SERVER);
        assertThatThrownBy(() -> c.withRetries(-1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxRetries").hasMessageContaining("-1");
        assertThatThrownBy(() -> c.withRetries(11, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("11");
        assertThatThrownBy(() -> c.withRetries(3, Duration.ofMillis(-5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initialBackoff");
        assertThatThrownBy(() -> c.withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> c.withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requestTimeout");
        assertThatThrownBy(() -> c.withClock(null)).isInstanceOf(NullPointerException.class).hasMessage("clock");
    }

    @Test
    void secretsNeverAppearInToString() {
        MlflowConfig bearer = MlflowConfig.of(SERVER).withAuth(MlflowAuth.bearer("tok-3141"));
        MlflowConfig basic = MlflowConfig.of(SERVER).withAuth(MlflowAuth.basic("alice", "hunter2"));

        assertThat(bearer.toString()).doesNotContain("tok-3141").contains("***");
        assertThat(basic.toString()).doesNotContain("hunter2").contains("alice");
        assertThat(new MlflowTracker(bearer).toString()).doesNotContain("tok-3141");
    }

    @Test
    void authIsValidated() {
        assertThatThrownBy(() -> MlflowAuth.bearer(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MlflowAuth.bearer("a\nb")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("a\nb");
        assertThatThrownBy(() -> MlflowAuth.basic("a:b", "pw")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user");
        assertThat(MlflowAuth.basic("alice", "pw:1").header()).contains("Basic YWxpY2U6cHc6MQ==");
        assertThat(MlflowAuth.none().header()).isEmpty();
    }
}
