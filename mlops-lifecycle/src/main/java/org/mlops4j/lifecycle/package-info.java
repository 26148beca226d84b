/**
 * The control plane: {@link org.mlops4j.lifecycle.Rollout} drives a {@link
 * org.mlops4j.lifecycle.RolloutPlan} (shadow, canary steps, manual gates) as a state machine whose
 * decisions are pure ({@link org.mlops4j.lifecycle.RolloutMachine}) and whose effects run outside
 * any lock; {@link org.mlops4j.lifecycle.RetrainingPolicy} retrains on typed signals or a schedule
 * and registers a challenger only when it beats the champion; {@link
 * org.mlops4j.lifecycle.ClosedLoop} wires an endpoint, its monitor and a registry into one loop.
 *
 * <p>Module {@code mlops-lifecycle}, control plane: it depends on core, serving and monitoring,
 * reads what the data plane measured (per-variant figures, typed alerts) and acts through the data
 * plane's APIs (deploy, registry alias moves, re-baselining).
 */
package org.mlops4j.lifecycle;
