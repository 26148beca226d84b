package org.mlops4j.serving;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.registry.ModelRegistry;

/**
 * A kind of registered model an endpoint can be made from by name alone: how to load its file into a
 * {@link org.mlops4j.core.Predictor}, and how to read its answers. It is what lets configuration
 * declare an endpoint (the Spring Boot starter's {@code mlops.endpoints.<name>.format}) where the
 * input and output types are the format's: a module that serves a model library registers its formats
 * with {@link ServiceLoader} ({@code META-INF/services/org.mlops4j.serving.ModelFormat}), and
 * {@link #named} finds them. Implementations need a public no-argument constructor.
 *
 * @param <I> the input type
 * @param <O> the answer type
 */
public interface ModelFormat<I, O> {

    /** @return the format's name, lower case with hyphens, for example {@code tribuo-classification} */
    String name();

    /**
     * Starts an endpoint serving the version a registry URI points to, with this format's loader
     * and output reader; the caller may set the rest (feedback, timeouts) and builds it.
     *
     * @param endpoint the endpoint's name
     * @param registry the registry
     * @param uri for example {@code models:/fraud@champion}
     * @return the builder
     */
    ModelEndpoint.Builder<I, O> endpoint(String endpoint, ModelRegistry registry, String uri);

    /** @return how a monitor reads this format's answers (labels, values, confidence) */
    OutputReader<? super O> outputs();

    /**
     * The formats registered with {@link ServiceLoader} on the class path.
     *
     * @return the formats, in the order the class path gives them
     */
    static List<ModelFormat<?, ?>> available() {
        List<ModelFormat<?, ?>> formats = new ArrayList<>();
        for (ModelFormat<?, ?> f : ServiceLoader.load(ModelFormat.class, ModelFormat.class.getClassLoader())) {
            formats.add(f);
        }
        return formats;
    }

    /**
     * The registered format of a name.
     *
     * @param name the name, case-insensitive
     * @return the format
     * @throws IllegalArgumentException naming the value and the formats there are, when none has that name
     */
    static ModelFormat<?, ?> named(String name) {
        Objects.requireNonNull(name, "name");
        List<ModelFormat<?, ?>> formats = available();
        for (ModelFormat<?, ?> f : formats) {
            if (f.name().equalsIgnoreCase(name.strip())) {
                return f;
            }
        }
        throw new IllegalArgumentException("no model format is named '" + name + "'; the class path has "
                + formats.stream().map(ModelFormat::name).sorted().toList()
                + (formats.isEmpty() ? " (add a module that serves your model library, such as mlops-tribuo)" : ""));
    }
}
