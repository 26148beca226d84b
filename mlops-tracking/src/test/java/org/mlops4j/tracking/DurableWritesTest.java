package org.mlops4j.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.Clock;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.tracking.jdbc.JdbcModelRegistry;
import org.mlops4j.tracking.jdbc.JdbcStore;

/**
 * Watches the system calls of a real write with strace: an artifact file reaches the disk (its
 * temporary file fsynced, renamed, its directory fsynced) before the call returns, and a model file
 * before the database commit that points at it. Skips with a message where strace cannot trace (it
 * is absent, or ptrace is not permitted); CI installs it and fails if this suite was skipped.
 */
class DurableWritesTest {

    private static final Pattern RENAME = Pattern.compile("rename(?:at2?)?\\(.*\"([^\"]*/\\.tmp-[^\"]*\\.part)\".*\"([^\"]+)\"");

    @TempDir
    Path tempDir;

    /** The traced process: writes one run artifact and registers one model version, then exits. */
    public static final class Worker {
        public static void main(String[] args) throws Exception {
            Path dir = Path.of(args[0]);
            Path source = Files.writeString(dir.resolve("model.bin"), "weights");
            new LocalArtifactStore(dir.resolve("artifacts")).copyInto("run1", source, "eval");
            JdbcStore store = JdbcStore.sqlite(dir.resolve("mlops.db"));
            System.out.println("REGISTER");
            new JdbcModelRegistry(store, dir.resolve("registry"), Clock.system())
                    .register(ModelRegistration.builder("fraud").artifact(ModelArtifact.of(source)).build());
            System.out.println("DONE");
        }
    }

    @Test
    void artifactAndModelFilesAreFsyncedWithTheirDirectoryBeforeTheRenameAndTheCommit() throws Exception {
        Path trace = tempDir.resolve("trace.txt");
        List<String> lines = traced(trace);

        List<String> renames = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = RENAME.matcher(lines.get(i));
            if (!m.find() || lines.get(i).contains("= -1")) {
                continue;
            }
            String tmp = m.group(1);
            String target = m.group(2);
            renames.add(target);
            Path dir = Path.of(target).getParent();
            assertThat(indexOf(lines, 0, i, "fsync(", tmp + ">"))
                    .as("the temporary file %s is fsynced before its rename", tmp).isNotNegative();
            int dirSync = indexOf(lines, i, lines.size(), "fsync(", "<" + dir + ">");
            assertThat(dirSync).as("the directory %s is fsynced after the rename", dir).isNotNegative();
            if (target.contains("/registry/models/")) {
                int commit = indexOf(lines, dirSync, lines.size(), "fsync(", "mlops.db-wal>");
                assertThat(commit).as("the version's row is committed after the model file reached the disk")
                        .isGreaterThan(dirSync);
            }
        }
        assertThat(renames).anyMatch(t -> t.endsWith("/artifacts/run1/eval/model.bin"))
                .anyMatch(t -> t.endsWith("/registry/models/" + ModelArtifact.of(tempDir.resolve("model.bin")).sha256()
                        + "/model.bin"));
    }

    private List<String> traced(Path trace) throws Exception {
        boolean strace;
        try {
            Process probe = new ProcessBuilder("strace", "-f", "-o", "/dev/null", "true")
                    .redirectErrorStream(true).start();
            strace = probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (java.io.IOException e) {
            strace = false;
        }
        Assumptions.assumeTrue(strace,
                "strace is absent or cannot trace here: the fsync-ordering test is skipped (CI installs strace and runs it)");
        List<String> command = new ArrayList<>(List.of("strace", "-f", "-y", "-qq", "-o", trace.toString(),
                "-e", "trace=fsync,fdatasync,rename,renameat,renameat2",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                Worker.class.getName(), tempDir.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("DONE");
        return Files.readAllLines(trace);
    }

    private static int indexOf(List<String> lines, int from, int to, String call, String path) {
        for (int i = from; i < to; i++) {
            String line = lines.get(i);
            if (line.contains(call) && line.contains(path) && !line.contains("= -1")) {
                return i;
            }
        }
        return -1;
    }
}
