package org.mlops4j.monitoring.segment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mlops4j.monitoring.alert.MetricSample;

/**
 * The per-segment figures of one analysed window of one key (endpoint, variant, model version):
 * what {@code MonitorListener.onSegments} hears and {@code ModelMonitor.recentSegmentWindows()}
 * keeps.
 *
 * @param endpoint the endpoint
 * @param variant the variant
 * @param model the model version, {@code name/version}
 * @param window the window's number, the same as its {@code WindowMetrics}
 * @param start when the window opened
 * @param end when the window closed
 * @param predictions all the window's predictions
 * @param unassigned predictions whose segment function threw: in no segment (counted in
 *     {@code ModelMonitor.segmentFailures()})
 * @param segments one entry per segment of the {@link Segmentation}, in its order ({@link Segmentation#OTHER} last)
 */
public record SegmentWindow(String endpoint, String variant, String model, long window, Instant start, Instant end,
                            long predictions, long unassigned, List<SegmentFigures> segments) {

    /**
     * Validates and copies the components.
     *
     * @param endpoint the endpoint
     * @param variant the variant
     * @param model the model version
     * @param window the window's number
     * @param start when the window opened
     * @param end when the window closed
     * @param predictions all the window's predictions, at least 0
     * @param unassigned predictions in no segment, in [0, predictions]
     * @param segments the segments' figures; copied
     * @throws NullPointerException if a reference component is null
     * @throws IllegalArgumentException if a count is out of range
     */
    public SegmentWindow {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (predictions < 0) {
            throw new IllegalArgumentException("predictions must be >= 0 but was " + predictions);
        }
        if (unassigned < 0 || unassigned > predictions) {
            throw new IllegalArgumentException("unassigned must be in [0, " + predictions + "] but was " + unassigned);
        }
        segments = List.copyOf(Objects.requireNonNull(segments, "segments"));
    }

    /**
     * The figures of one segment.
     *
     * @param name the segment's name
     * @return its figures, empty for a name that is not one of the segmentation's
     */
    public Optional<SegmentFigures> segment(String name) {
        Objects.requireNonNull(name, "name");
        return segments.stream().filter(s -> s.segment().equals(name)).findFirst();
    }

    /**
     * The window's figures as alert samples, four per segment that had predictions:
     * {@link SegmentMetrics#SHARE}, {@link SegmentMetrics#ERROR_RATIO},
     * {@link SegmentMetrics#DRIFTED_FEATURES} and {@link SegmentMetrics#DRIFT_SHARE} (the two drift
     * samples only when the window kept input values), each carrying its segment
     * ({@link MetricSample#segment()}) and, for drift, the segment's top five drifted features. A
     * segment without predictions sends nothing, so its alerts keep their state.
     *
     * @return the samples, segment by segment
     */
    public List<MetricSample> samples() {
        List<MetricSample> out = new ArrayList<>();
        for (SegmentFigures s : segments) {
            if (s.predictions() == 0) {
                continue;
            }
            String where = "segment " + s.segment() + ", window " + window + " (" + s.predictions() + " of "
                    + predictions + " predictions)";
            out.add(sample(SegmentMetrics.SHARE, s.share(), s, where));
            out.add(sample(SegmentMetrics.ERROR_RATIO, s.errorRatio(), s, where));
            if (s.inputDrift().isPresent()) {
                var top = s.driftedFeatures().subList(0, Math.min(5, s.driftedFeatures().size()));
                out.add(sample(SegmentMetrics.DRIFTED_FEATURES,
                        Double.isNaN(s.driftedShare()) ? Double.NaN : s.driftedFeatures().size(), s, where)
                        .withTopDriftedFeatures(top));
                out.add(sample(SegmentMetrics.DRIFT_SHARE, s.driftedShare(), s, where).withTopDriftedFeatures(top));
            }
        }
        return out;
    }

    private MetricSample sample(String metric, double value, SegmentFigures s, String where) {
        return new MetricSample(metric, value, end, endpoint, model, where, List.of()).withSegment(s.segment());
    }
}
