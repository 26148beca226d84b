/**
 * In-process model serving: a {@link org.mlops4j.serving.ModelEndpoint} routes live traffic
 * between model {@link org.mlops4j.serving.Variant}s with a
 * {@link org.mlops4j.serving.DeploymentStrategy} (single, shadow, canary, A/B, blue-green, human
 * review) and emits one {@link org.mlops4j.core.PredictionEvent} per call for monitoring.
 * Depends on {@code mlops-core} only.
 */
package org.mlops4j.serving;
