/**
 * In-process model serving: endpoints that route live traffic between model variants with a
 * deployment strategy (single, shadow, canary, blue-green, human review). Depends on
 * {@code mlops-core} only; emits {@link org.mlops4j.core.PredictionEvent}s for monitoring.
 */
package org.mlops4j.serving;
