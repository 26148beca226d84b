package org.mlops4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.registry.ModelRef;

class PredictionEventTest {

    private static final Instant T = Instant.parse("2025-01-02T03:04:05Z");
    private static final ModelRef FRAUD_3 = new ModelRef("fraud", 3);

    @Test
    void successCarriesOutputAndConfidence() {
        PredictionEvent<Map<String, Double>, String> e = PredictionEvent.success("p-1", T, "fraud-api", "champion",
                FRAUD_3, Map.of("amount", 12.5), "legit", 0.93, 1_250L);

        assertThat(e.predictionId()).isEqualTo("p-1");
        assertThat(e.timestamp()).isEqualTo(T);
        assertThat(e.endpoint()).isEqualTo("fraud-api");
        assertThat(e.variant()).isEqualTo("champion");
        assertThat(e.model()).isEqualTo(FRAUD_3);
        assertThat(e.input()).containsEntry("amount", 12.5);
        assertThat(e.output()).contains("legit");
        assertThat(e.confidence()).hasValue(0.93);
        assertThat(e.latencyNanos()).isEqualTo(1_250L);
        assertThat(e.error()).isEmpty();
        assertThat(e.succeeded()).isTrue();
        assertThat(e.toString()).contains("p-1", "fraud/3", "legit");
    }

    @Test
    void failureCarriesTheErrorAndNoOutput() {
        IllegalStateException boom = new IllegalStateException("boom");
        PredictionEvent<String, String> e = PredictionEvent.failure("p-2", T, "api", "canary", FRAUD_3, "x", 10L, boom);

        assertThat(e.succeeded()).isFalse();
        assertThat(e.error()).containsSame(boom);
        assertThat(e.output()).isEmpty();
        assertThat(e.confidence()).isEmpty();
    }

    @Test
    void missingConfidenceIsEmptyNotNaN() {
        PredictionEvent<String, Double> e = PredictionEvent.success("p", T, "api", "v", FRAUD_3, "x", 4.2, Double.NaN, 0);
        assertThat(e.confidence()).isEmpty();
    }

    @Test
    void badArgumentsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> PredictionEvent.success(null, T, "a", "v", FRAUD_3, "x", "y", 0.5, 1))
                .isInstanceOf(NullPointerException.class).hasMessage("predictionId");
        assertThatThrownBy(() -> PredictionEvent.success("p", T, "a", null, FRAUD_3, "x", "y", 0.5, 1))
                .isInstanceOf(NullPointerException.class).hasMessage("variant");
        assertThatThrownBy(() -> PredictionEvent.success("p", T, "a", "v", FRAUD_3, "x", "y", 1.5, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("confidence").hasMessageContaining("1.5");
        assertThatThrownBy(() -> PredictionEvent.success("p", T, "a", "v", FRAUD_3, "x", "y", 0.5, -3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latencyNanos").hasMessageContaining("-3");
        assertThatThrownBy(() -> PredictionEvent.failure("p", T, "a", "v", FRAUD_3, "x", 1, null))
                .isInstanceOf(NullPointerException.class).hasMessage("error");
    }

    @Test
    void listenerAcceptsEventsOfSubtypes() {
        List<Object> seen = new ArrayList<>();
        PredictionListener<Object, Object> listener = e -> seen.add(e.output().orElseThrow());
        PredictionEvent<String, Integer> e = PredictionEvent.success("p", T, "a", "v", FRAUD_3, "x", 7, Double.NaN, 1);

        listener.onPrediction(e);
        PredictionListener.<String, Integer>noop().onPrediction(e);

        assertThat(seen).containsExactly(7);
    }
}
