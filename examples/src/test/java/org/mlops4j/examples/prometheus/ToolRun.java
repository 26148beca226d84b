package org.mlops4j.examples.prometheus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of a command-line tool, its output and stderr merged, bounded in time.
 *
 * @param command the command line
 * @param exitCode the exit code
 * @param output stdout and stderr, interleaved
 */
record ToolRun(List<String> command, int exitCode, String output) {

    /**
     * Runs a command in a directory and waits for it.
     *
     * @param dir the working directory
     * @param timeout how long to wait before killing it
     * @param command the command line
     * @return the finished run
     * @throws IOException if it cannot start
     * @throws InterruptedException if interrupted while waiting
     * @throws AssertionError if it did not finish in time (it is killed first)
     */
    static ToolRun run(Path dir, Duration timeout, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("tool-run", ".log");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + ":\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new ToolRun(List.of(command), p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /**
     * The command, its exit code and its output, for an assertion message.
     *
     * @return a readable account of the run
     */
    String describe() {
        return String.join(" ", command) + " exited with " + exitCode + ":\n" + output;
    }
}
