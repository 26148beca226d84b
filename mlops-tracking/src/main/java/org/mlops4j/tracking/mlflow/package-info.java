/**
 * A client of a real MLflow tracking server: {@link org.mlops4j.tracking.mlflow.MlflowTracker} and
 * {@link org.mlops4j.tracking.mlflow.MlflowModelRegistry} speak its REST API (runs, batched
 * metrics, artifacts, the model registry and aliases), and {@link
 * org.mlops4j.tracking.mlflow.MlflowExport} writes any tracker and registry (a local store, or an
 * MLflow server) as an {@code mlruns} directory that MLflow opens as a file store.
 *
 * <p>Module {@code mlops-tracking}: implementations of the {@link org.mlops4j.tracking.Tracker} and
 * {@link org.mlops4j.core.registry.ModelRegistry} SPIs, with no MLflow library on the class path
 * (plain {@code java.net.http}).
 */
package org.mlops4j.tracking.mlflow;
