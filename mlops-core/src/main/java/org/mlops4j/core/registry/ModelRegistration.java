package org.mlops4j.core.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mlops4j.core.schema.ModelSignature;

/**
 * What a caller asks a {@link ModelRegistry} to register: the model name, its artifact, the run it
 * came from, a description and tags. The registry assigns the version number.
 *
 * <pre>{@code
 * ModelRegistration r = ModelRegistration.builder("fraud")
 *         .artifact(ModelArtifact.of(modelFile))
 *         .sourceRunId(run.id())
 *         .tag("trainer", "LogisticRegression")
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ModelRegistration {

    private final String name;
    private final ModelArtifact artifact;
    private final String sourceRunId;
    private final String description;
    private final Map<String, String> tags;
    private final ModelSignature signature;

    private ModelRegistration(Builder b) {
        this.name = b.name;
        this.artifact = b.artifact;
        this.sourceRunId = b.sourceRunId;
        this.description = b.description;
        this.tags = Map.copyOf(b.tags);
        this.signature = b.signature;
    }

    /**
     * Starts a registration of a new version of the named model.
     *
     * @param name the model name
     * @return a builder
     * @throws IllegalArgumentException if the name breaks {@link RegistryNames}
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** @return the model name */
    public String name() {
        return name;
    }

    /** @return the artifact to register; a version without one is registered {@link ModelStatus#PENDING} */
    public Optional<ModelArtifact> artifact() {
        return Optional.ofNullable(artifact);
    }

    /** @return the id of the run that produced the model */
    public Optional<String> sourceRunId() {
        return Optional.ofNullable(sourceRunId);
    }

    /** @return the description */
    public Optional<String> description() {
        return Optional.ofNullable(description);
    }

    /** @return the tags, immutable */
    public Map<String, String> tags() {
        return tags;
    }

    /** @return the model's signature (inputs, output, labels, input example), if given */
    public Optional<ModelSignature> signature() {
        return Optional.ofNullable(signature);
    }

    @Override
    public String toString() {
        return "ModelRegistration[" + name + ", artifact=" + artifact + ", run=" + sourceRunId + ", tags=" + tags + "]";
    }

    /** Builds a {@link ModelRegistration}; not thread-safe. */
    public static final class Builder {
        private final String name;
        private ModelArtifact artifact;
        private String sourceRunId;
        private String description;
        private final Map<String, String> tags = new LinkedHashMap<>();
        private ModelSignature signature;

        private Builder(String name) {
            this.name = RegistryNames.checkModelName(name);
        }

        /**
         * @param value the artifact, with its checksum
         * @return this builder
         */
        public Builder artifact(ModelArtifact value) {
            this.artifact = Objects.requireNonNull(value, "artifact");
            return this;
        }

        /**
         * @param value the producing run's id
         * @return this builder
         * @throws IllegalArgumentException if blank
         */
        public Builder sourceRunId(String value) {
            Objects.requireNonNull(value, "sourceRunId");
            if (value.isBlank()) {
                throw new IllegalArgumentException("sourceRunId must not be blank but was '" + value + "'");
            }
            this.sourceRunId = value;
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
         * @param key tag key
         * @param value tag value
         * @return this builder
         * @throws IllegalArgumentException if the tag breaks {@link RegistryNames#checkTag}
         */
        public Builder tag(String key, String value) {
            RegistryNames.checkTag(key, value);
            tags.put(key, value);
            return this;
        }

        /**
         * @param value the model's signature: what it takes and answers, with an optional input example
         * @return this builder
         */
        public Builder signature(ModelSignature value) {
            this.signature = Objects.requireNonNull(value, "signature");
            return this;
        }

        /** @return the registration */
        public ModelRegistration build() {
            return new ModelRegistration(this);
        }
    }
}
