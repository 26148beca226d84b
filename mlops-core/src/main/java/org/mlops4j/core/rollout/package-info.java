/**
 * The decision interface between serving and monitoring for automated rollouts: a rollout
 * (mlops-serving) asks a {@link org.mlops4j.core.rollout.RolloutAnalysis} (mlops-monitoring
 * supplies one) whether its candidate passes the current step, giving it a
 * {@link org.mlops4j.core.rollout.RolloutContext}; the answer is an
 * {@link org.mlops4j.core.rollout.AnalysisResult} of PASS, FAIL or INCONCLUSIVE with the checks
 * behind it.
 */
package org.mlops4j.core.rollout;
