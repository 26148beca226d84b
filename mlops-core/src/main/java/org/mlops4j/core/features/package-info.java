/**
 * The feature-reading SPI: {@link org.mlops4j.core.features.FeatureExtractor} reads named features
 * out of any input type (maps, records, beans, hand-written accessors for protobuf messages), for
 * monitors, profiles, drift detection and prediction logs.
 *
 * <p>Module {@code mlops-core}, shared by both planes: the monitor, profiles, drift detection and
 * the prediction log (data plane) all read inputs through it, so it is defined here.
 */
package org.mlops4j.core.features;
