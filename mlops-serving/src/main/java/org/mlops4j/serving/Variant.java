package org.mlops4j.serving;

import java.util.Objects;
import org.mlops4j.core.Predictor;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.registry.ModelVersion;

/**
 * One model an endpoint can route to: a name (the role it plays, such as {@code champion} or
 * {@code canary}), the {@link Predictor}, and the model version it serves.
 *
 * @param name the variant's name, unique within an endpoint
 * @param predictor the model
 * @param model the model version, recorded in every prediction event
 * @param <I> the input type
 * @param <O> the output type
 */
public record Variant<I, O>(String name, Predictor<I, O> predictor, ModelRef model) {

    /**
     * Validates the variant.
     *
     * @param name the variant's name, unique within an endpoint
     * @param predictor the model
     * @param model the model version, recorded in every prediction event
     * @throws NullPointerException if any component is null
     * @throws IllegalArgumentException if the name is blank
     */
    public Variant {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(predictor, "predictor");
        Objects.requireNonNull(model, "model");
        if (name.isBlank()) {
            throw new IllegalArgumentException("variant name must not be blank but was '" + name + "'");
        }
    }

    /**
     * Creates a variant serving a registered version.
     *
     * @param name the variant's name
     * @param predictor the model
     * @param version the registered version
     * @param <I> the input type
     * @param <O> the output type
     * @return the variant
     */
    public static <I, O> Variant<I, O> of(String name, Predictor<I, O> predictor, ModelVersion version) {
        return new Variant<>(name, predictor, Objects.requireNonNull(version, "version").ref());
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
