package org.mlops4j.serving;

import java.util.Objects;
import java.util.Optional;
import org.mlops4j.core.Predictor;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.core.schema.ModelSignature;

/**
 * One model an endpoint can route to: a name (the role it plays, such as {@code champion} or
 * {@code canary}), the {@link Predictor}, the model version it serves, and that version's
 * {@link ModelSignature} when known: an endpoint refuses to deploy a variant whose signature cannot
 * take the traffic of the variants it serves ({@link ModelEndpoint#deploy}).
 *
 * @param name the variant's name, unique within an endpoint
 * @param predictor the model
 * @param model the model version, recorded in every prediction event
 * @param signature the version's signature, if known
 * @param <I> the input type
 * @param <O> the output type
 */
public record Variant<I, O>(String name, Predictor<I, O> predictor, ModelRef model, Optional<ModelSignature> signature) {

    /**
     * Validates the variant.
     *
     * @param name the variant's name, unique within an endpoint
     * @param predictor the model
     * @param model the model version, recorded in every prediction event
     * @param signature the version's signature, if known
     * @throws NullPointerException if any component is null
     * @throws IllegalArgumentException if the name is blank
     */
    public Variant {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(predictor, "predictor");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(signature, "signature");
        if (name.isBlank()) {
            throw new IllegalArgumentException("variant name must not be blank but was '" + name + "'");
        }
    }

    /**
     * Creates a variant with no known signature.
     *
     * @param name the variant's name, unique within an endpoint
     * @param predictor the model
     * @param model the model version, recorded in every prediction event
     */
    public Variant(String name, Predictor<I, O> predictor, ModelRef model) {
        this(name, predictor, model, Optional.empty());
    }

    /**
     * Returns this variant under another name, serving the same model with the same signature.
     *
     * @param newName the name
     * @return the renamed variant
     */
    public Variant<I, O> named(String newName) {
        return new Variant<>(newName, predictor, model, signature);
    }

    /**
     * Creates a variant serving a registered version, with the version's signature when it has one.
     *
     * @param name the variant's name
     * @param predictor the model
     * @param version the registered version
     * @param <I> the input type
     * @param <O> the output type
     * @return the variant
     */
    public static <I, O> Variant<I, O> of(String name, Predictor<I, O> predictor, ModelVersion version) {
        Objects.requireNonNull(version, "version");
        return new Variant<>(name, predictor, version.ref(), version.signature());
    }

    /**
     * Creates a variant.
     *
     * @param name the variant's name
     * @param predictor the model
     * @param model the model version it serves
     * @param <I> the input type
     * @param <O> the output type
     * @return the variant
     */
    public static <I, O> Variant<I, O> of(String name, Predictor<I, O> predictor, ModelRef model) {
        return new Variant<>(name, predictor, model);
    }

    @Override
    public String toString() {
        return name + "(" + model + ")";
    }
}
