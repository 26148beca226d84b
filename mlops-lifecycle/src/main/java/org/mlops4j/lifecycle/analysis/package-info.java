/**
 * Statistical building blocks of an automated canary analysis, in the style of Kayenta and Argo
 * Rollouts: decide from metrics collected on a control (the champion) and an experiment (the
 * candidate) whether a rollout may proceed.
 *
 * <ul>
 *   <li>{@link org.mlops4j.lifecycle.analysis.CanaryJudge} compares per-metric samples with a
 *       Mann-Whitney test, a Hodges-Lehmann shift and its confidence interval (R's
 *       {@code wilcox.test(conf.int = TRUE, exact = FALSE, correct = TRUE)}), classifies each
 *       {@link org.mlops4j.lifecycle.analysis.MetricSpec metric} as PASS, HIGH, LOW or NODATA and
 *       combines them into a weighted score and a
 *       {@link org.mlops4j.lifecycle.analysis.JudgeResult.Outcome verdict}.</li>
 *   <li>{@link org.mlops4j.lifecycle.analysis.Msprt} watches two Bernoulli rates (for example
 *       the error rates of candidate and champion) with a mixture sequential probability ratio
 *       test whose always-valid p-value may be checked after every observation.</li>
 *   <li>{@link org.mlops4j.lifecycle.analysis.SampleRatioMismatch} checks that the traffic split
 *       that was observed matches the one that was configured, because an analysis over a
 *       mismatched split is not trustworthy.</li>
 * </ul>
 *
 * <p>Every statistic is checked in the tests against values computed with numpy and scipy by
 * {@code analysis/generate_reference.py} in the test resources.
 *
 * <p>Module {@code mlops-lifecycle}, control plane: it judges figures the data plane measured; it
 * counts no traffic itself.
 */
package org.mlops4j.lifecycle.analysis;
