package org.mlops4j.examples.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.Clock;
import org.mlops4j.core.registry.AliasChange;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.lifecycle.Rollout;
import org.mlops4j.tracking.Mlops;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Three replica JVMs ({@link FleetReplica}) on one PostgreSQL database (skipped unless
 * {@code MLOPS_TEST_POSTGRES_URL} is set; {@code .ci/run} sets it and fails if this was skipped),
 * each serving champion and candidate, publishing its windows to the fleet store and running the
 * leased rollout. A: a candidate with a raised error rate is rolled back on the fleet's combined
 * traffic while each replica's own traffic would not yet have decided. B: the controller JVM is
 * killed with SIGKILL in the middle of a step; another replica takes over after the TTL and
 * finishes the rollout with exactly one champion alias move. Prints the figures (samples at the
 * decision, takeover time, convergence delay) that the README's failure table quotes.
 */
class PostgresFleetRolloutTest {

    private static final String ENV = "MLOPS_TEST_POSTGRES_URL";
    private static final List<String> REPLICAS = List.of("replica-1", "replica-2", "replica-3");

    @TempDir
    Path dir;

    private String url;
    private String schema;
    private String model;
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void createSchema() throws Exception {
        url = System.getenv(ENV);
        assumeTrue(url != null && !url.isBlank(), "PostgreSQL fleet test skipped: set " + ENV
                + "=jdbc:postgresql://localhost:5432/<db>?user=<user>&password=<password> to run it");
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        schema = "fleet_" + suffix;
        model = "fleet-" + suffix;
        try (Connection c = raw().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
    }

    @AfterEach
    void dropSchema() throws Exception {
        processes.forEach(Process::destroyForcibly);
        if (schema != null) {
            try (Connection c = raw().getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private PGSimpleDataSource raw() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        return ds;
    }

    private Mlops mlops() {
        PGSimpleDataSource ds = raw();
        ds.setCurrentSchema(schema);
        return Mlops.jdbc(ds, "schema " + schema, dir.resolve("artifacts"), Clock.system());
    }

    /** Registers the champion (version 1, aliased) and the candidate (version 2). */
    private void register() throws Exception {
        try (Mlops m = mlops()) {
            m.registry().register(ModelRegistration.builder(model)
                    .artifact(ModelArtifact.of(Files.writeString(dir.resolve("v1"), "one"))).build());
            m.registry().register(ModelRegistration.builder(model)
                    .artifact(ModelArtifact.of(Files.writeString(dir.resolve("v2"), "two"))).build());
            m.registry().setAlias(model, Rollout.CHAMPION, 1, Attribution.by("test", "first champion"));
        }
    }

    /** A replica's printed lines, collected as they come. */
    private static final class Output {
        final String replica;
        final Process process;
        final List<String> lines = new CopyOnWriteArrayList<>();
        final Thread reader;

        Output(String replica, Process process) {
            this.replica = replica;
            this.process = process;
            reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (java.io.IOException e) {
                    lines.add("read-failed " + e);
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        List<String[]> facts(String kind) {
            return lines.stream().filter(l -> l.startsWith(kind + " ")).map(l -> l.split(" ")).toList();
        }

        boolean has(Predicate<String> p) {
            return lines.stream().anyMatch(p);
        }

        void finish() throws Exception {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(replica + " finished").isTrue();
            reader.join(5_000);
        }
    }

    private List<Output> spawn(String scenario, double candidateErrors) throws Exception {
        long from = System.currentTimeMillis();
        List<Output> outputs = new ArrayList<>();
        for (String replica : REPLICAS) {
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    FleetReplica.class.getName(), scenario, url, schema, dir.resolve("artifacts").toString(), model,
                    "ep-" + model, replica, String.join(",", REPLICAS), Long.toString(from),
                    Double.toString(candidateErrors));
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            processes.add(p);
            outputs.add(new Output(replica, p));
        }
        return outputs;
    }

    /** For each follower, the delay from a state write to its routing change with that reason, in ms. */
    private static Map<String, Long> convergence(long wroteAt, List<Output> followers, String reason) {
        Map<String, Long> delays = new TreeMap<>();
        for (Output f : followers) {
            f.lines.stream().filter(l -> l.startsWith("routed ") && l.contains(reason))
                    .map(l -> Long.parseLong(l.split(" ")[1])).filter(t -> t >= wroteAt - 5).findFirst()
                    .ifPresent(t -> delays.put(f.replica, t - wroteAt));
        }
        return delays;
    }

    @Test
    void aBadCandidateIsRolledBackOnTheFleetsTrafficBeforeAnyReplicaAloneCouldDecide() throws Exception {
        register();
        List<Output> outputs = spawn("A", 0.3);
        for (Output o : outputs) {
            o.finish();
        }
        for (Output o : outputs) {
            assertThat(o.process.exitValue()).as(o.replica + ": " + o.lines).isZero();
            assertThat(o.lines).as(o.replica).anyMatch(l -> l.startsWith("done ") && l.endsWith("ROLLED_BACK"));
        }
        Output controller = outputs.get(0);
        assertThat(controller.facts("lease")).hasSize(1);
        assertThat(outputs).flatExtracting(o -> o.facts("event")).filteredOn(f -> f[2].equals("ROLLED_BACK"))
                .hasSize(1);
        String[] decision = controller.facts("decision").get(0);
        // decision <ms> fleet <cand> <champ> true | replica-1 <cand> <champ> <critical> | ...
        long fleetCandidate = Long.parseLong(decision[3]);
        long fleetChampion = Long.parseLong(decision[4]);
        assertThat(decision[5]).isEqualTo("true");
        assertThat(fleetCandidate).isGreaterThanOrEqualTo(FleetReplica.MIN_SAMPLES);
        assertThat(fleetChampion).isGreaterThanOrEqualTo(FleetReplica.MIN_SAMPLES);
        StringBuilder own = new StringBuilder();
        for (int i = 0; i < REPLICAS.size(); i++) {
            int at = 7 + 5 * i;
            assertThat(decision[at]).isEqualTo(REPLICAS.get(i));
            long cand = Long.parseLong(decision[at + 1]);
            long champ = Long.parseLong(decision[at + 2]);
            // Alone, each replica had a fraction of the samples the fleet's decision took, and the same
            // analysis on its own figures (asked at every tick, as the fleet's was) had not decided.
            assertThat(cand).as(REPLICAS.get(i)).isLessThan(fleetCandidate);
            assertThat(decision[at + 3]).as(REPLICAS.get(i)).isEqualTo("false");
            own.append(' ').append(REPLICAS.get(i)).append('=').append(cand).append('/').append(champ);
        }
        long wrote = controller.facts("wrote").stream().filter(f -> f[3].equals("ROLLED_BACK"))
                .mapToLong(f -> Long.parseLong(f[1])).findFirst().orElseThrow();
        Map<String, Long> delays = convergence(wrote, outputs.subList(1, 3), "rolled back");
        assertThat(delays).hasSize(2);
        long period = FleetReplica.WINDOW.toMillis();
        assertThat(delays.values()).allSatisfy(d -> assertThat(d).isBetween(0L, period + 1_000));
        System.out.printf(Locale.ROOT, "FLEET A: rolled back at %d candidate / %d champion requests fleet-wide;"
                + " each replica's own candidate/champion requests:%s, none decided alone (min %d per arm); followers routed the rollback"
                + " %s ms after the state write (refresh period %d ms)%n", fleetCandidate, fleetChampion, own,
                FleetReplica.MIN_SAMPLES, delays, period);
    }

    @Test
    void aKilledControllerIsReplacedAfterItsTtlAndTheRolloutFinishesWithOnePromotion() throws Exception {
        register();
        List<Output> outputs = spawn("B", 0.0);
        Output controller = outputs.get(0);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        // Mid-step: the controller started the second step and wrote it; kill it with SIGKILL.
        while (!controller.has(l -> l.startsWith("event ") && l.endsWith(" STEP_STARTED 1"))) {
            assertThat(System.nanoTime()).as("controller reached step 1: " + controller.lines).isLessThan(deadline);
            Thread.sleep(5);
        }
        controller.process.destroyForcibly();
        long killedAt = System.currentTimeMillis();
        controller.process.waitFor(10, TimeUnit.SECONDS);
        List<Output> survivors = outputs.subList(1, 3);
        for (Output o : survivors) {
            o.finish();
            assertThat(o.process.exitValue()).as(o.replica + ": " + o.lines).isZero();
            assertThat(o.lines).as(o.replica).anyMatch(l -> l.startsWith("done ") && l.endsWith("PROMOTED"));
        }
        assertThat(controller.facts("lease")).extracting(f -> f[2]).containsExactly("1");
        assertThat(controller.lines).noneMatch(l -> l.contains("PROMOTED"));
        // The last state the dead controller wrote: step 1, running.
        List<String[]> deadWrites = controller.facts("wrote");
        assertThat(deadWrites.get(deadWrites.size() - 1)).containsExactly("wrote", deadWrites.get(
                deadWrites.size() - 1)[1], "1", "RUNNING", "1");

        List<String[]> takeovers = survivors.stream().flatMap(o -> o.facts("lease").stream())
                .filter(f -> Long.parseLong(f[1]) >= killedAt - 1).toList();
        String[] takeover = takeovers.stream().min((a, b) -> Long.compare(Long.parseLong(a[1]), Long.parseLong(b[1])))
                .orElseThrow();
        assertThat(takeover[2]).isEqualTo("2");
        long takeoverMillis = Long.parseLong(takeover[1]) - killedAt;
        Output successor = survivors.stream().filter(o -> o.replica.equals(takeover[3])).findFirst().orElseThrow();
        Output follower = survivors.stream().filter(o -> o != successor).findFirst().orElseThrow();
        // Within the TTL after the kill (less when the last renewal was earlier), plus one renewal period.
        assertThat(takeoverMillis).isBetween(0L, FleetReplica.TTL.toMillis() + FleetReplica.TTL.toMillis() / 3 + 1_000);
        // The successor's first write re-states step 1 under epoch 2: no step lost, none repeated.
        List<String[]> successorWrites = successor.facts("wrote");
        assertThat(successorWrites.get(0)).containsExactly("wrote", successorWrites.get(0)[1], "2", "RUNNING", "1");
        assertThat(successorWrites.get(successorWrites.size() - 1)[3]).isEqualTo("PROMOTED");
        assertThat(successorWrites).allSatisfy(f -> assertThat(f[4]).isEqualTo("1"));
        assertThat(follower.facts("wrote")).isEmpty();
        assertThat(survivors).flatExtracting(o -> o.facts("event")).filteredOn(f -> f[2].equals("PROMOTED")).hasSize(1);

        List<AliasChange> moves;
        try (Mlops m = mlops()) {
            moves = m.registry().aliasHistory(model).stream().filter(c -> c.alias().equals(Rollout.CHAMPION)).toList();
            assertThat(m.registry().getByAlias(model, Rollout.CHAMPION).orElseThrow().version()).isEqualTo(2);
            assertThat(m.registry().getByAlias(model, Rollout.PREVIOUS).orElseThrow().version()).isEqualTo(1);
        }
        assertThat(moves).hasSize(2);
        assertThat(moves.get(1).previousVersion()).isEqualTo(OptionalInt.of(1));
        assertThat(moves.get(1).newVersion()).isEqualTo(OptionalInt.of(2));

        long promotedAt = successorWrites.stream().filter(f -> f[3].equals("PROMOTED"))
                .mapToLong(f -> Long.parseLong(f[1])).findFirst().orElseThrow();
        Map<String, Long> delays = convergence(promotedAt, List.of(follower), "promoted");
        assertThat(delays).hasSize(1);
        long period = FleetReplica.WINDOW.toMillis();
        assertThat(delays.values()).allSatisfy(d -> assertThat(d).isBetween(0L, period + 1_000));
        System.out.printf(Locale.ROOT, "FLEET B: controller killed at step 1; %s took over (epoch 2) %d ms after the"
                + " kill (TTL %d ms), re-wrote step 1 and promoted; one champion alias move; the follower routed the"
                + " promotion %s ms after the state write (refresh period %d ms)%n", successor.replica,
                takeoverMillis, FleetReplica.TTL.toMillis(), delays, period);
    }
}
