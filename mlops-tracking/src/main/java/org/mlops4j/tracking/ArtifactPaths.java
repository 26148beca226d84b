package org.mlops4j.tracking;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The rule for artifact paths inside a run: relative, {@code /}-separated, never escaping the run. */
final class ArtifactPaths {

    private static final Logger LOG = LoggerFactory.getLogger(ArtifactPaths.class);

    private ArtifactPaths() {
    }

    /**
     * Checks a relative artifact path; {@code ""} is the run's root.
     *
     * @throws IllegalArgumentException if it is absolute, holds {@code \}, an empty, {@code .} or
     *     {@code ..} segment, or a control character
     */
    static String check(String path) {
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

    /** Deletes a file tree, logging (not throwing) what cannot be deleted: for temporary files. */
    static void deleteQuietly(Path root) {
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
