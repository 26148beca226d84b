/**
 * In-process model serving: a {@link org.mlops4j.serving.ModelEndpoint} routes live traffic
 * between model {@link org.mlops4j.serving.Variant}s with a
 * {@link org.mlops4j.serving.DeploymentStrategy} (single, shadow, canary, A/B, multi-armed bandit,
 * blue-green, human review) and emits one {@link org.mlops4j.core.PredictionEvent} per call for
 * monitoring.
 * {@link org.mlops4j.serving.BatchPredictor} scores large batches in parallel, in order, with
 * bounded
 * memory. Depends on {@code mlops-core} only.
 *
 * <p>Module {@code mlops-serving}, data plane: the request path. It depends on {@code mlops-core}
 * only (three jars at run time with slf4j-api); the control plane (mlops-lifecycle) changes what it
 * serves through {@link org.mlops4j.serving.ModelEndpoint#deploy}.
 */
package org.mlops4j.serving;
