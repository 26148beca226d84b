/**
 * The feature-reading SPI: {@link org.mlops4j.core.features.FeatureExtractor} reads named features
 * out of any input type (maps, records, beans, hand-written accessors for protobuf messages), for
 * monitors, profiles, drift detection and prediction logs.
 */
package org.mlops4j.core.features;
