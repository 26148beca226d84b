package org.mlops4j.spring.autoconfigure;

import java.net.URI;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.mlops4j.core.Clock;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.tracking.Mlops;
import org.mlops4j.tracking.Tracker;
import org.mlops4j.tracking.mlflow.MlflowAuth;
import org.mlops4j.tracking.mlflow.MlflowConfig;
import org.mlops4j.tracking.mlflow.MlflowModelRegistry;
import org.mlops4j.tracking.mlflow.MlflowTracker;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures mlops4j's tracker and model registry from {@code mlops.store.*}: the embedded
 * SQLite store by default, the application's {@code DataSource} with {@code type=jdbc}, an MLflow
 * server with {@code type=mlflow}. Each bean backs off when the application defines its own; the
 * stores are closed with the application context.
 */
@AutoConfiguration(afterName = "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration")
@EnableConfigurationProperties(MlopsProperties.class)
public class MlopsStoreAutoConfiguration {

    /**
     * The stores of {@code mlops.store.*}.
     *
     * @param properties the bound properties
     * @param dataSource the application's data source, used with {@code mlops.store.type=jdbc}
     * @return the tracker and registry, closed with the context
     * @throws IllegalStateException naming the property when the configuration is incomplete
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public MlopsStores mlopsStores(MlopsProperties properties, ObjectProvider<DataSource> dataSource) {
        MlopsProperties.Store store = properties.store();
        switch (store.type()) {
            case LOCAL: {
                Mlops mlops = Mlops.local(store.path());
                return new MlopsStores(mlops.tracker(), mlops.registry(), mlops::close,
                        "embedded SQLite store in " + store.path().toAbsolutePath());
            }
            case JDBC: {
                DataSource ds = dataSource.getIfAvailable();
                if (ds == null) {
                    throw new IllegalStateException("mlops.store.type=jdbc needs a DataSource bean (for example"
                            + " spring.datasource.url); none is defined");
                }
                Path artifacts = store.path().resolve(Mlops.ARTIFACTS_DIR);
                Mlops mlops = Mlops.jdbc(ds, "the application's DataSource", artifacts, Clock.system());
                return new MlopsStores(mlops.tracker(), mlops.registry(), mlops::close,
                        "the application's DataSource, artifacts in " + artifacts.toAbsolutePath());
            }
            case MLFLOW: {
                URI url = store.mlflow().url();
                if (url == null) {
                    throw new IllegalStateException("mlops.store.mlflow.url must be set when mlops.store.type=mlflow"
                            + " (for example http://mlflow:5000)");
                }
                MlflowConfig config = MlflowConfig.of(url);
                String token = store.mlflow().token();
                if (token != null && !token.isBlank()) {
                    config = config.withAuth(MlflowAuth.bearer(token));
                }
                MlflowTracker tracker = new MlflowTracker(config);
                return new MlopsStores(tracker, new MlflowModelRegistry(config), tracker::close, "MLflow server " + url);
            }
            default:
                throw new IllegalStateException("mlops.store.type " + store.type() + " is not supported");
        }
    }

    /**
     * The tracker of {@link #mlopsStores}.
     *
     * @param stores the stores
     * @return the tracker
     */
    @Bean
    @ConditionalOnMissingBean
    public Tracker mlopsTracker(MlopsStores stores) {
        return stores.tracker();
    }

    /**
     * The model registry of {@link #mlopsStores}.
     *
     * @param stores the stores
     * @return the registry
     */
    @Bean
    @ConditionalOnMissingBean
    public ModelRegistry mlopsModelRegistry(MlopsStores stores) {
        return stores.registry();
    }
}
