package org.mlops4j.core.registry;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.mlops4j.core.schema.ModelSignature;

/**
 * A snapshot of one registered model version: its identity, lineage, status, tags, aliases,
 * artifact and signature. Immutable and thread-safe; a registry returns a new snapshot after every change.
 *
 * <p>Create instances through a {@link ModelRegistry}; {@link #builder(String, int)} exists for
 * registry implementations and tests.
 */
public final class ModelVersion {

    private final ModelRef ref;
    private final Instant createdAt;
    private final ModelStatus status;
    private final String sourceRunId;
    private final String description;
    private final Map<String, String> tags;
    private final Set<String> aliases;
    private final String artifactLocation;
    private final String artifactSha256;
    private final ModelSignature signature;

    private ModelVersion(Builder b) {
        this.ref = new ModelRef(b.name, b.version);
        this.createdAt = Objects.requireNonNull(b.createdAt, "createdAt");
        this.status = Objects.requireNonNull(b.status, "status");
        this.sourceRunId = b.sourceRunId;
        this.description = b.description;
        b.tags.forEach(RegistryNames::checkTag);
        this.tags = Map.copyOf(b.tags);
        b.aliases.forEach(RegistryNames::checkAlias);
        this.aliases = Set.copyOf(b.aliases);
        if ((b.artifactLocation == null) != (b.artifactSha256 == null)) {
            throw new IllegalArgumentException("artifactLocation and artifactSha256 must be given together for "
                    + ref + " but were " + b.artifactLocation + " and " + b.artifactSha256);
        }
        if (b.artifactSha256 != null) {
            ModelArtifact.checkSha256(b.artifactSha256);
        }
        this.artifactLocation = b.artifactLocation;
        this.artifactSha256 = b.artifactSha256;
        this.signature = b.signature;
    }

    /**
     * Starts a builder for a version with status {@link ModelStatus#READY}, created at the epoch.
     *
     * @param name the model name
     * @param version the version number, from 1
     * @return a builder
     */
    public static Builder builder(String name, int version) {
        return new Builder(name, version);
    }

    /** @return a builder holding every field of this version */
    public Builder toBuilder() {
        Builder b = new Builder(ref.name(), ref.version())
                .createdAt(createdAt).status(status).tags(tags).aliases(aliases);
        b.sourceRunId = sourceRunId;
        b.description = description;
        b.artifactLocation = artifactLocation;
        b.artifactSha256 = artifactSha256;
        b.signature = signature;
        return b;
    }

    /** @return the identity of this version (name and number) */
    public ModelRef ref() {
        return ref;
    }

    /** @return the registered model's name */
    public String name() {
        return ref.name();
    }

    /** @return the version number, from 1, assigned without gaps per model and never reused */
    public int version() {
        return ref.version();
    }

    /** @return when the version was registered */
    public Instant createdAt() {
        return createdAt;
    }

    /** @return the life-cycle status */
    public ModelStatus status() {
        return status;
    }

    /** @return the id of the tracking run that produced this version, if recorded (its lineage) */
    public Optional<String> sourceRunId() {
        return Optional.ofNullable(sourceRunId);
    }

    /** @return a free-text description, if any */
    public Optional<String> description() {
        return Optional.ofNullable(description);
    }

    /** @return the tags, immutable */
    public Map<String, String> tags() {
        return tags;
    }

    /** @return the aliases that point to this version at the time of the snapshot, immutable */
    public Set<String> aliases() {
        return aliases;
    }

    /** @return where the artifact is stored (a path or URI the registry understands), if any */
    public Optional<String> artifactLocation() {
        return Optional.ofNullable(artifactLocation);
    }

    /** @return the lower-case hex SHA-256 of the artifact, if any */
    public Optional<String> artifactSha256() {
        return Optional.ofNullable(artifactSha256);
    }

    /**
     * @return the contract of the model (inputs, output, labels, input example), if one was
     *     registered or inferred
     */
    public Optional<ModelSignature> signature() {
        return Optional.ofNullable(signature);
    }

    /**
     * Returns where the artifact of a version that may be loaded is stored: the check every
     * registry makes before {@link ModelRegistry#load}.
     *
     * @return the artifact location
     * @throws IllegalStateException if the version is not {@link ModelStatus#READY} or has no artifact
     */
    public String requireLoadableArtifact() {
        if (status != ModelStatus.READY) {
            throw new IllegalStateException("cannot load " + ref + ": its status is " + status);
        }
        if (artifactLocation == null) {
            throw new IllegalStateException("cannot load " + ref + ": it has no artifact");
        }
        return artifactLocation;
    }

    /** @return the model URI of this version, {@code models:/<name>/<version>} */
    public String uri() {
        return ref.uri();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelVersion v && ref.equals(v.ref) && createdAt.equals(v.createdAt) && status == v.status
                && Objects.equals(sourceRunId, v.sourceRunId) && Objects.equals(description, v.description)
                && tags.equals(v.tags) && aliases.equals(v.aliases)
                && Objects.equals(artifactLocation, v.artifactLocation) && Objects.equals(artifactSha256, v.artifactSha256)
                && Objects.equals(signature, v.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ref, createdAt, status, sourceRunId, description, tags, aliases, artifactLocation,
                artifactSha256, signature);
    }

    @Override
    public String toString() {
        return "ModelVersion[" + ref + ", status=" + status + ", aliases=" + new TreeSet<>(aliases)
                + ", tags=" + new TreeMap<>(tags) + (sourceRunId == null ? "" : ", run=" + sourceRunId)
                + (artifactSha256 == null ? "" : ", sha256=" + artifactSha256.substring(0, 12)) + "]";
    }

    /** Builds a {@link ModelVersion}; not thread-safe. */
    public static final class Builder {
        private final String name;
        private final int version;
        private Instant createdAt = Instant.EPOCH;
        private ModelStatus status = ModelStatus.READY;
        private String sourceRunId;
        private String description;
        private Map<String, String> tags = Map.of();
        private Set<String> aliases = Set.of();
        private String artifactLocation;
        private String artifactSha256;
        private ModelSignature signature;

        private Builder(String name, int version) {
            this.name = RegistryNames.checkModelName(name);
            this.version = RegistryNames.checkVersion(version);
        }

        /**
         * @param value when the version was registered
         * @return this builder
         */
        public Builder createdAt(Instant value) {
            this.createdAt = Objects.requireNonNull(value, "createdAt");
            return this;
        }

        /**
         * @param value the status
         * @return this builder
         */
        public Builder status(ModelStatus value) {
            this.status = Objects.requireNonNull(value, "status");
            return this;
        }

        /**
         * @param value the producing run's id
         * @return this builder
         */
        public Builder sourceRunId(String value) {
            this.sourceRunId = Objects.requireNonNull(value, "sourceRunId");
            return this;
        }

        /**
         * @param value a description
         * @return this builder
         */
        public Builder description(String value) {
            this.description = Objects.requireNonNull(value, "description");
            return this;
        }

        /**
         * @param value all tags, replacing any set before
         * @return this builder
         */
        public Builder tags(Map<String, String> value) {
            this.tags = Map.copyOf(Objects.requireNonNull(value, "tags"));
            return this;
        }

        /**
         * @param value all aliases, replacing any set before
         * @return this builder
         */
        public Builder aliases(Set<String> value) {
            this.aliases = Set.copyOf(Objects.requireNonNull(value, "aliases"));
            return this;
        }

        /**
         * Sets the artifact.
         *
         * @param location where it is stored
         * @param sha256 the lower-case hex SHA-256 of its bytes
         * @return this builder
         */
        public Builder artifact(String location, String sha256) {
            this.artifactLocation = Objects.requireNonNull(location, "artifact location");
            this.artifactSha256 = Objects.requireNonNull(sha256, "artifact sha256");
            return this;
        }

        /**
         * @param value the model's signature
         * @return this builder
         */
        public Builder signature(ModelSignature value) {
            this.signature = Objects.requireNonNull(value, "signature");
            return this;
        }

        /**
         * Builds the version.
         *
         * @return the immutable version
         * @throws IllegalArgumentException if a tag, alias or checksum is invalid
         */
        public ModelVersion build() {
            return new ModelVersion(this);
        }
    }
}
