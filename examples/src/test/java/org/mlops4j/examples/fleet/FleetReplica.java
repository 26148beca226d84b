package org.mlops4j.examples.fleet;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.mlops4j.core.Clock;
import org.mlops4j.core.fleet.ControllerLease;
import org.mlops4j.core.fleet.FleetFigures;
import org.mlops4j.core.fleet.LeaseGrant;
import org.mlops4j.core.fleet.LeaseTerm;
import org.mlops4j.core.fleet.WindowAggregate;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.core.rollout.AnalysisResult;
import org.mlops4j.core.rollout.RolloutAnalysis;
import org.mlops4j.core.rollout.RolloutContext;
import org.mlops4j.core.signal.VariantFigures;
import org.mlops4j.lifecycle.Rollout;
import org.mlops4j.lifecycle.RolloutPlan;
import org.mlops4j.lifecycle.RolloutState;
import org.mlops4j.lifecycle.RolloutStep;
import org.mlops4j.lifecycle.analysis.CanaryAnalysis;
import org.mlops4j.lifecycle.analysis.CanaryAnalysisConfig;
import org.mlops4j.monitoring.FleetPublisher;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.MonitorListener;
import org.mlops4j.serving.DeploymentStrategy;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.Variant;
import org.mlops4j.tracking.Mlops;
import org.mlops4j.tracking.jdbc.JdbcControllerLease;
import org.mlops4j.tracking.jdbc.JdbcFleetWindows;

/**
 * One replica JVM of {@link PostgresFleetRolloutTest}: serves champion and candidate of one endpoint
 * at a steady rate, publishes its monitor's closed windows to the PostgreSQL fleet store, and runs
 * the leased rollout (the first replica starts it, the others resume it). Prints one line per fact,
 * each with this JVM's wall time in epoch milliseconds (the replicas share one host's clock):
 * {@code lease <ms> <epoch>} when it takes control, {@code wrote <ms> <epoch> <status> <step>} right
 * before a state write, {@code routed <ms> <reason>} after a routing change, {@code event <ms> <kind>
 * <step>}, {@code decision <ms> ...} (scenario A: the fleet's figures and each replica's own at the
 * rollback) and {@code done <ms> <status>}.
 *
 * <p>Arguments: scenario ({@code A} or {@code B}), JDBC URL, schema, artifact directory, model name,
 * endpoint name, replica id, the other replicas' ids (comma-separated, all three), from (epoch ms of
 * the figures' start), candidate error rate.
 */
public final class FleetReplica {

    static final Duration TTL = Duration.ofSeconds(3);
    static final Duration WINDOW = Duration.ofMillis(250);
    static final int REQUESTS_PER_SECOND = 80;
    static final long MIN_SAMPLES = 100;

    private FleetReplica() {
    }

    /**
     * Runs one replica until its rollout has finished (exit 0) or 50 s passed (exit 2).
     *
     * @param args see the class description
     * @throws Exception on any failure (exit 1)
     */
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        String scenario = args[0];
        String url = args[1];
        String schema = args[2];
        Path artifacts = Path.of(args[3]);
        String model = args[4];
        String endpointName = args[5];
        String replica = args[6];
        List<String> all = List.of(args[7].split(","));
        Instant from = Instant.ofEpochMilli(Long.parseLong(args[8]));
        double candidateErrors = Double.parseDouble(args[9]);

        PooledDataSource ds = new PooledDataSource();
        ds.setUrl(url);
        ds.setCurrentSchema(schema);
        Mlops mlops = Mlops.jdbc(ds, "schema " + schema, artifacts, Clock.system());
        JdbcFleetWindows fleet = new JdbcFleetWindows(mlops.store());
        ModelRegistry registry = printingStateWrites(mlops.registry(), out);
        ControllerLease lease = printingTakeovers(new JdbcControllerLease(mlops.store(), "rollout:" + endpointName),
                replica, out);

        SplittableRandom random = new SplittableRandom(replica.hashCode());
        Variant<Integer, Integer> champion = Variant.of("champion", x -> x + 1, registry.get(model, 1).orElseThrow());
        Variant<Integer, Integer> candidate = Variant.of("candidate", x -> {
            synchronized (random) {
                if (random.nextDouble() < candidateErrors) {
                    throw new IllegalStateException("candidate failed");
                }
            }
            return x + 2;
        }, registry.get(model, 2).orElseThrow());
        ModelMonitor<Object> monitor = ModelMonitor.builder().windowSize(1_000_000).windowDuration(WINDOW)
                .listener(new FleetPublisher(replica, fleet))
                .listener(new MonitorListener() {
                    @Override
                    public void onWindowAggregate(WindowAggregate w) {
                        // Each replica's own windows also under its own endpoint name: what it alone saw.
                        fleet.publish(replica, new WindowAggregate(w.endpoint() + "@" + replica, w.variant(),
                                w.model(), w.start(), w.end(), w.figures()));
                    }
                }).build();
        ModelEndpoint<Integer, Integer> endpoint = ModelEndpoint.<Integer, Integer>builder(endpointName)
                .strategy(DeploymentStrategy.single(champion)).listener(monitor)
                .deploymentListener(c -> out.println("routed " + System.currentTimeMillis() + " " + c.reason()))
                .build();

        FleetFigures figures = FleetFigures.since(fleet, from);
        RolloutPlan plan;
        RolloutAnalysis analysis;
        if (scenario.equals("A")) {
            plan = RolloutPlan.builder().step(RolloutStep.canary(50).minSamples(100_000))
                    .analysisInterval(WINDOW).build();
            analysis = new PerReplicaCheck(figures, all, out);
        } else {
            plan = RolloutPlan.builder().step(RolloutStep.canary(20).minSamples(60))
                    .step(RolloutStep.canary(50).minSamples(60)).inconclusiveLimit(1_000)
                    .analysisInterval(WINDOW).build();
            analysis = CanaryAnalysis.of(goodCandidateConfig());
        }
        Rollout.Builder<Integer, Integer> builder = Rollout.builder(endpoint, plan).champion(champion)
                .candidate(candidate).analysis(analysis).figures(figures).registry(registry)
                .lease(lease, replica, TTL)
                .listener(e -> out.println("event " + System.currentTimeMillis() + " " + e.kind() + " " + e.step()));

        Rollout<Integer, Integer> rollout;
        long deadline = System.nanoTime() + Duration.ofSeconds(50).toNanos();
        if (replica.equals(all.get(0))) {
            rollout = builder.start();
        } else {
            rollout = null;
            while (rollout == null) {
                try {
                    rollout = builder.resume();
                } catch (IllegalStateException e) {
                    Thread.sleep(50);      // the first replica has not written the state yet
                }
            }
        }
        // Traffic from here on: a replica serving before it knows of the rollout would route all to the
        // champion, and the step's fleet-wide split would be off by that traffic.
        Thread traffic = new Thread(() -> serve(endpoint, monitor, replica), "traffic");
        traffic.setDaemon(true);
        traffic.start();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        rollout.schedule(scheduler);
        while (!rollout.status().finished()) {
            if (System.nanoTime() > deadline) {
                out.println("timeout " + System.currentTimeMillis() + " " + rollout.state().status());
                System.exit(2);
            }
            Thread.sleep(20);
        }
        Thread.sleep(300);
        out.println("done " + System.currentTimeMillis() + " " + rollout.status());
        System.exit(0);
    }

    /** A good candidate passes on its error rate; its latency is judged too, with room for a busy shared host. */
    static CanaryAnalysisConfig goodCandidateConfig() {
        return CanaryAnalysisConfig.builder().minSamples(50).latencyTolerance(100.0)
                .latencyFloor(Duration.ofMillis(50)).build();
    }

    private static void serve(ModelEndpoint<Integer, Integer> endpoint, ModelMonitor<Object> monitor, String replica) {
        long i = 0;
        long periodNanos = 1_000_000_000L / REQUESTS_PER_SECOND;
        long next = System.nanoTime();
        while (true) {
            try {
                endpoint.predict((int) (i % 100), replica + "-customer-" + i);
            } catch (RuntimeException e) {
                // The candidate's raised errors: counted by the monitor, nothing else to do here.
            }
            i++;
            monitor.closeExpiredWindows();
            next += periodNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** The registry, printing the time right before each state write (the start of the convergence delay). */
    private static ModelRegistry printingStateWrites(ModelRegistry registry, PrintStream out) {
        return (ModelRegistry) Proxy.newProxyInstance(ModelRegistry.class.getClassLoader(),
                new Class<?>[] {ModelRegistry.class}, (proxy, method, a) -> {
                    if (method.getName().equals("setTag") && a.length == 4
                            && ((String) a[2]).startsWith(RolloutState.TAG)) {
                        RolloutState s = RolloutState.decode((String) a[3]);
                        String key = (String) a[2];
                        String epoch = key.equals(RolloutState.TAG) ? "0" : key.substring(RolloutState.TAG.length() + 1);
                        out.println("wrote " + System.currentTimeMillis() + " " + Long.parseLong(epoch) + " "
                                + s.status() + " " + s.step());
                    }
                    try {
                        return method.invoke(registry, a);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** The lease, printing when this replica gets a tenure of a new epoch. */
    private static ControllerLease printingTakeovers(ControllerLease lease, String replica, PrintStream out) {
        AtomicLong last = new AtomicLong();
        return new ControllerLease() {
            @Override
            public String name() {
                return lease.name();
            }

            @Override
            public Optional<LeaseGrant> acquire(String holder, Duration ttl) {
                Optional<LeaseGrant> g = lease.acquire(holder, ttl);
                g.ifPresent(x -> {
                    if (last.getAndSet(x.epoch()) != x.epoch()) {
                        out.println("lease " + System.currentTimeMillis() + " " + x.epoch() + " " + replica);
                    }
                });
                return g;
            }

            @Override
            public boolean release(LeaseGrant grant) {
                return lease.release(grant);
            }

            @Override
            public LeaseTerm term() {
                return lease.term();
            }

            @Override
            public Optional<LeaseTerm> holder() {
                return lease.holder();
            }
        };
    }

    /**
     * Scenario A's analysis: the canary analysis on the fleet's figures decides; beside it, the same
     * analysis runs on each replica's own figures at every tick, and when the fleet's decides to roll
     * back, the line {@code decision} says what each replica alone had and would have decided.
     */
    static final class PerReplicaCheck implements RolloutAnalysis {
        private final CanaryAnalysis fleetAnalysis = CanaryAnalysis.ofDefaults();
        private final Map<String, CanaryAnalysis> own = new LinkedHashMap<>();
        private final FleetFigures figures;
        private final PrintStream out;

        PerReplicaCheck(FleetFigures figures, List<String> replicas, PrintStream out) {
            this.figures = figures;
            this.out = out;
            replicas.forEach(r -> own.put(r, CanaryAnalysis.ofDefaults()));
        }

        @Override
        public void stepStarted(RolloutContext context) {
            fleetAnalysis.stepStarted(context);
            own.values().forEach(a -> a.stepStarted(context));
        }

        @Override
        public AnalysisResult analyse(RolloutContext c) {
            AnalysisResult fleetResult = fleetAnalysis.analyse(c);
            StringBuilder line = new StringBuilder("decision " + System.currentTimeMillis() + " fleet "
                    + c.candidateRollout().requests() + " " + c.championRollout().requests() + " "
                    + fleetResult.criticalFailure());
            for (Map.Entry<String, CanaryAnalysis> e : own.entrySet()) {
                String ep = c.endpoint() + "@" + e.getKey();
                VariantFigures cand = figures.figures(ep, c.candidateVariant(), c.candidate())
                        .orElse(VariantFigures.none(ep, c.candidateVariant(), c.candidate()));
                VariantFigures champ = figures.figures(ep, c.championVariant(), c.champion())
                        .orElse(VariantFigures.none(ep, c.championVariant(), c.champion()));
                RolloutContext alone = new RolloutContext(c.endpoint(), c.championVariant(), c.champion(),
                        c.candidateVariant(), c.candidate(), c.step(), c.stepName(), c.shadowStep(),
                        c.candidateWeightBasisPoints(), c.stepStarted(), c.now(), c.shadow(), champ, cand, champ, cand);
                AnalysisResult r = e.getValue().analyse(alone);
                line.append(" | ").append(e.getKey()).append(' ').append(cand.requests()).append(' ')
                        .append(champ.requests()).append(' ').append(r.criticalFailure());
            }
            if (fleetResult.criticalFailure()) {
                out.println(line);
            }
            return fleetResult;
        }
    }
}
