package org.mlops4j.tribuo;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import org.mlops4j.core.ArtifactIntegrityException;
import org.mlops4j.core.StoreException;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tribuo.Model;
import org.tribuo.Output;

/**
 * Saves and loads Tribuo models as artifacts with a SHA-256, in Tribuo 4.3's protobuf format.
 *
 * <p>Loading always checks the file against the SHA-256 recorded when it was saved or registered
 * before parsing a byte, and checks that the model predicts the expected output type. Java object
 * deserialization is never used unless the caller opts in with
 * {@link #loadJavaSerialized(ModelArtifact, Class, JavaSerialization)}; see
 * {@link JavaSerialization} for why.
 */
public final class TribuoModels {

    private static final Logger LOG = LoggerFactory.getLogger(TribuoModels.class);

    /** Classes a trusted Java-serialized Tribuo model may contain; everything else is refused. */
    private static final ObjectInputFilter TRIBUO_CLASSES = ObjectInputFilter.Config.createFilter(
            "maxdepth=200;maxrefs=10000000;org.tribuo.**;com.oracle.labs.mlrg.olcut.**;java.lang.*;java.util.*;"
                    + "java.time.*;java.net.URL;java.net.URI;java.io.File;!*");

    private TribuoModels() {
    }

    /**
     * The allow-list, and no array longer than the file: every element of a serialized array takes
     * at least one byte of the stream, so a longer array is a lie about its size, refused before it
     * is allocated (a 44-byte file declaring 2^31 elements threw a raw {@code OutOfMemoryError}).
     */
    private static ObjectInputFilter boundedBy(long fileBytes) {
        return info -> info.arrayLength() > fileBytes ? ObjectInputFilter.Status.REJECTED
                : TRIBUO_CLASSES.checkInput(info);
    }

    /**
     * Writes a model to a file in Tribuo's protobuf format, atomically (a crash leaves either the
     * old file or the complete new one, never a partial file) and durably (flushed to disk).
     *
     * @param model the model
     * @param file the destination; its parent directory is created if needed
     * @return the artifact with the file's SHA-256, ready to register
     * @throws StoreException if the file cannot be written
     */
    public static ModelArtifact save(Model<?> model, Path file) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(file, "file");
        Path target = file.toAbsolutePath();
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            model.serializeToFile(tmp);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                LOG.warn("atomic move not supported for {}, replacing it non-atomically", target);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new StoreException("cannot save model '" + model.getName() + "' to " + target, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    LOG.warn("cannot delete temporary model file {}", tmp, e);
                }
            }
        }
        return ModelArtifact.of(target);
    }

    /**
     * Loads a protobuf model after checking its SHA-256 and its output type.
     *
     * @param artifact the file and its expected SHA-256
     * @param outputType the output type the model must predict, for example {@code Label.class}
     * @param <T> the output type
     * @return the model
     * @throws ArtifactIntegrityException if the file is missing, its bytes changed, or it is not a
     *     Tribuo protobuf model
     * @throws IllegalArgumentException if the model predicts another output type
     */
    public static <T extends Output<T>> Model<T> load(ModelArtifact artifact, Class<T> outputType) {
        Objects.requireNonNull(artifact, "artifact");
        return artifact.load(loader(outputType));
    }

    /**
     * Returns a loader for {@link org.mlops4j.core.registry.ModelRegistry#load}: it reads a
     * verified file as a protobuf Tribuo model of the given output type.
     *
     * @param outputType the output type the model must predict
     * @param <T> the output type
     * @return the loader
     */
    public static <T extends Output<T>> ModelLoader<Model<T>> loader(Class<T> outputType) {
        Objects.requireNonNull(outputType, "outputType");
        return file -> {
            Model<?> model;
            try {
                model = Model.deserializeFromFile(file);
            } catch (IOException | RuntimeException e) {
                throw new ArtifactIntegrityException("model artifact " + file + " is not a Tribuo protobuf model ("
                        + e.getMessage() + "); a Java-serialized model from Tribuo before 4.3 loads only through "
                        + "TribuoModels.loadJavaSerialized, for files from a trusted source", e);
            }
            return checkOutput(model, outputType, file);
        };
    }

    /**
     * Loads a Java-serialized Tribuo model, with the caller's explicit consent. The SHA-256 is
     * checked first, and deserialization admits only Tribuo, OLCUT and basic JDK classes.
     *
     * @param artifact the file and its expected SHA-256
     * @param outputType the output type the model must predict
     * @param consent {@link JavaSerialization#I_TRUST_THIS_FILE}
     * @param <T> the output type
     * @return the model
     * @throws ArtifactIntegrityException if the checksum differs or the file is not a serialized Tribuo model
     * @throws IllegalArgumentException if the model predicts another output type
     */
    public static <T extends Output<T>> Model<T> loadJavaSerialized(ModelArtifact artifact, Class<T> outputType,
                                                                    JavaSerialization consent) {
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(outputType, "outputType");
        Objects.requireNonNull(consent, "consent");
        return artifact.load(file -> {
            LOG.warn("loading Java-serialized model {} on the caller's explicit trust", file);
            Object read;
            try (InputStream in = Files.newInputStream(file); ObjectInputStream ois = new ObjectInputStream(in)) {
                ois.setObjectInputFilter(boundedBy(Files.size(file)));
                read = ois.readObject();
            } catch (ClassNotFoundException | IOException e) {
                throw new ArtifactIntegrityException("model artifact " + file
                        + " is not a Java-serialized Tribuo model, or holds classes outside the allow-list: "
                        + e.getMessage(), e);
            }
            if (!(read instanceof Model<?> model)) {
                throw new ArtifactIntegrityException("model artifact " + file + " holds a "
                        + read.getClass().getName() + ", not a Tribuo model");
            }
            return checkOutput(model, outputType, file);
        });
    }

    @SuppressWarnings("unchecked")
    private static <T extends Output<T>> Model<T> checkOutput(Model<?> model, Class<T> outputType, Path file) {
        if (!model.validate(outputType)) {
            throw new IllegalArgumentException("model '" + model.getName() + "' in " + file + " does not predict "
                    + outputType.getSimpleName() + " (its outputs are "
                    + model.getOutputIDInfo().getDomain().stream().findFirst().map(o -> o.getClass().getSimpleName())
                    .orElse("unknown") + ")");
        }
        return (Model<T>) model;
    }
}
