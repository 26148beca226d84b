package org.mlops4j.tribuo;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.mlops4j.core.registry.ModelLoader;

/**
 * The limits {@link TribuoModels} loads a model file within; start from {@link #ofDefaults()} and
 * change one setting at a time. Immutable.
 *
 * <ul>
 *   <li>{@code maxArtifactBytes}: the largest file read into memory, 1 GiB by default.</li>
 *   <li>{@code maxTensorElements}: the most values one tensor (vector or matrix) of a protobuf
 *       model may declare, 134,217,728 (2^27, 1 GiB of doubles) by default. Every tensor must also
 *       hold as many values as its shape declares; that check does not depend on the cap.</li>
 *   <li>{@code allowedClasses}: classes a protobuf model file may name besides Tribuo's own
 *       ({@code org.tribuo} and its subpackages, always allowed; in the model's provenance also
 *       OLCUT's, {@code com.oracle.labs.mlrg.olcut}, and for enum values the JDK's): exact class
 *       names, or {@code com.example.*} for a package and its subpackages. Empty by default. Add
 *       the provenance class of your own {@code DataSource}, for example.</li>
 *   <li>{@code javaMaxDepth}, {@code javaMaxRefs}, {@code javaMaxCollectionNesting}: for
 *       {@link TribuoModels#loadJavaSerialized} only, the deepest object nesting, the most object
 *       references and the deepest nesting of collections in collections a Java-serialized model
 *       may have: {@value #DEFAULT_JAVA_MAX_DEPTH}, {@value #DEFAULT_JAVA_MAX_REFS} and
 *       {@value #DEFAULT_JAVA_MAX_COLLECTION_NESTING} by default, well above what real Tribuo models
 *       reach (77, 155,919 and 2 for the largest measured; see the Tribuo guide). The collection
 *       limit is what stops nested hash sets, whose reading time doubles with every level.</li>
 * </ul>
 */
public final class TribuoLoadConfig {

    /** The default {@code maxTensorElements}: 2^27. */
    public static final long DEFAULT_MAX_TENSOR_ELEMENTS = 1L << 27;

    /** The default {@code javaMaxDepth}: a 71-level decision tree serializes 77 levels deep. */
    public static final int DEFAULT_JAVA_MAX_DEPTH = 200;

    /** The default {@code javaMaxRefs}: a 1.8 MB random forest has 155,919. */
    public static final long DEFAULT_JAVA_MAX_REFS = 10_000_000;

    /** The default {@code javaMaxCollectionNesting}: real Tribuo models nest collections 2 deep. */
    public static final int DEFAULT_JAVA_MAX_COLLECTION_NESTING = 8;

    private static final Pattern ALLOWED = Pattern.compile(
            "[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*(\\.\\*)?");

    private static final TribuoLoadConfig DEFAULTS = new TribuoLoadConfig(ModelLoader.DEFAULT_MAX_ARTIFACT_BYTES,
            DEFAULT_MAX_TENSOR_ELEMENTS, Set.of(), DEFAULT_JAVA_MAX_DEPTH, DEFAULT_JAVA_MAX_REFS,
            DEFAULT_JAVA_MAX_COLLECTION_NESTING);

    private final long maxArtifactBytes;
    private final long maxTensorElements;
    private final Set<String> allowedClasses;
    private final int javaMaxDepth;
    private final long javaMaxRefs;
    private final int javaMaxCollectionNesting;

    private TribuoLoadConfig(long maxArtifactBytes, long maxTensorElements, Set<String> allowedClasses,
                             int javaMaxDepth, long javaMaxRefs, int javaMaxCollectionNesting) {
        this.maxArtifactBytes = maxArtifactBytes;
        this.maxTensorElements = maxTensorElements;
        this.allowedClasses = allowedClasses;
        this.javaMaxDepth = javaMaxDepth;
        this.javaMaxRefs = javaMaxRefs;
        this.javaMaxCollectionNesting = javaMaxCollectionNesting;
    }

    /** @return the defaults described in the class comment */
    public static TribuoLoadConfig ofDefaults() {
        return DEFAULTS;
    }

    /**
     * Changes the largest model file read.
     *
     * @param bytes from 0 to {@link ModelLoader#MAX_ARTIFACT_BYTES}
     * @return the changed config
     * @throws IllegalArgumentException if out of range
     */
    public TribuoLoadConfig withMaxArtifactBytes(long bytes) {
        if (bytes < 0 || bytes > ModelLoader.MAX_ARTIFACT_BYTES) {
            throw new IllegalArgumentException("maxArtifactBytes must be from 0 to " + ModelLoader.MAX_ARTIFACT_BYTES
                    + " but was " + bytes);
        }
        return new TribuoLoadConfig(bytes, maxTensorElements, allowedClasses, javaMaxDepth, javaMaxRefs,
                javaMaxCollectionNesting);
    }

    /**
     * Changes the most values one tensor may declare.
     *
     * @param elements at least 1
     * @return the changed config
     * @throws IllegalArgumentException if below 1
     */
    public TribuoLoadConfig withMaxTensorElements(long elements) {
        if (elements < 1) {
            throw new IllegalArgumentException("maxTensorElements must be at least 1 but was " + elements);
        }
        return new TribuoLoadConfig(maxArtifactBytes, elements, allowedClasses, javaMaxDepth, javaMaxRefs,
                javaMaxCollectionNesting);
    }

    /**
     * Replaces the classes allowed besides Tribuo's own.
     *
     * @param classes exact class names ({@code com.example.MyModel}, {@code com.example.Outer$Inner})
     *     or package patterns ({@code com.example.*}, the package and its subpackages)
     * @return the changed config
     * @throws NullPointerException if the set or an entry is null
     * @throws IllegalArgumentException if an entry is neither a class name nor a package pattern
     */
    public TribuoLoadConfig withAllowedClasses(Set<String> classes) {
        Objects.requireNonNull(classes, "classes");
        Set<String> checked = new TreeSet<>();
        for (String c : classes) {
            Objects.requireNonNull(c, "allowedClasses entry");
            if (!ALLOWED.matcher(c).matches()) {
                throw new IllegalArgumentException("allowedClasses entry must be a class name or a package pattern "
                        + "like com.example.* but was '" + TribuoModels.abbreviate(c) + "'");
            }
            checked.add(c);
        }
        return new TribuoLoadConfig(maxArtifactBytes, maxTensorElements, Set.copyOf(checked), javaMaxDepth,
                javaMaxRefs, javaMaxCollectionNesting);
    }

    /**
     * Changes the deepest object nesting of a Java-serialized model.
     *
     * @param depth at least 1
     * @return the changed config
     * @throws IllegalArgumentException if below 1
     */
    public TribuoLoadConfig withJavaMaxDepth(int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("javaMaxDepth must be at least 1 but was " + depth);
        }
        return new TribuoLoadConfig(maxArtifactBytes, maxTensorElements, allowedClasses, depth, javaMaxRefs,
                javaMaxCollectionNesting);
    }

    /**
     * Changes the most object references of a Java-serialized model.
     *
     * @param refs at least 1
     * @return the changed config
     * @throws IllegalArgumentException if below 1
     */
    public TribuoLoadConfig withJavaMaxRefs(long refs) {
        if (refs < 1) {
            throw new IllegalArgumentException("javaMaxRefs must be at least 1 but was " + refs);
        }
        return new TribuoLoadConfig(maxArtifactBytes, maxTensorElements, allowedClasses, javaMaxDepth, refs,
                javaMaxCollectionNesting);
    }

    /**
     * Changes the deepest nesting of collections in collections of a Java-serialized model.
     *
     * @param nesting at least 1
     * @return the changed config
     * @throws IllegalArgumentException if below 1
     */
    public TribuoLoadConfig withJavaMaxCollectionNesting(int nesting) {
        if (nesting < 1) {
            throw new IllegalArgumentException("javaMaxCollectionNesting must be at least 1 but was " + nesting);
        }
        return new TribuoLoadConfig(maxArtifactBytes, maxTensorElements, allowedClasses, javaMaxDepth, javaMaxRefs,
                nesting);
    }

    /** @return the largest model file read, in bytes */
    public long maxArtifactBytes() {
        return maxArtifactBytes;
    }

    /** @return the most values one tensor may declare */
    public long maxTensorElements() {
        return maxTensorElements;
    }

    /** @return the classes allowed besides {@code org.tribuo} and its subpackages */
    public Set<String> allowedClasses() {
        return allowedClasses;
    }

    /** @return the deepest object nesting of a Java-serialized model */
    public int javaMaxDepth() {
        return javaMaxDepth;
    }

    /** @return the most object references of a Java-serialized model */
    public long javaMaxRefs() {
        return javaMaxRefs;
    }

    /** @return the deepest nesting of collections in collections of a Java-serialized model */
    public int javaMaxCollectionNesting() {
        return javaMaxCollectionNesting;
    }

    /**
     * Whether a protobuf model file may name a class.
     *
     * @param className a class name from the file
     * @return true for {@code org.tribuo} and its subpackages and for {@link #allowedClasses()}
     */
    boolean allows(String className) {
        if (className.startsWith("org.tribuo.")) {
            return true;
        }
        for (String a : allowedClasses) {
            if (a.endsWith(".*") ? className.startsWith(a.substring(0, a.length() - 1)) : a.equals(className)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a protobuf model file's provenance may name a class.
     *
     * @param className a provenance class name from the file
     * @return true for what {@link #allows} allows and for OLCUT's classes
     */
    boolean allowsProvenance(String className) {
        return className.startsWith("com.oracle.labs.mlrg.olcut.") || allows(className);
    }

    @Override
    public String toString() {
        return "TribuoLoadConfig[maxArtifactBytes=" + maxArtifactBytes + ", maxTensorElements=" + maxTensorElements
                + ", allowedClasses=" + allowedClasses + ", javaMaxDepth=" + javaMaxDepth + ", javaMaxRefs="
                + javaMaxRefs + ", javaMaxCollectionNesting=" + javaMaxCollectionNesting + "]";
    }
}
