package org.mlops4j.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.Predictor;
import org.mlops4j.core.registry.ModelRef;

/**
 * A variant that throws an {@code Error} or a checked exception fails like one that throws an
 * exception: counted, emitted as a failure event, answered by the fallback. Before, such a
 * throwable went past the endpoint to the caller, uncounted and unseen by monitoring (8,096 of
 * 16,000 callers of a 50% canary got the raw error).
 */
class VariantThrowableTest {

    private static final Map<String, Supplier<Throwable>> THROWABLES = Map.of(
            "NoClassDefFoundError", () -> new NoClassDefFoundError("com/acme/Features"),
            "AssertionError", () -> new AssertionError("weights are normalised"),
            "StackOverflowError", StackOverflowError::new,
            "ExceptionInInitializerError", () -> new ExceptionInInitializerError(new IllegalStateException("static")),
            "IOException (thrown sneakily)", () -> new IOException("model file gone"));

    private static final Variant<String, String> CHAMPION =
            Variant.of("champion", x -> "champion:" + x, new ModelRef("m", 1));

    private static Variant<String, String> throwing(Throwable t) {
        Predictor<String, String> p = x -> sneakyThrow(t);
        return Variant.of("candidate", p, new ModelRef("m", 2));
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> String sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }

    private static ModelEndpoint.Builder<String, String> halfCanary(Throwable t) {
        return ModelEndpoint.<String, String>builder("fraud")
                .strategy(DeploymentStrategy.canary(CHAMPION, throwing(t), 5_000, "fraud"));
    }

    @Test
    void everyThrowableOfAVariantButAFatalOneIsAFailureTheFallbackAnswers() {
        for (Map.Entry<String, Supplier<Throwable>> kind : THROWABLES.entrySet()) {
            Throwable thrown = kind.getValue().get();
            List<PredictionEvent<? extends String, ? extends String>> events = new CopyOnWriteArrayList<>();
            try (ModelEndpoint<String, String> observed = halfCanary(thrown).listener(events::add).build();
                 ModelEndpoint<String, String> unobserved = halfCanary(thrown).build()) {
                for (ModelEndpoint<String, String> endpoint : List.of(observed, unobserved)) {
                    int champion = 0;
                    for (int i = 0; i < 2_000; i++) {
                        String answer = endpoint.predict("x", "user-" + i);
                        assertThat(answer).as(kind.getKey()).isEqualTo("champion:x");
                        champion++;
                    }
                    EndpointStats stats = endpoint.stats();
                    assertThat(champion).isEqualTo(2_000);
                    // About half the users are in the candidate's buckets: each failed there and fell back.
                    assertThat(stats.errors()).as(kind.getKey()).isBetween(800L, 1_200L);
                    assertThat(stats.fallbacks()).as(kind.getKey()).isEqualTo(stats.errors());
                    assertThat(stats.failures()).as(kind.getKey()).isZero();
                    assertThat(stats.predictions()).as(kind.getKey()).isEqualTo(2_000);
                }
                List<PredictionEvent<? extends String, ? extends String>> failed = events.stream()
                        .filter(e -> !e.succeeded()).toList();
                assertThat(failed).as(kind.getKey()).hasSize((int) observed.stats().errors());
                assertThat(failed).allSatisfy(e -> {
                    assertThat(e.variant()).isEqualTo("candidate");
                    assertThat(e.error()).containsSame(thrown);
                });
                assertThat(events.stream().filter(PredictionEvent::fallback).count())
                        .isEqualTo(observed.stats().fallbacks());
            }
        }
    }

    @Test
    void whenTheFallbackFailsTooTheCallerGetsAPredictionFailureWithBothThrowables() {
        Throwable first = new NoClassDefFoundError("com/acme/Features");
        Throwable second = new AssertionError("champion broken too");
        Variant<String, String> brokenChampion = Variant.of("champion", x -> sneakyThrow(second), new ModelRef("m", 1));
        try (ModelEndpoint<String, String> endpoint = ModelEndpoint.<String, String>builder("fraud")
                .strategy(DeploymentStrategy.canary(brokenChampion, throwing(first), 10_000, "fraud")).build()) {
            assertThatThrownBy(() -> endpoint.predict("x", "user-1"))
                    .isInstanceOf(PredictionFailedException.class)
                    .hasMessageContaining("variant 'champion' failed")
                    .satisfies(e -> assertThat(e.getCause()).isSameAs(second))
                    .satisfies(e -> assertThat(e.getCause().getSuppressed()).containsExactly(first));
            assertThat(endpoint.stats().failures()).isEqualTo(1);
            assertThat(endpoint.stats().errors()).isEqualTo(2);
        }
    }

    @Test
    void aVariantThatFailsAloneGivesAPredictionFailureCarryingItsError() {
        Throwable thrown = new ExceptionInInitializerError(new IllegalStateException("static"));
        try (ModelEndpoint<String, String> endpoint = ModelEndpoint.<String, String>builder("fraud")
                .strategy(DeploymentStrategy.single(throwing(thrown))).build()) {
            assertThatThrownBy(() -> endpoint.predict("x"))
                    .isInstanceOf(PredictionFailedException.class)
                    .satisfies(e -> assertThat(e.getCause()).isSameAs(thrown));
            assertThat(endpoint.stats().errors()).isEqualTo(1);
        }
    }

    @Test
    void outOfMemoryPropagatesAtOnceUncaught() {
        OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
        InternalError internal = new InternalError("JIT");
        for (Throwable fatal : List.<Throwable>of(oom, internal)) {
            try (ModelEndpoint<String, String> endpoint = halfCanary(fatal).listener(e -> { }).build()) {
                String user = candidateUser(endpoint);
                assertThatThrownBy(() -> endpoint.predict("x", user)).isSameAs(fatal);
                assertThat(endpoint.stats().fallbacks()).isZero();
            }
        }
    }

    @Test
    void aThrowableFromATimedVariantIsAFailureToo() {
        Throwable thrown = new NoClassDefFoundError("com/acme/Features");
        try (ModelEndpoint<String, String> endpoint = halfCanary(thrown)
                .variantTimeout(Duration.ofSeconds(5), 2).build()) {
            for (int i = 0; i < 200; i++) {
                assertThat(endpoint.predict("x", "user-" + i)).isEqualTo("champion:x");
            }
            assertThat(endpoint.stats().errors()).isBetween(60L, 140L);
            assertThat(endpoint.stats().fallbacks()).isEqualTo(endpoint.stats().errors());
        }
    }

    /** A timed variant's checked exception reaches monitoring as it was thrown, not wrapped by the pool. */
    @Test
    void aTimedVariantsCheckedExceptionIsReportedAsItWasThrown() {
        IOException thrown = new IOException("model file gone");
        List<PredictionEvent<? extends String, ? extends String>> events = new CopyOnWriteArrayList<>();
        try (ModelEndpoint<String, String> endpoint = ModelEndpoint.<String, String>builder("fraud")
                .strategy(DeploymentStrategy.canary(CHAMPION, throwing(thrown), 10_000, "fraud"))
                .variantTimeout(Duration.ofSeconds(5), 2).listener(events::add).build()) {
            assertThat(endpoint.predict("x", "user-1")).isEqualTo("champion:x");
            assertThat(events.get(0).error()).containsSame(thrown);
            assertThat(endpoint.stats().errors()).isEqualTo(1);
        }
    }

    @Test
    void aSneakyInterruptFailsTheVariantAndKeepsTheThreadInterrupted() {
        try (ModelEndpoint<String, String> endpoint = ModelEndpoint.<String, String>builder("fraud")
                .strategy(DeploymentStrategy.canary(CHAMPION, throwing(new InterruptedException()), 10_000, "fraud"))
                .build()) {
            assertThat(endpoint.predict("x", "user-1")).isEqualTo("champion:x");
            assertThat(Thread.interrupted()).isTrue();
        }
    }

    /** @return a routing key the half canary sends to the candidate */
    private static String candidateUser(ModelEndpoint<String, String> endpoint) {
        for (int i = 0; ; i++) {
            String user = "user-" + i;
            if (endpoint.strategy().select(user).name().equals("candidate")) {
                return user;
            }
        }
    }
}
