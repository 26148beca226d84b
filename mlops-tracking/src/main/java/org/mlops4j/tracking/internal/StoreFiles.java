package org.mlops4j.tracking.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.mlops4j.core.ArtifactIntegrityException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files inside a local artifact store (run artifacts, registered model files): written durably,
 * read and written without following a symbolic link anywhere below the store's root. Stateless and
 * thread-safe.
 *
 * <p>A write goes to a temporary file ({@code .tmp-*.part}) beside its target, which is fsynced,
 * renamed over the target and followed by an fsync of the directory, so a file that a database row
 * points at has reached the disk before the row is committed, and a reader never sees a partial
 * file. Every path component below the root is checked not to be a symbolic link; where the
 * platform offers a {@link SecureDirectoryStream} (Linux), reads also walk the directories with
 * {@code O_NOFOLLOW}, so a link swapped in after the check is refused too. The root itself is the
 * operator's choice and may be a link.
 *
 * <p>Internal: public only so that the packages of mlops-tracking share it; not part of the API,
 * and may change without notice.
 */
public final class StoreFiles {

    /** The prefix of a temporary file being written. */
    public static final String TEMP_PREFIX = ".tmp-";
    /** The suffix of a temporary file being written. */
    public static final String TEMP_SUFFIX = ".part";
    /**
     * How old a temporary file must be before {@link #cleanTemporaries} deletes it: another process
     * sharing the store may be writing a younger one (a copy updates its modification time as it
     * goes).
     */
    public static final Duration TEMPORARY_AGE = Duration.ofHours(1);

    private static final Logger LOG = LoggerFactory.getLogger(StoreFiles.class);
    private static final int BUFFER = 64 * 1024;

    private StoreFiles() {
    }

    /**
     * Resolves relative segments under a root, refusing any existing component that is a symbolic
     * link.
     *
     * @param root the store's root
     * @param segments the relative path's segments, already checked for {@code .}, {@code ..} and separators
     * @return the resolved path
     * @throws ArtifactIntegrityException if a component below the root is a symbolic link
     */
    public static Path resolveNoLinks(Path root, List<String> segments) {
        Path p = root;
        for (String segment : segments) {
            p = p.resolve(segment);
            if (Files.isSymbolicLink(p)) {
                throw linkRefused(root, p);
            }
        }
        return p;
    }

    /**
     * Opens a file under the root for reading, following no symbolic link below the root.
     *
     * @param root the store's root
     * @param segments the file's relative path, as segments (at least one)
     * @return a stream the caller closes
     * @throws java.nio.file.NoSuchFileException if the file or a directory on its way is missing
     * @throws ArtifactIntegrityException if a component below the root is a symbolic link
     * @throws IOException if the file cannot be opened
     */
    public static InputStream openForRead(Path root, List<String> segments) throws IOException {
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("a file under " + root + " needs at least one path segment");
        }
        Path file = resolveNoLinks(root, segments);
        try (DirectoryStream<Path> top = Files.newDirectoryStream(root)) {
            if (top instanceof SecureDirectoryStream<Path> secure) {
                return Channels.newInputStream(openSecure(root, secure, segments));
            }
        }
        return Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }

    private static SeekableByteChannel openSecure(Path root, SecureDirectoryStream<Path> top, List<String> segments)
            throws IOException {
        List<SecureDirectoryStream<Path>> opened = new ArrayList<>();
        try {
            SecureDirectoryStream<Path> dir = top;
            Path walked = root;
            for (int i = 0; i < segments.size() - 1; i++) {
                walked = walked.resolve(segments.get(i));
                try {
                    dir = dir.newDirectoryStream(Path.of(segments.get(i)), LinkOption.NOFOLLOW_LINKS);
                } catch (IOException e) {
                    throw refusedIfLink(root, walked, e);
                }
                opened.add(dir);
            }
            Path file = walked.resolve(segments.get(segments.size() - 1));
            try {
                return dir.newByteChannel(Path.of(segments.get(segments.size() - 1)),
                        Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
            } catch (IOException e) {
                throw refusedIfLink(root, file, e);
            }
        } finally {
            for (SecureDirectoryStream<Path> d : opened) {
                d.close();
            }
        }
    }

    /**
     * Writes a file under the root durably: into a temporary file that is fsynced, renamed over the
     * target, then the directory fsynced. Directories on the way are created (and their parents
     * fsynced); none may be a symbolic link, nor the target.
     *
     * @param root the store's root
     * @param segments the file's relative path, as segments (at least one)
     * @param content the bytes to write, read to its end (not closed)
     * @param expectedSha256 the lower-case hex SHA-256 the bytes must have, or null for any
     * @return the lower-case hex SHA-256 of the bytes written
     * @throws ArtifactIntegrityException if a component is a link, or the bytes do not have the expected SHA-256
     *         (then nothing is renamed into place)
     * @throws IOException if writing fails; the temporary file is removed
     */
    public static String writeDurably(Path root, List<String> segments, InputStream content, String expectedSha256)
            throws IOException {
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("a file under " + root + " needs at least one path segment");
        }
        Path dir = createDirectories(root, segments.subList(0, segments.size() - 1));
        Path target = dir.resolve(segments.get(segments.size() - 1));
        if (Files.isSymbolicLink(target)) {
            throw linkRefused(root, target);
        }
        Path tmp = Files.createTempFile(dir, TEMP_PREFIX, TEMP_SUFFIX);
        try {
            MessageDigest digest = sha256();
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                byte[] buffer = new byte[BUFFER];
                for (int n; (n = content.read(buffer)) >= 0; ) {
                    digest.update(buffer, 0, n);
                    ByteBuffer bb = ByteBuffer.wrap(buffer, 0, n);
                    while (bb.hasRemaining()) {
                        out.write(bb);
                    }
                }
                out.force(true);
            }
            String sha = HexFormat.of().formatHex(digest.digest());
            if (expectedSha256 != null && !expectedSha256.equals(sha)) {
                throw new ArtifactIntegrityException("checksum mismatch while copying into " + target + ": expected sha256 "
                        + expectedSha256 + " but the bytes read have " + sha + "; nothing was stored");
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(dir);
            return sha;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Creates directories under the root, refusing any that is a symbolic link, and fsyncs the
     * parent of each one created.
     *
     * @param root the store's root, which must exist
     * @param segments the directory's relative path, as segments
     * @return the directory
     * @throws ArtifactIntegrityException if a component is a symbolic link
     * @throws IOException if a directory cannot be created
     */
    public static Path createDirectories(Path root, List<String> segments) throws IOException {
        Path p = root;
        for (String segment : segments) {
            Path parent = p;
            p = p.resolve(segment);
            if (Files.isSymbolicLink(p)) {
                throw linkRefused(root, p);
            }
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createDirectory(p);
                    syncDirectory(parent);
                } catch (FileAlreadyExistsException e) {
                    // Another writer created it between the check and here: accept a directory only.
                    if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        throw refusedIfLink(root, p, e);
                    }
                }
            }
        }
        return p;
    }

    /**
     * Forces a directory's entries (a rename, a new file) to the disk. Where the platform cannot
     * open a directory for that (Windows), it is skipped with a debug line.
     *
     * @param dir the directory
     * @throws IOException if the fsync fails
     */
    public static void syncDirectory(Path dir) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(dir, StandardOpenOption.READ);
        } catch (IOException e) {
            LOG.debug("cannot open directory {} to fsync it on this platform", dir, e);
            return;
        }
        try (channel) {
            channel.force(true);
        }
    }

    /**
     * Deletes the temporary files a killed writer left under a root ({@code .tmp-*.part}, older than
     * {@link #TEMPORARY_AGE}), without following links.
     *
     * @param root the store's root
     * @param now the current time
     * @return how many were deleted
     */
    public static int cleanTemporaries(Path root, Instant now) {
        Objects.requireNonNull(now, "now");
        if (!Files.isDirectory(root)) {
            return 0;
        }
        FileTime cutoff = FileTime.from(now.minus(TEMPORARY_AGE));
        int[] deleted = {0};
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Path fileName = file.getFileName();
                    String name = fileName == null ? "" : fileName.toString();
                    if (attrs.isRegularFile() && name.startsWith(TEMP_PREFIX) && name.endsWith(TEMP_SUFFIX)
                            && attrs.lastModifiedTime().compareTo(cutoff) < 0 && Files.deleteIfExists(file)) {
                        deleted[0]++;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    LOG.warn("cannot visit {} while cleaning temporary files under {}", file, root, e);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("cannot clean temporary files under {}", root, e);
        }
        if (deleted[0] > 0) {
            LOG.info("deleted {} temporary file(s) left under {} by an interrupted write", deleted[0], root);
        }
        return deleted[0];
    }

    /** The failure to report for a path that could not be opened: a refusal if it is a link, else the I/O error. */
    private static IOException refusedIfLink(Path root, Path path, IOException e) {
        if (Files.isSymbolicLink(path)) {
            throw linkRefused(root, path);
        }
        return e;
    }

    /**
     * The refusal of a symbolic link found inside a store.
     *
     * @param root the store's root
     * @param link the link
     * @return the exception to throw
     */
    public static ArtifactIntegrityException linkRefused(Path root, Path link) {
        return new ArtifactIntegrityException(link + " is a symbolic link; links inside the artifact store "
                + root + " are refused");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM provides no SHA-256", e);
        }
    }
}
