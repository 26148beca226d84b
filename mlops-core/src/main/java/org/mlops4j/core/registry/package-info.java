/**
 * The model registry SPI: {@link org.mlops4j.core.registry.ModelRegistry} (versions, lineage,
 * checksummed artifacts, audited aliases with compare-and-set, {@code models:/} URIs) and {@link
 * org.mlops4j.core.registry.InMemoryModelRegistry}.
 *
 * <p>Module {@code mlops-core}: the registry is the hand-off between training (mlops-tracking
 * implements it on SQLite, PostgreSQL and MLflow) and serving and the control plane (which read and
 * move aliases), so its contract lives in core.
 */
package org.mlops4j.core.registry;
