/**
 * Experiment tracking (runs, params, metrics by step, tags, artifacts) and the persistent
 * {@link org.mlops4j.core.registry.ModelRegistry} stores. Depends on {@code mlops-core} only.
 */
package org.mlops4j.tracking;
