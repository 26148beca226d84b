package org.mlops4j.core.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;
import org.mlops4j.core.ArtifactIntegrityException;
import org.mlops4j.core.StoreException;

/**
 * A model artifact file with the SHA-256 of its bytes: what a registry records at registration and
 * checks again before every load, so a file that was changed, truncated or swapped is never
 * loaded.
 *
 * @param file the artifact file
 * @param sha256 the lower-case hex SHA-256 of its bytes (64 characters)
 */
public record ModelArtifact(Path file, String sha256) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /**
     * Validates the components.
     *
     * @param file the artifact file
     * @param sha256 the lower-case hex SHA-256 of its bytes (64 characters)
     * @throws NullPointerException if either is null
     * @throws IllegalArgumentException if {@code sha256} is not 64 lower-case hex characters
     */
    public ModelArtifact {
        Objects.requireNonNull(file, "file");
        checkSha256(sha256);
    }

    /**
     * Checks the form of a SHA-256 digest.
     *
     * @param sha256 the digest text
     * @return the digest, for chaining
     * @throws NullPointerException if {@code sha256} is null
     * @throws IllegalArgumentException if it is not 64 lower-case hex characters
     */
    public static String checkSha256(String sha256) {
        Objects.requireNonNull(sha256, "sha256");
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex characters but was '" + sha256 + "'");
        }
        return sha256;
    }

    /**
     * Describes an existing file, computing its SHA-256.
     *
     * @param file a regular file
     * @return the artifact
     * @throws ArtifactIntegrityException if the file does not exist or is not a regular file
     * @throws StoreException if it cannot be read
     */
    public static ModelArtifact of(Path file) {
        Objects.requireNonNull(file, "file");
        return new ModelArtifact(file, sha256Of(file));
    }

    /**
     * Checks that the file still has the recorded SHA-256.
     *
     * @return this artifact, for chaining
     * @throws ArtifactIntegrityException if the file is missing or its bytes changed
     * @throws StoreException if it cannot be read
     */
    public ModelArtifact verify() {
        String actual = sha256Of(file);
        if (!actual.equals(sha256)) {
            throw new ArtifactIntegrityException("checksum mismatch for model artifact " + file + ": expected sha256 "
                    + sha256 + " but the file has " + actual + "; refusing to load it");
        }
        return this;
    }

    /**
     * Reads the file once into memory, computing its SHA-256 as it reads, and checks it: the
     * returned bytes are the bytes that matched, whatever happens to the file afterwards (or while
     * it was read: a file swapped mid-way gives another digest and is refused).
     *
     * @param maxBytes the most bytes accepted, from 0 to {@link ModelLoader#MAX_ARTIFACT_BYTES}
     * @return the verified bytes
     * @throws ArtifactIntegrityException if the file is missing, is not a regular file, is larger
     *     than {@code maxBytes}, or its bytes changed
     * @throws StoreException if it cannot be read
     * @throws IllegalArgumentException if {@code maxBytes} is out of range
     */
    public VerifiedArtifact readVerified(long maxBytes) {
        VerifiedArtifact.checkMaxBytes(maxBytes);
        if (!Files.isRegularFile(file)) {
            throw new ArtifactIntegrityException("model artifact " + file + " does not exist or is not a regular file");
        }
        // One open: the size hint, the digest and the bytes all come from this descriptor.
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
             InputStream in = Channels.newInputStream(channel)) {
            return VerifiedArtifact.read(in, file, sha256, maxBytes, channel.size());
        } catch (NoSuchFileException e) {
            throw new ArtifactIntegrityException("model artifact " + file + " does not exist or is not a regular file",
                    e);
        } catch (IOException e) {
            throw new StoreException("cannot read model artifact " + file, e);
        }
    }

    /**
     * Reads the file once, checks its SHA-256 and hands the loader those very bytes
     * ({@link ModelLoader#load(VerifiedArtifact)}); the file is not opened again, so a file
     * renamed or rewritten after the check is never parsed. At most
     * {@link ModelLoader#maxArtifactBytes()} bytes are read.
     *
     * @param loader turns the verified bytes into a model
     * @param <M> the model type
     * @return the model
     * @throws ArtifactIntegrityException if the file is missing, too large or its bytes changed
     *     (the loader is not called)
     * @throws StoreException if the file cannot be read, or the loader fails with an {@link IOException}
     */
    public <M> M load(ModelLoader<M> loader) {
        Objects.requireNonNull(loader, "loader");
        VerifiedArtifact verified = readVerified(loader.maxArtifactBytes());
        try {
            return loader.load(verified);
        } catch (IOException e) {
            throw new StoreException("cannot load model artifact " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Computes the lower-case hex SHA-256 of a file's bytes, streaming it.
     *
     * @param file a regular file
     * @return the digest
     * @throws ArtifactIntegrityException if the file does not exist or is not a regular file
     * @throws StoreException if it cannot be read
     */
    public static String sha256Of(Path file) {
        Objects.requireNonNull(file, "file");
        if (!Files.isRegularFile(file)) {
            throw new ArtifactIntegrityException("model artifact " + file + " does not exist or is not a regular file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return sha256Of(in);
        } catch (IOException e) {
            throw new StoreException("cannot read model artifact " + file, e);
        }
    }

    /**
     * Computes the lower-case hex SHA-256 of a stream's bytes, reading it to its end (it is not
     * closed).
     *
     * @param in the bytes
     * @return the digest
     * @throws IOException if the stream cannot be read
     */
    public static String sha256Of(InputStream in) throws IOException {
        Objects.requireNonNull(in, "in");
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) > 0) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256 (MessageDigest javadoc).
            throw new IllegalStateException("this JVM provides no SHA-256", e);
        }
    }
}
