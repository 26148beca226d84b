package org.mlops4j.spring.autoconfigure;

import java.net.URI;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * mlops4j's Spring Boot properties, under {@code mlops}.
 *
 * @param store where runs and registered models are kept
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
     * @param type {@code local} (default), {@code jdbc} or {@code mlflow}
     * @param path the directory of the embedded store, or of the artifacts with {@code jdbc}
     * @param mlflow the MLflow server, with {@code type=mlflow}
     */
    public record Store(@DefaultValue("local") StoreType type, @DefaultValue("mlops") Path path,
                        @DefaultValue Mlflow mlflow) {
    }

    /**
     * An MLflow tracking server.
     *
     * @param url its base URL, such as {@code http://mlflow:5000}
     * @param token a bearer token, when the server (or its proxy) asks for one
     */
    public record Mlflow(URI url, String token) {
    }
}
