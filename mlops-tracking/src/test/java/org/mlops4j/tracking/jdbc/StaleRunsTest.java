package org.mlops4j.tracking.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ManualClock;
import org.mlops4j.tracking.Run;
import org.mlops4j.tracking.RunConfig;
import org.mlops4j.tracking.RunInfo;
import org.mlops4j.tracking.RunStatus;

/** How a run's recorded process is judged gone or alive. */
class StaleRunsTest {

    @TempDir
    Path dir;

    private final OpenedStores stores = new OpenedStores();

    @AfterEach
    void closeStores() {
        stores.close();
    }

    private static String[] mine() {
        return StaleRuns.OWNER.split("\\|", -1);
    }

    private static String owner(String host, String boot, long pid, String start) {
        return host + "|" + boot + "|" + pid + "|" + start;
    }

    @Test
    void thisProcessIsAlive() {
        assertThat(StaleRuns.OWNER.split("\\|", -1)).hasSize(4);
        assertThat(mine()[2]).isEqualTo(Long.toString(ProcessHandle.current().pid()));
        assertThat(StaleRuns.isGone(StaleRuns.OWNER)).isFalse();
    }

    @Test
    void aPidReusedByAnotherProcessIsGoneButRoundingIsNot() {
        String[] me = mine();
        assumeFalse(me[3].equals("-"), "no process start times on this platform: pid reuse cannot be told apart");
        long start = Long.parseLong(me[3]);
        long pid = ProcessHandle.current().pid();
        assertThat(StaleRuns.isGone(owner(me[0], me[1], pid, Long.toString(start - 3_600_000)))).isTrue();
        assertThat(StaleRuns.isGone(owner(me[0], me[1], pid, Long.toString(start + 1)))).isFalse();
    }

    private static long pidOfAnExitedProcess() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-version").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return child.pid();
    }

    @Test
    void aProcessThatExitedIsGone() throws Exception {
        long pid = pidOfAnExitedProcess();
        String[] me = mine();

        assertThat(StaleRuns.isGone(owner(me[0], me[1], pid, "-"))).isTrue();
    }

    @Test
    void aRebootMeansGoneAndAnotherHostOrAnUnreadableOwnerIsLeftAlone() {
        String[] me = mine();
        long pid = ProcessHandle.current().pid();
        if (!me[1].equals("-")) {
            assertThat(StaleRuns.isGone(owner(me[0], "another-boot", pid, me[3]))).isTrue();
        }
        assertThat(StaleRuns.isGone(owner("another-host", me[1], 1, "0"))).isFalse();
        assertThat(StaleRuns.isGone("not an owner")).isFalse();
        assertThat(StaleRuns.isGone(me[0] + "|" + me[1] + "|x|0")).isFalse();
    }

    @Test
    void aLiveProcessWhoseStartIsWithinTwoSecondsEitherWayIsNotGone() {
        String[] me = mine();
        assumeFalse(me[3].equals("-"), "no process start times on this platform: pid reuse cannot be told apart");
        long start = Long.parseLong(me[3]);
        long pid = ProcessHandle.current().pid();
        for (long off : new long[] {-2_000, -1, 0, 1, 2_000}) {
            assertThat(StaleRuns.isGone(owner(me[0], me[1], pid, Long.toString(start + off)))).as("%d ms", off).isFalse();
        }
        for (long off : new long[] {-2_001, 2_001, 3_600_000}) {
            assertThat(StaleRuns.isGone(owner(me[0], me[1], pid, Long.toString(start + off)))).as("%d ms", off).isTrue();
        }
    }

    @Test
    void aLiveProcessIsNotGoneWhenTheRunRecordedNoBootIdOrNoStartTime() {
        String[] me = mine();
        long pid = ProcessHandle.current().pid();
        assertThat(StaleRuns.isGone(owner(me[0], "-", pid, me[3]))).isFalse();
        assertThat(StaleRuns.isGone(owner(me[0], me[1], pid, "-"))).isFalse();
        assertThat(StaleRuns.isGone(owner(me[0], me[1], pid, "unreadable"))).isFalse();
        assertThat(StaleRuns.isGone(me[0] + "|" + me[1] + "|" + pid)).isFalse();
        assertThat(StaleRuns.isGone(StaleRuns.OWNER + "|extra")).isFalse();
    }

    @Test
    void openingTheStoreEndsOnlyTheRunningRunsOfAGoneProcessAtTheirLastWrite() throws Exception {
        Path file = dir.resolve("mlops.db");
        Instant start = Instant.parse("2026-03-01T10:00:00Z");
        ManualClock clock = new ManualClock(start);
        JdbcTracker before = new JdbcTracker(stores.sqlite(file), dir.resolve("artifacts"), clock);
        Run gone = before.startRun("fraud", RunConfig.ofDefaults().recordSource(false));
        clock.advance(Duration.ofMinutes(5));
        gone.logMetric("loss", 0.5);
        Run live = before.startRun("fraud", RunConfig.ofDefaults().recordSource(false));
        Run otherHost = before.startRun("fraud", RunConfig.ofDefaults().recordSource(false));
        Run finished = before.startRun("fraud", RunConfig.ofDefaults().recordSource(false));
        finished.end(RunStatus.FINISHED);
        clock.advance(Duration.ofHours(1));

        String[] me = mine();
        long pid = pidOfAnExitedProcess();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             PreparedStatement ps = c.prepareStatement("UPDATE runs SET owner = ? WHERE run_id = ?")) {
            for (Run run : new Run[] {gone, finished}) {
                ps.setString(1, owner(me[0], me[1], pid, "-"));
                ps.setString(2, run.id());
                ps.executeUpdate();
            }
            ps.setString(1, owner("another-host", me[1], pid, "-"));
            ps.setString(2, otherHost.id());
            ps.executeUpdate();
        }

        JdbcTracker after = new JdbcTracker(stores.sqlite(file), dir.resolve("artifacts"), clock);
        RunInfo ended = after.run(gone.id()).orElseThrow();
        assertThat(ended.status()).isEqualTo(RunStatus.KILLED);
        assertThat(ended.endTime()).contains(start.plus(Duration.ofMinutes(5)));
        assertThat(ended.tags()).containsEntry(StaleRuns.STALE_TAG,
                "ended KILLED when the store was opened: process " + pid + " on " + me[0] + " that ran it is gone");
        for (Run run : new Run[] {live, otherHost}) {
            RunInfo info = after.run(run.id()).orElseThrow();
            assertThat(info.status()).isEqualTo(RunStatus.RUNNING);
            assertThat(info.endTime()).isEmpty();
            assertThat(info.tags()).doesNotContainKey(StaleRuns.STALE_TAG);
        }
        RunInfo done = after.run(finished.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(done.tags()).doesNotContainKey(StaleRuns.STALE_TAG);
    }
}
