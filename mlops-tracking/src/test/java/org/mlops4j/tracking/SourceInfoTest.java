package org.mlops4j.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceInfoTest {

    @TempDir
    Path dir;

    private static boolean gitAvailable() {
        try {
            Process p = new ProcessBuilder("git", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void git(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString(), "-c", "user.name=t",
                "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    @Test
    void recordsCommitBranchAndDirtyFlagOfARepository() throws Exception {
        assumeTrue(gitAvailable(), "git is not installed");
        git("init", "-q", "-b", "feature-x");
        Files.writeString(dir.resolve("train.py"), "print(1)\n");
        git("add", "train.py");
        git("commit", "-q", "-m", "first");

        SourceInfo clean = SourceInfo.detect(dir);
        assertThat(clean.gitCommit()).hasValueSatisfying(c -> assertThat(c).matches("[0-9a-f]{40}"));
        assertThat(clean.gitBranch()).contains("feature-x");
        assertThat(clean.gitDirty()).contains(false);

        Files.writeString(dir.resolve("train.py"), "print(2)\n");
        SourceInfo dirty = SourceInfo.detect(dir);
        assertThat(dirty.gitDirty()).contains(true);
        assertThat(dirty.gitCommit()).isEqualTo(clean.gitCommit());
        assertThat(dirty.tags()).containsEntry(SourceInfo.GIT_DIRTY, "true")
                .containsEntry(SourceInfo.GIT_BRANCH, "feature-x")
                .containsEntry(SourceInfo.GIT_COMMIT, clean.gitCommit().orElseThrow());
    }

    @Test
    void outsideARepositoryOnlyTheEnvironmentIsRecorded() {
        SourceInfo info = SourceInfo.detect(dir);
        assertThat(info.gitCommit()).isEmpty();
        assertThat(info.tags()).doesNotContainKeys(SourceInfo.GIT_COMMIT, SourceInfo.GIT_BRANCH, SourceInfo.GIT_DIRTY)
                .containsEntry(SourceInfo.JAVA_VERSION, System.getProperty("java.version"))
                .containsKeys(SourceInfo.OS, SourceInfo.HOST);
        assertThat(info.libraryVersion()).isEqualTo("0.1.0-SNAPSHOT");
    }
}
