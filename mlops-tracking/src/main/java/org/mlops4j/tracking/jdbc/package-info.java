/**
 * The relational store behind {@code Mlops.local} (SQLite) and {@code Mlops.jdbc} (PostgreSQL): one
 * schema, versioned and created on first use, with every multi-row change in one transaction.
 *
 * <p>Module {@code mlops-tracking}: implementation of the {@link org.mlops4j.tracking.Tracker} and
 * {@link org.mlops4j.core.registry.ModelRegistry} SPIs, and of core's fleet and review SPIs
 * ({@link org.mlops4j.tracking.jdbc.JdbcFleetState}, {@link org.mlops4j.tracking.jdbc.JdbcReviewStore}).
 */
package org.mlops4j.tracking.jdbc;
