package org.mlops4j.serving;

import java.time.Instant;
import java.util.Objects;

/**
 * One change of an endpoint's strategy: before, after, when and why.
 *
 * @param endpoint the endpoint's name
 * @param before the strategy that served until now (its {@code toString()})
 * @param after the strategy that serves from now
 * @param reason why, as given to {@link ModelEndpoint#deploy}
 * @param timestamp when
 */
public record DeploymentChange(String endpoint, String before, String after, String reason, Instant timestamp) {

    /** Validates the change. */
    public DeploymentChange {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(timestamp, "timestamp");
    }
}
