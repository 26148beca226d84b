package org.mlops4j.tracking.jdbc;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.tracking.Mlops;
import org.mlops4j.tracking.Tracker;

/**
 * The child JVM of the multi-process tests: it opens the store in a directory and does one thing,
 * printing one line per completed operation so the parent knows what returned.
 *
 * <ul>
 *   <li>{@code experiment <dir> <name> <threads>}: get-or-create the experiment from several threads;
 *       prints {@code id <experimentId>} per call;</li>
 *   <li>{@code register <dir> <model> <count> <artifact>}: registers versions; prints {@code version <n>};</li>
 *   <li>{@code log <dir> <runId>}: logs metric {@code step} = i at step i until killed; prints
 *       {@code logged <i>} after each write returned;</li>
 *   <li>{@code lock <dbFile>}: holds an EXCLUSIVE lock on the database ({@code locking_mode=EXCLUSIVE},
 *       {@code BEGIN EXCLUSIVE}), prints {@code locked}, and keeps it until killed;</li>
 *   <li>{@code start <dir> <experiment>}: starts a run and prints {@code run <runId>}, then waits to be
 *       killed with the run still running;</li>
 *   <li>{@code pg-race <url> <schema> <artifactDir> <threads> <perThread> <artifact>}: on PostgreSQL,
 *       each thread registers versions of {@code fraud} and moves {@code champion} to each with
 *       compare-and-set; prints {@code version <n>} and {@code moved <from> <to>}.</li>
 * </ul>
 */
public final class StoreWorker {

    private StoreWorker() {
    }

    /**
     * Runs one mode.
     *
     * @param args the mode and its arguments
     * @throws Exception on any failure (exit code 1)
     */
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (args[0].equals("pg-race")) {
            pgRace(args, out);
            return;
        }
        if (args[0].equals("lock")) {
            try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + args[1]);
                 java.sql.Statement s = c.createStatement()) {
                s.execute("PRAGMA locking_mode = EXCLUSIVE");
                s.execute("BEGIN EXCLUSIVE");
                s.execute("INSERT INTO experiments (experiment_id, name, creation_time) VALUES ('lock', 'lock', 0)");
                out.println("locked");
                Thread.sleep(Long.MAX_VALUE);
            }
            return;
        }
        try (Mlops mlops = Mlops.local(Path.of(args[1]))) {
            switch (args[0]) {
                case "experiment": {
                    int threads = Integer.parseInt(args[3]);
                    ExecutorService pool = Executors.newFixedThreadPool(threads);
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<String>> futures = new ArrayList<>();
                    for (int i = 0; i < threads; i++) {
                        futures.add(pool.submit(() -> {
                            go.await();
                            return mlops.tracker().getOrCreateExperiment(args[2]).id();
                        }));
                    }
                    go.countDown();
                    for (Future<String> f : futures) {
                        out.println("id " + f.get());
                    }
                    pool.shutdown();
                    break;
                }
                case "register": {
                    int count = Integer.parseInt(args[3]);
                    ModelArtifact artifact = ModelArtifact.of(Path.of(args[4]));
                    for (int i = 0; i < count; i++) {
                        int v = mlops.registry().register(ModelRegistration.builder(args[2]).artifact(artifact).build())
                                .version();
                        out.println("version " + v);
                    }
                    break;
                }
                case "start": {
                    Tracker tracker = mlops.tracker();
                    String runId = tracker.startRun(args[2], org.mlops4j.tracking.RunConfig.ofDefaults()
                            .recordSource(false)).id();
                    tracker.logMetric(runId, "loss", 0.5, 1, tracker.clock().now());
                    out.println("run " + runId);
                    Thread.sleep(Long.MAX_VALUE);
                    break;
                }
                case "log": {
                    Tracker tracker = mlops.tracker();
                    for (long i = 0; ; i++) {
                        tracker.logMetric(args[2], "step", i, i, tracker.clock().now());
                        out.println("logged " + i);
                    }
                }
                default:
                    throw new IllegalArgumentException("unknown mode " + args[0]);
            }
        }
    }

    private static void pgRace(String[] args, PrintStream out) throws Exception {
        int threads = Integer.parseInt(args[4]);
        int perThread = Integer.parseInt(args[5]);
        ModelArtifact artifact = ModelArtifact.of(Path.of(args[6]));
        try (Mlops mlops = Mlops.jdbc(PostgresTestDatabase.dataSource(args[1], args[2]), "race " + args[2],
                Path.of(args[3]), org.mlops4j.core.Clock.system())) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        int v = mlops.registry().register(ModelRegistration.builder("fraud").artifact(artifact).build())
                                .version();
                        synchronized (out) {
                            out.println("version " + v);
                        }
                        while (true) {
                            java.util.OptionalInt current = mlops.registry().getByAlias("fraud", "champion")
                                    .map(m -> java.util.OptionalInt.of(m.version())).orElse(java.util.OptionalInt.empty());
                            if (current.isPresent() && current.getAsInt() >= v) {
                                break;
                            }
                            if (mlops.registry().compareAndSetAlias("fraud", "champion", current, v,
                                    org.mlops4j.core.registry.Attribution.by("worker", "race"))) {
                                synchronized (out) {
                                    out.println("moved " + (current.isPresent() ? current.getAsInt() : 0) + " " + v);
                                }
                                break;
                            }
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
        }
    }
}
