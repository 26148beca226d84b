package org.mlops4j.tracking.internal;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.mlops4j.core.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules for run artifacts that every tracker applies, whatever it stores them in: artifact
 * paths are relative, {@code /}-separated and never escape the run; sources holding symbolic
 * links are refused before anything is copied. Stateless and thread-safe.
 *
 * <p>Internal: public only so that the local and MLflow trackers of mlops-tracking share it; not
 * part of the API, and may change without notice.
 */
public final class ArtifactPaths {

    private static final Logger LOG = LoggerFactory.getLogger(ArtifactPaths.class);

    private ArtifactPaths() {
    }

    /**
     * Checks a relative artifact path; {@code ""} is the run's root.
     *
     * @param path the path
     * @return the path, for chaining
     * @throws NullPointerException if it is null
     * @throws IllegalArgumentException if it is absolute, holds {@code \} or {@code :}, an empty,
     *     {@code .} or {@code ..} segment, or a control character
     */
    public static String check(String path) {
        Objects.requireNonNull(path, "artifact path");
        if (path.isEmpty()) {
            return path;
        }
        if (path.startsWith("/") || path.contains("\\") || path.contains(":")) {
            throw new IllegalArgumentException("artifact path must be relative and use '/' but was '" + path + "'");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("artifact path must not contain empty, '.' or '..' segments"
                        + " (it may not escape the run's artifacts) but was '" + path + "'");
            }
            for (int i = 0; i < segment.length(); i++) {
                if (Character.isISOControl(segment.charAt(i))) {
                    throw new IllegalArgumentException("artifact path must not contain control characters but was '"
                            + path + "'");
                }
            }
        }
        return path;
    }

    /**
     * Lists what copying a file, or a directory's contents, into a run's artifacts writes: the
     * checks of {@link org.mlops4j.tracking.Tracker#logArtifact} made before anything is copied, for stores that copy
     * file by file (a local directory, a remote artifact server).
     *
     * @param source a regular file or a directory
     * @param artifactDir the destination directory inside the run's artifacts, {@code ""} for the root
     * @return each destination artifact path ({@code /}-separated, checked with {@link #check}) to
     *     the file copied there, sorted by artifact path
     * @throws IllegalArgumentException if the destination is unsafe, the source does not exist, or it
     *     is or holds a symbolic link
     * @throws StoreException if the source directory cannot be read
     */
    public static SortedMap<String, Path> filesToCopy(Path source, String artifactDir) {
        Objects.requireNonNull(source, "source");
        String dir = check(artifactDir);
        if (Files.isSymbolicLink(source)) {
            throw new IllegalArgumentException("artifact source " + source + " is a symbolic link; links are refused");
        }
        if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("artifact source " + source + " does not exist");
        }
        SortedMap<String, Path> out = new TreeMap<>();
        if (Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
            out.put(check(join(dir, source.getFileName().toString())), source);
            return Collections.unmodifiableSortedMap(out);
        }
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isSymbolicLink(p)) {
                    throw new IllegalArgumentException("artifact source " + source + " holds a symbolic link at " + p
                            + "; links are refused");
                }
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    String relative = dir;
                    for (Path part : source.relativize(p)) {
                        relative = join(relative, part.toString());
                    }
                    out.put(check(relative), p);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new StoreException("cannot read artifact source " + source, e);
        }
        return Collections.unmodifiableSortedMap(out);
    }

    private static String join(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }

    /**
     * Deletes a file tree, logging (not throwing) what cannot be deleted: for temporary files.
     *
     * @param root the file or directory to delete; nothing happens when it does not exist
     */
    public static void deleteQuietly(Path root) {
        try {
            if (!Files.exists(root)) {
                return;
            }
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("cannot delete temporary files under {}", root, e);
        }
    }
}
