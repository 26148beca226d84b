/**
 * Reference profiles: bounded-memory, mergeable one-pass summaries of a data set, per feature.
 * {@link org.mlops4j.monitoring.profile.ReferenceProfile} holds one
 * {@link org.mlops4j.monitoring.profile.FeatureProfile} per feature of a schema (counts, moments
 * and
 * an Apache DataSketches KLL quantile sketch for numeric features, bounded category counts for
 * categorical and boolean ones), merges across threads and replicas and saves as JSON.
 *
 * <p>Module {@code mlops-monitoring}, data plane: the baseline a monitor compares each window with.
 */
package org.mlops4j.monitoring.profile;
