package org.mlops4j.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.registry.InMemoryModelRegistry;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.lifecycle.ClosedLoop;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.alert.Alert;
import org.mlops4j.monitoring.alert.Severity;
import org.mlops4j.serving.DeploymentStrategy;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.Variant;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * The health indicator's and the meters' decisions, on real endpoints and a same-thread monitor:
 * which window counts (the live variant's latest, of its model), and what a firing alert does.
 */
class MlopsHealthAndMetersTest {

    private final ModelMonitor<Object> monitor = ModelMonitor.builder().windowSize(4).sameThreadAnalysis().build();

    private static Variant<Integer, Integer> variant(String name, String model, int version, boolean broken) {
        return Variant.of(name, x -> {
            if (broken) {
                throw new IllegalStateException("broken");
            }
            return x;
        }, new ModelRef(model, version));
    }

    private ModelEndpoint<Integer, Integer> endpoint(String name, DeploymentStrategy<Integer, Integer> strategy) {
        ModelEndpoint<Integer, Integer> e = ModelEndpoint.<Integer, Integer>builder(name).strategy(strategy).build();
        e.addListener(monitor);
        return e;
    }

    private static void serve(ModelEndpoint<Integer, Integer> e, int n) {
        for (int i = 0; i < n; i++) {
            try {
                e.predict(i, "k" + i);
            } catch (RuntimeException expected) {
                // the broken model: counted
            }
        }
    }

    private MlopsEndpoints found(List<ModelEndpoint<?, ?>> endpoints, Map<String, ModelMonitor<?>> monitorOf) {
        return new MlopsEndpoints(endpoints, List.of(), List.of(monitor), monitorOf);
    }

    private Health health(MlopsEndpoints found, FiringAlerts alerts, boolean outOfService) {
        return new MlopsHealthIndicator(found, alerts, outOfService).health();
    }

    @Test
    void onlyTheLiveVariantsLatestWindowOfItsOwnModelCanTakeTheEndpointDown() {
        ModelEndpoint<Integer, Integer> a = endpoint("a", DeploymentStrategy.single(variant("champion", "a", 1, true)));
        serve(a, 4);
        ModelEndpoint<Integer, Integer> b = endpoint("b", DeploymentStrategy.single(variant("champion", "b", 1, false)));
        serve(b, 4);
        Map<String, ModelMonitor<?>> monitorOf = new LinkedHashMap<>();
        monitorOf.put("a", monitor);
        monitorOf.put("b", monitor);
        Health h = health(found(List.of(a, b), monitorOf), new FiringAlerts(), false);
        assertThat(h.getStatus()).isEqualTo(Status.DOWN);
        assertThat(h.getDetails().get("down")).isEqualTo(List.of("a"));
        assertThat(h.getDetails().get("b").toString()).isEqualTo("{live=b/1}");

        // The same broken endpoint, unmonitored: no window, no verdict.
        assertThat(health(found(List.of(a), Map.of()), new FiringAlerts(), false).getStatus()).isEqualTo(Status.UP);

        // A fixed model now serves under the same name: its own window counts, not the old model's.
        a.deploy(DeploymentStrategy.single(variant("champion", "a", 2, false)), "fixed");
        serve(a, 4);
        assertThat(health(found(List.of(a, b), monitorOf), new FiringAlerts(), false).getStatus()).isEqualTo(Status.UP);

        // The old, broken model serves again: its newest window is all failures once more.
        a.deploy(DeploymentStrategy.single(variant("champion", "a", 1, true)), "back");
        serve(a, 4);
        Health back = health(found(List.of(a, b), monitorOf), new FiringAlerts(), false);
        assertThat(back.getStatus()).isEqualTo(Status.DOWN);
        assertThat(back.getDetails().get("down")).as("b's own window, not a's later one").isEqualTo(List.of("a"));
        // Then a working window of the same model: the latest one counts.
        a.deploy(DeploymentStrategy.single(variant("champion", "a", 1, false)), "repaired in place");
        serve(a, 4);
        assertThat(health(found(List.of(a, b), monitorOf), new FiringAlerts(), false).getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void laterFailingWindowsOfAnotherEndpointVariantOrModelDoNotCount() {
        ModelEndpoint<Integer, Integer> x = endpoint("x", DeploymentStrategy.single(variant("champion", "x", 1, false)));
        serve(x, 4);
        // Served after x's window, on the same monitor: each differs from x's live key in one part only.
        serve(endpoint("y", DeploymentStrategy.single(variant("champion", "x", 1, true))), 4);
        serve(endpoint("x", DeploymentStrategy.single(variant("candidate", "x", 1, true))), 4);
        serve(endpoint("x", DeploymentStrategy.single(variant("champion", "x", 2, true))), 4);
        assertThat(monitor.recentWindows()).hasSize(4);
        Health h = health(found(List.of(x), Map.of("x", monitor)), new FiringAlerts(), false);
        assertThat(h.getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void theLatestWindowIsTheOneThatEndedLastWhateverOrderItsAnalysisFinishedIn() throws Exception {
        java.util.Deque<Runnable> queued = new java.util.ArrayDeque<>();
        ModelMonitor<Object> outOfOrder = ModelMonitor.builder().windowSize(4).analysisExecutor(queued::push).build();
        ModelEndpoint<Integer, Integer> z = ModelEndpoint.<Integer, Integer>builder("z")
                .strategy(DeploymentStrategy.single(variant("champion", "z", 1, true))).build();
        z.addListener(outOfOrder);
        serve(z, 4);                                   // a failing window, ended first
        Thread.sleep(5);
        z.deploy(DeploymentStrategy.single(variant("champion", "z", 1, false)), "fixed in place");
        serve(z, 4);                                   // a working window, ended last
        while (!queued.isEmpty()) {
            queued.pop().run();                        // analysed last window first
        }
        assertThat(outOfOrder.recentWindows()).extracting(w -> w.errorRatio()).containsExactly(0.0, 1.0);
        Health h = new MlopsHealthIndicator(new MlopsEndpoints(List.of(z), List.of(), List.of(outOfOrder),
                Map.of("z", outOfOrder)), new FiringAlerts(), false).health();
        assertThat(h.getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void aBrokenCandidateDoesNotTakeTheEndpointDownWhileTheChampionAnswers() {
        ModelEndpoint<Integer, Integer> e = endpoint("c", DeploymentStrategy.canary(variant("champion", "c", 1, false),
                variant("candidate", "c", 2, true), 5_000, "s"));
        serve(e, 40);
        assertThat(monitor.recentWindows()).anySatisfy(w -> assertThat(w.errorRatio()).isEqualTo(1.0));
        assertThat(health(found(List.of(e), Map.of("c", monitor)), new FiringAlerts(), false).getStatus())
                .isEqualTo(Status.UP);
    }

    @Test
    void onlyAFiringCriticalAlertAndOnlyWhenAskedTakesThePodOutOfService() {
        ModelEndpoint<Integer, Integer> e = endpoint("d", DeploymentStrategy.single(variant("champion", "d", 1, false)));
        FiringAlerts alerts = new FiringAlerts();
        alerts.send(FiringAlertsTest.alert(Alert.Kind.FIRED, "drift", "d", "d/1", Severity.WARNING));
        assertThat(health(found(List.of(e), Map.of()), alerts, true).getStatus()).as("a warning").isEqualTo(Status.UP);
        alerts.send(FiringAlertsTest.alert(Alert.Kind.FIRED, "errors", "d", "d/1", Severity.CRITICAL));
        Health asked = health(found(List.of(e), Map.of()), alerts, true);
        assertThat(asked.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(asked.getDetails().get("firingAlerts")).isEqualTo(2);
        assertThat(asked.getDetails().get("criticalAlerts").toString()).contains("rule=errors").doesNotContain("rule=drift");
        assertThat(health(found(List.of(e), Map.of()), alerts, false).getStatus()).isEqualTo(Status.UP);
        alerts.send(FiringAlertsTest.alert(Alert.Kind.RESOLVED, "errors", "d", "d/1", Severity.CRITICAL));
        assertThat(health(found(List.of(e), Map.of()), alerts, true).getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void theMetersCountEachEndpointAndReadItsCandidateShareAndItsLoopsRollbacks() {
        ModelEndpoint<Integer, Integer> canary = endpoint("canary", DeploymentStrategy.canary(
                variant("champion", "m", 1, false), variant("candidate", "m", 2, true), 2_500, "s"));
        serve(canary, 100);
        Map<Variant<Integer, Integer>, Integer> weights = new LinkedHashMap<>();
        weights.put(variant("a", "ab", 1, false), 5_000);
        weights.put(variant("b", "ab", 2, false), 3_000);
        weights.put(variant("c", "ab", 3, false), 2_000);
        ModelEndpoint<Integer, Integer> ab = endpoint("ab", DeploymentStrategy.abTest(weights, "s"));
        ModelEndpoint<Integer, Integer> looped = endpoint("looped", DeploymentStrategy.single(
                variant("champion", "l", 1, false)));
        ClosedLoop<Integer, Integer> loop = ClosedLoop.builder(looped, monitor, new InMemoryModelRegistry()).build();
        MlopsEndpoints found = new MlopsEndpoints(List.of(canary, ab), List.of(loop), List.of(monitor), Map.of());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (MlopsMeters meters = new MlopsMeters(found)) {
            meters.bindTo(registry);
            assertThat(registry.get("mlops.rollout.candidate.share").tag("endpoint", "canary").gauge().value())
                    .isEqualTo(0.25);
            assertThat(registry.get("mlops.rollout.candidate.share").tag("endpoint", "ab").gauge().value())
                    .isEqualTo(0.5);
            assertThat(registry.get("mlops.rollout.candidate.share").tag("endpoint", "looped").gauge().value())
                    .isZero();
            assertThat(registry.get("mlops.endpoint.requests").tag("endpoint", "canary").functionCounter().count())
                    .isEqualTo(100);
            double errors = registry.get("mlops.endpoint.errors").tag("endpoint", "canary").functionCounter().count();
            double fallbacks = registry.get("mlops.endpoint.fallbacks").tag("endpoint", "canary").functionCounter()
                    .count();
            assertThat(errors).isEqualTo(canary.stats().errors()).isPositive();
            assertThat(fallbacks).isEqualTo(canary.stats().fallbacks()).isPositive();
            assertThat(registry.get("mlops.rollout.rollbacks").tag("endpoint", "looped").functionCounter().count())
                    .isZero();
            assertThat(registry.get("mlops.rollout.promotions").tag("endpoint", "looped").functionCounter().count())
                    .isZero();
            assertThat(registry.get("mlops.prediction.count").tag("endpoint", "canary").tag("variant", "champion")
                    .gauge().value()).as("the monitor's own series").isEqualTo(4);
            assertThat(meters.toString()).isEqualTo("MlopsMeters[canary, ab, looped]");
            // Spring Boot's own binders register the JVM's meters; ours would count GC pauses twice.
            assertThat(registry.find("jvm.memory.used").meters()).isEmpty();
            assertThat(registry.find("jvm.gc.max.data.size").meters()).isEmpty();
        }
        // Closed: the series no longer follow the monitor (a later, failing window of the champion is not read).
        double before = registry.get("mlops.prediction.error.ratio").tag("endpoint", "canary")
                .tag("variant", "champion").gauge().value();
        canary.deploy(DeploymentStrategy.single(variant("champion", "m", 1, true)), "broken now");
        serve(canary, 8);
        assertThat(monitor.recentWindows().get(monitor.recentWindows().size() - 1).errorRatio()).isEqualTo(1.0);
        assertThat(registry.get("mlops.prediction.error.ratio").tag("endpoint", "canary").tag("variant", "champion")
                .gauge().value()).isEqualTo(before).isLessThan(1.0);
        loop.close();
    }
}
