package org.mlops4j.tracking.mlflow;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * How requests to an MLflow server authenticate: not at all, with a bearer token (Databricks,
 * most reverse proxies), or with HTTP basic auth (MLflow's own {@code basic-auth} app).
 *
 * <p>Credentials never appear in {@code toString()}, log lines or exception messages.
 */
public sealed interface MlflowAuth permits MlflowAuth.None, MlflowAuth.Bearer, MlflowAuth.Basic {

    /** @return no authentication */
    static MlflowAuth none() {
        return new None();
    }

    /**
     * Authenticates with {@code Authorization: Bearer <token>}.
     *
     * @param token the token
     * @return the auth
     * @throws IllegalArgumentException if the token is blank or holds a line break
     */
    static MlflowAuth bearer(String token) {
        return new Bearer(token);
    }

    /**
     * Authenticates with HTTP basic auth.
     *
     * @param user the user name, without {@code :}
     * @param password the password
     * @return the auth
     * @throws IllegalArgumentException if the user is blank or holds {@code :}
     */
    static MlflowAuth basic(String user, String password) {
        return new Basic(user, password);
    }

    /** @return the value of the {@code Authorization} header, empty for {@link None} */
    Optional<String> header();

    /** No authentication. */
    record None() implements MlflowAuth {
        @Override
        public Optional<String> header() {
            return Optional.empty();
        }
    }

    /**
     * A bearer token.
     *
     * @param token the token
     */
    record Bearer(String token) implements MlflowAuth {
        /**
         * Validates the token.
         *
         * @param token the token
         */
        public Bearer {
            Objects.requireNonNull(token, "token");
            if (token.isBlank() || token.indexOf('\n') >= 0 || token.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("token must not be blank or hold line breaks (value not shown)");
            }
        }

        @Override
        public Optional<String> header() {
            return Optional.of("Bearer " + token);
        }

        @Override
        public String toString() {
            return "Bearer[token=***]";
        }
    }

    /**
     * HTTP basic auth.
     *
     * @param user the user name
     * @param password the password
     */
    record Basic(String user, String password) implements MlflowAuth {
        /**
         * Validates the credentials.
         *
         * @param user the user name
         * @param password the password
         */
        public Basic {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            if (user.isBlank() || user.indexOf(':') >= 0) {
                throw new IllegalArgumentException("user must not be blank or hold ':' but was '" + user + "'");
            }
        }

        @Override
        public Optional<String> header() {
            String pair = user + ":" + password;
            return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public String toString() {
            return "Basic[user=" + user + ", password=***]";
        }
    }
}
