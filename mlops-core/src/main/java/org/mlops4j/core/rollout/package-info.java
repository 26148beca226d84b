/**
 * The decision interface of automated rollouts: a rollout (mlops-lifecycle) asks a
 * {@link org.mlops4j.core.rollout.RolloutAnalysis} (mlops-lifecycle's canary analysis, or one of
 * the
 * host's own) whether its candidate passes the current step, giving it a
 * {@link org.mlops4j.core.rollout.RolloutContext} with both variants' figures; the answer is an
 * {@link org.mlops4j.core.rollout.AnalysisResult} of PASS, FAIL or INCONCLUSIVE with the checks
 * behind it.
 *
 * <p>Module {@code mlops-core}: the contract between the control plane (mlops-lifecycle asks) and
 * any analysis, kept in core so that an analysis of the host's own needs no lifecycle internals.
 */
package org.mlops4j.core.rollout;
