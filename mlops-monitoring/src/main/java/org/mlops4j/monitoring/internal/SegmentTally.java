package org.mlops4j.monitoring.internal;

import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.monitoring.alert.DriftedFeature;
import org.mlops4j.monitoring.drift.DatasetDriftReport;
import org.mlops4j.monitoring.drift.FeatureDrift;
import org.mlops4j.monitoring.drift.Verdict;
import org.mlops4j.monitoring.profile.ReferenceProfile;
import org.mlops4j.monitoring.profile.SampledProfile;
import org.mlops4j.monitoring.profile.WindowConfig;
import org.mlops4j.monitoring.profile.WindowDriftCheck;
import org.mlops4j.monitoring.segment.SegmentFigures;
import org.mlops4j.monitoring.segment.SegmentWindow;
import org.mlops4j.monitoring.segment.Segmentation;

/**
 * What one open window counts per segment, and its per-segment analysis once closed. On the
 * serving thread {@link #count} adds to {@code segments} counters and stores one {@code int} per
 * buffered row (the window keeps the row's values); {@link #analyse} splits the rows by segment and
 * runs the drift check of each segment against its own reference, on the analysis executor.
 *
 * <p>Memory: {@code segments} counters, up to {@value #MAX_LABELS} label counters per segment, and
 * one {@code int} per buffered row. Not thread-safe: the window's lock guards it while open; once
 * closed it is owned by the analysis.
 *
 * <p>Internal: public only so that the monitor's package shares it; not part of the API.
 */
public final class SegmentTally {

    /** Row mark of a row in no segment (the segment function threw). */
    public static final int UNASSIGNED = -1;
    /** Distinct labels counted per segment; further ones are pooled as {@code (other)}. */
    static final int MAX_LABELS = 256;

    private final Segmentation segmentation;
    private final long[] predictions;
    private final long[] errors;
    private final List<Map<String, long[]>> labels;
    private long unassigned;
    /** One segment index per buffered row; starts at the size a window's columns start at. */
    private int[] rowSegments = new int[1024];
    private Object[][] columns;
    private int rows;
    private Feature[] features;
    private WindowDriftCheck drift;

    /**
     * Starts the tally of one window.
     *
     * @param segmentation the segments
     */
    public SegmentTally(Segmentation segmentation) {
        this.segmentation = segmentation;
        int n = segmentation.size();
        predictions = new long[n];
        errors = new long[n];
        labels = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            labels.add(new HashMap<>());
        }
    }

    /**
     * Counts one prediction.
     *
     * @param segment the index of its segment, or {@link #UNASSIGNED}
     * @param failed whether the prediction failed
     * @param label its predicted label, null for none
     * @param row the index of its row among the window's buffered rows, or -1 when not buffered
     */
    public void count(int segment, boolean failed, String label, int row) {
        if (row >= 0) {
            if (row >= rowSegments.length) {
                rowSegments = Arrays.copyOf(rowSegments, Math.max(row + 1, rowSegments.length * 2));
            }
            rowSegments[row] = segment;
        }
        if (segment == UNASSIGNED) {
            unassigned++;
            return;
        }
        predictions[segment]++;
        if (failed) {
            errors[segment]++;
        }
        if (label != null) {
            Map<String, long[]> m = labels.get(segment);
            long[] n = m.get(label);
            if (n == null) {
                n = m.computeIfAbsent(m.size() < MAX_LABELS ? label : "(other)", k -> new long[1]);
            }
            n[0]++;
        }
    }

    /**
     * Keeps the window's buffered rows when the window moves them into sketches (it buffers no
     * more rows after that): the segments' drift is then decided on these rows.
     *
     * @param buffered the window's columns, one array per feature
     * @param count the rows they hold
     */
    public void retain(Object[][] buffered, int count) {
        // The outer array is copied (one reference per feature); the columns are the window's own,
        // which it hands over: it buffers no more rows into them.
        this.columns = buffered.clone();
        this.rows = count;
    }

    /**
     * Closes the tally with the window.
     *
     * @param windowFeatures the features the columns hold, in order
     * @param check the drift check of the window
     * @param buffered the window's columns, null when it kept none or moved them into sketches
     * @param count the rows they hold
     */
    public void close(Feature[] windowFeatures, WindowDriftCheck check, Object[][] buffered, int count) {
        this.features = windowFeatures == null ? null : windowFeatures.clone();
        this.drift = check;
        if (buffered != null) {
            this.columns = buffered.clone();
            this.rows = count;
        }
    }

    /**
     * Splits the closed window's rows by segment and computes each segment's figures.
     *
     * @param endpoint the endpoint
     * @param variant the variant
     * @param model the model version
     * @param window the window's number
     * @param start when it opened
     * @param end when it closed
     * @param total all the window's predictions
     * @return the window's segment figures
     */
    public SegmentWindow analyse(String endpoint, String variant, String model, long window, Instant start,
                                 Instant end, long total) {
        int n = segmentation.size();
        SampledProfile[] current = profiles();
        List<SegmentFigures> out = new ArrayList<>(n);
        for (int s = 0; s < n; s++) {
            long p = predictions[s];
            Map<String, Double> shares = new HashMap<>();
            long labelled = labels.get(s).values().stream().mapToLong(v -> v[0]).sum();
            labels.get(s).forEach((k, v) -> shares.put(k, (double) v[0] / labelled));
            DatasetDriftReport report = current == null ? null
                    : drift.compare(segmentation.reference(s), current[s]);
            List<DriftedFeature> drifted = new ArrayList<>();
            double share = DriftedFeatures.collect(report, drifted);
            // An empty window or segment gives 0.0 / 0 = NaN: undecided, not zero.
            out.add(new SegmentFigures(segmentation.segments().get(s), p, (double) p / total, (double) errors[s] / p,
                    shares, segmentation.referenceRows(s), share, drifted, Optional.ofNullable(report)));
        }
        return new SegmentWindow(endpoint, variant, model, window, start, end, total, unassigned, out);
    }

    /** One profile per segment of its buffered rows; null when there are none to compare. */
    private SampledProfile[] profiles() {
        if (columns == null || drift == null || !sameFeatures()) {
            return null;
        }
        int n = segmentation.size();
        SampledProfile.Builder[] builders = new SampledProfile.Builder[n];
        for (int s = 0; s < n; s++) {
            ReferenceProfile reference = segmentation.reference(s);
            builders[s] = SampledProfile.builder(reference.schema(), new WindowConfig(reference.config(), 0));
        }
        ColumnRow view = ColumnRow.over(features, columns);
        for (int r = 0; r < rows; r++) {
            int s = rowSegments[r];
            if (s != UNASSIGNED) {
                builders[s].update(view.at(r));
            }
        }
        SampledProfile[] out = new SampledProfile[n];
        for (int s = 0; s < n; s++) {
            out[s] = builders[s].build();
        }
        return out;
    }

    /** Whether the window's features are the segment references' (a re-baselined monitor may differ). */
    private boolean sameFeatures() {
        List<Feature> expected = segmentation.schema().features();
        return features != null && Arrays.asList(features).equals(expected);
    }
}
