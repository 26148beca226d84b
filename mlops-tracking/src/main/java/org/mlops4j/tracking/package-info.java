/**
 * Experiment tracking (runs, params, metrics by step, tags, artifacts) and the persistent
 * {@link org.mlops4j.core.registry.ModelRegistry} stores. Depends on {@code mlops-core} only.
 *
 * <p>Module {@code mlops-tracking}: the hand-off between training and serving. Training writes runs
 * and model versions; serving and the control plane read the registry through the core {@link
 * org.mlops4j.core.registry.ModelRegistry} SPI, never through this module's types.
 */
package org.mlops4j.tracking;
