/**
 * What replicas of one service share so that a decision can be taken on the whole fleet's traffic:
 * each replica publishes its closed monitoring windows' per-variant aggregates
 * ({@link org.mlops4j.core.fleet.WindowAggregate}) to a {@link org.mlops4j.core.fleet.FleetWindows}
 * store, and {@link org.mlops4j.core.fleet.FleetFigures} answers the fleet-wide merge as the
 * {@link org.mlops4j.core.signal.VariantFigures} a rollout's analysis reads.
 *
 * <p>Module {@code mlops-core}: the mergeable aggregate, its encoding and the small store SPI; the
 * JDBC store lives in {@code mlops-tracking}, the publishing monitor listener in
 * {@code mlops-monitoring}.
 */
package org.mlops4j.core.fleet;
