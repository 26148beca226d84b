/**
 * Drift by segment: the monitor's figures computed per customer segment (country, tier, channel),
 * so that a drift confined to a small segment is not diluted in the aggregate. A
 * {@link org.mlops4j.monitoring.segment.Segmentation} names the segment function, the segment
 * references and the top-k bound; each analysed window yields a
 * {@link org.mlops4j.monitoring.segment.SegmentWindow}, whose figures become per-segment
 * {@link org.mlops4j.monitoring.alert.MetricSample}s named in
 * {@link org.mlops4j.monitoring.segment.SegmentMetrics}.
 */
package org.mlops4j.monitoring.segment;
