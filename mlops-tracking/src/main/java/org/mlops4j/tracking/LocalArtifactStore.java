package org.mlops4j.tracking;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.mlops4j.core.StoreException;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.tracking.internal.ArtifactPaths;
import org.mlops4j.tracking.internal.StoreFiles;

/**
 * Run artifacts in a local directory: {@code <root>/<runId>/<relative path>}. Used by the
 * in-memory and JDBC trackers.
 *
 * <p>Safety: destination paths are checked to stay inside the run's directory, sources holding
 * symbolic links are refused before anything is copied, and a symbolic link inside the store
 * (planted where a run's directory or file should be) is refused on write, list and read. Each
 * file is copied to a temporary name, fsynced, renamed into place and its directory fsynced, so a
 * reader never sees a partial file and a returned write survives a power cut. Temporary files an
 * interrupted copy left behind (older than {@link StoreFiles#TEMPORARY_AGE}) are deleted when the
 * store is opened. Thread-safe.
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
        StoreFiles.cleanTemporaries(this.root, Instant.now());
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
        List<String> destDir = segments(runId, ArtifactPaths.check(artifactDir));
        if (Files.isSymbolicLink(source)) {
            throw new IllegalArgumentException("artifact source " + source + " is a symbolic link; links are refused");
        }
        if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("artifact source " + source + " does not exist");
        }
        try {
            if (Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
                copyFile(source, child(destDir, source.getFileName().toString()));
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
                List<String> target = destDir;
                for (Path part : source.relativize(f)) {
                    target = child(target, part.toString());
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
        Path runDir = StoreFiles.resolveNoLinks(root, segments(runId, ""));
        if (!Files.isDirectory(runDir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(runDir, new FileVisitOption[0])) {
            walk.peek(p -> {
                        if (Files.isSymbolicLink(p)) {
                            throw StoreFiles.linkRefused(root, p);
                        }
                    })
                    .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !p.getFileName().toString().startsWith(StoreFiles.TEMP_PREFIX))
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
        try {
            return StoreFiles.openForRead(root, segments(runId, path));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("run " + runId + " has no artifact '" + path + "'", e);
        } catch (IOException e) {
            throw new StoreException("cannot open artifact '" + path + "' of run " + runId, e);
        }
    }

    /**
     * Describes one stored artifact file as a {@link ModelArtifact}: the stored file itself and the
     * SHA-256 of its bytes, for a registry to take without another copy.
     *
     * @param runId the run
     * @param path the relative path
     * @return the stored file and its SHA-256
     * @throws IllegalArgumentException if the path is unsafe or names no artifact file
     * @throws StoreException if it cannot be read
     */
    public ModelArtifact modelArtifact(String runId, String path) {
        if (ArtifactPaths.check(path).isEmpty()) {
            throw new IllegalArgumentException("artifact path must name a file but was empty");
        }
        List<String> segments = segments(runId, path);
        try (InputStream in = StoreFiles.openForRead(root, segments)) {
            return new ModelArtifact(StoreFiles.resolveNoLinks(root, segments), ModelArtifact.sha256Of(in));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("run " + runId + " has no artifact '" + path + "'", e);
        } catch (IOException e) {
            throw new StoreException("cannot read artifact '" + path + "' of run " + runId, e);
        }
    }

    /** The run's id and the relative path's segments, checked to stay inside the run's directory. */
    private static List<String> segments(String runId, String relative) {
        Objects.requireNonNull(runId, "runId");
        if (!RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("run id must be 1 to 64 characters of [A-Za-z0-9_-] but was '" + runId + "'");
        }
        List<String> out = new ArrayList<>();
        out.add(runId);
        if (!relative.isEmpty()) {
            for (String segment : relative.split("/")) {
                if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                    throw new IllegalArgumentException("artifact path '" + relative + "' escapes the artifacts of run " + runId);
                }
                out.add(segment);
            }
        }
        return out;
    }

    private static List<String> child(List<String> dir, String name) {
        List<String> out = new ArrayList<>(dir);
        out.add(name);
        return out;
    }

    private void copyFile(Path source, List<String> target) throws IOException {
        try (InputStream in = Files.newInputStream(source, LinkOption.NOFOLLOW_LINKS)) {
            StoreFiles.writeDurably(root, target, in, null);
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
