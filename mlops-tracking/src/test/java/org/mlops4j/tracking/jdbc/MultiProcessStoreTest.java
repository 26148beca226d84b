package org.mlops4j.tracking.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.tracking.Metric;
import org.mlops4j.tracking.Mlops;
import org.mlops4j.tracking.Run;
import org.mlops4j.tracking.RunConfig;
import org.mlops4j.tracking.RunInfo;
import org.mlops4j.tracking.RunStatus;

/** Several JVMs on one SQLite store, and a JVM killed with SIGKILL in the middle of logging. */
class MultiProcessStoreTest {

    @TempDir
    Path dir;

    private static Process spawn(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.add(StoreWorker.class.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static List<String> linesOf(Process p) throws Exception {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        }
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("child finished").isTrue();
        assertThat(p.exitValue()).as("child exit code").isZero();
        return lines;
    }

    @Test
    void twoJvmsWithFourThreadsEachGetOneExperiment() throws Exception {
        Mlops.local(dir).close();
        Process a = spawn("experiment", dir.toString(), "shared", "4");
        Process b = spawn("experiment", dir.toString(), "shared", "4");
        List<String> lines = new ArrayList<>(linesOf(a));
        lines.addAll(linesOf(b));

        assertThat(lines).hasSize(8);
        assertThat(new HashSet<>(lines)).hasSize(1);
        try (Mlops mlops = Mlops.local(dir)) {
            assertThat(mlops.tracker().experiments()).hasSize(1);
            assertThat(lines.get(0)).isEqualTo("id " + mlops.tracker().experiment("shared").orElseThrow().id());
        }
    }

    @Test
    void twoJvmsRegisteringAtOnceGetGaplessUniqueVersions() throws Exception {
        Path artifact = Files.writeString(dir.resolve("model.bin"), "weights");
        Mlops.local(dir.resolve("store")).close();
        Process a = spawn("register", dir.resolve("store").toString(), "fraud", "20", artifact.toString());
        Process b = spawn("register", dir.resolve("store").toString(), "fraud", "20", artifact.toString());
        List<String> fromA = linesOf(a);
        List<String> fromB = linesOf(b);

        Set<Integer> versions = new TreeSet<>();
        for (String line : fromA) {
            versions.add(Integer.parseInt(line.substring("version ".length())));
        }
        for (String line : fromB) {
            versions.add(Integer.parseInt(line.substring("version ".length())));
        }
        assertThat(fromA).hasSize(20);
        assertThat(fromB).hasSize(20);
        assertThat(versions).hasSize(40).first().isEqualTo(1);
        assertThat(((TreeSet<Integer>) versions).last()).isEqualTo(40);
        try (Mlops mlops = Mlops.local(dir.resolve("store"))) {
            assertThat(mlops.registry().versions("fraud")).extracting(ModelVersion::version)
                    .containsExactlyElementsOf(versions);
        }
    }

    @Test
    void killingTheJvmWhileLoggingLosesNoReturnedWriteAndCorruptsNothing() throws Exception {
        String runId;
        try (Mlops mlops = Mlops.local(dir)) {
            Run run = mlops.tracker().startRun("crash", RunConfig.ofDefaults().recordSource(false));
            runId = run.id();
        }
        Process child = spawn("log", dir.toString(), runId);
        long confirmed = -1;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean killed = false;
            // Reads to the end: lines the child printed before the kill landed still count as confirmed.
            while ((line = r.readLine()) != null) {
                if (!line.startsWith("logged ")) {
                    continue;
                }
                confirmed = Long.parseLong(line.substring("logged ".length()));
                if (confirmed >= 150 && !killed) {
                    // SIGKILL: no shutdown hooks, no chance to finish the write in flight. Sent with
                    // kill(1) rather than destroyForcibly(), which would also close the pipe we read.
                    assertThat(new ProcessBuilder("kill", "-KILL", Long.toString(child.pid())).start()
                            .waitFor()).isZero();
                    killed = true;
                }
            }
        }
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(confirmed).isGreaterThanOrEqualTo(150);

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Mlops.DATABASE_FILE));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("ok");
        }
        try (Mlops mlops = Mlops.local(dir)) {
            List<Metric> history = mlops.tracker().metricHistory(runId, "step");
            // Every write that returned is there, in order, with no gap; at most the one in flight
            // (committed, not yet printed) is extra.
            assertThat((long) history.size()).isBetween(confirmed + 1, confirmed + 2);
            for (int i = 0; i < history.size(); i++) {
                assertThat(history.get(i).step()).isEqualTo(i);
                assertThat(history.get(i).value()).isEqualTo(i);
            }
            assertThat(mlops.tracker().run(runId).orElseThrow().metric("step"))
                    .contains((double) (history.size() - 1));
            mlops.tracker().endRun(runId, org.mlops4j.tracking.RunStatus.KILLED);
        }
    }

    private static String runIdPrintedBy(Process child) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine();
        assertThat(line).as("the child's first line").startsWith("run ");
        return line.substring("run ".length());
    }

    @Test
    void runsOfAKilledProcessAreEndedKilledWhenTheStoreOpensAndThoseOfALiveOneAreNot() throws Exception {
        Mlops.local(dir).close();
        Process killed = spawn("start", dir.toString(), "crash");
        Process alive = spawn("start", dir.toString(), "crash");
        try {
            String killedRun = runIdPrintedBy(killed);
            String aliveRun = runIdPrintedBy(alive);
            killed.destroyForcibly();
            assertThat(killed.waitFor(60, TimeUnit.SECONDS)).isTrue();

            // Before: both runs stayed RUNNING for ever; nothing told a dead process's run from a live one's.
            try (Mlops mlops = Mlops.local(dir)) {
                RunInfo ended = mlops.tracker().run(killedRun).orElseThrow();
                assertThat(ended.status()).isEqualTo(RunStatus.KILLED);
                assertThat(ended.tags().get(StaleRuns.STALE_TAG)).contains("process " + killed.pid()).contains("gone");
                // Its end time is its last write (the metric it logged), not the time of this open.
                assertThat(ended.endTime()).isPresent();
                assertThat(ended.endTime().get()).isBeforeOrEqualTo(java.time.Instant.now())
                        .isAfterOrEqualTo(ended.startTime());
                RunInfo running = mlops.tracker().run(aliveRun).orElseThrow();
                assertThat(running.status()).isEqualTo(RunStatus.RUNNING);
                assertThat(running.tags()).doesNotContainKey(StaleRuns.STALE_TAG);
            }
        } finally {
            killed.destroyForcibly();
            alive.destroyForcibly();
            assertThat(alive.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
    }
}
