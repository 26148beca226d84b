package org.mlops4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class PredictionTimeoutExceptionTest {

    @Test
    void namesWhatTimedOutAndTheLimit() {
        assertThat(new PredictionTimeoutException("variant 'canary'", Duration.ofMillis(50)))
                .hasMessage("variant 'canary' did not answer within PT0.05S");
    }

    @Test
    void findsATimeoutAnywhereInTheCauseChain() {
        assertThat(PredictionTimeoutException.isTimeout(null)).isFalse();
        assertThat(PredictionTimeoutException.isTimeout(new IllegalStateException("boom"))).isFalse();
        assertThat(PredictionTimeoutException.isTimeout(new RuntimeException(new TimeoutException()))).isTrue();
        assertThat(PredictionTimeoutException.isTimeout(new IllegalStateException("wrapped",
                new PredictionTimeoutException("model", Duration.ofSeconds(1))))).isTrue();
    }
}
