package org.mlops4j.spring.autoconfigure;

import java.net.URI;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * mlops4j's Spring Boot properties, under {@code mlops}.
 *
 * @param store Where runs and registered models are kept.
 */
@ConfigurationProperties("mlops")
public record MlopsProperties(@DefaultValue Store store) {

    /** Which store keeps runs and registered models. */
    public enum StoreType {
        /** The embedded SQLite store in {@code mlops.store.path}: zero configuration, one file. */
        LOCAL,
        /** The application's {@code DataSource} (PostgreSQL or SQLite), artifacts in {@code mlops.store.path}. */
        JDBC,
        /** An MLflow tracking server at {@code mlops.store.mlflow.url}. */
        MLFLOW
    }

    /**
     * The store.
     *
     * @param type The store: local (the embedded SQLite store), jdbc (the application's DataSource) or
     *     mlflow (an MLflow tracking server).
     * @param path The directory of the embedded store, or of the artifacts with the jdbc store.
     * @param mlflow The MLflow server of the mlflow store.
     */
    public record Store(@DefaultValue("local") StoreType type, @DefaultValue("mlops") Path path,
                        @DefaultValue Mlflow mlflow) {
    }

    /**
     * An MLflow tracking server.
     *
     * @param url The MLflow server's base URL, such as http://mlflow:5000; required with the mlflow store.
     * @param token A bearer token for the MLflow server or its proxy; take it from the environment.
     */
    public record Mlflow(URI url, String token) {
    }
}
