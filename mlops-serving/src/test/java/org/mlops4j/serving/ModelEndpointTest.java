package org.mlops4j.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.InvalidInputException;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.PredictionTimeoutException;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.InMemoryModelRegistry;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.registry.ModelRegistration;

class ModelEndpointTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2025-05-05T05:05:05Z"));

    private static Variant<Integer, String> answering(String name, int version) {
        return Variant.of(name, in -> name + ":" + in, new ModelRef("fraud", version));
    }

    private static Variant<Integer, String> failing(String name, RuntimeException e) {
        return Variant.of(name, in -> {
            throw e;
        }, new ModelRef("fraud", 9));
    }

    @Test
    void emitsOneEventPerCallWithTheVariantThatAnswered() {
        List<PredictionEvent<? extends Integer, ? extends String>> events = Collections.synchronizedList(new ArrayList<>());
        ModelEndpoint<Integer, String> endpoint = ModelEndpoint.<Integer, String>builder("fraud")
                .strategy(DeploymentStrategy.canary(answering("champion", 1), answering("canary", 2), 5_000, "fraud"))
                .clock(clock)
                .confidence(out -> out.startsWith("canary") ? 0.6 : 0.9)
                .listener(events::add)
                .build();

        String a = endpoint.predict(7, "user-1");
        String b = endpoint.predict(7, "user-1");

        assertThat(a).isEqualTo(b).endsWith(":7");
        assertThat(events).hasSize(2);
        PredictionEvent<? extends Integer, ? extends String> e = events.get(0);
        assertThat(e.endpoint()).isEqualTo("fraud");
        assertThat(e.variant()).isEqualTo(a.substring(0, a.indexOf(':')));
        assertThat(e.model()).isEqualTo(new ModelRef("fraud", e.variant().equals("canary") ? 2 : 1));
        assertThat(e.timestamp()).isEqualTo(clock.now());
        assertThat(e.input()).isEqualTo(7);
        assertThat(e.output().map(Object::toString)).contains(a);
        assertThat(e.confidence()).hasValue(e.variant().equals("canary") ? 0.6 : 0.9);
        assertThat(events.get(1).predictionId()).isNotEqualTo(e.predictionId());
        assertThat(endpoint.stats().predictions()).isEqualTo(2);
    }

    @Test
    void aFailingCandidateFallsBackToTheChampion() {
        List<PredictionEvent<? extends Integer, ? extends String>> events = new ArrayList<>();
        ModelEndpoint<Integer, String> endpoint = ModelEndpoint.<Integer, String>builder("fraud")
                .strategy(DeploymentStrategy.canary(answering("champion", 1),
                        failing("canary", new IllegalStateException("boom")), 10_000, "fraud"))
                .listener(events::add).build();

        assertThat(endpoint.predict(3, "u")).isEqualTo("champion:3");
        assertThat(events).extracting(PredictionEvent::variant).containsExactly("canary", "champion");
        assertThat(events.get(0).succeeded()).isFalse();
        assertThat(events.get(0).error()).hasValueSatisfying(t -> assertThat(t).hasMessage("boom"));
        assertThat(endpoint.stats().errors()).isEqualTo(1);
        assertThat(endpoint.stats().fallbacks()).isEqualTo(1);
    }

    @Test
    void whenNothingCanAnswerTheCallerGetsOneExceptionNamingTheVariant() {
        ModelEndpoint<Integer, String> endpoint = ModelEndpoint.<Integer, String>builder("fraud")
                .strategy(DeploymentStrategy.single(failing("champion", new ArithmeticException("/ by zero")))).build();

        assertThatThrownBy(() -> endpoint.predict(1))
                .isInstanceOf(PredictionFailedException.class)
                .hasMessageContaining("'fraud'").hasMessageContaining("'champion'")
                .hasCauseInstanceOf(ArithmeticException.class)
                .satisfies(e -> assertThat(((PredictionFailedException) e).variant()).isEqualTo("champion"));
        assertThat(endpoint.stats().failures()).isEqualTo(1);
    }

    @Test
    void invalidInputIsTheCallersFaultAndIsNotRetried() {
        Variant<Integer, String> strict = Variant.of("champion", in -> {
            throw new InvalidInputException("negative input " + in);
        }, new ModelRef("fraud", 1));
        ModelEndpoint<Integer, String> endpoint = ModelEndpoint.<Integer, String>builder("fraud")
                .strategy(DeploymentStrategy.canary(answering("backup", 2), strict, 10_000, "s")).build();
        assertThatThrownBy(() -> endpoint.predict(-1)).isInstanceOf(InvalidInputException.class)
                .hasMessage("negative input -1");
        assertThat(endpoint.stats().invalidInputs()).isEqualTo(1);
        assertThat(endpoint.stats().fallbacks()).isZero();
        assertThatThrownBy(() -> endpoint.predict(null)).isInstanceOf(NullPointerException.class).hasMessage("input");
    }

    @Test
    void aSlowVariantTimesOutAndTheCallFailsWithinItsLimit() {
        CountDownLatch release = new CountDownLatch(1);
        Variant<Integer, String> hanging = Variant.of("canary", in -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "late";
        }, new ModelRef("fraud", 2));
        try (ModelEndpoint<Integer, String> endpoint = ModelEndpoint.<Integer, String>builder("fraud")
                .strategy(DeploymentStrategy.canary(answering("champion", 1), hanging, 10_000, "s"))
                .variantTimeout(Duration.ofMillis(50)).build()) {
            // The canary took the whole limit: no time is left for the champion, whose answer would
            // come after the caller's 50 ms.
            assertThatThrownBy(() -> endpoint.predict(5, "u")).isInstanceOf(PredictionFailedException.class)
                    .hasCauseInstanceOf(PredictionTimeoutException.class);
            assertThat(endpoint.stats().timeouts()).isEqualTo(1);
            assertThat(endpoint.stats().fallbacks()).isZero();
            assertThat(endpoint.stats().failures()).isEqualTo(1);
        } finally {
            release.countDown();
        }
        assertThatThrownBy(() -> ModelEndpoint.<Integer, String>builder("x").variantTimeout(Duration.ofMillis(-5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("variantTimeout must be positive but was PT-0.005S");
    }

    @Test
    void aBrokenConfidenceFunctionNeverChangesTheAnswer() {
        List<PredictionEvent<? extends Integer, ? extends String>> events = new ArrayList<>();
        ModelEndpoint<Integer, String> endpoint = ModelEndpoint.<Integer, String>builder("fraud")
                .strategy(DeploymentStrategy.canary(answering("champion", 1), answering("canary", 2), 5_000, "fraud"))
                .confidence(out -> {
                    int in = Integer.parseInt(out.substring(out.indexOf(':') + 1));
                    if (in == 1) {
                        throw new IllegalStateException("no probabilities");
                    }
                    return in == 2 ? 1.5 : 0.75;
                })
                .listener(events::add)
                .build();

        assertThat(endpoint.predict(1, "user-1")).endsWith(":1");
        assertThat(endpoint.predict(2, "user-1")).endsWith(":2");
        assertThat(endpoint.predict(3, "user-1")).endsWith(":3");

        // Answered by the routed variant, not failed over: only the confidence is missing.
        assertThat(events).extracting(e -> e.succeeded()).containsExactly(true, true, true);
        assertThat(events).extracting(e -> e.fallback()).containsExactly(false, false, false);
        assertThat(events.get(0).confidence()).isEmpty();
        assertThat(events.get(1).confidence()).isEmpty();
        assertThat(events.get(2).confidence()).hasValue(0.75);
        EndpointStats stats = endpoint.stats();
        assertThat(stats.confidenceErrors()).isEqualTo(2);
        assertThat(stats.errors()).isZero();
        assertThat(stats.fallbacks()).isZero();
        assertThat(stats.predictions()).isEqualTo(3);
    }

    @Test
    void aThrowingListenerNeverChangesTheAnswer() {
        List<String> seen = new ArrayList<>();
        ModelEndpoint<Integer, String> endpoint = ModelEndpoint.<Integer, String>builder("fraud")
                .strategy(DeploymentStrategy.single(answering("champion", 1)))
                .listener(e -> {
                    throw new IllegalStateException("monitor down");
                })
                .listener(e -> seen.add(e.variant()))
                .build();
        assertThat(endpoint.predict(1)).isEqualTo("champion:1");
        assertThat(endpoint.predict(2)).isEqualTo("champion:2");
        assertThat(seen).hasSize(2);
        assertThat(endpoint.stats().listenerErrors()).isEqualTo(2);
    }

    @Test
    void deployingSwapsTheStrategyAtomicallyAndReportsTheChange() {
        List<DeploymentChange> changes = new ArrayList<>();
        List<String> closed = new ArrayList<>();
        DeploymentStrategy<Integer, String> first = new DeploymentStrategy<>() {
            @Override
            public Variant<Integer, String> select(String routingKey) {
                return answering("champion", 1);
            }

            @Override
            public Variant<Integer, String> fallback() {
                return select(null);
            }

            @Override
            public List<Variant<Integer, String>> variants() {
                return List.of(select(null));
            }

            @Override
            public void close() {
                closed.add("first");
            }

            @Override
            public String toString() {
                return "first";
            }
        };
        ModelEndpoint<Integer, String> endpoint = ModelEndpoint.<Integer, String>builder("fraud").strategy(first)
                .clock(clock).deploymentListener(changes::add).build();

        DeploymentChange change = endpoint.deploy(DeploymentStrategy.single(answering("v2", 2)), "promoted after canary");

        assertThat(endpoint.predict(4)).isEqualTo("v2:4");
        assertThat(change.before()).isEqualTo("first");
        assertThat(change.after()).contains("v2");
        assertThat(change.reason()).isEqualTo("promoted after canary");
        assertThat(change.timestamp()).isEqualTo(clock.now());
        assertThat(changes).containsExactly(change);
        assertThat(closed).containsExactly("first");
    }

    @Test
    void aRegistryBoundEndpointFollowsItsAlias(@TempDir Path dir) throws Exception {
        InMemoryModelRegistry registry = new InMemoryModelRegistry(clock);
        registry.register(ModelRegistration.builder("fraud")
                .artifact(ModelArtifact.of(Files.writeString(dir.resolve("v1"), "double"))).build());
        registry.register(ModelRegistration.builder("fraud")
                .artifact(ModelArtifact.of(Files.writeString(dir.resolve("v2"), "square"))).build());
        registry.setAlias("fraud", "champion", 1, Attribution.by("t", "first"));

        ModelEndpoint<Integer, Integer> endpoint = ModelEndpoint.<Integer, Integer>builder("fraud")
                .fromRegistry(registry, "models:/fraud@champion", Files::readString,
                        (String kind) -> kind.equals("double") ? (Integer x) -> 2 * x : (Integer x) -> x * x)
                .build();
        assertThat(endpoint.predict(5)).isEqualTo(10);
        assertThat(endpoint.reload()).isEmpty();

        registry.setAlias("fraud", "champion", 2, Attribution.by("t", "better"));
        assertThat(endpoint.reload()).hasValueSatisfying(c -> assertThat(c.reason()).contains("fraud/2"));
        assertThat(endpoint.predict(5)).isEqualTo(25);
        assertThat(endpoint.strategy().variants().get(0).name()).isEqualTo("champion");

        ModelEndpoint<Integer, String> plain = ModelEndpoint.<Integer, String>builder("x")
                .strategy(DeploymentStrategy.single(answering("a", 1))).build();
        assertThatThrownBy(plain::reload).isInstanceOf(IllegalStateException.class).hasMessageContaining("registry");
        assertThatThrownBy(() -> ModelEndpoint.<Integer, String>builder("x").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> ModelEndpoint.builder(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void endpointWorksAsAPredictorOfMaps() {
        ModelEndpoint<Map<String, Object>, Double> endpoint = ModelEndpoint.<Map<String, Object>, Double>builder("demand")
                .strategy(DeploymentStrategy.single(Variant.of("champion",
                        row -> 2.0 * ((Number) row.get("x")).doubleValue(), new ModelRef("demand", 1))))
                .build();
        assertThat(endpoint.predict(Map.of("x", 4))).isEqualTo(8.0);
    }
}
