package org.mlops4j.core.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.slf4j.LoggerFactory;

/**
 * Turns a model version's artifact into a usable model. A registry reads the artifact once into
 * memory, checks its SHA-256 while reading, and hands the loader those verified bytes
 * ({@link #load(VerifiedArtifact)}): the bytes parsed are the bytes hashed, whatever happens to the
 * file meanwhile.
 *
 * <p>A loader written as a lambda over a path ({@code file -> parse(file)}) still works: the
 * default {@link #load(VerifiedArtifact)} writes the verified bytes to a private temporary file
 * (in a new directory only the process owner can enter), calls {@link #load(Path)} on it and
 * deletes it; it is never given the registry's own file. A loader that can parse bytes overrides
 * {@link #load(VerifiedArtifact)} and avoids the copy.
 *
 * <p>The artifact is held in memory while it loads, so a loader bounds its size:
 * {@link #maxArtifactBytes()}, {@value #DEFAULT_MAX_ARTIFACT_BYTES} bytes (1 GiB) unless changed
 * with {@link #withMaxArtifactBytes(long)}; a larger file is refused with an
 * {@link org.mlops4j.core.ArtifactIntegrityException} before it is read further.
 *
 * <p>See {@code org.mlops4j.tribuo.TribuoModels.loader(Class)} (in mlops-tribuo) for Tribuo models.
 *
 * @param <M> the model type
 */
@FunctionalInterface
public interface ModelLoader<M> {

    /** The default of {@link #maxArtifactBytes()}: 1 GiB. */
    long DEFAULT_MAX_ARTIFACT_BYTES = 1L << 30;

    /** The largest {@link #maxArtifactBytes()} possible: the largest Java array. */
    long MAX_ARTIFACT_BYTES = Integer.MAX_VALUE - 8;

    /**
     * Loads a model from a file holding verified bytes. Called by the default
     * {@link #load(VerifiedArtifact)} with a private temporary copy of the verified bytes.
     *
     * @param artifact a local file holding bytes whose checksum has been verified
     * @return the model
     * @throws IOException if the file cannot be read or parsed
     */
    M load(Path artifact) throws IOException;

    /**
     * Loads a model from verified bytes. The default writes them to a private temporary file,
     * calls {@link #load(Path)} and deletes the file; override it to parse the bytes directly.
     *
     * @param artifact the bytes, checked against the registered SHA-256
     * @return the model
     * @throws IOException if the bytes cannot be parsed, or the temporary copy cannot be written
     */
    default M load(VerifiedArtifact artifact) throws IOException {
        Objects.requireNonNull(artifact, "artifact");
        Path dir = Files.createTempDirectory("mlops4j-verified-");
        Path name = artifact.file().getFileName();
        // Keep the name (and extension) the loader may look at, when it is a plain file name.
        String plain = name == null ? "" : name.toString();
        Path copy = dir.resolve(plain.matches("[A-Za-z0-9_][A-Za-z0-9._-]{0,200}") ? plain : "artifact");
        try {
            try (InputStream in = artifact.openStream()) {
                Files.copy(in, copy);
            }
            return load(copy);
        } finally {
            try {
                Files.deleteIfExists(copy);
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                LoggerFactory.getLogger(ModelLoader.class).warn("cannot delete the temporary copy {} of {}",
                        copy, artifact.file(), e);
            }
        }
    }

    /**
     * The most bytes of an artifact this loader accepts: it is read into memory whole.
     *
     * @return {@link #DEFAULT_MAX_ARTIFACT_BYTES} unless overridden
     */
    default long maxArtifactBytes() {
        return DEFAULT_MAX_ARTIFACT_BYTES;
    }

    /**
     * Returns this loader with another size limit.
     *
     * @param maxBytes the most bytes accepted, from 0 to {@link #MAX_ARTIFACT_BYTES}
     * @return a loader that loads as this one does, with that limit
     * @throws IllegalArgumentException if {@code maxBytes} is out of range
     */
    default ModelLoader<M> withMaxArtifactBytes(long maxBytes) {
        VerifiedArtifact.checkMaxBytes(maxBytes);
        ModelLoader<M> self = this;
        return new ModelLoader<>() {
            @Override
            public M load(Path artifact) throws IOException {
                return self.load(artifact);
            }

            @Override
            public M load(VerifiedArtifact artifact) throws IOException {
                return self.load(artifact);
            }

            @Override
            public long maxArtifactBytes() {
                return maxBytes;
            }
        };
    }
}
