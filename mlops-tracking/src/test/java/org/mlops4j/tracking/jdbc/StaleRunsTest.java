package org.mlops4j.tracking.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How a run's recorded process is judged gone or alive. */
class StaleRunsTest {

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

    @Test
    void aProcessThatExitedIsGone() throws Exception {
        Process child = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-version").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long pid = child.pid();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
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
}
