package org.mlops4j.tracking.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.PredictionTimeoutException;
import org.mlops4j.core.feedback.FeedbackEvent;
import org.mlops4j.core.feedback.GroundTruth;
import org.mlops4j.core.fleet.FleetFigures;
import org.mlops4j.core.fleet.FleetWindows;
import org.mlops4j.core.fleet.LatencySketch;
import org.mlops4j.core.fleet.VariantAggregate;
import org.mlops4j.core.fleet.WindowAggregate;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.signal.VariantFigures;
import org.mlops4j.monitoring.FleetPublisher;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.MonitorListener;

/**
 * Three replicas' monitors publish their closed windows to one shared store (a SQLite file, and
 * PostgreSQL when {@value PostgresTestDatabase#ENV} is set): the fleet's figures are the sum of the
 * three replicas' own figures (counts exact, latency quantiles within the sketch's relative
 * accuracy), publishing a window again changes nothing, and expiry removes old windows.
 */
class FleetMonitorsTest {

    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
    private static final ModelRef MODEL = new ModelRef("churn", 4);

    @TempDir
    Path dir;

    private final OpenedStores stores = new OpenedStores();

    @AfterEach
    void closeStores() {
        stores.close();
    }

    @Test
    void threeReplicasOnOneSqliteFileMergeToTheirSum() {
        checkFleet(new JdbcFleetWindows(stores.sqlite(dir.resolve("fleet.db"))));
    }

    @Test
    void threeReplicasOnOnePostgresStoreMergeToTheirSum() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
            checkFleet(new JdbcFleetWindows(JdbcStore.open(db.dataSource(), "test schema " + db.schema())));
        }
    }

    @Test
    void threeReplicasInMemoryMergeToTheirSum() {
        checkFleet(FleetWindows.inMemory());
    }

    private static void checkFleet(FleetWindows store) {
        ManualClock clock = new ManualClock(T0);
        List<Map.Entry<String, WindowAggregate>> published = new CopyOnWriteArrayList<>();
        List<ModelMonitor<Object>> replicas = new ArrayList<>();
        List<Double> allLatencies = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(18);
        for (int r = 0; r < 3; r++) {
            String replica = "replica-" + r;
            ModelMonitor<Object> monitor = ModelMonitor.builder(OutputReader.classifier((Object o) -> (String) o))
                    .windowSize(1_000_000).windowDuration(Duration.ofMinutes(1)).clock(clock).sameThreadAnalysis()
                    .listener(new FleetPublisher(replica, store))
                    .listener(new MonitorListener() {
                        @Override
                        public void onWindowAggregate(WindowAggregate window) {
                            published.add(Map.entry(replica, window));
                        }
                    }).build();
            replicas.add(monitor);
        }
        int id = 0;
        // Uneven traffic over three one-minute windows: replica 0 sees the most.
        for (int r = 0; r < 3; r++) {
            int events = 1200 - 300 * r;
            for (int i = 0; i < events; i++) {
                Instant at = T0.plusMillis(i * 180_000L / events);
                boolean fallback = random.nextDouble() < 0.03;
                double u = random.nextDouble();
                long nanos = (long) (Math.exp(random.nextDouble(0, 6)) * 1e6);
                PredictionEvent<Object, Object> e;
                if (u < 0.04) {
                    e = PredictionEvent.failure("p" + id++, null, null, at, "ep", "cand", MODEL, null, nanos,
                            new IllegalStateException("model failed"), fallback);
                } else if (u < 0.06) {
                    e = PredictionEvent.failure("p" + id++, null, null, at, "ep", "cand", MODEL, null, nanos,
                            new PredictionTimeoutException("predict", Duration.ofMillis(50)), fallback);
                } else {
                    e = PredictionEvent.success("p" + id++, null, null, at, "ep", "cand", MODEL, null,
                            random.nextDouble() < 0.7 ? "stay" : "leave", 0.9, nanos, fallback);
                    if (!fallback) {
                        allLatencies.add(nanos / 1e6);
                    }
                }
                replicas.get(r).onPrediction(e);
                // Every fourth answer's label comes back ("stay" is the truth), on the replica that answered.
                if (e.succeeded() && id % 4 == 0) {
                    replicas.get(r).onFeedback(new FeedbackEvent<>(e, GroundTruth.label("stay"), clock.now()));
                }
            }
        }
        clock.advance(Duration.ofSeconds(240));
        replicas.forEach(ModelMonitor::flush);
        assertThat(published).hasSize(9);

        VariantFigures fleet = FleetFigures.since(store, T0).figures("ep", "cand", MODEL).orElseThrow();
        long requests = 0;
        long errors = 0;
        long timeouts = 0;
        long fallbacks = 0;
        long latencies = 0;
        long labelled = 0;
        long correct = 0;
        Map<String, Long> labels = new HashMap<>();
        for (ModelMonitor<Object> m : replicas) {
            VariantFigures own = m.figures("ep", "cand", MODEL).orElseThrow();
            requests += own.requests();
            errors += own.errors();
            timeouts += own.timeouts();
            fallbacks += own.fallbacks();
            latencies += own.latencies();
            labelled += own.labelled();
            correct += own.correct();
            own.predictedLabels().forEach((k, v) -> labels.merge(k, v, Long::sum));
        }
        assertThat(requests).isGreaterThan(2000);
        assertThat(timeouts).isPositive();
        assertThat(fallbacks).isPositive();
        assertThat(fleet.requests()).isEqualTo(requests);
        assertThat(fleet.errors()).isEqualTo(errors);
        assertThat(fleet.timeouts()).isEqualTo(timeouts);
        assertThat(fleet.fallbacks()).isEqualTo(fallbacks);
        assertThat(fleet.latencies()).isEqualTo(latencies).isEqualTo(allLatencies.size());
        assertThat(fleet.predictedLabels()).isEqualTo(labels);
        // Routed answers' labels only, counted in the window they arrived in: the fleet's sum of the three.
        assertThat(labelled).isGreaterThan(400);
        assertThat(correct).isGreaterThan(labelled / 2).isLessThan(labelled);
        assertThat(fleet.labelled()).isEqualTo(labelled);
        assertThat(fleet.correct()).isEqualTo(correct);

        double[] exact = allLatencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] sample = fleet.recentLatenciesMillis();
        assertThat(sample).hasSize(exact.length);
        for (int i = 0; i < exact.length; i++) {
            // The sample of a sketch holding every latency is each rank's bucket value.
            assertThat(sample[i]).isCloseTo(exact[i], within(exact[i] * LatencySketch.RELATIVE_ACCURACY));
        }
        VariantAggregate merged = store.merged("ep", "cand", MODEL, T0, Instant.MAX).orElseThrow();
        for (double q : new double[] {0.5, 0.95, 0.99}) {
            double truth = exact[(int) Math.floor(q * (exact.length - 1))];
            assertThat(merged.latency().quantile(q)).isCloseTo(truth, within(truth * LatencySketch.RELATIVE_ACCURACY));
        }

        // Publishing every window again (a retry after a timeout) counts each once.
        published.forEach(p -> store.publish(p.getKey(), p.getValue()));
        assertThat(store.merged("ep", "cand", MODEL, T0, Instant.MAX)).contains(merged);

        // Expiry at the end of the first minute removes its three windows and keeps the rest.
        assertThat(store.expire(T0.plusSeconds(61))).isEqualTo(3);
        VariantAggregate rest = published.stream().map(Map.Entry::getValue).filter(w -> !w.start().equals(T0))
                .map(WindowAggregate::figures).reduce(VariantAggregate::merge).orElseThrow();
        assertThat(store.merged("ep", "cand", MODEL, T0, Instant.MAX)).contains(rest);
        assertThat(rest.requests()).isLessThan(merged.requests()).isPositive();
    }
}
