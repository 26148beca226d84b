package org.mlops4j.tribuo;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mlops4j.core.ArtifactIntegrityException;
import org.mlops4j.core.StoreException;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelLoader;
import org.mlops4j.core.registry.VerifiedArtifact;
import org.mlops4j.core.schema.ModelSignature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.Output;
import org.tribuo.classification.Label;
import org.tribuo.regression.Regressor;
import org.tribuo.protos.core.ModelProto;

/**
 * Saves and loads Tribuo models as artifacts with a SHA-256, in Tribuo 4.3's protobuf format.
 *
 * <p>Loading always checks the file against the SHA-256 recorded when it was saved or registered
 * before parsing a byte, parses exactly the bytes that were checked (the file is read once into
 * memory), refuses classes outside an allow-list and tensors larger than they are before Tribuo
 * loads or allocates them (see {@link TribuoLoadConfig}), and checks that the model predicts the
 * expected output type. Java object
 * deserialization is never used unless the caller opts in with
 * {@link #loadJavaSerialized(ModelArtifact, Class, JavaSerialization)}; see
 * {@link JavaSerialization} for why.
 */
public final class TribuoModels {

    private static final Logger LOG = LoggerFactory.getLogger(TribuoModels.class);

    /** Classes a trusted Java-serialized Tribuo model may contain; everything else is refused. */
    private static final ObjectInputFilter TRIBUO_CLASSES = ObjectInputFilter.Config.createFilter(
            "org.tribuo.**;com.oracle.labs.mlrg.olcut.**;java.lang.*;java.util.*;"
                    + "java.time.*;java.net.URL;java.net.URI;java.io.File;!*");

    private TribuoModels() {
    }

    /**
     * The allow-list, no array longer than the file (every element of a serialized array takes at
     * least one byte of the stream, so a longer array is a lie about its size, refused before it is
     * allocated: a 44-byte file declaring 2^31 elements threw a raw {@code OutOfMemoryError}), and
     * the depth and reference limits. Nested hash sets are stopped by the collection nesting limit
     * of {@link BoundedObjectInputStream}: depth alone cannot stop them without refusing deep trees.
     */
    private static ObjectInputFilter javaFilter(long fileBytes, TribuoLoadConfig config) {
        return info -> {
            if (info.arrayLength() > fileBytes || info.depth() > config.javaMaxDepth()
                    || info.references() > config.javaMaxRefs()) {
                return ObjectInputFilter.Status.REJECTED;
            }
            return TRIBUO_CLASSES.checkInput(info);
        };
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
     * Loads a protobuf model after checking its SHA-256 and its output type, within
     * {@link TribuoLoadConfig#ofDefaults()}.
     *
     * @param artifact the file and its expected SHA-256
     * @param outputType the output type the model must predict, for example {@code Label.class}
     * @param <T> the output type
     * @return the model
     * @throws ArtifactIntegrityException if the file is missing, its bytes changed, it is not a
     *     Tribuo protobuf model, or it breaks a limit (see {@link #loader(Class, TribuoLoadConfig)})
     * @throws IllegalArgumentException if the model predicts another output type
     */
    public static <T extends Output<T>> Model<T> load(ModelArtifact artifact, Class<T> outputType) {
        return load(artifact, outputType, TribuoLoadConfig.ofDefaults());
    }

    /**
     * Loads a protobuf model after checking its SHA-256 and its output type, within the given limits.
     *
     * @param artifact the file and its expected SHA-256
     * @param outputType the output type the model must predict, for example {@code Label.class}
     * @param config the limits
     * @param <T> the output type
     * @return the model
     * @throws ArtifactIntegrityException if the file is missing, its bytes changed, it is not a
     *     Tribuo protobuf model, or it breaks a limit (see {@link #loader(Class, TribuoLoadConfig)})
     * @throws IllegalArgumentException if the model predicts another output type
     */
    public static <T extends Output<T>> Model<T> load(ModelArtifact artifact, Class<T> outputType,
                                                      TribuoLoadConfig config) {
        Objects.requireNonNull(artifact, "artifact");
        return artifact.load(loader(outputType, config));
    }

    /**
     * Returns a loader for {@link org.mlops4j.core.registry.ModelRegistry#load}, within
     * {@link TribuoLoadConfig#ofDefaults()}: see {@link #loader(Class, TribuoLoadConfig)}.
     *
     * @param outputType the output type the model must predict
     * @param <T> the output type
     * @return the loader
     */
    public static <T extends Output<T>> ModelLoader<Model<T>> loader(Class<T> outputType) {
        return loader(outputType, TribuoLoadConfig.ofDefaults());
    }

    /**
     * Returns a loader for {@link org.mlops4j.core.registry.ModelRegistry#load}: it parses the
     * verified bytes (never the file again) as a protobuf Tribuo model of the given output type.
     * Before Tribuo deserializes anything, the whole message tree is checked: every class it names
     * must be in the allow-list (Tribuo's own, {@code org.tribuo.*}, and
     * {@link TribuoLoadConfig#allowedClasses()}), since Tribuo initialises a named class with
     * {@code Class.forName}; and every tensor must hold exactly the values its shape declares, at
     * most {@link TribuoLoadConfig#maxTensorElements()}. Files larger than
     * {@link TribuoLoadConfig#maxArtifactBytes()} are not read.
     *
     * @param outputType the output type the model must predict
     * @param config the limits
     * @param <T> the output type
     * @return the loader
     */
    public static <T extends Output<T>> ModelLoader<Model<T>> loader(Class<T> outputType, TribuoLoadConfig config) {
        Objects.requireNonNull(outputType, "outputType");
        Objects.requireNonNull(config, "config");
        return new ModelLoader<>() {
            @Override
            public Model<T> load(VerifiedArtifact artifact) throws IOException {
                try (InputStream in = artifact.openStream()) {
                    return loadProto(artifact.file(), artifact.size(), in, outputType, config);
                }
            }

            @Override
            public Model<T> load(Path file) throws IOException {
                // Only a caller holding a file it trusts calls this directly; registries pass verified bytes.
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                    long size = channel.size();
                    if (size > config.maxArtifactBytes()) {
                        throw new ArtifactIntegrityException("model artifact " + file + " is larger than the "
                                + "maximum of " + config.maxArtifactBytes() + " bytes (TribuoLoadConfig."
                                + "maxArtifactBytes); refusing to load it");
                    }
                    return loadProto(file, size, Channels.newInputStream(channel), outputType, config);
                }
            }

            @Override
            public long maxArtifactBytes() {
                return config.maxArtifactBytes();
            }
        };
    }

    private static <T extends Output<T>> Model<T> loadProto(Path file, long size, InputStream in,
                                                            Class<T> outputType, TribuoLoadConfig config) {
        ModelProto proto;
        try {
            proto = ModelProto.parseFrom(in);
        } catch (IOException | RuntimeException e) {
            throw notAProtobufModel(file, e);
        }
        new ProtoModelCheck(file, size, config).check(proto);
        Model<?> model;
        try {
            model = Model.deserialize(proto);
        } catch (RuntimeException e) {
            throw notAProtobufModel(file, e);
        }
        return checkOutput(model, outputType, file);
    }

    private static ArtifactIntegrityException notAProtobufModel(Path file, Exception e) {
        return new ArtifactIntegrityException("model artifact " + file + " is not a Tribuo protobuf model ("
                + e.getMessage() + "); a Java-serialized model from Tribuo before 4.3 loads only through "
                + "TribuoModels.loadJavaSerialized, for files from a trusted source", e);
    }

    /**
     * Loads a Java-serialized Tribuo model, with the caller's explicit consent, within
     * {@link TribuoLoadConfig#ofDefaults()}: see
     * {@link #loadJavaSerialized(ModelArtifact, Class, JavaSerialization, TribuoLoadConfig)}.
     *
     * @param artifact the file and its expected SHA-256
     * @param outputType the output type the model must predict
     * @param consent {@link JavaSerialization#I_TRUST_THIS_FILE}
     * @param <T> the output type
     * @return the model
     * @throws ArtifactIntegrityException if the checksum differs, the file is not a serialized Tribuo
     *     model, or it breaks a limit
     * @throws IllegalArgumentException if the model predicts another output type
     */
    public static <T extends Output<T>> Model<T> loadJavaSerialized(ModelArtifact artifact, Class<T> outputType,
                                                                    JavaSerialization consent) {
        return loadJavaSerialized(artifact, outputType, consent, TribuoLoadConfig.ofDefaults());
    }

    /**
     * Loads a Java-serialized Tribuo model, with the caller's explicit consent. The file is read
     * once and its SHA-256 checked, and deserialization (of those bytes) admits only Tribuo, OLCUT
     * and basic JDK classes, no array longer than the file, at most
     * {@link TribuoLoadConfig#javaMaxDepth()} levels of nesting,
     * {@link TribuoLoadConfig#javaMaxRefs()} object references and collections nested at most
     * {@link TribuoLoadConfig#javaMaxCollectionNesting()} deep.
     *
     * @param artifact the file and its expected SHA-256
     * @param outputType the output type the model must predict
     * @param consent {@link JavaSerialization#I_TRUST_THIS_FILE}
     * @param config the limits
     * @param <T> the output type
     * @return the model
     * @throws ArtifactIntegrityException if the checksum differs, the file is not a serialized Tribuo
     *     model, or it breaks a limit
     * @throws IllegalArgumentException if the model predicts another output type
     */
    public static <T extends Output<T>> Model<T> loadJavaSerialized(ModelArtifact artifact, Class<T> outputType,
                                                                    JavaSerialization consent,
                                                                    TribuoLoadConfig config) {
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(outputType, "outputType");
        Objects.requireNonNull(consent, "consent");
        Objects.requireNonNull(config, "config");
        VerifiedArtifact verified = artifact.readVerified(config.maxArtifactBytes());
        Path file = verified.file();
        LOG.warn("loading Java-serialized model {} on the caller's explicit trust", file);
        Object read;
        try (InputStream in = verified.openStream(); ObjectInputStream ois = new BoundedObjectInputStream(in,
                config.javaMaxCollectionNesting())) {
            ois.setObjectInputFilter(javaFilter(verified.size(), config));
            read = ois.readObject();
        } catch (ClassNotFoundException | IOException e) {
            throw new ArtifactIntegrityException("model artifact " + file
                    + " is not a Java-serialized Tribuo model, or holds classes outside the allow-list or breaks "
                    + "a limit (arrays at most " + verified.size() + " elements, javaMaxDepth " + config.javaMaxDepth()
                    + ", javaMaxRefs " + config.javaMaxRefs() + ", javaMaxCollectionNesting "
                    + config.javaMaxCollectionNesting() + "): " + e.getMessage(), e);
        }
        if (!(read instanceof Model<?> model)) {
            throw new ArtifactIntegrityException("model artifact " + file + " holds a "
                    + read.getClass().getName() + ", not a Tribuo model");
        }
        return checkOutput(model, outputType, file);
    }

    /**
     * Quotes at most the first 57 characters of a value in a message, then its length.
     *
     * @param s the value
     * @return the value, or its first characters, "..." and its length
     */
    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "... (" + s.length() + " characters)";
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

    /**
     * A model's feature names in the order of their ids: the columns of the input tensor of the
     * model's ONNX export ({@code saveONNXModel}), so the feature order of an ONNX signature.
     *
     * @param model the model
     * @return the names, by feature id
     */
    public static List<String> featureNames(Model<?> model) {
        ImmutableFeatureMap map = Objects.requireNonNull(model, "model").getFeatureIDMap();
        List<String> names = new ArrayList<>(map.size());
        for (int id = 0; id < map.size(); id++) {
            names.add(map.get(id).getName());
        }
        return List.copyOf(names);
    }

    /**
     * Infers the contract of a trained classifier or single-output regression model, to register
     * with its version ({@code ModelRegistration.Builder.signature}).
     * <ul>
     *   <li>Inputs: the features {@link TribuoSchemas#infer(Model)} finds in the model's feature map
     *       (a one-hot group {@code name@value} becomes one categorical feature with the values the
     *       model knows; every other feature is numeric), ordered by the first column (feature id)
     *       each fills, so numeric features are in the column order of the model's ONNX export. A
     *       feature is required when every training example held it (non-zero), as
     *       {@code TribuoSchemas} infers.</li>
     *   <li>No range on numeric features. The minimum and maximum of the training sample describe
     *       that sample, not what the model accepts: a linear model or a tree answers for any finite
     *       value, and a retrained model's sample has other extremes, so a range in the signature
     *       would make every retrained candidate "incompatible" with its champion
     *       ({@link ModelSignature#differencesFrom}) for no reason. Values beyond the training data are
     *       drift, which a monitor's reference profile reports.</li>
     *   <li>Output: a {@link Label} model is {@code CLASSIFICATION} with its labels in output id
     *       order (the columns of its probabilities, {@link #labelNames}); a {@link Regressor} model
     *       with one dimension is {@code REGRESSION}.</li>
     * </ul>
     *
     * @param model a trained model whose provenance records its training examples
     * @return the signature, without an input example
     * @throws IllegalArgumentException naming the model if it predicts another output type or
     *     several regression dimensions, or its provenance records no training examples
     */
    public static ModelSignature signature(Model<?> model) {
        return TribuoSignatures.of(model);
    }

    /**
     * Infers a model's signature as {@link #signature(Model)} does and records an input example.
     *
     * @param model a trained model whose provenance records its training examples
     * @param inputExample one row the model takes (feature name to a number, a category string or a
     *     boolean); its order is kept
     * @return the signature with the example
     * @throws IllegalArgumentException as {@link #signature(Model)}, or if a value is not a number,
     *     string or boolean
     * @throws org.mlops4j.core.InvalidInputException naming each feature the example lacks, has of
     *     the wrong type or the model does not know
     */
    public static ModelSignature signature(Model<?> model, Map<String, ?> inputExample) {
        Objects.requireNonNull(inputExample, "inputExample");
        return TribuoSignatures.of(model).withInputExample(inputExample);
    }

    /**
     * A classifier's labels in the order of their ids: the columns of the probabilities its ONNX
     * export answers.
     *
     * @param model the classifier
     * @return the labels, by output id
     */
    public static List<String> labelNames(Model<Label> model) {
        ImmutableOutputInfo<Label> info = Objects.requireNonNull(model, "model").getOutputIDInfo();
        List<String> names = new ArrayList<>(info.size());
        for (int id = 0; id < info.size(); id++) {
            names.add(info.getOutput(id).getLabel());
        }
        return List.copyOf(names);
    }
}
