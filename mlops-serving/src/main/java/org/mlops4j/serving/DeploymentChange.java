package org.mlops4j.serving;

import java.time.Instant;
import java.util.Objects;

/**
 * One change of an endpoint's routing: before, after, when and why. Either a
 * {@link ModelEndpoint#deploy} of another strategy, or a change the deployed strategy made on its
 * own and announced through its {@link RoutingChangeSink} (a blue-green switch or rollback).
 *
 * @param endpoint the endpoint's name
 * @param before the strategy that served until now (its {@code toString()}); for an announced
 *        change, the announcing strategy as it was, which may be wrapped in a decorator
 * @param after the strategy that serves from now, described the same way
 * @param reason why, as given to {@link ModelEndpoint#deploy} or announced by the strategy
 * @param timestamp when, by the endpoint's clock
 */
public record DeploymentChange(String endpoint, String before, String after, String reason, Instant timestamp) {

    /**
     * Validates the change.
     *
     * @param endpoint the endpoint's name
     * @param before the strategy that served until now (its {@code toString()}); for an announced
     *     change, the announcing strategy as it was, which may be wrapped in a decorator
     * @param after the strategy that serves from now, described the same way
     * @param reason why, as given to {@link ModelEndpoint#deploy} or announced by the strategy
     * @param timestamp when, by the endpoint's clock
     */
    public DeploymentChange {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(timestamp, "timestamp");
    }
}
