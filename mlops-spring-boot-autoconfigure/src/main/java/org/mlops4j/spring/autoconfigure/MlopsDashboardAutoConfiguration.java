package org.mlops4j.spring.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the live dashboard: static HTML, CSS and JavaScript in this jar under
 * {@code META-INF/resources/mlops/dashboard/} (no CDN, nothing downloaded), which Spring MVC serves
 * at {@code /mlops/dashboard/}; {@code /mlops/dashboard} redirects there. The page reads
 * {@code /actuator/mlops} and refreshes itself.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = "org.springframework.web.servlet.config.annotation.WebMvcConfigurer")
@ConditionalOnProperty(prefix = "mlops.dashboard", name = "enabled", matchIfMissing = true)
public class MlopsDashboardAutoConfiguration {

    /** Where the dashboard is served. */
    public static final String PATH = "/mlops/dashboard";

    /**
     * Redirects {@code /mlops/dashboard} to the page.
     *
     * @return the MVC configurer
     */
    @Bean
    public WebMvcConfigurer mlopsDashboardRedirect() {
        return new WebMvcConfigurer() {
            @Override
            public void addViewControllers(ViewControllerRegistry registry) {
                registry.addRedirectViewController(PATH, PATH + "/index.html");
                registry.addRedirectViewController(PATH + "/", PATH + "/index.html");
            }
        };
    }
}
