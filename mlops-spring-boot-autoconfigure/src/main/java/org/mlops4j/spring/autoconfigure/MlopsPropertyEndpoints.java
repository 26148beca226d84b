package org.mlops4j.spring.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.mlops4j.core.feedback.FeedbackConfig;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.ModelFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.Environment;

/**
 * Declares the endpoints of {@code mlops.endpoints.<name>.model-uri} and {@code .format}: for each,
 * a {@link ModelEndpoint} bean named {@code <name>} serving that registry URI through the named
 * {@link ModelFormat} (found with {@link java.util.ServiceLoader}, for example
 * {@code tribuo-classification} from mlops-tribuo), with feedback joined, picked up and monitored
 * like the application's own endpoint beans (by a monitor reading the format's answers). A missing
 * format, an unknown one, or a bean of the same name fails the startup naming the property.
 */
public final class MlopsPropertyEndpoints implements BeanDefinitionRegistryPostProcessor, EnvironmentAware {

    private static final Logger LOG = LoggerFactory.getLogger(MlopsPropertyEndpoints.class);

    private Environment environment;
    private volatile ConfigurableListableBeanFactory beanFactory;
    private final Map<String, ModelFormat<?, ?>> declared = new LinkedHashMap<>();

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        Map<String, MlopsProperties.Endpoint> endpoints = Binder.get(environment).bind("mlops.endpoints",
                Bindable.mapOf(String.class, MlopsProperties.Endpoint.class)).orElse(Map.of());
        for (Map.Entry<String, MlopsProperties.Endpoint> e : endpoints.entrySet()) {
            String name = e.getKey();
            MlopsProperties.Endpoint p = e.getValue();
            if (p.modelUri() == null || p.modelUri().isBlank()) {
                if (p.format() != null) {
                    throw new IllegalStateException("mlops.endpoints." + name + ".format is set but mlops.endpoints."
                            + name + ".model-uri is not: the starter needs both to declare the endpoint");
                }
                continue;
            }
            if (p.format() == null || p.format().isBlank()) {
                throw new IllegalStateException("mlops.endpoints." + name + ".format must be set with model-uri "
                        + p.modelUri() + "; the class path has " + ModelFormat.available().stream()
                        .map(ModelFormat::name).sorted().toList());
            }
            ModelFormat<?, ?> format;
            try {
                format = ModelFormat.named(p.format());
            } catch (IllegalArgumentException ex) {
                throw new IllegalStateException("mlops.endpoints." + name + ".format: " + ex.getMessage(), ex);
            }
            if (registry.containsBeanDefinition(name)) {
                throw new IllegalStateException("mlops.endpoints." + name + ".model-uri declares a bean named '" + name
                        + "', but the application already has one");
            }
            declared.put(name, format);
            String uri = p.modelUri();
            RootBeanDefinition def = new RootBeanDefinition();
            def.setTargetType(ResolvableType.forClass(ModelEndpoint.class));
            def.setInstanceSupplier(() -> endpoint(name, format, uri));
            def.setDestroyMethodName("close");
            registry.registerBeanDefinition(name, def);
            LOG.info("endpoint '{}' declared from mlops.endpoints.{}: {} as {}", name, name, uri, format.name());
        }
    }

    private ModelEndpoint<?, ?> endpoint(String name, ModelFormat<?, ?> format, String uri) {
        ModelRegistry registry = Objects.requireNonNull(beanFactory, "bean factory").getBean(ModelRegistry.class);
        return format.endpoint(name, registry, uri).feedback(FeedbackConfig.ofDefaults()).build();
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory factory) {
        this.beanFactory = factory;
    }

    /** @return the endpoints declared from properties, by name, with their formats */
    public Map<String, ModelFormat<?, ?>> declared() {
        return Map.copyOf(declared);
    }

    @Override
    public String toString() {
        return "MlopsPropertyEndpoints" + declared.keySet();
    }
}
