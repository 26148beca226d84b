package org.mlops4j.tracking;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a run executes: the git commit, branch and dirty flag of a working directory (when it is
 * inside a git repository and git is installed), and the Java version, OS, host and mlops4j
 * version. Recorded as run tags so a result can be traced to the code that produced it.
 *
 * @param gitCommit the commit hash
 * @param gitBranch the branch, or {@code HEAD} when detached
 * @param gitDirty whether tracked or untracked files differ from the commit
 * @param javaVersion the running Java version
 * @param os operating system name, version and architecture
 * @param host the host name
 * @param libraryVersion the mlops4j version
 */
public record SourceInfo(Optional<String> gitCommit, Optional<String> gitBranch, Optional<Boolean> gitDirty,
                         String javaVersion, String os, String host, String libraryVersion) {

    /** Tag of the git commit. */
    public static final String GIT_COMMIT = "mlops.source.git.commit";
    /** Tag of the git branch. */
    public static final String GIT_BRANCH = "mlops.source.git.branch";
    /** Tag of the git dirty flag. */
    public static final String GIT_DIRTY = "mlops.source.git.dirty";
    /** Tag of the Java version. */
    public static final String JAVA_VERSION = "mlops.java.version";
    /** Tag of the OS. */
    public static final String OS = "mlops.os";
    /** Tag of the host. */
    public static final String HOST = "mlops.host";
    /** Tag of the library version. */
    public static final String LIBRARY_VERSION = "mlops.library.version";

    private static final Logger LOG = LoggerFactory.getLogger(SourceInfo.class);
    private static final long GIT_TIMEOUT_SECONDS = 10;

    /**
     * Validates the components.
     *
     * @param gitCommit the commit hash
     * @param gitBranch the branch, or {@code HEAD} when detached
     * @param gitDirty whether tracked or untracked files differ from the commit
     * @param javaVersion the running Java version
     * @param os operating system name, version and architecture
     * @param host the host name
     * @param libraryVersion the mlops4j version
     */
    public SourceInfo {
        Objects.requireNonNull(gitCommit, "gitCommit");
        Objects.requireNonNull(gitBranch, "gitBranch");
        Objects.requireNonNull(gitDirty, "gitDirty");
        Objects.requireNonNull(javaVersion, "javaVersion");
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(libraryVersion, "libraryVersion");
    }

    /**
     * Detects the source of a working directory. Git is asked through its command line; when git
     * is missing or the directory is not in a repository, the git parts are empty (logged at DEBUG).
     *
     * @param workingDir the directory, usually {@code Path.of("")}
     * @return what was found
     */
    public static SourceInfo detect(Path workingDir) {
        Objects.requireNonNull(workingDir, "workingDir");
        Path dir = workingDir.toAbsolutePath();
        Optional<String> commit = git(dir, "rev-parse", "HEAD");
        Optional<String> branch = commit.isPresent() ? git(dir, "rev-parse", "--abbrev-ref", "HEAD") : Optional.empty();
        Optional<Boolean> dirty = commit.isPresent()
                ? git(dir, "status", "--porcelain").map(s -> !s.isEmpty()) : Optional.empty();
        return new SourceInfo(commit, branch, dirty, System.getProperty("java.version", "unknown"),
                System.getProperty("os.name", "unknown") + " " + System.getProperty("os.version", "") + " "
                        + System.getProperty("os.arch", ""),
                hostName(), readLibraryVersion());
    }

    /** @return the run tags of this source */
    public Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>();
        gitCommit.ifPresent(c -> tags.put(GIT_COMMIT, c));
        gitBranch.ifPresent(b -> tags.put(GIT_BRANCH, b));
        gitDirty.ifPresent(d -> tags.put(GIT_DIRTY, d.toString()));
        tags.put(JAVA_VERSION, javaVersion);
        tags.put(OS, os.strip());
        tags.put(HOST, host);
        tags.put(LIBRARY_VERSION, libraryVersion);
        return tags;
    }

    private static Optional<String> git(Path dir, String... args) {
        String[] command = new String[args.length + 3];
        command[0] = "git";
        command[1] = "-C";
        command[2] = dir.toString();
        System.arraycopy(args, 0, command, 3, args.length);
        Process process = null;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out;
            try (InputStream in = process.getInputStream()) {
                out = in.readAllBytes();
            }
            if (!process.waitFor(GIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                LOG.debug("git {} timed out in {}", String.join(" ", args), dir);
                return Optional.empty();
            }
            if (process.exitValue() != 0) {
                LOG.debug("git {} exited {} in {}: not a repository?", String.join(" ", args), process.exitValue(), dir);
                return Optional.empty();
            }
            return Optional.of(new String(out, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            LOG.debug("git is not available: {}", e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            LOG.debug("cannot resolve the local host name", e);
            return "unknown";
        }
    }

    private static String readLibraryVersion() {
        try (InputStream in = SourceInfo.class.getResourceAsStream("/org/mlops4j/tracking/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            LOG.debug("cannot read the library version", e);
            return "unknown";
        }
    }
}
