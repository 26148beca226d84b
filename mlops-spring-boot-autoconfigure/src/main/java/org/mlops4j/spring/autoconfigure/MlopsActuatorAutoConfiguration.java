package org.mlops4j.spring.autoconfigure;

import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.serving.ReviewDesk;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures the {@code mlops} Actuator endpoint and health indicator, and the
 * {@code mlopsreview} endpoint when the context holds {@link ReviewDesk} beans, when Spring Boot's
 * Actuator is on the class path.
 */
@AutoConfiguration(after = MlopsMonitorAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnBean(MlopsEndpoints.class)
public class MlopsActuatorAutoConfiguration {

    /**
     * The {@code mlops} endpoint, when exposed.
     *
     * @param endpoints what the starter found
     * @param alerts the firing alerts
     * @param registry the registry whose aliases it shows and where actions are recorded
     * @return the endpoint
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(endpoint = MlopsActuatorEndpoint.class)
    public MlopsActuatorEndpoint mlopsActuatorEndpoint(MlopsEndpoints endpoints, FiringAlerts alerts,
                                                       ObjectProvider<ModelRegistry> registry) {
        return new MlopsActuatorEndpoint(endpoints, alerts, registry.getIfAvailable());
    }

    /**
     * The {@code mlopsreview} endpoint, when exposed and the context holds a {@link ReviewDesk}.
     *
     * @param desks the application's review desks, each named by its queue
     * @return the endpoint
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(ReviewDesk.class)
    @ConditionalOnAvailableEndpoint(endpoint = MlopsReviewEndpoint.class)
    public MlopsReviewEndpoint mlopsReviewEndpoint(ObjectProvider<ReviewDesk<?, ?>> desks) {
        return new MlopsReviewEndpoint(desks.orderedStream().toList());
    }

    /**
     * The {@code mlops} health indicator ({@code management.health.mlops.enabled}).
     *
     * @param endpoints what the starter found
     * @param alerts the firing alerts
     * @param properties the bound properties
     * @return the health indicator
     */
    @Bean(name = "mlopsHealthIndicator")
    @ConditionalOnMissingBean(name = "mlopsHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("mlops")
    public MlopsHealthIndicator mlopsHealthIndicator(MlopsEndpoints endpoints, FiringAlerts alerts,
                                                     MlopsProperties properties) {
        return new MlopsHealthIndicator(endpoints, alerts, properties.health().criticalAlertsOutOfService());
    }
}
