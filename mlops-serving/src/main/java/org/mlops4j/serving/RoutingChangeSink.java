package org.mlops4j.serving;

/**
 * Where a {@link DeploymentStrategy} announces a routing change it makes on its own, outside
 * {@link ModelEndpoint#deploy}: a blue-green switch or rollback. The endpoint hands one to its
 * strategy through {@link DeploymentStrategy#attach} and turns each announcement into a
 * {@link DeploymentChange} for its deployment listeners, exactly like a deploy.
 *
 * <p>Called on the thread that made the change, after the change took effect. An endpoint's sink
 * is thread-safe, guards its listeners, and ignores announcements from a strategy it no longer
 * serves.
 */
@FunctionalInterface
public interface RoutingChangeSink {

    /**
     * Announces a routing change that has taken effect.
     *
     * @param before the routing until now, as the strategy describes itself ({@code toString()})
     * @param after the routing from now on
     * @param reason what happened, for example {@code "blue-green: switched to staged green(fraud/2)"}
     * @throws NullPointerException if an argument is null
     */
    void routingChanged(String before, String after, String reason);

    /**
     * Returns the sink of a strategy not attached to any endpoint: it drops every announcement.
     *
     * @return a sink that does nothing
     */
    static RoutingChangeSink none() {
        return (before, after, reason) -> { };
    }
}
