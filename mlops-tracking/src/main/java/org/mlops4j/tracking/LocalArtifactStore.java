package org.mlops4j.tracking;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.mlops4j.core.StoreException;
import org.mlops4j.tracking.internal.ArtifactPaths;

/**
 * Run artifacts in a local directory: {@code <root>/<runId>/<relative path>}. Used by the
 * in-memory and JDBC trackers.
 *
 * <p>Safety: destination paths are checked to stay inside the run's directory, sources holding
 * symbolic links are refused before anything is copied, and each file is copied to a temporary
 * name and renamed into place, so a reader never sees a partial file. Thread-safe.
 */
public final class LocalArtifactStore {

    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final Path root;

    /**
     * Creates a store under a directory, creating it if needed.
     *
     * @param root the directory
     * @throws StoreException if it cannot be created
     */
    public LocalArtifactStore(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new StoreException("cannot create artifact directory " + this.root, e);
        }
    }

    /** @return the root directory */
    public Path root() {
        return root;
    }

    /**
     * Copies a file, or a directory's contents, under a run's artifacts.
     *
     * @param runId the run
     * @param source a regular file or a directory without symbolic links
     * @param artifactDir the relative destination directory, {@code ""} for the root
     * @throws IllegalArgumentException if the destination is unsafe, or the source is missing or holds links
     * @throws StoreException if copying fails
     */
    public void copyInto(String runId, Path source, String artifactDir) {
        Objects.requireNonNull(source, "source");
        Path destDir = resolve(runId, ArtifactPaths.check(artifactDir));
        if (Files.isSymbolicLink(source)) {
            throw new IllegalArgumentException("artifact source " + source + " is a symbolic link; links are refused");
        }
        if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("artifact source " + source + " does not exist");
        }
        try {
            if (Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
                copyFile(source, destDir.resolve(source.getFileName().toString()));
                return;
            }
            List<Path> files = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(source)) {
                for (Path p : (Iterable<Path>) walk::iterator) {
                    if (Files.isSymbolicLink(p)) {
                        throw new IllegalArgumentException("artifact source " + source + " holds a symbolic link at "
                                + p + "; links are refused");
                    }
                    if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        files.add(p);
                    }
                }
            }
            for (Path f : files) {
                Path relative = source.relativize(f);
                Path target = destDir;
                for (Path part : relative) {
                    target = target.resolve(part.toString());
                }
                copyFile(f, target);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new StoreException("cannot copy artifact " + source + " into run " + runId, e);
        }
    }

    /**
     * Lists a run's artifact files.
     *
     * @param runId the run
     * @return relative {@code /}-separated paths, sorted; empty when the run has none
     */
    public List<String> list(String runId) {
        Path runDir = resolve(runId, "");
        if (!Files.isDirectory(runDir)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(runDir, new FileVisitOption[0])) {
            walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !p.getFileName().toString().startsWith(".tmp-"))
                    .forEach(p -> out.add(toRelative(runDir.relativize(p))));
        } catch (IOException | UncheckedIOException e) {
            throw new StoreException("cannot list artifacts of run " + runId + " under " + runDir, e);
        }
        Collections.sort(out);
        return out;
    }

    /**
     * Opens one artifact.
     *
     * @param runId the run
     * @param path the relative path
     * @return the stream
     * @throws IllegalArgumentException if the path is unsafe or names no artifact file
     */
    public InputStream open(String runId, String path) {
        if (ArtifactPaths.check(path).isEmpty()) {
            throw new IllegalArgumentException("artifact path must name a file but was empty");
        }
        Path file = resolve(runId, path);
        try {
            return Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("run " + runId + " has no artifact '" + path + "'", e);
        } catch (IOException e) {
            throw new StoreException("cannot open artifact '" + path + "' of run " + runId, e);
        }
    }

    private Path resolve(String runId, String relative) {
        Objects.requireNonNull(runId, "runId");
        if (!RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("run id must be 1 to 64 characters of [A-Za-z0-9_-] but was '" + runId + "'");
        }
        Path p = root.resolve(runId);
        if (!relative.isEmpty()) {
            for (String segment : relative.split("/")) {
                p = p.resolve(segment);
            }
        }
        p = p.normalize();
        if (!p.startsWith(root.resolve(runId))) {
            throw new IllegalArgumentException("artifact path '" + relative + "' escapes the artifacts of run " + runId);
        }
        return p;
    }

    private static void copyFile(Path source, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), ".tmp-", ".part");
        try {
            Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String toRelative(Path relative) {
        StringBuilder sb = new StringBuilder();
        for (Path part : relative) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(part);
        }
        return sb.toString();
    }
}
