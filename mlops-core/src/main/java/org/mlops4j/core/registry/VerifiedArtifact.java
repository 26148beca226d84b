package org.mlops4j.core.registry;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.mlops4j.core.ArtifactIntegrityException;

/**
 * The bytes of a model artifact, read once into memory and checked against the registered
 * SHA-256 while they were read: what a {@link ModelLoader} parses. Because the loader receives
 * these bytes and not a path to open again, the bytes parsed are exactly the bytes hashed; a file
 * renamed or rewritten between the check and the parse cannot slip in.
 *
 * <p>Made by {@link ModelArtifact#readVerified(long)} (what every registry's {@code load} uses) or
 * {@link #read(InputStream, Path, String, long)} for bytes from another source. Immutable.
 */
public final class VerifiedArtifact {

    private final Path file;
    private final String sha256;
    private final byte[] bytes;
    private final int length;

    private VerifiedArtifact(Path file, String sha256, byte[] bytes, int length) {
        this.file = file;
        this.sha256 = sha256;
        this.bytes = bytes;
        this.length = length;
    }

    /**
     * Reads a stream to its end into memory, computing the SHA-256 as it reads, and checks it.
     * The stream is not closed.
     *
     * @param in the artifact's bytes
     * @param file the artifact's name, used only in messages and by loaders that need a file name
     * @param expectedSha256 the lower-case hex SHA-256 the bytes must have
     * @param maxBytes the most bytes accepted, from 0 to {@link ModelLoader#MAX_ARTIFACT_BYTES}
     * @return the verified bytes
     * @throws ArtifactIntegrityException if the bytes do not have that SHA-256, or there are more
     *     than {@code maxBytes} of them (reading stops there)
     * @throws IllegalArgumentException if {@code maxBytes} is out of range or the digest malformed
     * @throws IOException if the stream cannot be read
     */
    public static VerifiedArtifact read(InputStream in, Path file, String expectedSha256, long maxBytes)
            throws IOException {
        return read(in, file, expectedSha256, maxBytes, 0);
    }

    static VerifiedArtifact read(InputStream in, Path file, String expectedSha256, long maxBytes, long sizeHint)
            throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(file, "file");
        ModelArtifact.checkSha256(expectedSha256);
        int max = checkMaxBytes(maxBytes);
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[(int) Math.min(Math.max(sizeHint, 8_192L), (long) max + 1)];
        int length = 0;
        while (true) {
            if (length == buffer.length) {
                if (length > max) {
                    throw tooLarge(file, max);
                }
                buffer = Arrays.copyOf(buffer, (int) Math.min((long) length * 2, (long) max + 1));
            }
            int n = in.read(buffer, length, buffer.length - length);
            if (n < 0) {
                break;
            }
            digest.update(buffer, length, n);
            length += n;
        }
        // The end was found by a read into a buffer with room left, and the buffer holds at most
        // max + 1 bytes: so length <= max here. One byte more is refused at the top of the loop.
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(expectedSha256)) {
            throw new ArtifactIntegrityException("checksum mismatch for model artifact " + file + ": expected sha256 "
                    + expectedSha256 + " but the file has " + actual + "; refusing to load it");
        }
        return new VerifiedArtifact(file, expectedSha256, buffer, length);
    }

    static int checkMaxBytes(long maxBytes) {
        if (maxBytes < 0 || maxBytes > ModelLoader.MAX_ARTIFACT_BYTES) {
            throw new IllegalArgumentException("maxArtifactBytes must be from 0 to " + ModelLoader.MAX_ARTIFACT_BYTES
                    + " but was " + maxBytes);
        }
        return (int) maxBytes;
    }

    private static ArtifactIntegrityException tooLarge(Path file, int max) {
        return new ArtifactIntegrityException("model artifact " + file + " is larger than the maximum of " + max
                + " bytes a loader accepts (ModelLoader.maxArtifactBytes, default "
                + ModelLoader.DEFAULT_MAX_ARTIFACT_BYTES + "; raise it with loader.withMaxArtifactBytes(n)); "
                + "refusing to load it");
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256 (MessageDigest javadoc).
            throw new IllegalStateException("this JVM provides no SHA-256", e);
        }
    }

    /** @return the artifact's file or name, for messages; never to be opened again for its bytes */
    public Path file() {
        return file;
    }

    /** @return the lower-case hex SHA-256 the bytes were checked against */
    public String sha256() {
        return sha256;
    }

    /** @return the number of bytes */
    public int size() {
        return length;
    }

    /** @return a new stream over the verified bytes (in memory, no copy) */
    public InputStream openStream() {
        return new ByteArrayInputStream(bytes, 0, length);
    }

    /** @return a copy of the verified bytes */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    @Override
    public String toString() {
        return "VerifiedArtifact[" + file + ", " + length + " bytes, sha256 " + sha256 + "]";
    }
}
